// Signed out: what Mailmoat does, the sign-in form and the create-account form side by side
// (a visitor reaches sign-up without a click). After a password is set the visitor lands here
// with ?password=set and is told to sign in.

import { api, describeError, errorItems } from '../api.js';
import { h, announce, clearAnnouncement, busy } from '../ui.js';
import { validate, emailCheck, clearOnInput, markServerErrors } from '../forms.js';
import { REGIONS } from '../labels.js';
import { cleanCode, codeProblem } from '../two-step.js';

/**
 * Creates the page. `onSignedIn` is called after a successful sign-in.
 * Returns { view, show(options), hide() }.
 */
export function createAuthPage({ onSignedIn }) {
  const loginEmail = h('input', { type: 'email', id: 'login-email', 'data-testid': 'login-email', name: 'email', autocomplete: 'username', required: true });
  const loginPassword = h('input', { type: 'password', id: 'login-password', 'data-testid': 'login-password', name: 'password', autocomplete: 'current-password', required: true });
  const loginSubmit = h('button', { type: 'submit', class: 'btn btn-primary', id: 'login-submit', 'data-testid': 'login-submit' }, 'Sign in');
  const loginNotice = h('div', { class: 'notice', id: 'login-notice', role: 'status', hidden: true });
  const forgot = h('button', { type: 'button', class: 'btn btn-small btn-quiet', id: 'forgot-password', 'aria-controls': 'reset-form', 'aria-expanded': 'false' }, 'Forgot password?');
  const loginForm = h('form', { id: 'login-form', 'aria-labelledby': 'login-heading', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'login-email' }, 'Work email'), loginEmail),
    h('div', { class: 'field' }, h('label', { for: 'login-password' }, 'Password'), loginPassword),
    h('div', { class: 'actions-row' }, loginSubmit, forgot));

  // The second step, for accounts with two-step sign-in: the password opened a pending sign-in
  // (its token stays in this closure, never in storage) that a code completes.
  let pendingToken = null;
  let useRecovery = false;
  const codeInput = h('input', { type: 'text', id: 'login-code', 'data-testid': 'login-code', name: 'code', autocomplete: 'one-time-code', inputmode: 'numeric', required: true, spellcheck: 'false', maxlength: '24', 'aria-describedby': 'login-code-hint' });
  const codeLabel = h('label', { for: 'login-code' }, 'Code from your authenticator app');
  const codeHint = h('p', { class: 'hint', id: 'login-code-hint' }, 'Open the authenticator app you set up for Mailmoat and enter the 6-digit code it shows now.');
  const codeSubmit = h('button', { type: 'submit', class: 'btn btn-primary', id: 'login-code-submit', 'data-testid': 'login-code-submit' }, 'Verify and sign in');
  const codeToggle = h('button', { type: 'button', class: 'btn btn-small btn-quiet', id: 'login-code-recovery' }, 'Use a recovery code instead');
  const codeCancel = h('button', { type: 'button', class: 'btn btn-small btn-quiet', id: 'login-code-cancel' }, 'Start over');
  const codeForm = h('form', { id: 'login-code-form', 'aria-labelledby': 'login-code-heading', novalidate: true, hidden: true },
    h('h3', { id: 'login-code-heading', tabindex: '-1' }, 'Two-step sign-in'),
    h('div', { class: 'field' }, codeLabel, codeInput, codeHint),
    h('div', { class: 'actions-row' }, codeSubmit, codeToggle, codeCancel));

  function showCodeStep(token) {
    pendingToken = token;
    setRecovery(false);
    codeInput.value = '';
    loginForm.hidden = true;
    codeForm.hidden = false;
    announce('Your password is right. Now enter the code from your authenticator app.', 'info');
    codeInput.focus();
  }

  /** A sign-in that opened the session (by password, or by the code after it): the page gives way to the console. */
  async function signedIn(done) {
    loginNotice.hidden = true;
    clearAnnouncement();
    done();
    await onSignedIn();
  }

  function leaveCodeStep() {
    pendingToken = null;
    codeForm.hidden = true;
    loginForm.hidden = false;
    loginPassword.value = '';
  }

  function setRecovery(recovery) {
    useRecovery = recovery;
    codeInput.setAttribute('inputmode', recovery ? 'text' : 'numeric');
    codeInput.setAttribute('autocomplete', recovery ? 'off' : 'one-time-code');
    codeLabel.textContent = recovery ? 'Recovery code' : 'Code from your authenticator app';
    codeHint.textContent = recovery
      ? 'One of the recovery codes you saved when you turned on two-step sign-in. Each works once.'
      : 'Open the authenticator app you set up for Mailmoat and enter the 6-digit code it shows now.';
    codeToggle.textContent = recovery ? 'Use the authenticator app instead' : 'Use a recovery code instead';
    codeInput.value = '';
  }

  codeToggle.addEventListener('click', () => {
    setRecovery(!useRecovery);
    codeInput.focus();
  });
  codeCancel.addEventListener('click', () => {
    leaveCodeStep();
    clearAnnouncement();
    loginPassword.focus();
  });
  codeForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const problem = codeProblem(codeInput.value, { recovery: useRecovery });
    if (!validate([[codeInput, problem == null, problem]])) return;
    const done = busy(codeSubmit, 'Verifying…');
    try {
      await api('/api/login/code', { method: 'POST', body: { token: pendingToken, code: cleanCode(codeInput.value) } });
      codeInput.value = '';
      leaveCodeStep();
      await signedIn(done);
      return;
    } catch (error) {
      announce(describeError(error), 'error', errorItems(error));
      if (error.code === 'sign_in_expired') {
        leaveCodeStep();
        loginPassword.focus();
      } else if (!markServerErrors(error.details, { code: codeInput })) {
        codeInput.select();
        codeInput.focus();
      }
    }
    done();
  });

  // "Forgot password?": the same answer whether or not the address has an account.
  const resetEmail = h('input', { type: 'email', id: 'reset-email', name: 'email', autocomplete: 'username', required: true });
  const resetSubmit = h('button', { type: 'submit', class: 'btn btn-primary', id: 'reset-submit' }, 'Send the link');
  const resetCancel = h('button', { type: 'button', class: 'btn btn-small btn-quiet', id: 'reset-cancel' }, 'Back to sign in');
  const resetForm = h('form', { id: 'reset-form', 'aria-labelledby': 'reset-heading', novalidate: true, hidden: true },
    h('h3', { id: 'reset-heading' }, 'Reset your password'),
    h('p', { class: 'small muted' }, "Enter your account's email address and we'll send you a link to choose a new password."),
    h('div', { class: 'field' }, h('label', { for: 'reset-email' }, 'Work email'), resetEmail),
    h('div', { class: 'actions-row' }, resetSubmit, resetCancel));
  const resetDone = h('div', { id: 'reset-done', class: 'notice', hidden: true, tabindex: '-1' },
    h('h3', {}, 'Check your inbox'),
    h('p', { class: 'small' }, 'If the address has a Mailmoat account, we email it a link to choose a new password. It works once and expires after 24 hours.'),
    h('p', { class: 'small' }, 'We send at most one such email every 10 minutes: if you asked in the last 10 minutes, the link already sent is still valid. Check your junk or spam folder.'));

  const signupEmail = h('input', { type: 'email', id: 'signup-email', 'data-testid': 'signup-email', name: 'email', autocomplete: 'email', required: true, 'aria-describedby': 'signup-email-hint' });
  const signupCompany = h('input', { type: 'text', id: 'signup-company', 'data-testid': 'signup-company', name: 'company', autocomplete: 'organization', required: true });
  const signupRegion = h('select', { id: 'signup-region', 'data-testid': 'signup-region', name: 'region', required: true, 'aria-describedby': 'signup-region-hint' },
    h('option', { value: '', selected: true, disabled: true }, 'Choose a region'),
    Object.entries(REGIONS).map(([code, name]) => h('option', { value: code }, name)));
  const signupSubmit = h('button', { type: 'submit', class: 'btn btn-primary', id: 'signup-submit', 'data-testid': 'signup-submit' }, 'Create account');
  const signupForm = h('form', { id: 'signup-form', 'aria-labelledby': 'signup-heading', novalidate: true },
    h('div', { class: 'field' },
      h('label', { for: 'signup-email' }, 'Work email'), signupEmail,
      h('p', { class: 'hint', id: 'signup-email-hint' }, 'Use the address of a Microsoft 365 administrator.')),
    h('div', { class: 'field' }, h('label', { for: 'signup-company' }, 'Company'), signupCompany),
    h('div', { class: 'field' },
      h('label', { for: 'signup-region' }, 'Region'), signupRegion,
      h('p', { class: 'hint', id: 'signup-region-hint' }, "Where your account's data is kept and your mail is processed.")),
    h('div', {}, signupSubmit));
  const signupAgain = h('button', { type: 'button', class: 'btn btn-small btn-quiet', id: 'signup-again' }, 'Use a different address');
  const signupDone = h('div', { id: 'signup-done', class: 'notice', hidden: true, tabindex: '-1' },
    h('h3', {}, 'Check your inbox'),
    h('p', { class: 'small' }, 'If the address can be used, we email it a link to set your password, or, if it already has a Mailmoat account, how to sign in. The link can be used once.'),
    h('p', { class: 'small' }, "We send at most one such email every 10 minutes: if you asked in the last 10 minutes, the link already sent is still valid. If you don't see it, look in your junk or spam folder."),
    signupAgain);

  const banners = h('div', { class: 'banners', id: 'auth-banners' });
  const view = h('section', { id: 'auth-view', class: 'view', hidden: true, 'aria-labelledby': 'auth-heading' },
    banners,
    h('div', { class: 'auth-grid' },
      h('div', { class: 'intro' },
        h('h1', { id: 'auth-heading' }, 'Email security for Microsoft 365'),
        h('p', { class: 'lead' }, 'Mailmoat connects to your Microsoft 365 tenant, finds the threats already sitting in your mailboxes, and keeps watch as new mail arrives.'),
        h('ol', { class: 'journey' },
          journeyStep('Create your account', 'We email you a link to set your password.'),
          journeyStep('Connect Microsoft 365', "A Global Administrator approves Mailmoat's access."),
          journeyStep('Get your Threat Scan', 'We scan the last 30 days of mail and send you a report. Nothing in your mail flow changes.'),
          journeyStep('Remove threats, then turn on protection', 'Clean up in one click, then move to Monitor or Protect when you are ready.'))),
      h('section', { class: 'card', 'aria-labelledby': 'login-heading' },
        h('h2', { id: 'login-heading' }, 'Sign in'),
        loginNotice,
        loginForm,
        codeForm,
        resetForm,
        resetDone),
      h('section', { class: 'card', id: 'signup', 'aria-labelledby': 'signup-heading' },
        h('h2', { id: 'signup-heading' }, 'Create account'),
        h('p', { class: 'small muted' }, 'Free for 30 days. No change to your mail flow.'),
        signupDone,
        signupForm)));

  clearOnInput(loginEmail, loginPassword, signupEmail, signupCompany, resetEmail, codeInput);

  function showReset(show) {
    loginForm.hidden = show;
    resetForm.hidden = !show;
    resetDone.hidden = true;
    forgot.setAttribute('aria-expanded', String(show));
    clearAnnouncement();
    if (show) {
      resetEmail.value = loginEmail.value.trim();
      resetEmail.focus();
    } else {
      loginEmail.focus();
    }
  }
  forgot.addEventListener('click', () => showReset(true));
  resetCancel.addEventListener('click', () => showReset(false));
  resetForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!validate([emailCheck(resetEmail)])) return;
    const done = busy(resetSubmit, 'Sending…');
    try {
      await api('/api/password/reset', { method: 'POST', body: { email: resetEmail.value.trim() } });
      resetForm.hidden = true;
      loginForm.hidden = false;
      forgot.setAttribute('aria-expanded', 'false');
      resetDone.hidden = false;
      resetDone.focus();
      announce('If the address has an account, we email it a reset link (at most one every 10 minutes; an earlier one is still valid).', 'success');
    } catch (error) {
      if (!markServerErrors(error.details, { email: resetEmail })) announce(describeError(error), 'error', errorItems(error));
    } finally {
      done();
    }
  });
  signupRegion.addEventListener('change', () => signupRegion.removeAttribute('aria-invalid'));

  loginForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!validate([emailCheck(loginEmail), [loginPassword, loginPassword.value.length > 0, 'Enter your password.']])) return;
    const done = busy(loginSubmit, 'Signing in…');
    let lockedFor = 0;
    try {
      const { data } = await api('/api/login', { method: 'POST', body: { email: loginEmail.value.trim(), password: loginPassword.value } });
      loginPassword.value = '';
      if (data?.status === 'code_required') {
        done();
        showCodeStep(data.token);
        return;
      }
      await signedIn(done);
      return;
    } catch (error) {
      announce(describeError(error), 'error', errorItems(error));
      if (error.code === 'too_many_attempts') {
        lockedFor = error.retryAfterSeconds ?? 0;
      } else if (error.status === 401) {
        loginPassword.select();
        loginPassword.focus();
      } else {
        markServerErrors(error.details, { email: loginEmail, password: loginPassword });
      }
    }
    done();
    if (lockedFor > 0) {
      // Let the server's Retry-After run out before offering the button again.
      loginSubmit.disabled = true;
      setTimeout(() => { loginSubmit.disabled = false; }, lockedFor * 1000);
    }
  });

  signupForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const ok = validate([
      emailCheck(signupEmail),
      [signupCompany, signupCompany.value.trim().length > 0, 'Enter your company name.'],
      [signupRegion, Boolean(REGIONS[signupRegion.value]), 'Choose a region.'],
    ]);
    if (!ok) return;
    const done = busy(signupSubmit, 'Creating…');
    try {
      await api('/api/signup', {
        method: 'POST',
        body: { email: signupEmail.value.trim(), company: signupCompany.value.trim(), region: signupRegion.value },
      });
      // The answer is the same whether or not the address already has an account.
      signupForm.hidden = true;
      signupDone.hidden = false;
      signupDone.focus();
      announce(`Check the inbox of ${signupEmail.value.trim()} (and its junk folder) for the email from Mailmoat.`, 'success');
    } catch (error) {
      if (!markServerErrors(error.details, { email: signupEmail, company: signupCompany, region: signupRegion })) {
        announce(describeError(error), 'error', errorItems(error));
      }
    } finally {
      done();
    }
  });

  signupAgain.addEventListener('click', () => {
    signupDone.hidden = true;
    signupForm.hidden = false;
    signupForm.reset();
    signupEmail.focus();
  });

  window.addEventListener('hashchange', () => {
    if (location.hash === '#signup' && !view.hidden) signupEmail.focus();
    // The "you already have an account" email links here to open "Forgot password?".
    if (location.hash === '#reset' && !view.hidden) showReset(true);
  });

  return {
    view,
    show({ passwordSet = null, message = null, banner = null } = {}) {
      view.hidden = false;
      if (pendingToken) leaveCodeStep();
      if (banner) banners.replaceChildren(banner);
      document.title = 'Sign in · Mailmoat';
      if (passwordSet) {
        loginNotice.textContent = passwordSet === 'changed'
          ? 'Your password is changed. Sign in with your email address and new password.'
          : 'Your password is set. Sign in with your email address and new password.';
        loginNotice.hidden = false;
        loginEmail.focus();
      } else if (message) {
        announce(message, 'info');
        loginEmail.focus();
      } else if (location.hash === '#signup') {
        signupEmail.focus();
      } else if (location.hash === '#reset') {
        showReset(true);
      }
    },
    hide() {
      view.hidden = true;
    },
  };
}

function journeyStep(title, text) {
  return h('li', {}, h('div', {}, h('strong', {}, title), h('span', { class: 'muted' }, text)));
}
