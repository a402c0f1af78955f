// Domains & DNS: prove ownership of each mail domain with a TXT record, then read the SPF, DMARC
// and MX checks with the exact record to publish for each problem (copyable). One verb for one
// action: Verify. In the local runtime, each record can also be published at the simulated DNS
// host in one click (GET /local/dns answers there only).

import { api, describeError, errorItems } from '../api.js';
import { call } from '../session.js';
import { h, announce, busy, copyButton, pill, plural, showInlineError, clearInlineError, fill } from '../ui.js';
import { setFieldError, clearFieldError, clearOnInput } from '../forms.js';
import { confirmDialog } from '../dialog.js';
import * as store from '../store.js';

const CHECK_NAMES = { spf: 'SPF', dmarc: 'DMARC', dkim: 'DKIM', mx: 'MX records', txt: 'Ownership record', arc: 'ARC' };
const CHECK_STATUSES = {
  PASS: { text: 'Pass', tone: 'success' },
  WARN: { text: 'Warning', tone: 'warning' },
  FAIL: { text: 'Fail', tone: 'danger' },
  ERROR: { text: 'Could not check', tone: 'neutral' },
};
const DOMAIN_PATTERN = /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/;

export function createDomainsPage() {
  const list = h('ul', { class: 'item-list', id: 'domain-list', 'aria-label': 'Your domains' });
  const listError = h('div', { class: 'part-error', hidden: true });
  const input = h('input', { type: 'text', id: 'domain-input', name: 'domain', placeholder: 'example.com', autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false', inputmode: 'url', required: true, 'aria-describedby': 'domain-input-hint' });
  const add = h('button', { type: 'submit', class: 'btn btn-primary', id: 'domain-add' }, 'Add domain');
  const form = h('form', { class: 'inline-form', id: 'domain-form', novalidate: true },
    h('div', { class: 'field' },
      h('label', { for: 'domain-input' }, 'Add a domain'),
      input,
      h('p', { class: 'hint', id: 'domain-input-hint' }, 'The part after @ in your users\' addresses, such as example.com.')),
    h('div', { class: 'field-button' }, add));

  const checksList = h('ul', { class: 'item-list', id: 'check-list', 'aria-labelledby': 'checks-heading', 'aria-busy': 'false' });
  const checksSummary = h('p', { class: 'small', id: 'checks-summary', role: 'status' });
  const rerun = h('button', { type: 'button', class: 'btn btn-small', id: 'checks-rerun' }, 'Re-run checks');
  const checksError = h('div', { class: 'part-error', hidden: true });
  const localHint = h('p', { class: 'small notice notice-info', id: 'local-dns-hint', hidden: true });

  const heading = h('h1', { id: 'domains-heading', tabindex: '-1' }, 'Domains & DNS');
  const view = h('section', { id: 'domains-view', class: 'view', hidden: true, 'aria-labelledby': 'domains-heading' },
    h('div', { class: 'overview' }, h('div', {}, heading,
      h('p', { class: 'muted' }, 'Prove you own each mail domain, then fix what the DNS checks find before moving to Monitor or Protect.'))),
    localHint,
    h('div', { class: 'grid grid-even' },
      h('section', { class: 'card', id: 'domains-card', 'aria-labelledby': 'domains-card-heading' },
        h('div', { class: 'card-header' }, h('h2', { id: 'domains-card-heading' }, 'Domains')),
        h('p', { class: 'muted small' }, 'Publish the TXT record shown for a domain at your DNS provider, then select Verify. New records can take a few minutes to be seen.'),
        listError, list, form),
      h('section', { class: 'card', id: 'checks-section', 'aria-labelledby': 'checks-heading' },
        h('div', { class: 'card-header' }, h('h2', { id: 'checks-heading' }, 'DNS checks'), rerun),
        h('p', { class: 'muted small' }, 'SPF, DMARC and MX records of your verified domains, as the world sees them.'),
        checksSummary, checksError, checksList)));

  let domains = [];
  const messages = new Map();
  let localDns = null;
  let localChecked = false;

  clearOnInput(input);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const domain = input.value.trim().toLowerCase().replace(/^@/, '').replace(/\.$/, '');
    if (!domain) {
      setFieldError(input, 'Enter a domain name such as example.com.');
      input.focus();
      return;
    }
    if (domain.includes('@') || !DOMAIN_PATTERN.test(domain)) {
      setFieldError(input, `"${domain}" is not a domain name. Enter one such as example.com, without http:// or an @.`);
      input.focus();
      return;
    }
    clearFieldError(input);
    const before = domains.find((d) => d.domain === domain);
    const done = busy(add, 'Adding…');
    try {
      const { data } = await call('/api/domains', { method: 'POST', body: { domain } });
      input.value = '';
      upsert(data);
      if (data.state === 'VERIFIED') {
        announce(`${data.domain} is already verified: nothing more to do for it.`, 'success');
      } else if (before && before.state !== 'OFFERED') {
        announce(`${data.domain} is already on your list: publish its TXT record, then select Verify.`, 'info');
      } else {
        announce(`${data.domain} added. Publish its TXT record, then select Verify.`, 'success');
      }
      focusDomain(data.domain);
      store.emit('setup:stale');
    } catch (error) {
      if (error.status === 401) return;
      setFieldError(input, [describeError(error), ...errorItems(error)].join(' '));
      input.focus();
    } finally {
      done();
    }
  });
  rerun.addEventListener('click', () => loadChecks({ rerun: true }));

  async function loadDomains() {
    try {
      const { data } = await call('/api/domains');
      domains = Array.isArray(data?.domains) ? data.domains : [];
      clearInlineError(listError);
      renderDomains();
    } catch (error) {
      if (error.status !== 401) showInlineError(listError, `Your domains could not be loaded: ${describeError(error)}`, { retry: loadDomains });
    }
  }

  function upsert(entry) {
    domains = domains.filter((d) => d.domain !== entry.domain).concat(entry);
    renderDomains();
  }

  function renderDomains() {
    // Alphabetical, always: the list must not reorder between visits.
    domains.sort((a, b) => a.domain.localeCompare(b.domain));
    fill(list, ...domains.map(domainItem));
    if (domains.length === 0) list.append(h('li', { class: 'empty' }, 'No domains yet. Add the domain your users receive mail at.'));
  }

  function focusDomain(domain) {
    list.querySelector(`[data-domain="${CSS.escape(domain)}"] .domain-verify`)?.focus();
  }

  function domainItem(entry) {
    const state = entry.state ?? 'PENDING';
    const item = h('li', { class: 'item', 'data-domain': entry.domain, 'data-state': state });
    // A tenant domain has no record yet: its first step is getting one, not a check bound to fail.
    const offered = state === 'OFFERED';
    const verify = h('button', {
      type: 'button',
      class: 'btn btn-small domain-verify',
      id: `domain-verify-${entry.domain}`,
      'aria-label': offered ? `Get the TXT record of ${entry.domain}` : `Verify ${entry.domain}`,
    }, offered ? 'Get TXT record' : 'Verify');
    verify.addEventListener('click', () => verifyDomain(entry, verify));
    const statePill = state === 'VERIFIED' ? pill('Verified', 'success')
      : state === 'OFFERED' ? pill('In Microsoft 365', 'info') : pill('Not verified yet', 'warning');
    // A domain added here can be taken off again (a typo, a domain that is not yours).
    let remove = null;
    if (!offered) {
      remove = h('button', { type: 'button', class: 'btn btn-small btn-quiet domain-remove', id: `domain-remove-${entry.domain}`,
        'aria-label': `Remove ${entry.domain}` }, 'Remove');
      remove.addEventListener('click', () => removeDomain(entry, remove));
    }
    item.append(h('div', { class: 'item-head' },
      h('span', { class: 'name' }, entry.domain), statePill,
      h('div', { class: 'actions' }, state === 'VERIFIED' ? null : verify, remove)));
    if (state === 'OFFERED') {
      item.append(h('p', { class: 'small muted' }, 'A domain of your Microsoft 365 tenant. Get the TXT record that proves you own it, publish it at your DNS provider, then verify.'));
    } else if (state === 'VERIFIED') {
      const record = txtRecord(entry);
      if (record) item.append(h('details', { class: 'small' }, h('summary', {}, 'Ownership record (keep it published)'), record));
    } else {
      item.append(h('p', { class: 'small muted' }, 'Publish this TXT record at your DNS provider, then select Verify:'));
      const record = txtRecord(entry);
      if (record) item.append(record);
    }
    const message = messages.get(entry.domain);
    if (message) item.append(h('p', { class: `small domain-message${message.error ? ' inline-error' : ''}`, role: message.error ? 'alert' : null }, message.text));
    return item;
  }

  function txtRecord(entry) {
    if (!entry.txtValue) return null;
    const name = entry.txtName || entry.domain;
    return h('div', { class: 'record' },
      recordRow('Name', name, `TXT record name for ${entry.domain}`),
      h('div', { class: 'record-row' }, h('span', { class: 'record-label' }, 'Type'), h('span', { class: 'record-plain' }, 'TXT')),
      recordRow('Value', entry.txtValue, `TXT record value for ${entry.domain}`),
      publishButton(name, entry.txtValue, `the ownership record of ${entry.domain}`));
  }

  async function removeDomain(entry, button) {
    const confirmed = await confirmDialog({
      title: `Remove ${entry.domain}?`,
      body: entry.state === 'VERIFIED'
        ? `Its verification goes with it: DNS checks stop covering ${entry.domain}. You can add it again later; its TXT record then changes.`
        : `You can add it again later; its TXT record then changes.`,
      confirmLabel: 'Remove',
      danger: true,
    });
    if (!confirmed) return;
    const done = busy(button, 'Removing…');
    try {
      await call(`/api/domains/${encodeURIComponent(entry.domain)}`, { method: 'DELETE' });
      messages.delete(entry.domain);
      announce(`${entry.domain} was removed.`, 'success');
      store.emit('setup:stale');
      await loadDomains();
    } catch (error) {
      if (error.status === 401) return;
      announce(describeError(error), 'error', errorItems(error));
    } finally {
      if (button.isConnected) done();
    }
  }

  async function verifyDomain(entry, button) {
    const done = busy(button, 'Verifying…');
    messages.delete(entry.domain);
    try {
      if (entry.state === 'OFFERED') {
        // Its record is new: nobody can have published it yet, so it is shown, not checked.
        const { data } = await call('/api/domains', { method: 'POST', body: { domain: entry.domain } });
        upsert(data);
        announce(`Publish the TXT record of ${entry.domain} at your DNS provider, then select Verify.`, 'info');
        focusDomain(entry.domain);
        store.emit('setup:stale');
        return;
      }
      const { data } = await call(`/api/domains/${encodeURIComponent(entry.domain)}/verify`, { method: 'POST', body: {} });
      const state = data?.state ?? 'PENDING';
      const text = data?.message || (state === 'VERIFIED' ? `${entry.domain} is verified.` : `The TXT record of ${entry.domain} was not found yet.`);
      if (state !== 'VERIFIED') messages.set(entry.domain, { text });
      upsert({ ...entry, state });
      announce(text, state === 'VERIFIED' ? 'success' : 'info');
      focusDomain(entry.domain);
      store.emit('setup:stale');
      if (state === 'VERIFIED') loadChecks();
    } catch (error) {
      if (error.status === 401) return;
      messages.set(entry.domain, { text: [describeError(error), ...errorItems(error)].join(' '), error: true });
      renderDomains();
      focusDomain(entry.domain);
    } finally {
      if (button.isConnected) done();
    }
  }

  async function loadChecks({ rerun: isRerun = false } = {}) {
    const done = isRerun ? busy(rerun, 'Checking…') : () => {};
    checksList.setAttribute('aria-busy', 'true');
    try {
      const { data } = await call('/api/checks');
      const checks = Array.isArray(data?.checks) ? data.checks : [];
      clearInlineError(checksError);
      renderChecks(checks, isRerun);
      // A re-run can change the checklist's SPF and DMARC steps: refresh it now, not at reload.
      store.emit('setup:stale');
    } catch (error) {
      if (error.status !== 401) showInlineError(checksError, `The DNS checks could not be run: ${describeError(error)}`);
    } finally {
      checksList.setAttribute('aria-busy', 'false');
      done();
    }
  }

  function renderChecks(checks, isRerun) {
    checksList.replaceChildren();
    if (checks.length === 0) {
      checksSummary.textContent = isRerun
        ? 'There is nothing to check yet: verify a domain first.'
        : '';
      checksList.append(h('li', { class: 'empty' }, 'No checks yet: they run for verified domains. Verify a domain to see how its DNS looks.'));
      return;
    }
    const attention = checks.filter((c) => c.status !== 'PASS').length;
    checksSummary.textContent = attention
      ? `${plural(attention, 'check')} of ${checks.length} ${attention === 1 ? 'needs' : 'need'} attention.`
      : `All ${plural(checks.length, 'check')} passed.`;
    for (const check of checks) {
      const st = CHECK_STATUSES[check.status] ?? { text: check.status, tone: 'neutral' };
      const item = h('li', { class: 'item', 'data-check': check.id ?? null, 'data-status': check.status ?? null },
        h('div', { class: 'item-head' }, h('span', { class: 'name' }, checkTitle(check)), pill(st.text, st.tone)));
      if (check.message) item.append(h('p', {}, check.message));
      const evidence = Array.isArray(check.evidence) ? check.evidence : (check.evidence ? [check.evidence] : []);
      if (evidence.length) {
        item.append(h('p', { class: 'small muted' }, evidence.length === 1 ? 'Record found:' : 'Records found:'),
          h('ul', { class: 'evidence-list' }, evidence.map((r) => h('li', {}, h('code', { class: 'evidence' }, typeof r === 'string' ? r : JSON.stringify(r))))));
      }
      if (check.fix) {
        const what = `suggested record for ${checkTitle(check)}`;
        item.append(h('div', { class: 'fix' },
          h('p', { class: 'fix-label' }, check.fixWhen ? `Publish this record once ${check.fixWhen}:` : 'Publish this record to fix it:'),
          h('div', { class: 'record' },
            check.fixName ? recordRow('Name', check.fixName, `name of the ${what}`) : null,
            h('div', { class: 'record-row' }, h('span', { class: 'record-label' }, 'Type'), h('span', { class: 'record-plain' }, 'TXT')),
            recordRow('Value', check.fix, `value of the ${what}`),
            publishButton(check.fixName, check.fix, `the ${what}`))));
      }
      checksList.append(item);
    }
  }

  /** "Publish at the simulated DNS host" (local runtime only): adds the record, keeping the others. */
  function publishButton(name, value, what) {
    if (!localDns || !name || !value) return null;
    const button = h('button', { type: 'button', class: 'btn btn-small btn-quiet publish-local', 'data-name': name }, 'Publish at the simulated DNS host');
    button.addEventListener('click', async () => {
      const done = busy(button, 'Publishing…');
      try {
        await api('/local/dns', { method: 'POST', body: { name, type: 'TXT', value } });
        announce(`Published ${what} at the simulated DNS host (the name's other records are kept).`, 'success');
      } catch (error) {
        announce(`Could not publish at the simulated DNS host: ${describeError(error)}`, 'error');
      } finally {
        done();
      }
    });
    return h('div', { class: 'record-row' }, h('span', { class: 'record-label' }), button);
  }

  async function detectLocal() {
    if (localChecked) return;
    localChecked = true;
    try {
      const { data } = await api('/local/dns');
      localDns = data;
      localHint.textContent = `Running locally: the simulated DNS answers at ${data.dns}. "Publish at the simulated DNS host" adds a record there for you, keeping the name's other records.`;
      localHint.hidden = false;
    } catch {
      localDns = null; // not the local runtime
    }
  }

  return {
    view,
    title: 'Domains & DNS',
    heading,
    // Returns nothing (not a promise), so the console focuses the heading as on every other page.
    show() {
      view.hidden = false;
      detectLocal().then(() => {
        loadDomains();
        loadChecks();
      });
    },
    hide() {
      view.hidden = true;
    },
  };
}

function checkTitle(check) {
  if (check.title) return check.title;
  const [kind, ...rest] = String(check.id ?? '').split(/[:/]/);
  const name = CHECK_NAMES[kind.toLowerCase()] ?? kind;
  const subject = check.domain ?? rest.join(':');
  return subject ? `${name} · ${subject}` : name;
}

function recordRow(label, value, copyWhat) {
  return h('div', { class: 'record-row' },
    h('span', { class: 'record-label' }, label),
    h('code', { class: 'record-value' }, value),
    copyButton(value, copyWhat));
}
