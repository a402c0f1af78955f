// What the console says about Mailmoat's quarantine as a whole: releasing everything in it (from
// Detections and before offboarding) and mailboxes whose quarantine folder their users can see.
// Words only, no DOM: the pages place them, and web/test checks them.

import { formatNumber, plural } from './ui.js';

/**
 * The confirmation of "Release all": how many, and what it does.
 * preview: GET /api/remediations/preview?inQuarantine=true ({ total, more, max }).
 */
export function releaseAllConfirmation(preview) {
  const total = Number(preview?.total) || 0;
  const more = Boolean(preview?.more);
  const what = more ? `the newest ${plural(total, 'message')}` : total === 1 ? 'the message' : `all ${plural(total, 'message')}`;
  return {
    title: more ? `Release the newest ${plural(total, 'message')} in quarantine?` : `Release ${what} in quarantine?`,
    body: [
      `Mailmoat moves ${what} in quarantine, in every mailbox, back to the folder each was removed from, where its user sees it again.`,
      more ? `More than ${formatNumber(preview?.max ?? total)} messages are in quarantine: one release takes the newest ${formatNumber(total)}. Release all again when it is done for the rest.` : null,
      'Mailmoat does not learn from this release: releasing everything says nothing about any one message. To tell Mailmoat a message is safe, release that message on its own.',
    ].filter(Boolean),
    confirmLabel: `Release ${plural(total, 'message')}`,
  };
}

/**
 * The state of a release of everything in quarantine, in words, for the offboarding card.
 * job: GET /api/remediations/{id}. Returns { text, done, canOffboard }.
 */
export function releaseAllProgress(job) {
  const total = Number(job?.total) || 0;
  const moved = Number(job?.done) || 0;
  const gone = Number(job?.alreadyGone) || 0;
  const already = Number(job?.alreadyDone) || 0;
  const failed = Number(job?.failed) || 0;
  if (job?.status === 'RUNNING') {
    return {
      text: `Releasing ${plural(total, 'message')} from quarantine: ${formatNumber(moved + gone + already + failed)} done so far. You can leave this page: it carries on.`,
      done: false,
      canOffboard: false,
    };
  }
  const parts = [`${formatNumber(moved + already)} of ${plural(total, 'message')} ${total === 1 ? 'is' : 'are'} back in ${total === 1 ? 'its mailbox' : 'their mailboxes'}.`];
  if (gone) parts.push(`${plural(gone, 'message was', 'messages were')} already gone (deleted by ${gone === 1 ? 'its user' : 'their users'}).`);
  if (failed) parts.push(`${plural(failed, 'message', 'messages')} could not be released and ${failed === 1 ? 'is' : 'are'} still in quarantine: see why on Home.`);
  if (job?.moreInQuarantine) parts.push('More messages are still in quarantine: release them all again.');
  const clear = !failed && !job?.moreInQuarantine;
  parts.push(clear ? 'Nothing is left in quarantine: you can remove Mailmoat now.'
    : 'Remove Mailmoat asks again about what is left.');
  return { text: parts.join(' '), done: true, canOffboard: clear };
}

/**
 * Mailboxes whose Mailmoat Quarantine folder their users can see, in words; null when there are none.
 * folders: GET /api/quarantine/folders ({ visible, atLeast, mailboxes: [{ mailbox }] }).
 */
export function visibleFoldersNotice(folders) {
  const count = Number(folders?.visible) || 0;
  if (count === 0) return null;
  const many = count !== 1;
  const listed = Array.isArray(folders?.mailboxes) ? folders.mailboxes.map((m) => m.mailbox).filter(Boolean) : [];
  return {
    title: 'Quarantine folders your users can see',
    summary: `${folders?.atLeast ? 'At least ' : ''}${plural(count, 'mailbox has', 'mailboxes have')} a Mailmoat Quarantine folder ${many ? 'their users' : 'its user'} can see: it was made before Mailmoat created the folder hidden. Users of ${many ? 'these mailboxes' : 'this mailbox'} can open the messages Mailmoat moved there, or move them back.`,
    why: 'Microsoft Graph cannot hide an existing folder: Microsoft documents that a folder\'s isHidden can be set only when the folder is created, and that changing it means deleting the folder and creating a new one.',
    fix: 'To give a mailbox a hidden folder: release (or delete) what is in its Mailmoat Quarantine folder, then delete the folder for good (Shift+Delete in Outlook, or empty it from Deleted Items: a folder only moved to Deleted Items still exists and would go on being used). The next removal in that mailbox creates a hidden one.',
    mailboxes: listed,
    more: Math.max(0, count - listed.length),
  };
}
