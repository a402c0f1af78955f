// Removing and releasing detected messages: the confirmation, POST /api/remediations, and the
// job it starts (published as 'remediation' so the progress parts follow it). Shared by the
// Threat Scan Complete bar and the Detections page.

import { call } from './session.js';
import { h, plural, busy, formatNumber } from './ui.js';
import { confirmDialog } from './dialog.js';
import { releaseRisk } from './labels.js';
import * as store from './store.js';
import { releaseAllConfirmation } from './quarantine.js';

const WORDS = {
  REMOVE: {
    verb: 'Remove',
    title: (what) => `Remove ${what}?`,
    body: 'Mailmoat moves each message out of its folder into the Mailmoat Quarantine folder of its mailbox, a folder hidden from the user: it does not appear in Outlook, so nobody opens the message or drags it back. You can release any of them later from Detections.',
  },
  RELEASE: {
    verb: 'Release',
    title: (what) => `Release ${what}?`,
    body: 'Mailmoat moves each message back to the folder it was removed from, where its user sees it again, and learns that such mail is wanted: similar messages are judged less harshly from the next scan. Release only messages you are sure are safe.',
  },
};

/**
 * Asks for confirmation, then starts a remediation job.
 * target: { scanId }, { detectionIds: [...] }, { sender } (REMOVE only) or { inQuarantine: true } (RELEASE only);
 * count: how many messages (for the words); button: the control that asked (busy only once confirmed, so focus can
 * return to it on cancel). options: preview, the count's answer: for a scan, `preview.byLevel` (the waiting threats
 * by level, when counted); for everything in quarantine, GET /api/remediations/preview?inQuarantine=true;
 * detections, the detections released when known, so a release of malware names the risk and asks for an explicit
 * acknowledgement.
 * Resolves to the started job ({id, total, ...}) or null when cancelled; throws ApiError.
 */
export async function remediate(action, target, count, button = null, { preview = null, detections = [] } = {}) {
  const words = WORDS[action];
  const what = plural(count, 'message');
  const everything = target.inQuarantine ? releaseAllConfirmation(preview ?? { total: count }) : null;
  const risk = action === 'RELEASE' && !everything ? releaseRisk(detections) : null;
  const partly = risk && detections.length > 1 && !detections.every((d) => risk.malware.includes(d));
  const body = risk
    ? [h('p', {}, 'Mailmoat moves each message back to the folder it was removed from, where its user sees it again.'),
      ...risk.paragraphs.map((text, i) => h('p', {}, i === 0 ? h('strong', {}, text) : text)),
      partly ? h('p', {}, 'The others are learnt as wanted mail: similar messages are judged less harshly from the next scan.') : null]
    : [h('p', {}, words.body)];
  const confirmed = await confirmDialog(everything ? {
    title: everything.title,
    body: everything.body.map((line, index) => h('p', { class: index ? 'small muted' : null }, line)),
    confirmLabel: everything.confirmLabel,
  } : {
    title: words.title(what),
    body: [...body, target.scanId ? h('p', { class: 'small muted' }, scanThreatsIncluded(preview?.byLevel)) : null,
      target.sender ? h('p', { class: 'small muted' }, `Every message from ${target.sender} still waiting for a decision, found by any scan or real-time check, in every mailbox. Messages you released or marked not a threat stay where they are.`) : null],
    confirmLabel: `${words.verb} ${what}`,
    danger: action === 'REMOVE' || Boolean(risk),
    acknowledge: risk?.acknowledge ?? null,
  });
  if (!confirmed) return null;
  const done = busy(button, 'Starting…');
  try {
    return await startRemediation(action, target, count);
  } finally {
    done();
  }
}

/**
 * Starts a job the administrator has already confirmed, and publishes it as 'remediation' so the
 * progress parts follow it. Resolves to the job; throws ApiError.
 */
export async function startRemediation(action, target, count = 0) {
  const { data } = await call('/api/remediations', { method: 'POST', body: { action, ...target, confirm: true } });
  const job = {
    id: data?.id,
    action,
    status: 'RUNNING',
    total: data?.total ?? count,
    done: 0,
    alreadyGone: 0,
    failed: 0,
    failures: [],
    createdAt: new Date().toISOString(),
    ...data,
  };
  store.set('remediation', job);
  return job;
}

/**
 * Which of a scan's threats Remove Threats takes, in words: suspicious messages go with the malicious
 * ones, so the confirmation says how many of each when they were counted (`byLevel`).
 */
export function scanThreatsIncluded(byLevel) {
  const malicious = Number(byLevel?.MALICIOUS) || 0;
  const suspicious = Number(byLevel?.SUSPICIOUS) || 0;
  const base = 'Every threat this Threat Scan found and that is still in a mailbox is included';
  if (!byLevel || malicious + suspicious === 0) return `${base}, suspicious messages as well as malicious ones.`;
  if (suspicious === 0) return `${base}: ${malicious === 1 ? 'it is malicious' : `all ${formatNumber(malicious)} are malicious`}.`;
  if (malicious === 0) return `${base}: ${suspicious === 1 ? 'it is suspicious, not malicious' : `all ${formatNumber(suspicious)} are suspicious, none malicious`}.`;
  return `${base}: ${formatNumber(malicious)} malicious and ${formatNumber(suspicious)} suspicious.`;
}
