// The console's home page: sign in / create account when signed out, the dashboard when
// signed in. Which one shows is decided by GET /api/account (401 → signed out).

import { api, describeError, errorItems, humanize } from './api.js';
import { h, icon, announce, clearAnnouncement, busy, copyButton, formatTime } from './ui.js';

const $ = (id) => document.getElementById(id);

const REGIONS = {
  US: 'United States',
  UK: 'United Kingdom',
  DE: 'Germany',
  CA: 'Canada',
  AU: 'Australia',
  ZA: 'South Africa',
};

const MODES = {
  THREAT_SCAN_ONLY: {
    label: 'Threat Scan only',
    description: 'We scan the last 30 days of mail and report what we find. Your mail flow is unchanged.',
  },
  MONITOR: {
    label: 'Monitor',
    description: 'New mail is scanned as it arrives and threats are reported, but nothing is removed.',
  },
  PROTECT: {
    label: 'Protect',
    description: 'New mail is scanned as it arrives and malicious messages are removed automatically.',
  },
  DISABLED: {
    label: 'Disabled',
    description: 'Mailmoat is not scanning new mail.',
  },
};

const STEP_STATES = {
  DONE: 'Done',
  TODO: 'To do',
  NOT_AVAILABLE_YET: 'Coming soon',
};

const CHECK_NAMES = {
  spf: 'SPF',
  dmarc: 'DMARC',
  dkim: 'DKIM',
  mx: 'MX records',
  txt: 'Ownership record',
  ownership: 'Ownership record',
  verification: 'Ownership record',
  arc: 'ARC',
};

const CHECK_STATUSES = {
  PASS: { text: 'Pass', tone: 'success' },
  WARN: { text: 'Warning', tone: 'warning' },
  FAIL: { text: 'Fail', tone: 'danger' },
  ERROR: { text: 'Error', tone: 'neutral' },
};

/** Cards whose endpoint answered 404 (not built yet) stay hidden for the rest of the visit. */
const unavailable = new Set();
let domains = [];
const verifyMessages = new Map();
let currentAccount = null;

wireSignedOutForms();
wireDashboard();
loadAccount();

// ---------------------------------------------------------------- account and views

async function loadAccount({ focusHeading = false } = {}) {
  try {
    const { data } = await api('/api/account');
    showDashboard(data ?? {}, focusHeading);
  } catch (error) {
    if (error.status === 401) {
      showSignedOut();
    } else {
      $('loading-text').textContent = 'We could not load your console.';
      $('loading-retry').hidden = false;
      $('loading-view').hidden = false;
      announce(describeError(error), 'error');
    }
  }
}

function showSignedOut() {
  currentAccount = null;
  $('loading-view').hidden = true;
  $('dashboard-view').hidden = true;
  $('account-bar').hidden = true;
  $('auth-view').hidden = false;
  document.title = 'Sign in · Mailmoat';
  if (location.hash === '#signup') $('signup-email').focus();
}

function sessionEnded() {
  if (!currentAccount) return;
  showSignedOut();
  announce('Your session has ended. Please sign in again.', 'info');
  $('login-email').focus();
}

function showDashboard(account, focusHeading) {
  currentAccount = account;
  $('loading-view').hidden = true;
  $('auth-view').hidden = true;
  $('dashboard-view').hidden = false;
  $('account-bar').hidden = false;
  document.title = 'Dashboard · Mailmoat';

  const company = account.company || 'your organisation';
  $('account-company').textContent = account.company ?? '';
  $('account-email').textContent = account.email ?? '';
  $('dashboard-heading').textContent = `Welcome, ${company}`;
  $('account-region').textContent = account.region
    ? `Region: ${REGIONS[account.region] ?? account.region}`
    : '';

  renderTrial(account.trialDaysLeft);
  renderMode(account.mode);
  renderMicrosoft(account.tenantId, account.tenantDomains);

  if (focusHeading) {
    $('dashboard-heading').setAttribute('tabindex', '-1');
    $('dashboard-heading').focus();
  }

  loadSetup(account);
  loadDomains();
  loadChecks();
  loadNotifications();
}

