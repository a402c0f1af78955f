// Protection: the mode in force (Threat Scan only, Monitor, Protect or Disabled) and whom it
// targets; a change waiting for the administrator to re-confirm Microsoft permissions, with the
// link that does it; and switching mode (with a plain explanation and a confirmation). Monitor and
// Protect from Threat Scan only are the upgrade's job: the form leads there instead.

import { describeError, errorItems } from '../api.js';
import { call, refreshAccount, isConnected } from '../session.js';
import { h, fill, announce, busy, pill, showInlineError, clearInlineError } from '../ui.js';
import { confirmDialog } from '../dialog.js';
import { MODES } from '../labels.js';
import { describeTargets } from '../targets.js';
import { createTargetsPicker, groupNamesFor } from '../parts/targets-picker.js';
import * as store from '../store.js';
import * as router from '../router.js';

export const RECONSENT_URL = '/api/sso/consent?purpose=reconsent';
const CHOICES = ['MONITOR', 'PROTECT', 'DISABLED', 'THREAT_SCAN_ONLY'];

/** What switching from one mode to another does, in a sentence or two. */
export function switchExplanation(from, to) {
  const target = MODES[to]?.label ?? to;
  const lines = [];
  if (to === 'PROTECT') lines.push('New mail is checked seconds after it arrives, and malicious messages are moved to quarantine automatically. You can release any of them from Detections.');
  if (to === 'MONITOR') lines.push('New mail is checked seconds after it arrives and threats are reported, but Mailmoat moves nothing: your users still see every message, except mail from your Blocked senders, which Exchange holds back.');
  if (to === 'DISABLED') lines.push('Mailmoat stops checking new mail. Its transport rules stay at the top of your Exchange rules but hold nothing back, so switching back on does not move your own rules again. Mail that arrives while Disabled is not checked later: run a Threat Scan for it. What was already found stays in Detections.');
  if (to === 'THREAT_SCAN_ONLY') lines.push('Mailmoat stops checking new mail as it arrives, and its transport rules are removed from Exchange Online, so Exchange no longer holds back your Blocked senders or the senders scans found malicious. Threat Scans of past mail still run. To turn Monitor or Protect on again later, you run the upgrade again.');
  lines.push(`Microsoft will ask you to re-confirm Mailmoat's permissions. ${target} takes effect once you have; until then ${MODES[from]?.label ?? from} stays in force.`);
  return lines;
}

/**
 * Withdraws the mode change waiting for re-consent: the mode and Targeted To in force are asked for again,
 * which the API answers 200 with nothing to re-confirm. Reloads the account.
 */
export async function withdrawPendingMode(account) {
  await call('/api/mode', { method: 'PUT', body: { mode: account.mode, targetedTo: account.targetedTo ?? { everyone: true } } });
  await refreshAccount();
}

