// Upgrade: from Threat Scan only to Monitor or Protect. What the upgrade will change (and what it
// will not), the choice of mode and Targeted To, a warning to confirm, then Microsoft permissions
// re-confirmed; the automated configuration step by step; the report of the customer's own
// transport rules pushed down; and offboarding (Remove Mailmoat from Microsoft 365), confirmed.

import { describeError, errorItems } from '../api.js';
import { call, refreshAccount, isConnected } from '../session.js';
import { h, fill, announce, busy, pill, progressBar, plural, showInlineError, clearInlineError, timeElement } from '../ui.js';
import { confirmDialog, chooseDialog } from '../dialog.js';
import { startRemediation } from '../remediation.js';
import { releaseAllProgress } from '../quarantine.js';
import { poll } from '../poller.js';
import { MODES } from '../labels.js';
import { describeTargets, forWhom } from '../targets.js';
import { UPGRADE_STATUSES, STEP_STATUSES, upgradeProgress, pushedDownText } from '../upgrade-steps.js';
import { createTargetsPicker, groupNamesFor } from '../parts/targets-picker.js';
import { RECONSENT_URL } from './protection.js';
import * as upgradeStatus from '../upgrade-status.js';
import * as store from '../store.js';
import * as router from '../router.js';

const OFFBOARD_KINDS = {
  transportRule: 'Transport rule',
  mailSubscriptions: 'Mail subscriptions',
  microsoftTokens: 'Microsoft access tokens',
  tenantLink: 'Link to your Microsoft 365 tenant',
};

/** The changes the warning dialog lists before anything is done. */
export const UPGRADE_CHANGES = [
  'Adds Mailmoat\'s transport rules at the top of your Exchange Online rules (priority 0). They send mail from your Blocked senders (and, in Protect, from senders our scans found malicious) to Exchange\'s quarantine before it is delivered. Your own rules keep their order below them: we will tell you which moved.',
  'Imports your users and groups, so modes and policies can target them.',
  'Watches the chosen mailboxes for new mail (Microsoft Graph notifications), so each message is checked seconds after it arrives.',
  'Switches the mode once everything is in place.',
];

/** Why a Blocked sender is not in Mailmoat's transport rules (`leftOut` of the held-back and preview answers). */
export function leftOutReason(entry) {
  return entry?.why === 'OWN_DOMAIN'
    ? 'An address of your own organisation: Exchange cannot hold back mail from inside your organisation, so Mailmoat\'s rules leave it out. Mailmoat still treats its mail as malicious when it checks it after delivery (Protect moves it to quarantine).'
    : 'Also on your Allowed senders list: take it off one of the two lists.';
}

/** The advice for disclaimer-type rules Mailmoat's pushed down (or will), or null when there is none. */
export function disclaimerAdvice(rules) {
  const names = (rules ?? []).filter((r) => r.disclaimer).map((r) => r.name);
  if (!names.length) return null;
  return `${names.join(', ')} ${names.length === 1 ? 'adds a disclaimer or hands mail to a connector' : 'add a disclaimer or hand mail to a connector'}, as disclaimer and signature services do. Such rules usually need to be first: move ${names.length === 1 ? 'it' : 'them'} back above Mailmoat's rules in the Exchange admin center (Mail flow, Rules). Mailmoat's rules only act on mail from outside your organisation, so they keep working below ${names.length === 1 ? 'it' : 'them'}.`;
}