function renderTrial(daysLeft) {
  const badge = $('trial-days');
  if (typeof daysLeft !== 'number') {
    badge.hidden = true;
    return;
  }
  let text;
  if (daysLeft > 1) text = `${daysLeft} days left in your trial`;
  else if (daysLeft === 1) text = '1 day left in your trial';
  else if (daysLeft === 0) text = 'Your trial ends today';
  else text = 'Your trial has ended';
  badge.textContent = text;
  badge.dataset.urgent = String(daysLeft <= 3);
  badge.hidden = false;
}

function renderMode(mode) {
  const known = MODES[mode];
  const badge = $('mode-badge');
  badge.textContent = known ? known.label : humanize(mode ?? 'unknown');
  badge.dataset.mode = mode ?? '';
  $('mode-description').textContent = known ? known.description : '';
}

function renderMicrosoft(tenantId, tenantDomains) {
  const connected = typeof tenantId === 'string' && tenantId.length > 0;
  const pill = $('m365-pill');
  pill.textContent = connected ? 'Connected' : 'Not connected';
  pill.className = `pill ${connected ? 'pill-success' : 'pill-neutral'}`;
  $('m365-connect').hidden = connected;
  $('connect-microsoft').hidden = connected;

  const status = $('tenant-status');
  status.textContent = '';
  const iconSlot = $('m365-connected-icon');
  iconSlot.textContent = '';
  if (connected) {
    iconSlot.append(icon('check'));
    iconSlot.hidden = false;
    const names = Array.isArray(tenantDomains) ? tenantDomains.filter(Boolean) : [];
    $('tenant-domains').textContent = names.length ? `Domains in this tenant: ${names.join(', ')}` : '';
    $('tenant-domains').hidden = names.length === 0;
    status.append('Connected to Microsoft 365 tenant ', h('code', {}, tenantId));
    status.hidden = false;
  } else {
    $('tenant-domains').hidden = true;
    iconSlot.hidden = true;
    status.textContent = 'Not connected yet.';
    status.hidden = true;
  }
}

/** Common handling for a card's failed load: 401 ends the session, 404 hides the card. */
function cardFailure(error, name, errorTarget) {
  if (error.status === 401) {
    sessionEnded();
    return;
  }
  if (error.status === 404) {
    unavailable.add(name);
    updateCardVisibility();
    return;
  }
  if (errorTarget) {
    errorTarget.textContent = '';
    errorTarget.append(h('li', {}, h('p', { class: 'inline-error' }, describeError(error))));
  }
}

function updateCardVisibility() {
  $('setup-card').hidden = unavailable.has('setup');
  $('domains-section').hidden = unavailable.has('domains');
  $('checks-section').hidden = unavailable.has('checks');
  $('checks-section').classList.toggle('card-section', !unavailable.has('domains'));
  $('domains-card').hidden = unavailable.has('domains') && unavailable.has('checks');
}

// ---------------------------------------------------------------- setup checklist

async function loadSetup(account = currentAccount) {
  if (unavailable.has('setup')) return;
  try {
    const { data } = await api('/api/setup');
    renderSteps(Array.isArray(data?.steps) ? data.steps : []);
  } catch (error) {
    // Until GET /api/setup exists, the account's own copy of the steps (if any) is enough.
    const ownCopy = Array.isArray(account?.setup) ? account.setup : account?.setup?.steps;
    if (error.status === 404 && Array.isArray(ownCopy) && ownCopy.length > 0) {
      renderSteps(ownCopy);
      return;
    }
    cardFailure(error, 'setup', $('setup-steps'));
  }
}