export function createProtectionPage() {
  const heading = h('h1', { id: 'protection-heading', tabindex: '-1' }, 'Protection');
  const currentBadge = h('span', { class: 'mode-badge', id: 'protection-mode', 'data-testid': 'protection-mode' });
  const currentText = h('p', { id: 'protection-mode-description' });
  const currentTargets = h('p', { id: 'protection-targets' });
  const pending = h('section', { class: 'notice notice-info', id: 'pending-mode', 'data-testid': 'pending-mode', 'aria-labelledby': 'pending-mode-heading', tabindex: '-1', hidden: true });
  const notConnected = h('p', { class: 'notice notice-info', id: 'protection-not-connected', hidden: true },
    'Connect Microsoft 365 first: modes and targets apply to your tenant\'s mailboxes. ', h('a', { href: router.href('home') }, 'Go to Home'));

  const radios = CHOICES.map((mode) => {
    const input = h('input', { type: 'radio', name: 'protection-mode', id: `mode-${mode.toLowerCase()}`, value: mode, 'aria-describedby': `mode-${mode.toLowerCase()}-text` });
    return { mode, input, label: h('span', { class: 'mode-choice-label' }),
      element: null };
  });
  for (const radio of radios) {
    radio.element = h('label', { class: 'mode-choice', for: radio.input.id },
      radio.input,
      h('span', {}, radio.label, h('span', { class: 'small muted mode-choice-text', id: `mode-${radio.mode.toLowerCase()}-text` }, MODES[radio.mode].description)));
  }
  const upgradeNote = h('p', { class: 'notice notice-info small', id: 'mode-upgrade-note', hidden: true });
  const picker = createTargetsPicker({ idPrefix: 'protection' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', id: 'mode-submit', 'data-testid': 'mode-submit' }, 'Change mode');
  const formError = h('div', { class: 'part-error', id: 'mode-error', hidden: true });
  const form = h('form', { class: 'card', id: 'mode-form', novalidate: true, 'aria-labelledby': 'mode-form-heading' },
    h('div', { class: 'card-header' }, h('h2', { id: 'mode-form-heading' }, 'Change mode')),
    h('fieldset', { class: 'fieldset' }, h('legend', {}, 'Mode'), radios.map((r) => r.element)),
    upgradeNote,
    picker.element,
    formError,
    h('div', { class: 'card-actions' }, submit));

  const view = h('section', { id: 'protection-view', class: 'view', hidden: true, 'aria-labelledby': 'protection-heading' },
    h('div', { class: 'overview' }, h('div', {}, heading,
      h('p', { class: 'muted' }, 'How Mailmoat acts on new mail, and for whom. Policies can make exceptions for chosen senders and recipients.'))),
    notConnected,
    pending,
    h('div', { class: 'grid' },
      form,
      h('section', { class: 'card', id: 'protection-current', 'aria-labelledby': 'protection-current-heading' },
        h('div', { class: 'card-header' }, h('h2', { id: 'protection-current-heading' }, 'In force now')),
        h('p', {}, currentBadge), currentText,
        h('h3', {}, 'Targeted To'), currentTargets,
        h('p', { class: 'small' }, h('a', { href: router.href('policies') }, 'Policies'), ' decide what happens per sender and recipient.'))));

  let consentUrl = RECONSENT_URL;
  let names = {};

  const selected = () => radios.find((r) => r.input.checked)?.mode ?? null;

  function updateChoice() {
    const account = store.get('account') ?? {};
    const mode = selected();
    const needsUpgrade = account.mode === 'THREAT_SCAN_ONLY' && (mode === 'MONITOR' || mode === 'PROTECT');
    upgradeNote.hidden = !needsUpgrade;
    fill(upgradeNote, needsUpgrade
      ? [`${MODES[mode].label} is switched on by the upgrade: it installs Mailmoat's transport rules in Exchange Online and starts checking new mail as it arrives. `,
        'You will see what changes and confirm it before anything is done.']
      : []);
    submit.textContent = needsUpgrade ? 'Continue to Upgrade' : 'Change mode';
    clearInlineError(formError);
  }
  for (const radio of radios) radio.input.addEventListener('change', updateChoice);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const account = store.get('account') ?? {};
    const mode = selected();
    if (!mode) {
      showInlineError(formError, 'Choose a mode.');
      radios[0].input.focus();
      return;
    }
    if (!picker.valid()) return;
    const targetedTo = picker.value();
    if (account.mode === 'THREAT_SCAN_ONLY' && (mode === 'MONITOR' || mode === 'PROTECT')) {
      router.go(router.href('upgrade', null, { mode }));
      return;
    }
    const same = (a, b) => JSON.stringify([...(a?.users ?? [])].sort()) === JSON.stringify([...(b?.users ?? [])].sort())
      && JSON.stringify([...(a?.groups ?? [])].sort()) === JSON.stringify([...(b?.groups ?? [])].sort())
      && Boolean(a?.everyone ?? true) === Boolean(b?.everyone ?? true);
    if (mode === account.mode && same(targetedTo, account.targetedTo) && !account.pendingMode) {
      showInlineError(formError, `${MODES[mode].label} for ${describeTargets(targetedTo, picker.names()).replace(/^E/, 'e')} is already in force: choose another mode or other users and groups.`);
      return;
    }
    // The mode in force chosen again while a change waits: the change is withdrawn, nothing to re-confirm.
    const withdrawing = mode === account.mode && same(targetedTo, account.targetedTo) && Boolean(account.pendingMode);
    const confirmed = await confirmDialog(withdrawing ? {
      title: `Keep ${MODES[mode].label}?`,
      body: `The waiting change to ${MODES[account.pendingMode]?.label ?? account.pendingMode} is withdrawn. ${MODES[mode].label} stays in force; there is nothing to re-confirm with Microsoft.`,
      confirmLabel: `Keep ${MODES[mode].label}`,
    } : {
      title: `Switch to ${MODES[mode].label}?`,
      body: [
        ...switchExplanation(account.mode, mode).map((line) => h('p', {}, line)),
        h('p', {}, h('strong', {}, 'Targeted To: '), describeTargets(targetedTo, picker.names())),
      ],
      confirmLabel: `Switch to ${MODES[mode].label}`,
    });
    if (!confirmed) return;
    const done = busy(submit, 'Saving…');
    try {
      const { status, data } = await call('/api/mode', { method: 'PUT', body: { mode, targetedTo } });
      names = { ...names, ...picker.names() };
      await refreshAccount();
      if (status === 200) {
        announce(`The waiting change is withdrawn: ${MODES[mode].label} stays in force.`, 'success');
        return;
      }
      consentUrl = data?.consentUrl || RECONSENT_URL;
      announce(`${MODES[mode].label} is waiting for you to re-confirm Microsoft permissions.`, 'success');
      pending.focus();
    } catch (error) {
      if (error.status === 401) return;
      // upgrade_required (UPGRADE_REQUIRED from servers before the codes were all lower case).
      if (error.code === 'upgrade_required' || error.code === 'UPGRADE_REQUIRED') {
        fill(formError, h('p', { class: 'inline-error', role: 'alert' }, `${describeError(error)} `,
          h('a', { href: router.href('upgrade', null, { mode }) }, 'Go to Upgrade')));
        formError.hidden = false;
      } else {
        const items = errorItems(error);
        fill(formError, h('div', { class: 'inline-error', role: 'alert' }, h('p', {}, describeError(error)),
          items.length ? h('ul', {}, items.map((item) => h('li', {}, item))) : null));
        formError.hidden = false;
      }
    } finally {
      done();
    }
  });

  // After a reload the saved Targeted To holds group ids only: their names come from the directory.
  let namesAsked = '';
  function lookUpGroupNames(account) {
    const ids = [...(account.targetedTo?.groups ?? []), ...(account.pendingTargetedTo?.groups ?? [])]
      .filter((id) => !names[id] || names[id] === id);
    const key = [...new Set(ids)].sort().join(',');
    if (!key || key === namesAsked) return;
    namesAsked = key;
    groupNamesFor(ids).then((found) => {
      if (Object.keys(found).length === 0) return;
      names = { ...names, ...found };
      if (view.hidden) return;
      render(store.get('account'));
      const shown = picker.value();
      if (!shown.everyone && shown.groups.some((id) => found[id])) picker.set(shown, { ...picker.names(), ...found });
    }).catch(() => {
      // The ids stay; the picker's search still finds the groups by name.
    });
  }

  function render(account) {
    if (!account) return;
    lookUpGroupNames(account);
    const mode = MODES[account.mode];
    currentBadge.textContent = mode ? mode.label : (account.mode ?? '');
    currentBadge.dataset.mode = account.mode ?? '';
    currentText.textContent = mode ? mode.description : '';
    currentTargets.textContent = describeTargets(account.targetedTo, names);
    notConnected.hidden = isConnected(account);
    form.hidden = !isConnected(account);
    for (const radio of radios) {
      fill(radio.label, MODES[radio.mode].label, radio.mode === account.mode ? ' (in force now)' : null,
        radio.mode === 'MONITOR' ? ' · recommended to start' : null);
    }
    if (account.pendingMode) {
      const link = h('a', { class: 'btn btn-primary', id: 'reconsent-link', 'data-testid': 'reconsent-link', href: consentUrl }, 'Re-confirm Microsoft permissions');
      const keep = h('button', { type: 'button', class: 'btn', id: 'pending-mode-withdraw' }, `Keep ${mode?.label ?? account.mode}`);
      const keepError = h('div', { class: 'part-error', hidden: true });
      keep.addEventListener('click', async () => {
        const done = busy(keep, 'Saving…');
        try {
          await withdrawPendingMode(account);
          announce(`The waiting change is withdrawn: ${mode?.label ?? account.mode} stays in force.`, 'success');
          heading.focus();
        } catch (error) {
          if (error.status !== 401) showInlineError(keepError, `The change could not be withdrawn: ${describeError(error)}`);
          if (keep.isConnected) done();
        }
      });
      fill(pending,
        h('h2', { id: 'pending-mode-heading' }, `Waiting for you: ${MODES[account.pendingMode]?.label ?? account.pendingMode}`),
        h('p', {}, `You asked for ${MODES[account.pendingMode]?.label ?? account.pendingMode} for ${describeTargets(account.pendingTargetedTo, names).replace(/^E/, 'e')}. It takes effect once you re-confirm Mailmoat's permissions with Microsoft (a Global Administrator signs in and accepts). Until then, ${mode?.label ?? account.mode} stays in force.`),
        h('p', { class: 'card-actions' }, link, keep),
        keepError,
        h('p', { class: 'small muted' }, 'Changed your mind? Choose another mode below (the latest choice is the one that waits), or keep the mode in force to withdraw the change.'));
      pending.hidden = false;
    } else {
      pending.hidden = true;
      pending.textContent = '';
    }
  }

  store.on('account', (account) => {
    if (!view.hidden) render(account);
  });

  return {
    view,
    title: 'Protection',
    heading,
    show() {
      view.hidden = false;
      const account = store.get('account');
      render(account);
      const choice = radios.find((r) => r.mode === (account?.pendingMode ?? account?.mode)) ?? radios[0];
      if (!selected()) choice.input.checked = true;
      picker.set(account?.pendingTargetedTo ?? account?.targetedTo, names);
      updateChoice();
      refreshAccount().catch(() => {});
      return false;
    },
    hide() {
      view.hidden = true;
    },
  };
}
