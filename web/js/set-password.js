// Set-password page, reached from the emailed link as /set-password?token=...

import { api, describeError, detailMessages, errorItems } from './api.js';
import { h, icon, announce, clearAnnouncement, busy } from './ui.js';
import { predicateFor } from './password-rules.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const token = params.get('token');
// A "forgot password" link: the same form, worded for choosing a new password.
if (params.get('reset') === '1') {
  $('password-heading').textContent = 'Choose a new password';
  document.title = 'Choose a new password · Mailmoat';
  $('done-heading').textContent = 'Password changed.';
  $('invalid-text').textContent = 'Links to choose a new password work once, for 24 hours, and a newer link or a '
    + 'password change replaces older ones. For a new link, use Forgot password? on the sign-in page.';
  useOneAction('Forgot password?', '/#reset');
}
// "This was not me" from the email saying two-step sign-in was turned on.
if (params.get('undo') === 'two-step') {
  $('password-heading').textContent = 'Secure your account';
  document.title = 'Secure your account · Mailmoat';
  $('password-intro').textContent = 'Someone turned on two-step sign-in with your password. Choose a new password: '
    + 'saving it also turns two-step sign-in off and signs everyone out, so only you can sign in. '
    + 'Then sign in and turn two-step sign-in on again with your own authenticator app.';
  $('done-heading').textContent = 'Your account is yours again.';
  $('done-text').textContent = 'Your password is changed, two-step sign-in is off and everyone was signed out. Taking you to the sign-in form…';
  $('invalid-text').textContent = 'This link works once, for 7 days, and only while two-step sign-in is still on from '
    + 'when it was sent: it was used, has expired, or two-step sign-in was turned off or on again since. If you think '
    + 'someone else has your password, choose a new one with Forgot password? on the sign-in page.';
  useOneAction('Forgot password?', '/#reset');
}

/** The invalid-link card's one way on, for links whose fix is not signing up again. */
function useOneAction(label, href) {
  $('invalid-action').textContent = label;
  $('invalid-action').setAttribute('href', href);
  $('invalid-sign-in').hidden = true;
}

/** One entry per rule shown: { rule, item, test (or null), violated }. */
let checklist = [];

$('done-icon').append(icon('check'));
$('invalid-icon').append(icon('cross'));

if (!token) {
  showInvalid();
} else {
  wireForm();
  loadRules();
  checkLink();
}

/**
 * Says at once when the link can no longer be used, before anyone types a password. The check spends
 * nothing; if it cannot be made, the form shows and saving decides.
 */
async function checkLink() {
  let usable = true;
  try {
    const { data } = await api('/api/password/check', { method: 'POST', body: { token } });
    usable = data?.usable !== false;
  } catch {
    usable = true;
  }
  $('link-checking').hidden = true;
  if (!usable) {
    showInvalid();
    return;
  }
  $('password-view').hidden = false;
}

async function loadRules() {
  try {
    const { data } = await api('/api/password/rules');
    renderRules(Array.isArray(data?.rules) ? data.rules : []);
  } catch (error) {
    renderRules([]);
    const list = $('password-rules');
    list.textContent = '';
    list.append(h('li', { class: 'rule', 'data-met': 'unknown' },
      h('span', { class: 'rule-mark', 'aria-hidden': 'true' }),
      h('span', {}, `We couldn't load the password rules (${describeError(error)}) We'll still check your password when you save it.`)));
  }
}

function renderRules(rules) {
  const list = $('password-rules');
  list.textContent = '';
  checklist = rules.map((rule) => {
    const state = h('span', { class: 'visually-hidden' });
    const item = h('li', { class: 'rule', 'data-rule': rule.id ?? null },
      h('span', { class: 'rule-mark', 'aria-hidden': 'true' }),
      h('span', {}, rule.description ?? rule.id ?? '', ' ', state));
    list.append(item);
    return { rule, item, state, test: predicateFor(rule), violated: false };
  });
  $('rules-note').hidden = !checklist.some((entry) => !entry.test);
  updateChecklist();
}