function stepTarget(id) {
  const key = String(id ?? '').toLowerCase();
  if (/microsoft|consent|m365|tenant|sso/.test(key)) return '#m365-card';
  if (/domain/.test(key)) return '#domains-card';
  if (/dns|spf|dmarc|mx|dkim/.test(key)) return '#checks-section';
  return null;
}

function renderSteps(steps) {
  const list = $('setup-steps');
  list.textContent = '';
  const available = steps.filter((step) => step.state !== 'NOT_AVAILABLE_YET');
  const done = available.filter((step) => step.state === 'DONE').length;
  const next = steps.find((step) => step.state === 'TODO');

  if (steps.length === 0) {
    list.append(h('li', { class: 'empty' }, 'Nothing to set up right now.'));
  }
  steps.forEach((step, index) => {
    const state = STEP_STATES[step.state] ? step.state : 'TODO';
    const isNext = step === next;
    const stepIcon = h('span', { class: 'step-icon', 'aria-hidden': 'true' });
    if (state === 'DONE') stepIcon.append(icon('check'));
    else if (state === 'NOT_AVAILABLE_YET') stepIcon.append(icon('clock'));
    else stepIcon.append(String(index + 1));

    const title = step.title || humanize(step.id);
    const target = state === 'TODO' ? stepTarget(step.id) : null;
    list.append(h('li', {
      class: 'step',
      'data-state': state,
      'data-next': isNext ? 'true' : null,
      'data-step': step.id ?? null,
      'aria-current': isNext ? 'step' : null,
    },
    stepIcon,
    h('span', { class: 'step-title' }, target ? h('a', { href: target }, title) : title),
    h('span', { class: 'step-state' }, isNext ? 'Next step' : STEP_STATES[state])));
  });

  const percent = available.length ? Math.round((done / available.length) * 100) : 0;
  $('setup-summary').textContent = available.length
    ? `${done} of ${available.length} done`
    : '';
  $('setup-progress').hidden = available.length === 0;
  $('setup-progressbar').setAttribute('aria-valuenow', String(percent));
  $('setup-progressbar').setAttribute('aria-valuetext', `${done} of ${available.length} steps done`);
  $('setup-progress-fill').style.width = `${percent}%`;
}

// ---------------------------------------------------------------- domains

async function loadDomains() {
  if (unavailable.has('domains')) return;
  try {
    const { data } = await api('/api/domains');
    domains = Array.isArray(data?.domains) ? data.domains : [];
    renderDomains();
  } catch (error) {
    cardFailure(error, 'domains', $('domain-list'));
  }
}

function renderDomains() {
  const list = $('domain-list');
  list.textContent = '';
  if (domains.length === 0) {
    list.append(h('li', { class: 'empty' }, 'No domains yet. Add the domain your users receive mail at.'));
    return;
  }
  for (const entry of domains) list.append(domainItem(entry));
}

