// Account page: the "Two-step sign-in" card. Off: set it up (password again → a QR code to scan with
// the phone, and the key grouped for typing and its otpauth link as fallbacks → a code confirms it →
// the recovery codes, shown once, to copy or download). On: what it means, how to recover, new recovery codes
// (password and an authenticator code) and turning it off (password and a code or recovery code).

import { describeError, errorItems } from '../api.js';
import { call } from '../session.js';
import { h, announce, busy, copyButton, formatTime, fill } from '../ui.js';
import { validate, clearOnInput, markServerErrors } from '../forms.js';
import { groupKey, cleanCode, codeProblem, recoveryCodesText, twoStepSummary } from '../two-step.js';
import * as store from '../store.js';

export function createTwoStepCard() {
  const summary = h('p', { id: 'two-step-status', 'data-testid': 'two-step-status', tabindex: '-1' }, 'Loading…');
  const recoveryAdvice = h('p', { class: 'muted small', id: 'two-step-recovery-advice' },
    'Lost your phone? Sign in with one of your recovery codes, then turn two-step sign-in off and set it up again '
    + 'on the new phone. Used some codes, or lost them? Get new recovery codes above. Choosing a new password with "Forgot password?" does not turn it off, so someone who '
    + 'reads your email still cannot sign in without a code.');

  // Off → set up: the password again.
  const startButton = h('button', { type: 'button', class: 'btn btn-primary', id: 'two-step-start', 'data-testid': 'two-step-start', 'aria-controls': 'two-step-begin-form', 'aria-expanded': 'false' }, 'Set up two-step sign-in');
  const beginPassword = h('input', { type: 'password', id: 'two-step-password', name: 'password', autocomplete: 'current-password', required: true });
  const beginSubmit = h('button', { type: 'submit', class: 'btn btn-primary', id: 'two-step-begin-submit' }, 'Continue');
  const beginForm = h('form', { id: 'two-step-begin-form', novalidate: true, hidden: true },
    h('div', { class: 'field' }, h('label', { for: 'two-step-password' }, 'Your password'), beginPassword),
    h('div', { class: 'actions-row' }, beginSubmit));

  // Pending: the QR code, the key and a code to confirm it.
  const qrFrame = h('div', { class: 'setup-qr', id: 'two-step-qr-frame' });
  const keyText = h('code', { id: 'two-step-key', class: 'secret-key' });
  const keyCopy = h('span', {});
  const otpauthLink = h('a', { id: 'two-step-otpauth', href: '#' }, 'Open in an authenticator app on this device');
  const confirmCode = h('input', { type: 'text', id: 'two-step-confirm-code', name: 'code', autocomplete: 'one-time-code', inputmode: 'numeric', required: true, maxlength: '9', spellcheck: 'false', 'aria-describedby': 'two-step-confirm-hint' });
  const confirmSubmit = h('button', { type: 'submit', class: 'btn btn-primary', id: 'two-step-confirm-submit' }, 'Turn on');
  const confirmForm = h('form', { id: 'two-step-confirm-form', novalidate: true, hidden: true, 'aria-labelledby': 'two-step-confirm-heading' },
    h('h3', { id: 'two-step-confirm-heading', tabindex: '-1' }, 'Add Mailmoat to your authenticator app'),
    h('p', { class: 'small' }, 'In an authenticator app on your phone (Microsoft Authenticator, Google Authenticator, 1Password…), add an account and scan this QR code.'),
    qrFrame,
    h('p', { class: 'small' }, 'Can\'t scan it? Add the account by typing the setup key instead: account name, your email address; key, time-based:'),
    h('p', {}, keyText, ' ', keyCopy),
    h('p', { class: 'small' }, otpauthLink),
    h('div', { class: 'field' },
      h('label', { for: 'two-step-confirm-code' }, 'Code the app shows now'),
      confirmCode,
      h('p', { class: 'hint', id: 'two-step-confirm-hint' }, 'Six digits. Two-step sign-in stays off until this code is confirmed.')),
    h('div', { class: 'actions-row' }, confirmSubmit));

  // Just turned on: the recovery codes, this once.
  const codesList = h('ul', { id: 'two-step-recovery-codes', 'data-testid': 'two-step-recovery-codes', class: 'recovery-codes' });
  const codesActions = h('div', { class: 'actions-row' });
  const codesDone = h('button', { type: 'button', class: 'btn', id: 'two-step-codes-done' }, 'I have saved them');
  const codesPanel = h('div', { id: 'two-step-codes-panel', class: 'notice', hidden: true, tabindex: '-1' },
    h('h3', {}, 'Save your recovery codes'),
    h('p', { class: 'small' }, 'Each code signs in once if you cannot use your authenticator app. They are shown only now: keep them somewhere safe, away from your phone.'),
    codesList, codesActions, codesDone);

  // On → new recovery codes: password and a code from the app (a recovery code would only renew whoever holds them).
  const renewPassword = h('input', { type: 'password', id: 'two-step-renew-password', name: 'password', autocomplete: 'current-password', required: true });
  const renewCode = h('input', { type: 'text', id: 'two-step-renew-code', name: 'code', autocomplete: 'one-time-code', inputmode: 'numeric', required: true, maxlength: '9', spellcheck: 'false', 'aria-describedby': 'two-step-renew-hint' });
  const renewSubmit = h('button', { type: 'submit', class: 'btn', id: 'two-step-renew-submit' }, 'Get new recovery codes');
  const renewForm = h('form', { id: 'two-step-renew-form', novalidate: true, hidden: true, 'aria-labelledby': 'two-step-renew-heading' },
    h('h3', { id: 'two-step-renew-heading' }, 'New recovery codes'),
    h('p', { class: 'small', id: 'two-step-renew-hint' }, 'For codes used up, lost or seen by someone else: 10 new codes replace them all, and the old ones stop working.'),
    h('div', { class: 'field' }, h('label', { for: 'two-step-renew-password' }, 'Your password'), renewPassword),
    h('div', { class: 'field' }, h('label', { for: 'two-step-renew-code' }, 'Code from your authenticator app'), renewCode),
    h('div', { class: 'actions-row' }, renewSubmit));

  // On → turn off: password and a code.
  const offPassword = h('input', { type: 'password', id: 'two-step-off-password', name: 'password', autocomplete: 'current-password', required: true });
  const offCode = h('input', { type: 'text', id: 'two-step-off-code', name: 'code', autocomplete: 'one-time-code', required: true, maxlength: '24', spellcheck: 'false', 'aria-describedby': 'two-step-off-code-hint' });
  const offSubmit = h('button', { type: 'submit', class: 'btn btn-danger', id: 'two-step-off-submit' }, 'Turn off two-step sign-in');
  const offForm = h('form', { id: 'two-step-off-form', novalidate: true, hidden: true, 'aria-labelledby': 'two-step-off-heading' },
    h('h3', { id: 'two-step-off-heading' }, 'Turn off'),
    h('div', { class: 'field' }, h('label', { for: 'two-step-off-password' }, 'Your password'), offPassword),
    h('div', { class: 'field' }, h('label', { for: 'two-step-off-code' }, 'Code from your authenticator app, or a recovery code'), offCode,
      h('p', { class: 'hint', id: 'two-step-off-code-hint' }, 'Six digits, or one of your recovery codes.')),
    h('div', { class: 'actions-row' }, offSubmit));

  const card = h('section', { class: 'card', id: 'two-step', 'aria-labelledby': 'two-step-heading' },
    h('h2', { id: 'two-step-heading' }, 'Two-step sign-in'),
    h('p', { class: 'muted small' }, 'Your Mailmoat account can move mail in every mailbox of your organisation. With two-step sign-in, a stolen password is not enough: signing in also takes a code from an app on your phone.'),
    summary, startButton, beginForm, confirmForm, codesPanel, renewForm, offForm, recoveryAdvice);

  clearOnInput(beginPassword, confirmCode, offPassword, offCode, renewPassword, renewCode);
  let state = null;

  function render() {
    summary.textContent = twoStepSummary(state, (value) => formatTime(value).text);
    const on = Boolean(state?.enabled);
    const settingUp = !confirmForm.hidden || !codesPanel.hidden;
    startButton.hidden = on || settingUp || !beginForm.hidden;
    offForm.hidden = !on || !codesPanel.hidden;
    renewForm.hidden = offForm.hidden;
    recoveryAdvice.hidden = !on;
  }

  async function load() {
    try {
      const { data } = await call('/api/account/two-step');
      state = data;
    } catch (error) {
      if (error.status === 401) return;
      summary.textContent = `Could not load whether two-step sign-in is on. ${describeError(error)}`;
      return;
    }
    render();
  }

  startButton.addEventListener('click', () => {
    beginForm.hidden = false;
    startButton.setAttribute('aria-expanded', 'true');
    render();
    beginPassword.focus();
  });

  beginForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!validate([[beginPassword, beginPassword.value.length > 0, 'Enter your password.']])) return;
    const done = busy(beginSubmit, 'Checking…');
    try {
      const { data } = await call('/api/account/two-step', { method: 'POST', body: { password: beginPassword.value } });
      beginPassword.value = '';
      beginForm.hidden = true;
      fill(qrFrame, data.qrCode ? setupQrCode(data.qrCode) : null);
      keyText.textContent = groupKey(data.secret);
      fill(keyCopy, copyButton(data.secret, 'setup key'));
      otpauthLink.setAttribute('href', data.otpauthUri);
      confirmCode.value = '';
      confirmForm.hidden = false;
      render();
      confirmForm.querySelector('h3').focus();
    } catch (error) {
      if (error.status === 401) return;
      announce(describeError(error), 'error', errorItems(error));
      markServerErrors(error.details, { password: beginPassword });
    } finally {
      done();
    }
  });

  confirmForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const problem = codeProblem(confirmCode.value);
    if (!validate([[confirmCode, problem == null, problem]])) return;
    const done = busy(confirmSubmit, 'Turning on…');
    try {
      const { data } = await call('/api/account/two-step/confirm', { method: 'POST', body: { code: cleanCode(confirmCode.value) } });
      confirmForm.hidden = true;
      fill(qrFrame);
      keyText.textContent = '';
      otpauthLink.setAttribute('href', '#');
      showRecoveryCodes(data.recoveryCodes ?? []);
      announce('Two-step sign-in is on. Save your recovery codes now.', 'success');
      await load();
    } catch (error) {
      if (error.status === 401) return;
      announce(describeError(error), 'error', errorItems(error));
      markServerErrors(error.details, { code: confirmCode });
      if (error.code === 'two_step_not_set_up' || error.code === 'two_step_already_on') {
        confirmForm.hidden = true;
        fill(qrFrame);
        await load();
      }
    } finally {
      done();
    }
  });

  function showRecoveryCodes(codes) {
    fill(codesList, codes.map((code) => h('li', {}, h('code', {}, code))));
    const email = store.get('account')?.email ?? '';
    const text = recoveryCodesText(codes, email);
    const download = h('a', {
      class: 'btn btn-small', id: 'two-step-codes-download',
      href: `data:text/plain;charset=utf-8,${encodeURIComponent(text)}`, download: 'mailmoat-recovery-codes.txt',
    }, 'Download');
    fill(codesActions, copyButton(codes.join('\n'), 'recovery codes'), download);
    codesPanel.hidden = false;
    render();
    codesPanel.focus();
  }

  codesDone.addEventListener('click', () => {
    fill(codesList);
    fill(codesActions);
    codesPanel.hidden = true;
    render();
    summary.focus();
  });

  renewForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const problem = codeProblem(renewCode.value);
    if (!validate([
      [renewPassword, renewPassword.value.length > 0, 'Enter your password.'],
      [renewCode, problem == null, problem],
    ])) return;
    const done = busy(renewSubmit, 'Making new codes…');
    try {
      const { data } = await call('/api/account/two-step/recovery-codes', { method: 'POST', body: { password: renewPassword.value, code: cleanCode(renewCode.value) } });
      renewPassword.value = '';
      renewCode.value = '';
      showRecoveryCodes(data.recoveryCodes ?? []);
      announce('New recovery codes: the old ones no longer work. Save these now.', 'success');
      await load();
    } catch (error) {
      if (error.status === 401) return;
      announce(describeError(error), 'error', errorItems(error));
      markServerErrors(error.details, { password: renewPassword, code: renewCode });
    } finally {
      done();
    }
  });

  offForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const recovery = cleanCode(offCode.value).length > 6;
    const problem = codeProblem(offCode.value, { recovery });
    if (!validate([
      [offPassword, offPassword.value.length > 0, 'Enter your password.'],
      [offCode, problem == null, problem],
    ])) return;
    const done = busy(offSubmit, 'Turning off…');
    try {
      await call('/api/account/two-step/disable', { method: 'POST', body: { password: offPassword.value, code: cleanCode(offCode.value) } });
      offPassword.value = '';
      offCode.value = '';
      announce('Two-step sign-in is off. Signing in takes only your password.', 'success');
      await load();
    } catch (error) {
      if (error.status === 401) return;
      announce(describeError(error), 'error', errorItems(error));
      markServerErrors(error.details, { password: offPassword, code: offCode });
    } finally {
      done();
    }
  });

  return { card, load };
}

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Blank modules around the code: scanners need the margin to find it. */
const QUIET_ZONE = 4;

/**
 * The setup QR code the API encoded ({size, path}: one unit per module), drawn inline, dark on white
 * whatever the page's colours, with words for screen readers (the key below is the same thing, typed).
 */
function setupQrCode({ size, path }) {
  const side = Number(size) + 2 * QUIET_ZONE;
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('id', 'two-step-qr');
  svg.setAttribute('data-testid', 'two-step-qr');
  svg.setAttribute('viewBox', `${-QUIET_ZONE} ${-QUIET_ZONE} ${side} ${side}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', 'QR code to scan with your authenticator app. It holds the setup key written below.');
  svg.setAttribute('shape-rendering', 'crispEdges');
  const background = document.createElementNS(SVG_NS, 'rect');
  background.setAttribute('x', String(-QUIET_ZONE));
  background.setAttribute('y', String(-QUIET_ZONE));
  background.setAttribute('width', String(side));
  background.setAttribute('height', String(side));
  background.setAttribute('fill', '#ffffff');
  const modules = document.createElementNS(SVG_NS, 'path');
  modules.setAttribute('d', String(path ?? ''));
  modules.setAttribute('fill', '#000000');
  svg.append(background, modules);
  return svg;
}