function updateChecklist() {
  const password = $('password').value;
  for (const entry of checklist) {
    const mark = entry.item.querySelector('.rule-mark');
    mark.textContent = '';
    let met;
    if (!entry.test) met = 'unknown';
    else met = password.length > 0 && entry.test(password) ? 'true' : 'false';
    entry.item.dataset.met = met;
    // A server-reported violation stays until the password changes in a way that fixes it.
    if (met === 'true') entry.violated = false;
    entry.item.dataset.violated = String(entry.violated);
    if (met === 'true') mark.append(icon('check'));
    entry.state.textContent = met === 'true'
      ? '(met)'
      : met === 'unknown' ? '(checked when you save)' : '(not met yet)';
  }
  updateConfirmHint();
}

function updateConfirmHint() {
  const password = $('password').value;
  const confirm = $('password-confirm').value;
  const hint = $('confirm-hint');
  if (!confirm) hint.textContent = 'Type the same password again.';
  else if (confirm === password) hint.textContent = 'The passwords match.';
  else hint.textContent = "The passwords don't match yet.";
}

function wireForm() {
  $('password').addEventListener('input', () => {
    $('password').removeAttribute('aria-invalid');
    updateChecklist();
  });
  $('password-confirm').addEventListener('input', () => {
    $('password-confirm').removeAttribute('aria-invalid');
    updateConfirmHint();
  });
  $('password-show').addEventListener('change', (event) => {
    const type = event.target.checked ? 'text' : 'password';
    $('password').type = type;
    $('password-confirm').type = type;
  });
  $('password-form').addEventListener('submit', submit);
}

async function submit(event) {
  event.preventDefault();
  const password = $('password');
  const confirm = $('password-confirm');
  if (!password.value) {
    password.setAttribute('aria-invalid', 'true');
    announce('Enter a new password.', 'error');
    password.focus();
    return;
  }
  if (confirm.value !== password.value) {
    confirm.setAttribute('aria-invalid', 'true');
    announce("The two passwords don't match. Type the same password in both fields.", 'error');
    confirm.focus();
    return;
  }
  const done = busy($('password-submit'), 'Saving…');
  try {
    await api('/api/password', { method: 'POST', body: { token, password: password.value } });
    password.value = '';
    confirm.value = '';
    showDone();
  } catch (error) {
    if (error.code === 'invalid_token' || error.code === 'expired_token' || error.code === 'token_used') {
      showInvalid();
    } else if (error.code === 'weak_password') {
      showViolations(error.details);
    } else {
      announce(describeError(error), 'error', errorItems(error));
    }
  } finally {
    done();
  }
}

function showViolations(details) {
  const violations = Array.isArray(details) ? details : [];
  const violatedIds = new Set(violations.map((v) => v && v.rule).filter(Boolean));
  for (const entry of checklist) {
    entry.violated = violatedIds.has(entry.rule.id);
    entry.item.dataset.violated = String(entry.violated);
  }
  const messages = detailMessages(violations.length ? violations : details);
  announce(messages.length
    ? "Your password doesn't meet these rules yet:"
    : "Your password doesn't meet the rules yet.", 'error', messages);
  $('password').setAttribute('aria-invalid', 'true');
  $('password').focus();
}

function showDone() {
  clearAnnouncement();
  $('password-view').hidden = true;
  $('token-invalid').hidden = true;
  $('password-done').hidden = false;
  document.title = 'Password set · Mailmoat';
  $('done-heading').focus();
  // Straight on to the sign-in form (no extra click); the link above stays as a fallback.
  location.replace(params.get('reset') === '1' ? '/?password=changed' : '/?password=set');
}

function showInvalid() {
  clearAnnouncement();
  $('link-checking').hidden = true;
  $('password-view').hidden = true;
  $('password-done').hidden = true;
  $('token-invalid').hidden = false;
  document.title = 'Link not valid · Mailmoat';
  $('invalid-heading').focus();
}