function domainItem(entry) {
  const verified = entry.state === 'VERIFIED';
  const offered = entry.state === 'OFFERED';
  const item = h('li', { class: 'item', 'data-domain': entry.domain, 'data-state': entry.state ?? null });
  const actions = h('div', { class: 'actions' });
  if (offered) {
    // A domain of the connected Microsoft 365 tenant: nothing to verify until it is added.
    actions.append(h('button', {
      type: 'button',
      class: 'btn btn-small domain-validate',
      id: `domain-validate-${entry.domain}`,
      'aria-label': `Validate ${entry.domain}`,
      onClick: (event) => validateOffered(entry.domain, event.currentTarget),
    }, 'Validate'));
    item.append(h('div', { class: 'item-head' },
      h('span', { class: 'name' }, entry.domain),
      h('span', { class: 'pill' }, 'In Microsoft 365'),
      actions));
    item.append(h('p', { class: 'small muted' },
      'A domain of your Microsoft 365 tenant. Select Validate to get the record that proves you own it.'));
    return item;
  }
  if (!verified) {
    actions.append(h('button', {
      type: 'button',
      class: 'btn btn-small domain-verify',
      id: `domain-verify-${entry.domain}`,
      'data-domain': entry.domain,
      'aria-label': `Verify ${entry.domain}`,
      onClick: (event) => verifyDomain(entry.domain, event.currentTarget),
    }, 'Verify'));
  }
  item.append(h('div', { class: 'item-head' },
    h('span', { class: 'name' }, entry.domain),
    verified
      ? h('span', { class: 'pill pill-success' }, 'Verified')
      : h('span', { class: 'pill pill-warning' }, 'Pending'),
    actions));

  const record = txtRecord(entry);
  if (verified) {
    if (record) {
      item.append(h('details', { class: 'small' },
        h('summary', {}, 'Ownership record (keep it published)'),
        record));
    }
  } else {
    item.append(h('p', { class: 'small muted' },
      'Publish this TXT record at your DNS provider, then select Verify. New records can take a few minutes to be seen.'));
    if (record) item.append(record);
  }
  const message = verifyMessages.get(entry.domain);
  if (message) item.append(h('p', { class: 'small' }, message));
  return item;
}

function txtRecord(entry) {
  if (!entry.txtName && !entry.txtValue) return null;
  const record = h('div', { class: 'record' });
  if (entry.txtName) record.append(recordRow('Name', entry.txtName, `TXT record name for ${entry.domain}`));
  record.append(h('div', { class: 'record-row' },
    h('span', { class: 'record-label' }, 'Type'),
    h('span', { class: 'record-plain' }, 'TXT')));
  if (entry.txtValue) record.append(recordRow('Value', entry.txtValue, `TXT record value for ${entry.domain}`));
  return record;
}

function recordRow(label, value, copyWhat) {
  return h('div', { class: 'record-row' },
    h('span', { class: 'record-label' }, label),
    h('code', { class: 'record-value' }, value),
    copyButton(value, copyWhat));
}

async function addDomain(event) {
  event.preventDefault();
  const input = $('domain-input');
  const domain = input.value.trim().toLowerCase().replace(/\.$/, '');
  if (!domain) {
    input.setAttribute('aria-invalid', 'true');
    announce('Enter a domain name such as example.com.', 'error');
    input.focus();
    return;
  }
  input.removeAttribute('aria-invalid');
  const done = busy($('domain-add'), 'Adding…');
  try {
    const { data } = await api('/api/domains', { method: 'POST', body: { domain } });
    const added = data && data.domain ? data : { domain, state: 'PENDING' };
    domains = domains.filter((d) => d.domain !== added.domain).concat(added);
    renderDomains();
    input.value = '';
    announce(`${added.domain} added. Publish its TXT record, then select Verify.`, 'success');
    loadSetup();
    loadChecks();
  } catch (error) {
    if (error.status === 401) return sessionEnded();
    input.setAttribute('aria-invalid', 'true');
    announce(describeError(error), 'error', errorItems(error));
  } finally {
    done();
  }
}

async function validateOffered(domain, button) {
  const done = busy(button, 'Adding…');
  try {
    const { data } = await api('/api/domains', { method: 'POST', body: { domain } });
    domains = domains.map((d) => (d.domain === domain ? data : d));
    renderDomains();
    announce(`${domain} added. Publish its TXT record, then select Verify.`, 'success');
  } catch (error) {
    if (error.status === 401) return sessionEnded();
    announce(describeError(error), 'error', errorItems(error));
  } finally {
    done();
  }
}

