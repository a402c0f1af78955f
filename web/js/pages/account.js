// Account: the profile (who is signed in, the company, region, trial, Microsoft 365), the password,
// two-step sign-in, closing the account, which emails to get and who else gets the security emails,
// the branding (logo and accent colour), and the account's activity log.

import { describeError, errorItems } from '../api.js';
import { call, refreshAccount, isConnected } from '../session.js';
import { api } from '../api.js';
import { h, announce, busy, formatTime, fill } from '../ui.js';
import { setFieldError, clearFieldError, clearOnInput, markServerErrors, validate } from '../forms.js';
import { REGIONS, MODES } from '../labels.js';
import { applyBranding, isColour, textOn } from '../branding.js';
import * as store from '../store.js';
import { createTwoStepCard } from '../parts/two-step-card.js';
import { createEmailChoicesCard } from '../parts/email-choices-card.js';
import { createAlertRecipientsCard } from '../parts/alert-recipients-card.js';
import { createActivityCard } from '../parts/activity-card.js';
import { createTeamCard } from '../parts/team-card.js';
import { signedInRole, signedInLabel, roleIncludes } from '../team.js';

/** @param onClosed called with the server's message once the account is closed (signs the console out) */
export function createAccountPage({ onClosed = () => {} } = {}) {
  const profile = h('dl', { class: 'detail-list', id: 'profile-list' });
  // The company name greets the organisation on every page and in every email: a typo at sign-up can be put right.
  const companyInput = h('input', { type: 'text', id: 'profile-company', name: 'company', maxlength: '100', autocomplete: 'organization', required: true });
  const companySave = h('button', { type: 'submit', class: 'btn', id: 'profile-company-save' }, 'Save name');
  const companyForm = h('form', { id: 'profile-company-form', class: 'inline-form', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: companyInput.id }, 'Company name'), companyInput,
      h('p', { class: 'hint' }, 'How the console and Mailmoat\'s emails name your organisation.')),
    companySave);
  clearOnInput(companyInput);
  companyForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldError(companyInput);
    if (!companyInput.value.trim()) {
      setFieldError(companyInput, 'Enter your company name.');
      return;
    }
    const done = busy(companySave, 'Saving…');
    try {
      const { data } = await call('/api/account/profile', { method: 'PUT', body: { company: companyInput.value } });
      store.set('account', data);
      announce(`Saved: your organisation is now named ${data?.company ?? companyInput.value.trim()}.`, 'success');
    } catch (error) {
      if (error.status === 401) return;
      if (!markServerErrors(error.details, { company: companyInput })) announce(describeError(error), 'error', errorItems(error));
    } finally {
      done();
    }
  });
  const logoUrl = h('input', { type: 'url', id: 'branding-logo', name: 'logoUrl', placeholder: 'https://www.example.com/logo.png', 'aria-describedby': 'branding-logo-hint', autocomplete: 'off' });
  const colour = h('input', { type: 'color', id: 'branding-colour-picker', value: '#165a72', 'aria-label': 'Pick the accent colour' });
  const colourText = h('input', { type: 'text', id: 'branding-colour', name: 'accentColor', value: '#165a72', 'aria-describedby': 'branding-colour-hint', spellcheck: 'false', autocomplete: 'off', maxlength: '7' });
  const save = h('button', { type: 'submit', class: 'btn btn-primary', id: 'branding-save' }, 'Save branding');
  const reset = h('button', { type: 'button', class: 'btn btn-quiet', id: 'branding-reset' }, 'Use Mailmoat\'s colours');
  const preview = h('div', { class: 'branding-preview', id: 'branding-preview', 'aria-hidden': 'true' },
    h('span', { class: 'small muted preview-label' }, 'Preview'),
    h('span', { class: 'btn btn-primary preview-button' }, 'Remove Threats'));
  const form = h('form', { id: 'branding-form', novalidate: true },
    h('div', { class: 'field' },
      h('label', { for: 'branding-logo' }, 'Logo address'),
      logoUrl,
      h('p', { class: 'hint', id: 'branding-logo-hint' }, 'An https:// address of a PNG, JPEG, GIF or WebP image of at most 100 KB, shown at the top of the console. Mailmoat copies it when you save, and the console shows that copy, so your web server is not contacted whenever someone opens the console. Leave empty for none.')),
    h('div', { class: 'field' },
      h('label', { for: 'branding-colour' }, 'Accent colour'),
      h('div', { class: 'colour-row' }, colour, colourText),
      h('p', { class: 'hint', id: 'branding-colour-hint' }, 'A colour as #rrggbb, used for the main buttons. Text on it is black or white, whichever is easier to read.')),
    preview,
    h('div', { class: 'actions-row' }, save, reset));

  // Changing the password goes through the mailbox, as a reset does: a link proves it is the owner
  // asking, even on a console left signed in.
  const changePassword = h('button', { type: 'button', class: 'btn', id: 'change-password' }, 'Email me a link to change it');
  const passwordCard = h('section', { class: 'card', id: 'password', 'aria-labelledby': 'password-heading' },
    h('h2', { id: 'password-heading' }, 'Password'),
    h('p', { class: 'muted small' }, 'We email you a link that sets a new password. Until you use it, your password stays as it is.'),
    changePassword);
  changePassword.addEventListener('click', async () => {
    // The signed-in person's own address: a team member changes their own password, not the owner's.
    const email = store.get('account')?.signedInAs?.email ?? store.get('account')?.email;
    if (!email) return;
    const done = busy(changePassword, 'Sending…');
    try {
      await api('/api/password/reset', { method: 'POST', body: { email } });
      announce(`We emailed a link to change your password to ${email}.`, 'success');
    } catch (error) {
      announce(describeError(error), 'error', errorItems(error));
    } finally {
      done();
    }
  });

  // Closing: the password and the address typed again, and only once Microsoft 365 is disconnected
  // (offboarding removes what Mailmoat put in the tenant; closing erases what Mailmoat kept).
  const closePassword = h('input', { type: 'password', id: 'close-password', name: 'password', autocomplete: 'current-password' });
  const closeConfirm = h('input', { type: 'email', id: 'close-confirm', name: 'confirm', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'close-confirm-hint' });
  const closeButton = h('button', { type: 'submit', class: 'btn btn-danger', id: 'close-account-submit' }, 'Close account');
  const closeConfirmHint = h('p', { class: 'hint', id: 'close-confirm-hint' });
  const closeForm = h('form', { id: 'close-account-form', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'close-password' }, 'Your password'), closePassword),
    h('div', { class: 'field' }, h('label', { for: 'close-confirm' }, 'Your email address, to confirm'), closeConfirm, closeConfirmHint),
    h('div', { class: 'actions-row' }, closeButton));
  const offboardFirst = h('p', { id: 'close-offboard-first', hidden: true },
    'Microsoft 365 is still connected. First ',
    h('a', { href: '#/upgrade' }, 'remove Mailmoat from Microsoft 365'),
    ' (Upgrade page), so no Mailmoat rule or subscription is left in your tenant; then close the account here.');
  const closeCard = h('section', { class: 'card', id: 'close-account', 'aria-labelledby': 'close-account-heading' },
    h('h2', { id: 'close-account-heading' }, 'Close account'),
    h('p', { class: 'muted small' }, 'Closing signs you out everywhere and erases what Mailmoat keeps for your '
      + 'organisation within minutes: scan results, detections and their history, removal records, policies and '
      + 'sender lists, the copy of your directory, what Mailmoat learnt from your verdicts, and notifications. It '
      + 'cannot be undone. Messages in quarantine stay in each mailbox\'s Mailmoat Quarantine folder, hidden from '
      + 'users unless an earlier version created it visible: release any you want back first (Detections, status Removed).'),
    offboardFirst, closeForm);
  clearOnInput(closePassword, closeConfirm);
  closeForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const email = store.get('account')?.email ?? '';
    const typed = closeConfirm.value.trim();
    if (!validate([
      [closePassword, closePassword.value.length > 0, 'Enter your password.'],
      [closeConfirm, typed.toLowerCase() === email.toLowerCase(), `Type ${email} to confirm.`],
    ])) return;
    const done = busy(closeButton, 'Closing…');
    try {
      const { data } = await call('/api/account/close', { method: 'POST', body: { password: closePassword.value, confirm: typed } });
      closePassword.value = '';
      onClosed(data?.message ?? 'Your account is closed.');
    } catch (error) {
      if (error.status === 401) return;
      if (!markServerErrors(error.details, { password: closePassword, confirm: closeConfirm })) {
        announce(describeError(error), 'error', errorItems(error));
      }
    } finally {
      done();
    }
  });

  const twoStep = createTwoStepCard();
  const emailChoices = createEmailChoicesCard();
  const alertRecipients = createAlertRecipientsCard();
  const activity = createActivityCard();
  const team = createTeamCard();

  const heading = h('h1', { id: 'account-heading', tabindex: '-1' }, 'Account');
  const view = h('section', { id: 'account-view', class: 'view', hidden: true, 'aria-labelledby': 'account-heading' },
    h('div', { class: 'overview' }, h('div', {}, heading, h('p', { class: 'muted' }, 'Your profile and how the console looks for your organisation.'))),
    h('div', { class: 'grid grid-even' },
      h('div', { class: 'column' },
        h('section', { class: 'card', id: 'profile', 'aria-labelledby': 'profile-heading' },
          h('h2', { id: 'profile-heading' }, 'Profile'), profile, companyForm),
        passwordCard,
        twoStep.card,
        closeCard),
      h('div', { class: 'column' },
        team.card,
        emailChoices.card,
        alertRecipients.card,
        h('section', { class: 'card', id: 'branding', 'aria-labelledby': 'branding-heading' },
          h('h2', { id: 'branding-heading', tabindex: '-1' }, 'Branding'), form))),
    activity.card);

  clearOnInput(logoUrl, colourText);
  colour.addEventListener('input', () => {
    colourText.value = colour.value;
    clearFieldError(colourText);
    updatePreview();
  });
  colourText.addEventListener('input', () => {
    if (isColour(colourText.value)) colour.value = colourText.value.toLowerCase();
    updatePreview();
  });
  reset.addEventListener('click', () => {
    colourText.value = '#165a72';
    colour.value = '#165a72';
    logoUrl.value = '';
    updatePreview();
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const accentColor = colourText.value.trim();
    const url = logoUrl.value.trim();
    let ok = true;
    if (!isColour(accentColor)) {
      setFieldError(colourText, 'Enter a colour as # and six hexadecimal digits, such as #165a72.');
      ok = false;
    }
    if (url && !/^https:\/\/[^\s]+$/i.test(url)) {
      setFieldError(logoUrl, 'Enter an address that starts with https://, or leave it empty.');
      ok = false;
    }
    if (!ok) {
      (logoUrl.getAttribute('aria-invalid') === 'true' ? logoUrl : colourText).focus();
      return;
    }
    const done = busy(save, 'Saving…');
    try {
      const { data } = await call('/api/account/branding', { method: 'PUT', body: { logoUrl: url || null, accentColor } });
      applyBranding(data?.branding ?? data ?? { logoUrl: url, accentColor });
      announce('Branding saved.', 'success');
      refreshAccount().catch(() => {});
    } catch (error) {
      if (error.status === 401) return;
      if (!markServerErrors(error.details, { logoUrl, accentColor: colourText })) {
        announce(error.status === 404 || error.status === 405 ? 'Branding cannot be saved on this server yet.'
          : describeError(error), 'error', errorItems(error));
      }
    } finally {
      done();
    }
  });

  store.on('account', (account) => render(account));

  function updatePreview() {
    const value = isColour(colourText.value) ? colourText.value : '#165a72';
    const button = preview.querySelector('.preview-button');
    button.style.background = value;
    button.style.borderColor = value;
    button.style.color = textOn(value);
  }

  function render(account) {
    if (!account) return;
    const trialEnds = typeof account.trialDaysLeft === 'number'
      ? (account.trialDaysLeft > 0 ? `${account.trialDaysLeft} days left` : 'Ended') : '—';
    fill(profile, 
      row('Signed in as', signedInLabel(account)),
      row('Email', account.email ?? ''),
      row('Company', account.company ?? ''),
      row('Region', REGIONS[account.region] ?? account.region ?? ''),
      row('Protection mode', MODES[account.mode]?.label ?? account.mode ?? ''),
      row('Trial', trialEnds),
      row('Microsoft 365', isConnected(account)
        ? `${account.tenantName || (account.tenantDomains ?? [])[0] || 'Connected'} (tenant ID ${account.tenantId})`
        : 'Not connected'),
      account.createdAt ? row('Member since', formatTime(account.createdAt).text) : null);
    if (document.activeElement !== companyInput) companyInput.value = account.company ?? '';
    const connected = isConnected(account);
    offboardFirst.hidden = !connected;
    closeForm.hidden = connected;
    closeConfirmHint.textContent = `Type ${account.email ?? ''} to confirm that this is the account to close.`;
    emailChoices.render(account);
    // What the signed-in role may not change is not offered (the server refuses it all the same).
    const role = signedInRole(account);
    const owner = role === 'OWNER';
    const admin = roleIncludes(role, 'ADMINISTRATOR');
    companyForm.hidden = !admin;
    form.hidden = !admin;
    alertRecipients.card.toggleAttribute('data-read-only', !admin);
    emailChoices.card.querySelectorAll('input').forEach((input) => { input.disabled = !admin; });
    emailChoices.card.querySelectorAll('button[type="submit"]').forEach((button) => { button.hidden = !admin; });
    twoStep.card.hidden = !owner;
    closeCard.hidden = !owner;
    const branding = account.branding ?? {};
    if (document.activeElement?.closest('#branding-form') == null) {
      logoUrl.value = branding.logoUrl ?? '';
      const accent = isColour(branding.accentColor) ? branding.accentColor.toLowerCase() : '#165a72';
      colourText.value = accent;
      colour.value = accent;
      updatePreview();
    }
  }

  return {
    view,
    title: 'Account',
    heading,
    show(route) {
      view.hidden = false;
      render(store.get('account'));
      twoStep.load();
      team.load();
      alertRecipients.load();
      activity.load();
      if (route.id === 'recipients') {
        alertRecipients.card.scrollIntoView({ block: 'start' });
        document.getElementById('alert-recipients-heading')?.focus();
        return true; // focus handled
      }
      if (route.id === 'team') {
        team.card.scrollIntoView({ block: 'start' });
        document.getElementById('team-heading')?.focus();
        return true; // focus handled
      }
      if (route.id === 'branding') {
        document.getElementById('branding')?.scrollIntoView({ block: 'start' });
        document.getElementById('branding-heading')?.focus();
        return true; // focus handled
      }
      if (route.id === 'activity') {
        activity.card.scrollIntoView({ block: 'start' });
        document.getElementById('activity-heading')?.focus();
        return true; // focus handled
      }
      if (route.id === 'close') {
        closeCard.scrollIntoView({ block: 'start' });
        (closeForm.hidden ? offboardFirst.querySelector('a') : closePassword)?.focus();
        return true; // focus handled
      }
      return false;
    },
    hide() {
      view.hidden = true;
    },
  };
}

function row(label, value) {
  return h('div', { class: 'detail-row' }, h('dt', {}, label), h('dd', {}, value));
}
