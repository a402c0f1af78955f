// One sender list on the Policies page (blocked, permitted or spoofing exceptions): its entries
// with Remove, an Add form (value and note), CSV import (pasted or from a file; all or nothing,
// every bad line listed with its number) and CSV export.

import { describeError, errorItems } from '../api.js';
import { call } from '../session.js';
import { h, fill, announce, busy, plural, showInlineError, clearInlineError, timeElement } from '../ui.js';
import { setFieldError, clearFieldError, clearOnInput } from '../forms.js';
import { confirmDialog } from '../dialog.js';
import { csvLineErrors } from '../targets.js';

/** A refused CSV import in {@code container}: nothing was imported, and each bad line with its number. */
export function showImportRefusal(container, error) {
  const problems = error.status === 400 ? csvLineErrors(error.details) : [];
  fill(container, h('div', { class: 'inline-error' },
    h('p', {}, problems.length
      ? `Nothing was imported: ${plural(problems.length, 'line needs', 'lines need')} fixing.`
      : `Nothing was imported: ${describeError(error)}`),
    problems.length ? h('ul', { class: 'import-errors' }, problems.map((p) => h('li', { 'data-line': p.line ?? '' },
      p.line != null ? h('strong', {}, `Line ${p.line}: `) : null, p.message))) : null));
  container.hidden = false;
  container.focus();
}

export const SENDER_LISTS = {
  blocked: {
    title: 'Blocked senders',
    what: 'Mail from these addresses or domains is treated as malicious whenever Mailmoat checks it: Threat Scans report it, Monitor reports it as it arrives, Protect moves it to quarantine. Once the upgrade is installed, Exchange also holds back their mail from outside your organisation in its quarantine before delivery, for the recipients Mailmoat protects.',
    placeholder: 'badsender@example.com or example.com',
    noun: 'blocked sender',
  },
  permitted: {
    title: 'Allowed senders',
    what: 'Mail from these addresses or domains is not flagged as spam, bulk, impersonation or phishing, unless it fails sender authentication. Malware and high-confidence phishing are still caught; to let a service send as your own domain, use the anti-spoofing exceptions.',
    placeholder: 'partner@example.com or example.com',
    noun: 'allowed sender',
  },
  'spoofing-exceptions': {
    title: 'Anti-spoofing exceptions',
    what: 'Services or domains allowed to send as your own domains (a newsletter platform, a ticketing system).',
    placeholder: 'mailer.example.net',
    noun: 'exception',
  },
};