async function verifyDomain(domain, button) {
  const done = busy(button, 'Verifying…');
  try {
    const { data } = await api(`/api/domains/${encodeURIComponent(domain)}/verify`, { method: 'POST', body: {} });
    const state = data?.state ?? 'PENDING';
    const message = data?.message
      || (state === 'VERIFIED' ? `${domain} is verified.` : `We could not find the TXT record for ${domain} yet.`);
    domains = domains.map((d) => (d.domain === domain ? { ...d, state } : d));
    if (state === 'VERIFIED') verifyMessages.delete(domain);
    else verifyMessages.set(domain, message);
    renderDomains();
    announce(message, state === 'VERIFIED' ? 'success' : 'info');
    loadSetup();
    loadChecks();
  } catch (error) {
    if (error.status === 401) return sessionEnded();
    announce(describeError(error), 'error', errorItems(error));
    done();
    return;
  }
  // The button may have been replaced by the re-render; only restore it if it's still there.
  if (button.isConnected) done();
}

// ---------------------------------------------------------------- DNS checks

async function loadChecks({ rerun = false } = {}) {
  if (unavailable.has('checks')) return;
  const list = $('check-list');
  const done = rerun ? busy($('checks-rerun'), 'Checking…') : () => {};
  list.setAttribute('aria-busy', 'true');
  try {
    const { data } = await api('/api/checks');
    const checks = Array.isArray(data?.checks) ? data.checks : [];
    renderChecks(checks);
    if (rerun) {
      const attention = checks.filter((c) => c.status !== 'PASS').length;
      announce(attention
        ? `Checks finished: ${attention} of ${checks.length} need attention.`
        : `Checks finished: all ${checks.length} passed.`, attention ? 'info' : 'success');
    }
  } catch (error) {
    cardFailure(error, 'checks', list);
    if (rerun && error.status !== 401) announce(describeError(error), 'error');
  } finally {
    list.setAttribute('aria-busy', 'false');
    done();
  }
}

function checkTitle(check) {
  if (check.title) return check.title;
  const [kind, ...rest] = String(check.id ?? '').split(/[:/]/);
  const name = CHECK_NAMES[kind.toLowerCase()] ?? humanize(kind);
  const subject = check.domain ?? rest.join(':');
  return subject ? `${name} · ${subject}` : name;
}

function renderChecks(checks) {
  const list = $('check-list');
  list.textContent = '';
  if (checks.length === 0) {
    list.append(h('li', { class: 'empty' }, 'No checks yet. Add a domain to see how its DNS looks.'));
    return;
  }
  for (const check of checks) {
    const status = CHECK_STATUSES[check.status] ?? { text: humanize(check.status), tone: 'neutral' };
    const item = h('li', { class: 'item', 'data-check': check.id ?? null, 'data-status': check.status ?? null },
      h('div', { class: 'item-head' },
        h('span', { class: 'name' }, checkTitle(check)),
        h('span', { class: `pill pill-${status.tone}` }, status.text)));
    if (check.message) item.append(h('p', {}, check.message));

    const evidence = Array.isArray(check.evidence) ? check.evidence : (check.evidence ? [check.evidence] : []);
    if (evidence.length) {
      item.append(h('p', { class: 'small muted' }, evidence.length === 1 ? 'Record found:' : 'Records found:'),
        h('ul', { class: 'evidence-list' },
          evidence.map((record) => h('li', {}, h('code', { class: 'evidence' },
            typeof record === 'string' ? record : JSON.stringify(record))))));
    }
    if (check.fix != null && check.fix !== '') item.append(fixBlock(check));
    list.append(item);
  }
}

function fixBlock(check) {
  const block = h('div', { class: 'fix' }, h('p', { class: 'fix-label' }, 'Publish this record to fix it:'));
  const what = `suggested record for ${checkTitle(check)}`;
  if (typeof check.fix === 'string') {
    block.append(h('div', { class: 'fix-row' }, h('code', { class: 'record-value' }, check.fix), copyButton(check.fix, what)));
  } else if (typeof check.fix === 'object') {
    // A structured fix ({name, type, value}): one copyable row per part.
    const record = h('div', { class: 'record' });
    for (const [key, value] of Object.entries(check.fix)) {
      if (value == null || value === '') continue;
      record.append(recordRow(humanize(key), String(value), `${key} of the ${what}`));
    }
    block.append(record);
  }
  return block;
}

