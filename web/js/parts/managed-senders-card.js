// One user's senders, on the Policies page: pick a user from the imported directory (GET
// /api/directory/users?q=), then see and edit that user's own Blocked and Allowed senders
// (GET/PUT /api/managed-senders). The chosen user is kept in the address (#/policies?user=…), so a
// reload or a shared link opens the same user.

import { describeError } from '../api.js';
import { call, isConnected } from '../session.js';
import { h, fill, announce, busy, plural, showInlineError, clearInlineError } from '../ui.js';
import { setFieldError, clearFieldError, clearOnInput } from '../forms.js';
import {
  MANAGED_LISTS, MANAGED_EXPLANATION, MANAGED_CSV_HINT, managedSaveBody, managedEntryCheck, managedSaveError, managedImportResult,
  managedExportHref, userSearchStatus,
} from '../managed-senders.js';
import { directoryImportButton } from './targets-picker.js';
import { senderEntryItem, showImportRefusal } from './sender-list.js';
import * as router from '../router.js';

export function createManagedSendersCard() {
  const search = h('input', { type: 'search', id: 'managed-user-search', autocomplete: 'off', 'data-testid': 'managed-user-search',
    'aria-describedby': 'managed-user-hint', 'aria-controls': 'managed-user-results' });
  const status = h('p', { class: 'small muted', id: 'managed-user-status', role: 'status' });
  const results = h('ul', { class: 'item-list picker-results', id: 'managed-user-results', 'aria-label': 'Matching users' });
  const picker = h('div', { class: 'picker', id: 'managed-user-picker' },
    h('div', { class: 'field' },
      h('label', { for: search.id }, 'Find a user'),
      search,
      h('p', { class: 'hint', id: 'managed-user-hint' }, 'Type part of a name or address. Users come from your Microsoft 365 directory.')),
    status, results);

  const userHeading = h('h3', { id: 'managed-user-heading', tabindex: '-1' });
  const another = h('button', { type: 'button', class: 'btn btn-small', id: 'managed-user-change' }, 'Choose another user');
  const loadError = h('div', { class: 'part-error', hidden: true });
  const emptyState = h('div', { class: 'notice notice-info small', id: 'managed-empty', 'data-testid': 'managed-empty', hidden: true },
    h('p', {}, h('strong', {}, 'This user has no senders of their own yet.')),
    MANAGED_EXPLANATION.map((line) => h('p', {}, line)));
  const lists = Object.fromEntries(Object.keys(MANAGED_LISTS).map((slug) => [slug, listPart(slug)]));
  const importer = importPart();
  const chosenPanel = h('div', { id: 'managed-user-panel', hidden: true },
    h('div', { class: 'card-header' }, userHeading, another),
    loadError, emptyState,
    h('div', { class: 'grid grid-even' }, lists.blocked.element, lists.permitted.element),
    importer.element);

  const intro = h('p', { class: 'muted small', id: 'managed-intro' },
    'Blocked and Allowed senders for one user\'s mail only, on top of your organisation\'s lists above.');
  const element = h('section', { class: 'card', id: 'managed-senders-card', 'data-testid': 'managed-senders', 'aria-labelledby': 'managed-senders-heading' },
    h('div', { class: 'card-header' }, h('h2', { id: 'managed-senders-heading' }, 'One user\'s senders')),
    intro, picker, chosenPanel);

  let user = null; // { address, displayName }
  let entries = { permitted: [], blocked: [] };
  let timer = null;
  let asked = 0;

  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => find(search.value.trim()), 250);
  });
  another.addEventListener('click', () => {
    choose(null);
    search.focus();
  });

  async function find(q) {
    const mine = ++asked;
    if (!isConnected()) {
      fill(results);
      fill(status, userSearchStatus({ connected: false }).text, ' ', h('a', { href: router.href('home') }, 'Go to Home'));
      return;
    }
    status.textContent = 'Searching…';
    try {
      const { data } = await call(`/api/directory/users${q ? `?q=${encodeURIComponent(q)}` : ''}`);
      if (mine !== asked) return;
      const found = Array.isArray(data?.items) ? data.items : [];
      const said = userSearchStatus({ connected: true, importedAt: data?.importedAt, found: found.length, q });
      fill(status, said.text, said.importable
        ? [' ', directoryImportButton({ id: 'managed-directory-import', status, onImported: () => find(search.value.trim()) })] : null);
      fill(results, found.map((u) => {
        const name = u.displayName || u.address;
        const pick = h('button', { type: 'button', class: 'btn btn-small managed-user-choose', 'data-testid': 'managed-user-choose',
          'data-address': u.address, 'aria-label': `Choose ${name}` }, 'Choose');
        pick.addEventListener('click', () => choose({ address: u.address, displayName: name }, { focus: true }));
        return h('li', { class: 'item picker-item' },
          h('div', { class: 'item-head' },
            h('span', {}, h('span', { class: 'name' }, name), ' ', h('span', { class: 'small muted' }, u.address)),
            pick));
      }));
    } catch (error_) {
      if (error_.status !== 401 && mine === asked) status.textContent = `The directory could not be searched: ${describeError(error_)}`;
    }
  }

  /** Shows one user's lists (null: back to the search), and keeps the choice in the address. */
  async function choose(next, { focus = false } = {}) {
    user = next;
    const route = router.current();
    const params = new URLSearchParams(route.params);
    if (next) params.set('user', next.address);
    else params.delete('user');
    // Replaces the address without a route change: the page stays as it is.
    history.replaceState(history.state, '', router.href('policies', null, params));
    picker.hidden = Boolean(next);
    chosenPanel.hidden = !next;
    for (const list of Object.values(lists)) list.reset();
    importer.reset(next);
    if (!next) {
      element.dataset.user = '';
      if (!results.children.length) find(search.value.trim());
      return;
    }
    element.dataset.user = next.address;
    userHeading.textContent = next.displayName && next.displayName !== next.address
      ? `${next.displayName} (${next.address})` : next.address;
    render({ permitted: [], blocked: [] }, true);
    try {
      const { data } = await call(`/api/managed-senders?user=${encodeURIComponent(next.address)}`);
      if (user !== next) return;
      clearInlineError(loadError);
      render(data);
    } catch (error_) {
      if (error_.status !== 401 && user === next) {
        showInlineError(loadError, `${next.address}'s senders could not be loaded: ${managedSaveError(error_.details, describeError(error_))}`);
      }
    }
    if (focus) userHeading.focus();
  }

  function render(data, loading = false) {
    entries = { permitted: data?.permitted ?? [], blocked: data?.blocked ?? [] };
    emptyState.hidden = loading || entries.permitted.length + entries.blocked.length > 0;
    for (const [slug, list] of Object.entries(lists)) list.render(entries[slug]);
  }

  /** Saves both lists (the API replaces them whole) with one change; throws the API's refusal. */
  async function save(change) {
    const { data } = await call('/api/managed-senders', { method: 'PUT', body: managedSaveBody(user.address, entries, change) });
    render(data);
  }

  /** CSV import (added to both lists, all or nothing) and export of the chosen user's senders. */
  function importPart() {
    const csv = h('textarea', { id: 'managed-csv', rows: '5', spellcheck: 'false', 'aria-describedby': 'managed-csv-hint' });
    const file = h('input', { type: 'file', id: 'managed-file', accept: '.csv,text/csv,text/plain' });
    const importButton = h('button', { type: 'button', class: 'btn', id: 'managed-import', 'data-testid': 'managed-import' }, 'Import');
    const importErrors = h('div', { id: 'managed-import-errors', 'data-testid': 'managed-import-errors', role: 'alert', tabindex: '-1', hidden: true });
    const exportLink = h('a', { class: 'btn btn-quiet', id: 'managed-export', href: managedExportHref(''), download: 'mailmoat-senders.csv' }, 'Export CSV');
    const part = h('details', { class: 'importer', id: 'managed-importer' },
      h('summary', {}, 'Import or export CSV'),
      h('div', { class: 'field' },
        h('label', { for: csv.id }, 'CSV to import'),
        csv,
        h('p', { class: 'hint', id: 'managed-csv-hint' }, MANAGED_CSV_HINT)),
      h('div', { class: 'field' }, h('label', { for: file.id }, 'Or read a file'), file),
      importErrors,
      h('div', { class: 'card-actions' }, importButton, exportLink));

    file.addEventListener('change', async () => {
      const chosen = file.files?.[0];
      if (!chosen) return;
      csv.value = await chosen.text();
      announce(`${chosen.name} is ready to import: check it, then select Import.`, 'info');
    });

    importButton.addEventListener('click', async () => {
      importErrors.hidden = true;
      if (!csv.value.trim()) {
        fill(importErrors, h('p', { class: 'inline-error' }, 'Paste the CSV or choose a file first.'));
        importErrors.hidden = false;
        csv.focus();
        return;
      }
      const forUser = user;
      const done = busy(importButton, 'Importing…');
      try {
        const { data } = await call('/api/managed-senders/import', { method: 'POST', body: { user: forUser.address, csv: csv.value } });
        if (user !== forUser) return;
        render(data);
        csv.value = '';
        file.value = '';
        announce(managedImportResult(forUser.address, data), 'success');
      } catch (error_) {
        if (error_.status === 401) return;
        showImportRefusal(importErrors, error_);
      } finally {
        done();
      }
    });

    return {
      element: part,
      reset(next) {
        csv.value = '';
        file.value = '';
        importErrors.hidden = true;
        exportLink.href = managedExportHref(next?.address);
        exportLink.setAttribute('download', `mailmoat-senders-${next?.address ?? 'user'}.csv`);
      },
    };
  }

  function listPart(slug) {
    const meta = MANAGED_LISTS[slug];
    const id = (part) => `managed-${slug}-${part}`;
    const count = h('span', { class: 'muted small', id: id('count') });
    const list = h('ul', { class: 'item-list sender-entries', id: id('entries'), 'aria-label': `This user's ${meta.title.toLowerCase()}` });
    const error = h('div', { class: 'part-error', hidden: true });
    const value = h('input', { type: 'text', id: id('value'), autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false',
      placeholder: 'name@example.com or example.com', 'data-testid': `managed-value-${slug}` });
    const note = h('input', { type: 'text', id: id('note'), autocomplete: 'off', maxlength: '200' });
    const add = h('button', { type: 'submit', class: 'btn btn-primary', id: id('add'), 'data-testid': `managed-add-${slug}` }, 'Add');
    const form = h('form', { class: 'inline-form sender-form', novalidate: true },
      h('div', { class: 'field' }, h('label', { for: value.id }, 'Address or domain'), value),
      h('div', { class: 'field' }, h('label', { for: note.id }, 'Note (optional)'), note),
      h('div', { class: 'field-button' }, add));
    const part = h('section', { class: 'sender-list', id: id('card'), 'aria-labelledby': id('heading'), 'data-list': slug },
      h('div', { class: 'card-header' }, h('h4', { id: id('heading') }, meta.title), count),
      error, list, form);
    clearOnInput(value);

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const problem = managedEntryCheck(value.value, slug, entries);
      if (problem) {
        setFieldError(value, problem);
        value.focus();
        return;
      }
      const typed = value.value.trim();
      const done = busy(add, 'Adding…');
      try {
        await save({ list: slug, add: { value: typed, note: note.value.trim() } });
        clearFieldError(value);
        clearInlineError(error);
        value.value = '';
        note.value = '';
        announce(`${typed} was added to ${user.address}'s ${meta.title.toLowerCase()}.`, 'success');
        value.focus();
      } catch (error_) {
        if (error_.status === 401) return;
        setFieldError(value, managedSaveError(error_.details, describeError(error_)));
        value.focus();
      } finally {
        done();
      }
    });

    async function remove(entry, button) {
      const done = busy(button, 'Removing…');
      try {
        await save({ list: slug, remove: entry.value });
        clearInlineError(error);
        announce(`${entry.value} was removed from ${user.address}'s ${meta.title.toLowerCase()}.`, 'success');
        value.focus();
      } catch (error_) {
        if (error_.status !== 401) showInlineError(error, `${entry.value} could not be removed: ${managedSaveError(error_.details, describeError(error_))}`);
        done();
      }
    }

    return {
      element: part,
      reset() {
        clearFieldError(value);
        clearInlineError(error);
        value.value = '';
        note.value = '';
      },
      render(items) {
        count.textContent = plural(items.length, 'entry', 'entries');
        if (items.length === 0) {
          fill(list, h('li', { class: 'empty' }, `No ${meta.noun}s for this user.`));
          return;
        }
        fill(list, items.map((entry) => senderEntryItem(entry, 'managed-remove', remove)));
      },
    };
  }

  return {
    element,
    /** Opens the user named in the address (#/policies?user=…), or the search. */
    async load(route = router.current()) {
      const address = route.params.get('user');
      if (address && address !== user?.address) {
        // The directory names the user when it knows them; the address alone otherwise.
        let displayName = address;
        try {
          const { data } = await call(`/api/directory/users?q=${encodeURIComponent(address)}`);
          displayName = (data?.items ?? []).find((u) => u.address === address)?.displayName || address;
        } catch (error_) {
          // the lists load without the name
        }
        await choose({ address, displayName });
      } else if (!address) {
        await choose(null);
      } else {
        await choose(user);
      }
    },
  };
}