/** The warning dialog's sections about what to know first: from GET /api/upgrade/preview (or why it is missing). */
export function previewSections(preview) {
  if (!preview || preview.error) {
    return [h('p', { class: 'small muted', id: 'upgrade-preview-error' }, 'Mailmoat could not check your DNS records and transport rules just now. The upgrade checks them again and lists what is worth fixing.')];
  }
  const sections = [];
  const warnings = preview.warnings ?? [];
  if (warnings.length) {
    sections.push(h('div', { class: 'notice notice-info', id: 'upgrade-preview-warnings' },
      h('h3', {}, 'Worth fixing first'),
      h('ul', {}, warnings.map((w) => h('li', {}, w.message, w.fix ? h('span', { class: 'small' }, ` To fix it: ${w.fix}`) : null))),
      h('p', { class: 'small' }, 'They do not stop the upgrade. ', h('a', { href: router.href('domains') }, 'Domains & DNS'), ' has the records to publish.')));
  }
  const rules = preview.rulesMovingDown ?? [];
  sections.push(h('div', { id: 'upgrade-preview-rules' },
    h('h3', {}, 'Your transport rules that move down'),
    preview.rulesUnreadable ? h('p', { class: 'small' }, preview.rulesUnreadable)
      : rules.length ? [
        h('p', {}, `Mailmoat's rules go above ${rules.length === 1 ? 'this rule' : `these ${rules.length} rules`}, which keep their order:`),
        h('ul', {}, rules.map((r) => h('li', { 'data-rule': r.name }, `${r.name} (priority ${r.priority} now)`,
          r.disclaimer ? [' ', pill('Disclaimer-type', 'warning')] : null))),
        disclaimerAdvice(rules) ? h('p', { class: 'small' }, disclaimerAdvice(rules)) : null,
      ]
        : h('p', { class: 'small' }, 'None: you have no transport rules of your own above where Mailmoat\'s go.')));
  const leftOut = preview.leftOut ?? [];
  if (leftOut.length) {
    sections.push(h('div', { id: 'upgrade-preview-left-out' },
      h('h3', {}, 'Blocked senders Exchange will not hold back'),
      h('ul', {}, leftOut.map((l) => h('li', { 'data-value': l.value }, h('strong', {}, l.value), ` — ${leftOutReason(l)}`)))));
  }
  return sections;
}

/** Leaves for Microsoft's consent page (a function, so the module tests can run without a browser). */
function goToMicrosoft(url) {
  window.location.assign(url);
}

/** One line of what offboarding removed: the rule or tenant by name, the rest counted. */
export function offboardLine(item) {
  const label = OFFBOARD_KINDS[item.kind] ?? item.name ?? item.kind;
  if (item.kind === 'transportRule' || item.kind === 'tenantLink') return `${label}: ${item.name}`;
  return OFFBOARD_KINDS[item.kind] ? `${label} (${item.count})` : `${label}${item.name && item.name !== label ? `: ${item.name}` : ''} (${item.count})`;
}

