// One user's own Blocked and Allowed senders (GET/PUT /api/managed-senders?user=): the words, the
// request body and the API's refusals in words. DOM-free, so the module tests cover it.

export const MANAGED_LISTS = {
  blocked: { title: 'Blocked senders', noun: 'blocked sender', other: 'permitted' },
  permitted: { title: 'Allowed senders', noun: 'allowed sender', other: 'blocked' },
};

/**
 * What a user's own entries do, as the engine applies them (ScanPolicies adds them to the organisation's
 * lists for mail to that mailbox only; SenderPolicyAnalyzer checks Blocked before Allowed). Exchange's
 * transport rules hold only the organisation's Blocked senders.
 */
export const MANAGED_EXPLANATION = [
  'These lists apply only to mail sent to this user, on top of your organisation\'s Blocked and Allowed senders.',
  'Blocked: mail from these senders to this user is treated as malicious whenever Mailmoat checks it (Threat Scans and Monitor report it, Protect moves it to quarantine). Exchange does not hold it back before delivery: only your organisation\'s Blocked senders are in Mailmoat\'s transport rules.',
  'Allowed: mail from these senders to this user is not flagged as spam, bulk, impersonation or phishing, as with your organisation\'s Allowed senders. Malware and high-confidence phishing are still caught, and the entry does not apply to mail that fails sender authentication.',
  'A sender on either Blocked list stays blocked, whichever Allowed list it is also on.',
];

/** The PUT body: both lists whole (the API replaces them), with `change` applied to one of them. */
export function managedSaveBody(user, lists, change = null) {
  const plain = (entries) => (entries ?? []).map((e) => ({ value: e.value, note: e.note ?? '' }));
  const body = { user, permitted: plain(lists?.permitted), blocked: plain(lists?.blocked) };
  if (change?.add) body[change.list].push({ value: change.add.value, note: change.add.note ?? '' });
  if (change?.remove) body[change.list] = body[change.list].filter((e) => e.value !== change.remove);
  return body;
}

/**
 * Why a value cannot be added to `list` before asking the server ('' when it can): empty, already
 * there, or on the user's other list (the API refuses a sender on both, naming the Blocked one).
 */
export function managedEntryCheck(value, list, lists) {
  const entry = value.trim().toLowerCase();
  if (!entry) return 'Enter an address such as name@example.com, or a domain such as example.com.';
  if ((lists?.[list] ?? []).some((e) => e.value === entry)) return `${value.trim()} is already on this list.`;
  const other = MANAGED_LISTS[list].other;
  if ((lists?.[other] ?? []).some((e) => e.value === entry)) {
    return `${value.trim()} is on this user's ${other === 'blocked' ? 'Blocked' : 'Allowed'} senders: a sender is one or the other, so remove it there first.`;
  }
  return '';
}

/**
 * The API's refusal in words. Its details name entries by place ("permitted[2]"), which means nothing
 * to the person who typed the value: only the messages are kept, each as a sentence.
 */
export function managedSaveError(details, fallback) {
  const messages = (Array.isArray(details) ? details : [])
    .filter((d) => typeof d?.message === 'string' && typeof d?.field === 'string')
    .map((d) => {
      const message = `${d.message.charAt(0).toUpperCase()}${d.message.slice(1)}.`;
      return d.field === 'user' ? `The user ${d.message}.` : message;
    });
  return messages.length ? messages.join(' ') : fallback;
}

/**
 * What the user search says under the box: `connected` (Microsoft 365 is), `importedAt` (the directory's
 * last import, '' if never), `found` (users matching `q`). `importable` is true when Import them now fits.
 */
export function userSearchStatus({ connected, importedAt, found, q }) {
  if (!connected) {
    return { text: 'Connect Microsoft 365 first: the users to choose from come from your Microsoft 365 directory.', connect: true };
  }
  if (!importedAt) {
    return { text: 'Your users have not been imported from Microsoft 365 yet. The upgrade imports them, and so does a daily refresh; or import them now.', importable: true };
  }
  if (found === 0) return { text: q ? `No user matches "${q}".` : 'Your directory has no users.' };
  return { text: found === 1 ? '1 user found.' : `${found} users found${found >= 50 ? ' (the first 50: type more of the name to narrow them)' : ''}.` };
}

/** What the CSV import box says it takes (the API's rules: ManagedSendersCsv). */
export const MANAGED_CSV_HINT = 'One sender a line: blocked or allowed, then an address or domain, then an optional note, '
  + 'separated by commas (blocked,billing@invoices.example,Fake invoices). A first line "list,value,note" and lines '
  + 'starting with # are skipped. Nothing is added unless every line is valid; senders already listed stay as they are. '
  + 'At most 1,000 lines.';

/** What an import that worked did, in one sentence (`data`: the API's answer). */
export function managedImportResult(user, data) {
  const added = data?.added ?? 0;
  const already = data?.alreadyListed ?? 0;
  const count = (n, one, many) => `${n} ${n === 1 ? one : many}`;
  let text = added === 0
    ? `Nothing was added: every sender in the file is already on ${user}'s lists.`
    : `Imported: ${count(added, 'sender', 'senders')} added to ${user}'s lists.`;
  if (added > 0 && already > 0) text += ` ${count(already, 'line was', 'lines were')} already listed.`;
  const notices = data?.notices ?? [];
  if (notices.length) text += ` ${notices.join('; ')}.`;
  return text;
}

/** The address of one user's CSV export. */
export function managedExportHref(user) {
  return `/api/managed-senders/export?user=${encodeURIComponent(user ?? '')}`;
}