export function createSenderList(slug) {
  const meta = SENDER_LISTS[slug];
  const id = (part) => `sender-${slug}-${part}`;
  const list = h('ul', { class: 'item-list sender-entries', id: id('entries'), 'aria-label': meta.title, 'data-list': slug });
  const count = h('span', { class: 'muted small', id: id('count') });
  const error = h('div', { class: 'part-error', hidden: true });
  const value = h('input', { type: 'text', id: id('value'), autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false', placeholder: meta.placeholder, 'data-testid': `sender-value-${slug}` });
  const note = h('input', { type: 'text', id: id('note'), autocomplete: 'off', maxlength: '200' });
  const add = h('button', { type: 'submit', class: 'btn btn-primary', id: id('add'), 'data-testid': `sender-add-${slug}` }, 'Add');
  const form = h('form', { class: 'inline-form sender-form', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: value.id }, 'Address or domain'), value),
    h('div', { class: 'field' }, h('label', { for: note.id }, 'Note (optional)'), note),
    h('div', { class: 'field-button' }, add));

  const csv = h('textarea', { id: id('csv'), rows: '5', spellcheck: 'false', 'aria-describedby': id('csv-hint') });
  const file = h('input', { type: 'file', id: id('file'), accept: '.csv,text/csv,text/plain' });
  const replace = h('input', { type: 'checkbox', id: id('replace') });
  const importButton = h('button', { type: 'button', class: 'btn', id: id('import'), 'data-testid': `sender-import-${slug}` }, 'Import');
  const importErrors = h('div', { id: id('import-errors'), 'data-testid': `sender-import-errors-${slug}`, role: 'alert', tabindex: '-1', hidden: true });
  const importer = h('details', { class: 'importer', id: id('importer') },
    h('summary', {}, 'Import or export CSV'),
    h('div', { class: 'field' },
      h('label', { for: csv.id }, 'CSV to import'),
      csv,
      h('p', { class: 'hint', id: id('csv-hint') }, 'One entry a line: value, then an optional note after a comma. A first line "value,note" and lines starting with # are skipped. Nothing is imported unless every line is valid.')),
    h('div', { class: 'field' }, h('label', { for: file.id }, 'Or read a file'), file),
    h('label', { class: 'checkbox' }, replace, 'Replace the whole list (otherwise the lines are added)'),
    importErrors,
    h('div', { class: 'card-actions' }, importButton,
      h('a', { class: 'btn btn-quiet', id: id('export'), href: `/api/sender-lists/${slug}/export`, download: `mailmoat-${slug}.csv` }, 'Export CSV')));

  const element = h('section', { class: 'card sender-list', id: id('card'), 'aria-labelledby': id('heading'), 'data-list': slug },
    h('div', { class: 'card-header' }, h('h2', { id: id('heading') }, meta.title), count),
    h('p', { class: 'muted small' }, meta.what),
    error, list, form, importer);

  let entries = [];
  clearOnInput(value);

  file.addEventListener('change', async () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    csv.value = await chosen.text();
    announce(`${chosen.name} is ready to import: check it, then select Import.`, 'info');
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const entry = value.value.trim();
    if (!entry) {
      setFieldError(value, 'Enter an address such as name@example.com, or a domain such as example.com.');
      value.focus();
      return;
    }
    if (entries.some((e) => e.value === entry.toLowerCase())) {
      setFieldError(value, `${entry} is already on this list.`);
      value.focus();
      return;
    }
    const done = busy(add, 'Adding…');
    try {
      const body = { entries: [...entries.map((e) => ({ value: e.value, note: e.note ?? '' })), { value: entry, note: note.value.trim() }] };
      const { data } = await call(`/api/sender-lists/${slug}`, { method: 'PUT', body });
      render(data?.entries ?? []);
      clearFieldError(value);
      clearStaleErrors();
      value.value = '';
      note.value = '';
      // "*@example.com" is kept as the domain example.com, and an address of the organisation's own is not held
      // back by Exchange: the API says so, and so do we
      const added = entries.find((e) => e.value === entry.toLowerCase());
      const notice = [...(data?.notices ?? []).map((n) => n.replace(/^entries\[\d+\]: /, '')), added?.notice]
        .filter(Boolean).join('. ');
      announce(`${entry} was added to ${meta.title.toLowerCase()}.${notice ? ` ${notice}.` : ''}`, 'success');
      value.focus();
    } catch (error_) {
      if (error_.status === 401) return;
      setFieldError(value, entryError(error_));
      value.focus();
    } finally {
      done();
    }
  });

  importButton.addEventListener('click', async () => {
    importErrors.hidden = true;
    if (!csv.value.trim()) {
      fill(importErrors, h('p', { class: 'inline-error' }, 'Paste the CSV or choose a file first.'));
      importErrors.hidden = false;
      csv.focus();
      return;
    }
    if (replace.checked) {
      const ok = await confirmDialog({
        title: `Replace ${meta.title.toLowerCase()}?`,
        body: `The ${plural(entries.length, 'entry', 'entries')} on the list now are replaced by the lines of the CSV.`,
        confirmLabel: 'Replace the list',
        danger: true,
      });
      if (!ok) return;
    }
    const done = busy(importButton, 'Importing…');
    try {
      const before = entries.length;
      const { data } = await call(`/api/sender-lists/${slug}/import`, { method: 'POST', body: { csv: csv.value, mode: replace.checked ? 'replace' : 'add' } });
      render(data?.entries ?? []);
      csv.value = '';
      file.value = '';
      announce((replace.checked
        ? `Imported: ${meta.title.toLowerCase()} now holds ${plural(entries.length, 'entry', 'entries')}.`
        : `Imported: ${plural(Math.max(0, entries.length - before), 'new entry', 'new entries')} added to ${meta.title.toLowerCase()}.`)
        + ((data?.notices ?? []).length ? ` ${data.notices.join('; ')}.` : ''), 'success');
    } catch (error_) {
      if (error_.status === 401) return;
      showImportRefusal(importErrors, error_);
    } finally {
      done();
    }
  });

  /** A change that worked makes an earlier failure's message on this list stale. */
  function clearStaleErrors() {
    clearInlineError(error);
    importErrors.hidden = true;
  }

  async function remove(entry, button) {
    const done = busy(button, 'Removing…');
    try {
      const body = { entries: entries.filter((e) => e.value !== entry.value).map((e) => ({ value: e.value, note: e.note ?? '' })) };
      const { data } = await call(`/api/sender-lists/${slug}`, { method: 'PUT', body });
      render(data?.entries ?? []);
      clearStaleErrors();
      announce(`${entry.value} was removed from ${meta.title.toLowerCase()}.`, 'success');
      value.focus();
    } catch (error_) {
      if (error_.status !== 401) showInlineError(error, `${entry.value} could not be removed: ${describeError(error_)}`);
      done();
    }
  }

  function render(next) {
    entries = Array.isArray(next) ? next : [];
    count.textContent = plural(entries.length, 'entry', 'entries');
    if (entries.length === 0) {
      fill(list, h('li', { class: 'empty' }, `No ${meta.noun}s yet.`));
      return;
    }
    fill(list, entries.map((entry) => senderEntryItem(entry, 'sender-remove', remove)));
  }

  async function load() {
    try {
      const { data } = await call(`/api/sender-lists/${slug}`);
      clearInlineError(error);
      render(data?.entries ?? []);
    } catch (error_) {
      if (error_.status !== 401) showInlineError(error, `${meta.title} could not be loaded: ${describeError(error_)}`, { retry: load });
    }
  }

  return { element, load };
}

