// Account: the profile (who is signed in, the company, region, trial, Microsoft 365) and the
// branding (logo and accent colour shown in the console).

import { describeError, errorItems } from '../api.js';
import { call, refreshAccount, isConnected } from '../session.js';
import { api } from '../api.js';
import { h, announce, busy, formatTime, fill } from '../ui.js';
import { setFieldError, clearFieldError, clearOnInput, markServerErrors } from '../forms.js';
import { REGIONS, MODES } from '../labels.js';
import { applyBranding, isColour, textOn } from '../branding.js';
import * as store from '../store.js';

export function createAccountPage() {
  const profile = h('dl', { class: 'detail-list', id: 'profile-list' });
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
      h('p', { class: 'hint', id: 'branding-logo-hint' }, 'An https:// address of an image, shown beside the Mailmoat name at the top of the console. Leave empty for none.')),
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
    const email = store.get('account')?.email;
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

  const heading = h('h1', { id: 'account-heading', tabindex: '-1' }, 'Account');
  const view = h('section', { id: 'account-view', class: 'view', hidden: true, 'aria-labelledby': 'account-heading' },
    h('div', { class: 'overview' }, h('div', {}, heading, h('p', { class: 'muted' }, 'Your profile and how the console looks for your organisation.'))),
    h('div', { class: 'grid grid-even' },
      h('div', { class: 'column' },
        h('section', { class: 'card', id: 'profile', 'aria-labelledby': 'profile-heading' },
          h('h2', { id: 'profile-heading' }, 'Profile'), profile),
        passwordCard),
      h('section', { class: 'card', id: 'branding', 'aria-labelledby': 'branding-heading' },
        h('h2', { id: 'branding-heading', tabindex: '-1' }, 'Branding'), form)));

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
      row('Email', account.email ?? ''),
      row('Company', account.company ?? ''),
      row('Region', REGIONS[account.region] ?? account.region ?? ''),
      row('Protection mode', MODES[account.mode]?.label ?? account.mode ?? ''),
      row('Trial', trialEnds),
      row('Microsoft 365', isConnected(account)
        ? `${account.tenantName || (account.tenantDomains ?? [])[0] || 'Connected'} (tenant ID ${account.tenantId})`
        : 'Not connected'),
      account.createdAt ? row('Member since', formatTime(account.createdAt).text) : null);
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
      if (route.id === 'branding') {
        document.getElementById('branding')?.scrollIntoView({ block: 'start' });
        document.getElementById('branding-heading')?.focus();
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