// ---------------------------------------------------------------- notifications

async function loadNotifications() {
  const card = $('notifications-card');
  try {
    const { status, data } = await api('/api/notifications');
    if (status !== 200) {
      card.hidden = true;
      return;
    }
    const items = Array.isArray(data) ? data : (data?.notifications ?? data?.items ?? []);
    renderNotifications(items);
    card.hidden = false;
  } catch (error) {
    card.hidden = true;
    if (error.status === 401) sessionEnded();
  }
}

function renderNotifications(items) {
  const list = $('notification-list');
  list.textContent = '';
  const unread = items.filter((n) => n.read === false || n.unread === true).length;
  $('notifications-unread').textContent = `${unread} new`;
  $('notifications-unread').hidden = unread === 0;
  if (items.length === 0) {
    list.append(h('li', { class: 'empty' }, "You're all caught up."));
    return;
  }
  for (const n of items) {
    const when = formatTime(n.time ?? n.createdAt ?? n.timestamp);
    list.append(h('li', { 'data-unread': n.read === false || n.unread === true ? 'true' : null },
      h('div', { class: 'title' }, n.title ?? humanize(n.type ?? 'Notification')),
      n.message ? h('p', { class: 'small' }, n.message) : null,
      when.text ? h('time', { datetime: when.iso }, when.text) : null));
  }
}

// ---------------------------------------------------------------- signed-out forms

function wireSignedOutForms() {
  // Typing in a flagged field clears its flag; the next submit judges it again.
  $('auth-view').addEventListener('input', (event) => event.target.removeAttribute('aria-invalid'));
  $('login-form').addEventListener('submit', login);
  $('signup-form').addEventListener('submit', signup);
  $('forgot-password').addEventListener('click', () => showReset(true));
  $('reset-cancel').addEventListener('click', () => showReset(false));
  $('reset-form').addEventListener('submit', requestReset);
  $('signup-again').addEventListener('click', () => {
    $('signup-done').hidden = true;
    $('signup-form').hidden = false;
    $('signup-form').reset();
    $('signup-email').focus();
  });
  $('loading-retry').addEventListener('click', () => {
    $('loading-retry').hidden = true;
    $('loading-text').textContent = 'Loading your console…';
    clearAnnouncement();
    loadAccount();
  });
  window.addEventListener('hashchange', () => {
    if (location.hash === '#signup' && !$('auth-view').hidden) $('signup-email').focus();
  });
}

/** Marks empty/invalid fields, announces what to fix, and returns true when all is well. */
function validate(checks) {
  const problems = [];
  let first = null;
  for (const [input, ok, message] of checks) {
    if (ok) {
      input.removeAttribute('aria-invalid');
    } else {
      input.setAttribute('aria-invalid', 'true');
      problems.push(message);
      first = first ?? input;
    }
  }
  if (first) {
    announce(problems.length === 1 ? problems[0] : 'Please fix the following:', 'error',
      problems.length === 1 ? [] : problems);
    first.focus();
    return false;
  }
  return true;
}

/** Flags the inputs named by field errors ({field, message}) so the user sees where to look. */
function markFields(details, inputs) {
  if (!Array.isArray(details)) return;
  let first = null;
  for (const detail of details) {
    const input = detail && inputs[detail.field];
    if (!input) continue;
    input.setAttribute('aria-invalid', 'true');
    first = first ?? input;
  }
  if (first) first.focus();
}

const looksLikeEmail = (value) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);