export function createUpgradePage() {
  const heading = h('h1', { id: 'upgrade-heading', tabindex: '-1' }, 'Upgrade');

  // The current or last upgrade.
  const statusPill = h('span', { id: 'upgrade-status-pill' });
  const statusText = h('p', { id: 'upgrade-status-text' });
  const bar = progressBar({ labelId: 'upgrade-progress-heading' });
  const percent = h('span', { class: 'progress-percent', 'aria-hidden': 'true' }, '0%');
  const steps = h('ol', { class: 'steps', id: 'upgrade-steps', 'aria-label': 'Upgrade steps' });
  const consent = h('div', { id: 'upgrade-consent', hidden: true });
  const notices = h('div', { id: 'upgrade-notices' });
  const report = h('div', { id: 'upgrade-report' });
  const progressCard = h('section', { class: 'card', id: 'upgrade-progress', 'data-testid': 'upgrade-progress', 'aria-labelledby': 'upgrade-progress-heading', hidden: true },
    h('div', { class: 'card-header' }, h('h2', { id: 'upgrade-progress-heading' }, 'Installing Mailmoat'), statusPill),
    statusText, consent,
    h('div', { class: 'progress-row' }, bar.element, percent),
    steps, notices, report);

  // The form: mode and Targeted To.
  const modeInputs = ['MONITOR', 'PROTECT'].map((mode) => h('input', { type: 'radio', name: 'upgrade-mode', id: `upgrade-mode-${mode.toLowerCase()}`, value: mode, checked: mode === 'MONITOR' }));
  const picker = createTargetsPicker({ idPrefix: 'upgrade' });
  const upgradeNow = h('button', { type: 'submit', class: 'btn btn-primary', id: 'upgrade-now', 'data-testid': 'upgrade-now' }, 'Upgrade Now');
  const formError = h('div', { class: 'part-error', id: 'upgrade-error', hidden: true });
  const form = h('form', { class: 'card', id: 'upgrade-form', novalidate: true, 'aria-labelledby': 'upgrade-form-heading', hidden: true },
    h('div', { class: 'card-header' }, h('h2', { id: 'upgrade-form-heading' }, 'Install Advanced Protection')),
    h('p', {}, 'Today Mailmoat only scans past mail. The upgrade checks every new message seconds after it arrives and stops known bad senders before delivery.'),
    h('h3', {}, 'What changes in your Microsoft 365'),
    h('ul', { class: 'change-list' }, UPGRADE_CHANGES.map((line) => h('li', {}, line))),
    h('p', { class: 'small muted' }, 'Mail keeps flowing exactly as it does today: no MX record, connector, routing domain or ARC setting is changed, because Mailmoat does not sit in front of Exchange.'),
    h('fieldset', { class: 'fieldset' }, h('legend', {}, 'Mode after the upgrade'),
      h('label', { class: 'mode-choice', for: modeInputs[0].id }, modeInputs[0],
        h('span', {}, h('span', { class: 'mode-choice-label' }, 'Monitor · recommended to start'), h('span', { class: 'small muted mode-choice-text' }, MODES.MONITOR.description))),
      h('label', { class: 'mode-choice', for: modeInputs[1].id }, modeInputs[1],
        h('span', {}, h('span', { class: 'mode-choice-label' }, 'Protect'), h('span', { class: 'small muted mode-choice-text' }, MODES.PROTECT.description)))),
    picker.element,
    formError,
    h('div', { class: 'card-actions' }, upgradeNow));

  const installed = h('p', { class: 'notice', id: 'upgrade-installed', hidden: true });
  const loadError = h('div', { class: 'part-error', id: 'upgrade-load-error', hidden: true });

  // Offboarding.
  const offboard = h('button', { type: 'button', class: 'btn btn-danger-outline', id: 'offboard', 'data-testid': 'offboard' }, 'Remove Mailmoat from Microsoft 365');
  const offboardError = h('div', { class: 'part-error', hidden: true });
  const offboardResult = h('div', { id: 'offboard-result', 'data-testid': 'offboard-result', role: 'status', tabindex: '-1', hidden: true });
  // "Release them all first": the release of everything in quarantine, followed here until it is done.
  const releaseText = h('p', { id: 'offboard-release-text' });
  const releaseBar = progressBar({ label: 'Progress of the release of everything in quarantine', tone: 'success' });
  const releaseLink = h('p', { class: 'small', hidden: true });
  const offboardRelease = h('div', { class: 'notice', id: 'offboard-release', 'data-testid': 'offboard-release', role: 'status', tabindex: '-1', hidden: true },
    releaseText, releaseBar.element, releaseLink);
  const offboardCard = h('section', { class: 'card', id: 'offboard-card', 'aria-labelledby': 'offboard-heading' },
    h('div', { class: 'card-header' }, h('h2', { id: 'offboard-heading' }, 'Remove Mailmoat from Microsoft 365')),
    h('p', {}, 'Removes Mailmoat\'s transport rules (only ours: your own rules are not touched), stops watching mailboxes, forgets the Microsoft access Mailmoat holds and disconnects your tenant. What Mailmoat kept of the tenant (scan results, detections, removal records, the copy of your directory, what it learnt) is then erased; your account, policies and sender lists stay, and you can connect again later.'),
    offboardError, offboardRelease, offboardResult,
    h('div', { class: 'card-actions' }, offboard));

  // Who Mailmoat's rules hold back in Exchange now, and why: what the administrator may want to undo.
  const heldBackList = h('ul', { class: 'item-list', id: 'held-back-list', 'aria-label': 'Senders held back' });
  const heldBackText = h('p', { class: 'muted small', id: 'held-back-text' });
  const heldBackLeftOut = h('div', { id: 'held-back-left-out-section', hidden: true });
  const heldBackCard = h('section', { class: 'card', id: 'held-back-card', 'aria-labelledby': 'held-back-heading', hidden: true },
    h('h2', { id: 'held-back-heading' }, 'What Exchange holds back'),
    heldBackText, heldBackList, heldBackLeftOut,
    h('p', { class: 'small muted' }, 'To let a sender through again: take it off your Blocked senders (',
      h('a', { href: router.href('policies') }, 'Policies'),
      '), or release its message or mark it Not a threat in Detections.'));

  async function loadHeldBack() {
    try {
      const { data } = await call('/api/upgrade/held-back');
      const senders = Array.isArray(data?.senders) ? data.senders : [];
      heldBackCard.hidden = !data?.rulesInstalled;
      heldBackText.textContent = data?.removing
        ? `You switched to Threat Scan only: Mailmoat's transport rules are being removed from Exchange. Until they are gone they still send mail from ${plural(senders.length, 'sender or domain', 'senders and domains')} to Exchange's quarantine (if this stays, delete the rules named "Mailmoat - …" in the Exchange admin center).`
        : data?.mode === 'DISABLED'
        ? 'Mailmoat is Disabled: its rules stay in Exchange but hold nothing back.'
        : senders.length
          ? `Mailmoat's transport rules send mail from ${plural(senders.length, 'sender or domain', 'senders and domains')} to Exchange's quarantine before delivery${data?.mode === 'MONITOR' ? ' (Monitor: your Blocked senders only)' : ''}.`
          : 'Nobody: your Blocked senders list is empty' + (data?.mode === 'PROTECT' ? ' and no scan found a malicious sender.' : '.');
      fill(heldBackList, senders.slice(0, 200).map((s) => h('li', { class: 'item', 'data-value': s.value },
        h('span', { class: 'name' }, s.value), ' ',
        s.why === 'BLOCKED_LIST' ? pill('Your Blocked senders', 'neutral') : pill('Found malicious by a scan', 'warning'))));
      const leftOut = Array.isArray(data?.leftOut) ? data.leftOut : [];
      heldBackLeftOut.hidden = leftOut.length === 0;
      fill(heldBackLeftOut, leftOut.length ? [
        h('h3', {}, 'Not held back by Exchange'),
        h('ul', { class: 'item-list', id: 'held-back-left-out' }, leftOut.map((l) => h('li', { class: 'item', 'data-value': l.value },
          h('span', { class: 'name' }, l.value), h('p', { class: 'small muted' }, leftOutReason(l))))),
      ] : []);
    } catch (error) {
      heldBackCard.hidden = true;
    }
  }

  const view = h('section', { id: 'upgrade-view', class: 'view', hidden: true, 'aria-labelledby': 'upgrade-heading' },
    h('div', { class: 'overview' }, h('div', {}, heading,
      h('p', { class: 'muted' }, 'Move from Threat Scan only to live protection, follow the installation step by step, or remove Mailmoat from Microsoft 365.'))),
    installed,
    loadError,
    h('div', { class: 'grid', id: 'upgrade-grid' },
      h('div', { class: 'column', id: 'upgrade-main' }, progressCard, form),
      h('div', { class: 'column' }, heldBackCard, offboardCard)));

  let consentUrl = RECONSENT_URL;

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearInlineError(formError);
    if (!picker.valid()) return;
    const mode = modeInputs.find((input) => input.checked)?.value ?? 'MONITOR';
    const targetedTo = picker.value();
    // What is worth knowing first (DNS checks, the rules that will move, Blocked senders Exchange leaves out).
    const checking = busy(upgradeNow, 'Checking…');
    const preview = await loadPreview();
    checking();
    const confirmed = await confirmDialog({
      title: 'Before Mailmoat changes Exchange Online',
      body: [
        h('p', {}, `Upgrading to ${MODES[mode].label} for ${describeTargets(targetedTo, picker.names()).replace(/^E/, 'e')} does the following:`),
        h('ul', {}, UPGRADE_CHANGES.map((line) => h('li', {}, line))),
        ...previewSections(preview),
        h('p', {}, 'Next, you go on to Microsoft, where a Global Administrator re-confirms Mailmoat\'s permissions (including managing Exchange). Nothing changes until that is done.'),
        h('p', {}, 'You can undo all of it with Remove Mailmoat from Microsoft 365.'),
      ],
      confirmLabel: 'I understand, upgrade',
    });
    if (!confirmed) return;
    const done = busy(upgradeNow, 'Starting…');
    try {
      const { data } = await call('/api/upgrade', { method: 'POST', body: { mode, targetedTo, confirm: true } });
      consentUrl = data?.consentUrl || RECONSENT_URL;
      upgradeStatus.refresh();
      // Straight on to Microsoft, as the dialog said; the page keeps the link for when they come back.
      announce('Going on to Microsoft to re-confirm Mailmoat\'s permissions…', 'info');
      goToMicrosoft(consentUrl);
    } catch (error) {
      if (error.status === 401) return;
      const items = errorItems(error);
      fill(formError, h('div', { class: 'inline-error', role: 'alert' }, h('p', {}, `The upgrade could not start: ${describeError(error)}`),
        items.length ? h('ul', {}, items.map((item) => h('li', {}, item))) : null));
      formError.hidden = false;
    } finally {
      done();
    }
  });

  /** GET /api/upgrade/preview; on failure, { error } (the dialog says it could not check, and the upgrade can go on). */
  async function loadPreview() {
    try {
      const { data } = await call('/api/upgrade/preview');
      return data ?? {};
    } catch (error) {
      return { error };
    }
  }

  offboard.addEventListener('click', async () => {
    // Asked again, as for closing the account: offboarding cannot be undone and erases the detections.
    const password = h('input', { type: 'password', id: 'offboard-password', name: 'password', autocomplete: 'current-password', required: true });
    const confirmed = await confirmDialog({
      title: 'Remove Mailmoat from Microsoft 365?',
      body: [
        h('p', {}, 'New mail will no longer be checked, and Mailmoat\'s transport rules are deleted from Exchange Online.'),
        h('p', {}, 'Mailmoat disconnects your tenant and erases its scan results, detections and removal records. Afterwards, delete the Mailmoat Enterprise App in Microsoft Entra ID: an app cannot remove itself.'),
        h('p', {}, 'Messages in quarantine stay in each mailbox\'s Mailmoat Quarantine folder (hidden from users unless an earlier version created it visible), and Mailmoat can no longer release them: release any you want back first (Detections, status Removed).'),
        h('div', { class: 'field' }, h('label', { for: 'offboard-password' }, 'Your Mailmoat password, to confirm'), password),
      ],
      confirmLabel: 'Remove Mailmoat',
      cancelLabel: 'Keep Mailmoat',
      danger: true,
    });
    if (!confirmed) return;
    clearInlineError(offboardError);
    if (!password.value) {
      showInlineError(offboardError, 'Mailmoat was not removed: enter your password in the confirmation to remove it.');
      return;
    }
    const done = busy(offboard, 'Removing…');
    try {
      const { data } = await offboardKeepingQuarantineIfConfirmed(password.value);
      if (!data) return;
      offboardRelease.hidden = true;
      renderOffboard(data);
      announce('Mailmoat was removed from your Microsoft 365 tenant.', 'success');
      await refreshAccount().catch(() => {});
      upgradeStatus.refresh();
      store.emit('setup:stale');
      offboardResult.focus();
    } catch (error) {
      if (error.status !== 401) showInlineError(offboardError, `Mailmoat could not be removed: ${describeError(error)}`);
    } finally {
      done();
      // Not while everything in quarantine is being released: removing now would ask about it again.
      offboard.disabled = releasing;
    }
  });

  /**
   * Offboards; when messages are still in quarantine, says so (the server's words) and offers to release them all
   * first, to leave them there (and offboard), or to go and release some. Resolves with the answer, or
   * { data: null } when Mailmoat was not removed (yet).
   */
  async function offboardKeepingQuarantineIfConfirmed(password) {
    try {
      return await call('/api/offboard', { method: 'POST', body: { confirm: true, password } });
    } catch (error) {
      if (error.code !== 'quarantine_not_empty') throw error;
      const choice = await chooseDialog({
        title: 'Messages are still in quarantine',
        body: [
          h('p', {}, describeError(error)),
          h('p', {}, 'Release them all first: Mailmoat moves every one back to the folder it came from, in every mailbox. When that is done, remove Mailmoat again and nothing is left behind in quarantine.'),
          h('p', {}, h('a', { href: router.href('detections', null, { status: 'REMOVED' }) }, 'See the messages in quarantine')),
        ],
        cancelLabel: 'Release some first',
        choices: [
          { value: 'keep', label: 'Leave them and remove Mailmoat', danger: true, id: 'offboard-keep-quarantined' },
          { value: 'release', label: 'Release them all first', id: 'offboard-release-all' },
        ],
      });
      if (choice === 'release') {
        await releaseAllBeforeOffboarding();
        return { data: null };
      }
      if (choice !== 'keep') return { data: null };
      return call('/api/offboard', { method: 'POST', body: { confirm: true, password, keepQuarantined: true } });
    }
  }

  let releasePoller = null;
  let releasing = false;

  /** Starts the release of everything in quarantine and follows it in the card until it is done. */
  async function releaseAllBeforeOffboarding() {
    let job;
    try {
      job = await startRemediation('RELEASE', { inQuarantine: true });
    } catch (error) {
      if (error.status === 401) return;
      if (error.code === 'nothing_to_do') {
        showRelease({ status: 'COMPLETED', total: 0 }, 'Nothing is in quarantine any more: you can remove Mailmoat now.');
        return;
      }
      showInlineError(offboardError, `The messages could not be released: ${describeError(error)}`);
      return;
    }
    announce(`Releasing ${plural(job.total, 'message')} from quarantine…`, 'info');
    followRelease(job);
    offboardRelease.focus();
  }

  function followRelease(job) {
    releasePoller?.stop();
    showRelease(job);
    if (job.status !== 'RUNNING') return;
    releasePoller = poll(async () => {
      try {
        const { data } = await call(`/api/remediations/${encodeURIComponent(job.id)}`);
        showRelease(data);
        store.set('remediation', data);
        if (data?.status === 'RUNNING') return 1500;
        store.emit('detections:stale');
        store.emit('notifications:stale');
        const words = releaseAllProgress(data);
        announce(words.text, words.canOffboard ? 'success' : 'info');
        if (words.canOffboard) offboard.focus();
        return false;
      } catch (error) {
        if (error.status === 401) return false;
        releaseText.textContent = `The release's progress could not be loaded: ${describeError(error)} Retrying.`;
        return 5000;
      }
    }, { interval: 1500, immediate: false });
  }

  function showRelease(job, text = null) {
    const words = releaseAllProgress(job);
    offboardRelease.hidden = false;
    offboardRelease.dataset.status = job?.status ?? '';
    offboardRelease.dataset.jobId = job?.id ?? '';
    releaseText.textContent = text ?? words.text;
    const total = Number(job?.total) || 0;
    const finished = (Number(job?.done) || 0) + (Number(job?.alreadyGone) || 0) + (Number(job?.alreadyDone) || 0)
      + (Number(job?.failed) || 0);
    const value = words.done ? 100 : total ? Math.min(99, Math.floor((finished / total) * 100)) : 0;
    releaseBar.update(value, `${value}%`);
    releaseBar.element.hidden = total === 0;
    releaseLink.hidden = !(words.done && Number(job?.failed) > 0);
    if (!releaseLink.hidden) {
      fill(releaseLink, h('a', { href: router.href('home', null, { remediation: job.id }) }, 'Why some could not be released'));
    }
    releasing = !words.done;
    offboard.disabled = releasing;
  }

  function renderOffboard(result) {
    const removed = Array.isArray(result?.removed) ? result.removed : [];
    const notRemoved = Array.isArray(result?.notRemoved) ? result.notRemoved : [];
    fill(offboardResult,
      h('div', { class: 'notice' },
        h('h3', {}, 'Removed'),
        h('ul', { id: 'offboard-removed' }, removed.map((item) => h('li', { 'data-kind': item.kind },
          offboardLine(item)))),
        notRemoved.length ? [h('h3', {}, 'Not removed'), h('ul', {}, notRemoved.map((line) => h('li', {}, line)))] : null,
        result?.dataErasure ? h('p', { id: 'offboard-data' }, result.dataErasure) : null,
        result?.nextStep ? h('p', { id: 'offboard-next' }, h('strong', {}, 'Next: '), result.nextStep) : null));
    offboardResult.hidden = false;
  }

  // Group names for the Targeted To in force and the upgrade's (saved as ids), looked up once per set of ids.
  let groupNames = {};
  let namesAsked = '';
  function lookUpGroupNames(account, upgrade) {
    const ids = [...new Set([...(account.targetedTo?.groups ?? []), ...(upgrade?.targetedTo?.groups ?? [])])].sort();
    if (ids.length === 0 || ids.join(',') === namesAsked) return;
    namesAsked = ids.join(',');
    groupNamesFor(ids).then((found) => {
      groupNames = { ...groupNames, ...found };
      // The picker's chips too, when they show these groups by id.
      const shown = picker.value();
      if (!shown.everyone && shown.groups.some((id) => found[id])) picker.set(shown, { ...picker.names(), ...found });
      render();
    }).catch(() => {
      // The groups are counted instead.
    });
  }

  function render() {
    const account = store.get('account') ?? {};
    const upgrade = store.get('upgrade');
    lookUpGroupNames(account, upgrade);
    const connected = isConnected(account);
    const live = account.mode === 'MONITOR' || account.mode === 'PROTECT';
    const showForm = connected && !live && (!upgrade || upgrade.status === 'COMPLETED' || upgrade.status === 'FAILED');
    form.hidden = !showForm;
    offboardCard.hidden = !connected && offboardResult.hidden;
    offboard.hidden = !connected;
    installed.hidden = !live;
    if (live) {
      fill(installed, `Mailmoat is installed: ${MODES[account.mode].label} for ${forWhom(account.targetedTo, groupNames)}. `,
        h('a', { href: router.href('protection') }, 'Change the mode on the Protection page'), '.');
    }
    if (!connected && !upgrade) {
      fill(installed, 'Connect Microsoft 365 first: the upgrade configures your tenant. ', h('a', { href: router.href('home') }, 'Go to Home'));
      installed.hidden = false;
    }
    renderUpgrade(upgrade);
    // Nothing to follow or start (e.g. after offboarding): one column, no empty half.
    const empty = progressCard.hidden && form.hidden;
    view.querySelector('#upgrade-main').hidden = empty;
    view.querySelector('#upgrade-grid').classList.toggle('grid-one', empty);
  }

  function renderUpgrade(upgrade) {
    progressCard.hidden = !upgrade;
    if (!upgrade) return;
    progressCard.dataset.status = upgrade.status;
    const status = UPGRADE_STATUSES[upgrade.status] ?? { text: upgrade.status, tone: 'neutral' };
    fill(statusPill, pill(status.text, status.tone));
    const progress = upgradeProgress(upgrade);
    bar.update(progress.percent, `${progress.done} of ${progress.total} steps done`);
    percent.textContent = `${progress.percent}%`;
    const mode = MODES[upgrade.mode]?.label ?? upgrade.mode;
    if (upgrade.status === 'PENDING_CONSENT') {
      statusText.textContent = `Upgrade to ${mode} requested. It starts as soon as a Global Administrator re-confirms Mailmoat's permissions with Microsoft.`;
      fill(consent, h('div', { class: 'card-actions' },
        h('a', { class: 'btn btn-primary', id: 'upgrade-consent-link', 'data-testid': 'upgrade-consent-link', href: consentUrl }, 'Re-confirm Microsoft permissions'),
        cancelRequestButton()), cancelError);
      consent.hidden = false;
    } else {
      consent.hidden = true;
      if (upgrade.status === 'RUNNING') {
        statusText.textContent = `${progress.current ?? 'Working'}… (${progress.done} of ${progress.total} steps done). You can leave this page: it carries on.`;
      } else if (upgrade.status === 'COMPLETED') {
        // The upgrade's own mode was switched on; the mode in force may have changed since (Protection page).
        const account = store.get('account') ?? {};
        const now = account.mode && account.mode !== upgrade.mode
          ? ` The mode has since changed: ${MODES[account.mode]?.label ?? account.mode} is now in force.` : '';
        statusText.textContent = `Congratulations! The email configuration is complete: the upgrade switched ${mode} on for ${forWhom(upgrade.targetedTo, groupNames)}.${now}`;
      } else {
        statusText.textContent = `The upgrade stopped${progress.failed ? ` at "${progress.failed.label}"` : ''}. ${upgrade.error ?? ''} Nothing was left half-done in Exchange Online.`.replace(/\s+/g, ' ').trim();
      }
    }
    fill(steps, (upgrade.steps ?? []).map((step, index) => {
      const st = STEP_STATUSES[step.status] ?? { text: step.status, tone: 'neutral' };
      return h('li', { class: 'step upgrade-step', 'data-step': step.name, 'data-status': step.status, 'aria-current': step.status === 'RUNNING' ? 'step' : null },
        h('span', { class: 'step-icon', 'aria-hidden': 'true' }, String(index + 1)),
        h('span', { class: 'step-title' }, step.label || step.name,
          step.error ? h('span', { class: 'small step-error' }, ` — ${step.error}`) : null),
        pill(st.text, st.tone));
    }));
    const blockers = upgrade.blockers ?? [];
    const warnings = upgrade.warnings ?? [];
    fill(notices,
      blockers.length ? h('div', { class: 'notice notice-error', id: 'upgrade-blockers' },
        h('h3', {}, 'What stopped the upgrade'),
        h('ul', {}, blockers.map((b) => h('li', {}, b.message, b.fix ? h('span', { class: 'small' }, ` To fix it: ${b.fix}`) : null)))) : null,
      warnings.length ? h('div', { class: 'notice notice-info', id: 'upgrade-warnings' },
        h('h3', {}, 'Worth fixing'),
        h('ul', {}, warnings.map((w) => h('li', {}, w.message, w.fix ? h('span', { class: 'small' }, ` To fix it: ${w.fix}`) : null)))) : null);
    const moved = upgrade.rulesPushedDown ?? [];
    const ours = upgrade.rulesInstalled ?? [];
    fill(report,
      upgrade.status === 'COMPLETED' || moved.length || ours.length ? h('div', { class: 'card-section', id: 'rules-report', 'data-testid': 'rules-pushed-down' },
        h('h3', {}, 'Your transport rules'),
        ours.length ? h('p', {}, `Mailmoat installed ${plural(ours.length, 'rule')} at the top: ${ours.join(', ')}.`) : null,
        moved.length
          ? [h('p', {}, `${plural(moved.length, 'of your rules was', 'of your rules were')} pushed down. Check that their order still does what you expect in the Exchange admin center.`),
            h('div', { class: 'table-scroll' }, h('table', { class: 'data-table', id: 'rules-pushed-down' },
              h('caption', { class: 'visually-hidden' }, 'Transport rules pushed down'),
              h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Rule'), h('th', { scope: 'col', class: 'num' }, 'Priority before'), h('th', { scope: 'col', class: 'num' }, 'Priority now'))),
              h('tbody', {}, moved.map((m) => h('tr', { 'data-rule': m.name, title: pushedDownText(m) },
                h('td', {}, m.name, m.disclaimer ? [' ', pill('Disclaimer-type', 'warning')] : null),
                h('td', { class: 'num' }, String(m.from)), h('td', { class: 'num' }, String(m.to))))))),
            disclaimerAdvice(moved) ? h('p', { class: 'notice notice-info', id: 'disclaimer-advice' }, disclaimerAdvice(moved)) : null,
            upgrade.status !== 'COMPLETED' ? null
              : upgrade.ruleOrderReviewedAt
                ? h('p', { class: 'small', id: 'rule-order-reviewed' }, 'You checked their order on ', timeElement(upgrade.ruleOrderReviewedAt), '.')
                : reviewedButton()]
          : h('p', { class: 'muted' }, 'None of your own rules had to move.'),
        upgrade.directoryImported ? h('p', { id: 'directory-imported' }, `Imported ${plural(upgrade.directoryImported.users, 'user')} and ${plural(upgrade.directoryImported.groups, 'group')} from Microsoft 365 for policies and Targeted To.`) : null,
        upgrade.finishedAt ? h('p', { class: 'small muted' }, 'Finished ', timeElement(upgrade.finishedAt), '.') : null) : null);
  }

  const cancelError = h('div', { class: 'part-error', id: 'upgrade-cancel-error', hidden: true });

  /** "Cancel upgrade request": withdraws it while it waits for Microsoft (the API refuses once it has started). */
  function cancelRequestButton() {
    const button = h('button', { type: 'button', class: 'btn', id: 'upgrade-cancel' }, 'Cancel upgrade request');
    button.addEventListener('click', async () => {
      clearInlineError(cancelError);
      const done = busy(button, 'Cancelling…');
      try {
        await upgradeStatus.cancelRequest();
        announce('The upgrade request is cancelled. Nothing was changed in Exchange Online.', 'success');
        heading.focus();
      } catch (error) {
        if (error.status !== 401) showInlineError(cancelError, `The upgrade request could not be cancelled: ${describeError(error)}`);
        upgradeStatus.refresh();
      } finally {
        if (button.isConnected) done();
      }
    });
    return button;
  }

  /** "I have checked the order": the setup checklist's last step is done. */
  function reviewedButton() {
    const button = h('button', { type: 'button', class: 'btn', id: 'rule-order-reviewed-button' }, 'I have checked their order');
    button.addEventListener('click', async () => {
      const done = busy(button, 'Saving…');
      try {
        const { data } = await call('/api/upgrade/rule-order-reviewed', { method: 'POST', body: {} });
        store.set('upgrade', data);
        store.emit('setup:stale');
        announce('Noted: the transport rule order is checked.', 'success');
      } catch (error) {
        if (error.status !== 401) announce(describeError(error), 'error', errorItems(error));
      } finally {
        if (button.isConnected) done();
      }
    });
    return button;
  }

  store.on('upgrade', () => {
    clearInlineError(loadError);
    if (!view.hidden) render();
  });
  store.on('upgrade:error', (error) => {
    if (error?.status !== 401) showInlineError(loadError, `The upgrade's progress could not be loaded: ${describeError(error)} Retrying.`);
  });
  store.on('account', () => {
    if (!view.hidden) render();
  });

  return {
    view,
    title: 'Upgrade',
    heading,
    show(route) {
      view.hidden = false;
      const wanted = route?.params?.get('mode');
      for (const input of modeInputs) if (wanted) input.checked = input.value === wanted;
      const account = store.get('account');
      if (account?.targetedTo && !account.targetedTo.everyone) picker.set(account.targetedTo, groupNames);
      render();
      upgradeStatus.refresh();
      if (isConnected(account)) loadHeldBack();
      else heldBackCard.hidden = true;
      return false;
    },
    hide() {
      view.hidden = true;
    },
  };
}