/**
 * Why an entry was refused, in words: the server names the entry by its place in the list
 * ("entries[3]"), which means nothing to the person who typed it, so only its message is shown.
 */
/**
 * One entry of a sender list (the organisation's or one user's): the value, its note, the API's notice if any,
 * when it was added, and Remove (which calls remove(entry, button); removeClass tells the lists' buttons apart).
 */
export function senderEntryItem(entry, removeClass, remove) {
  const removeButton = h('button', { type: 'button', class: `btn btn-small btn-quiet ${removeClass}`, 'aria-label': `Remove ${entry.value}` }, 'Remove');
  removeButton.addEventListener('click', () => remove(entry, removeButton));
  return h('li', { class: 'item sender-entry', 'data-value': entry.value },
    h('div', { class: 'item-head' },
      h('span', {}, h('span', { class: 'name mono' }, entry.value),
        entry.note ? h('span', { class: 'small muted' }, ` · ${entry.note}`) : null),
      removeButton),
    entry.notice ? h('p', { class: 'small sender-entry-notice' }, `${entry.notice}.`) : null,
    entry.addedAt ? h('p', { class: 'small muted' }, 'Added ', timeElement(entry.addedAt)) : null);
}

export function entryError(error) {
  const entries = (Array.isArray(error?.details) ? error.details : [])
    .filter((d) => typeof d?.field === 'string' && /^entries\[\d+\]/.test(d.field) && typeof d.message === 'string')
    .map((d) => `${d.message.charAt(0).toUpperCase()}${d.message.slice(1)}.`);
  if (entries.length) return entries.join(' ');
  const items = errorItems(error);
  return items.length ? items.join(' ') : describeError(error);
}