async function login(event) {
  event.preventDefault();
  const email = $('login-email');
  const password = $('login-password');
  const ok = validate([
    [email, looksLikeEmail(email.value.trim()), 'Enter your email address.'],
    [password, password.value.length > 0, 'Enter your password.'],
  ]);
  if (!ok) return;
  const submit = $('login-submit');
  const done = busy(submit, 'Signing in…');
  let lockedFor = 0;
  try {
    await api('/api/login', { method: 'POST', body: { email: email.value.trim(), password: password.value } });
    password.value = '';
    clearAnnouncement();
    await loadAccount({ focusHeading: true });
  } catch (error) {
    announce(describeError(error), 'error', errorItems(error));
    if (error.code === 'too_many_attempts') {
      lockedFor = error.retryAfterSeconds ?? 0;
    } else if (error.status === 401) {
      password.select();
      password.focus();
    }
  } finally {
    done();
  }
  if (lockedFor > 0) {
    // Let the server's Retry-After run out before offering the button again.
    submit.disabled = true;
    setTimeout(() => { submit.disabled = false; }, lockedFor * 1000);
  }
}

/** Shows the "Forgot password?" form in place of the sign-in form, or back. */
function showReset(show) {
  $('login-form').hidden = show;
  $('reset-form').hidden = !show;
  $('reset-done').hidden = true;
  $('forgot-password').setAttribute('aria-expanded', String(show));
  clearAnnouncement();
  if (show) {
    $('reset-email').value = $('login-email').value.trim();
    $('reset-email').focus();
  } else {
    $('login-email').focus();
  }
}

async function requestReset(event) {
  event.preventDefault();
  const email = $('reset-email');
  if (!validate([[email, looksLikeEmail(email.value.trim()), 'Enter your email address.']])) return;
  const done = busy($('reset-submit'), 'Sending…');
  try {
    await api('/api/password/reset', { method: 'POST', body: { email: email.value.trim() } });
    // The same answer whether or not the address has an account.
    $('reset-form').hidden = true;
    $('login-form').hidden = false;
    $('forgot-password').setAttribute('aria-expanded', 'false');
    $('reset-done').hidden = false;
    $('reset-done').focus();
    announce('If the address has an account, a link to choose a new password is on its way.', 'success');
  } catch (error) {
    announce(describeError(error), 'error', errorItems(error));
    markFields(error.details, { email });
  } finally {
    done();
  }
}

async function signup(event) {
  event.preventDefault();
  const email = $('signup-email');
  const company = $('signup-company');
  const region = $('signup-region');
  const ok = validate([
    [email, looksLikeEmail(email.value.trim()), 'Enter a valid work email address.'],
    [company, company.value.trim().length > 0, 'Enter your company name.'],
    [region, Boolean(REGIONS[region.value]), 'Choose a region.'],
  ]);
  if (!ok) return;
  const done = busy($('signup-submit'), 'Creating…');
  try {
    await api('/api/signup', {
      method: 'POST',
      body: { email: email.value.trim(), company: company.value.trim(), region: region.value },
    });
    // The answer is the same whether or not the address already has an account.
    $('signup-form').hidden = true;
    $('signup-done').hidden = false;
    $('signup-done').focus();
    announce('Check your inbox for a link to set your password.', 'success');
  } catch (error) {
    announce(describeError(error), 'error', errorItems(error));
    markFields(error.details, { email, company, region });
  } finally {
    done();
  }
}

// ---------------------------------------------------------------- dashboard actions

function wireDashboard() {
  $('logout').addEventListener('click', logout);
  $('domain-form').addEventListener('submit', addDomain);
  $('domain-input').addEventListener('input', () => $('domain-input').removeAttribute('aria-invalid'));
  $('checks-rerun').addEventListener('click', () => loadChecks({ rerun: true }));
}

async function logout() {
  const done = busy($('logout'));
  try {
    await api('/api/logout', { method: 'POST', body: {} });
  } catch (error) {
    if (error.status !== 401) {
      announce(`${describeError(error)} You are still signed in.`, 'error');
      done();
      return;
    }
  }
  done();
  showSignedOut();
  announce('You have signed out.', 'success');
  $('login-email').focus();
}
