// Words and tones for the codes the API uses, so every page says the same thing the same way.

export const LEVELS = {
  MALICIOUS: { text: 'Malicious', tone: 'danger' },
  SUSPICIOUS: { text: 'Suspicious', tone: 'warning' },
  CLEAN: { text: 'Clean', tone: 'success' },
};

export const CATEGORIES = {
  PHISHING: 'Phishing',
  MALWARE: 'Malware',
  IMPERSONATION: 'Impersonation',
  SPOOFING: 'Spoofing',
  BEC: 'Business email compromise',
  EXTORTION: 'Extortion',
  SPAM: 'Spam',
};

export const DETECTION_STATUSES = {
  DETECTED: { text: 'Detected', tone: 'warning' },
  REMOVED: { text: 'Removed', tone: 'success' },
  RELEASED: { text: 'Released', tone: 'neutral' },
  NOT_A_THREAT: { text: 'Not a threat', tone: 'neutral' },
};

// Which part of the engine gave a reason (Evidence.analyzer), as a detection's detail names it.
export const ANALYZERS = {
  authentication: 'Sender and authentication',
  impersonation: 'Impersonation',
  url: 'Links',
  attachment: 'Attachments',
  language: 'Wording',
  bulk: 'Bulk mail',
  correlation: 'Signs together',
  policy: 'Your sender lists',
  learning: 'Your verdicts',
  model: 'Learnt patterns',
};

export const SCAN_STATUSES = {
  RUNNING: { text: 'Running', tone: 'info' },
  COMPLETED: { text: 'Complete', tone: 'success' },
  ENDED_EARLY: { text: 'Ended early', tone: 'neutral' },
};

export const SCAN_KINDS = {
  FIRST: 'First scan',
  MANUAL: 'Started by hand',
  SCHEDULED: 'Scheduled',
};

// How a detection came to be: the Detections page's "Found by" filter.
export const DETECTION_SOURCES = {
  SCAN: 'Threat Scan',
  REAL_TIME: 'Real time (as it arrived)',
  REPORTED: 'Reported missed threat',
};

// The Learning panel's recent verdicts: the verdict, what the administrator did, and whether
// Mailmoat learnt from it (with a default reason when the server gives none).
export const VERDICTS = {
  MALICIOUS: 'Threat',
  LEGITIMATE: 'Wanted mail',
};

export const FEEDBACK_ACTIONS = {
  REPORTED: 'Reported missed threat',
  NOT_A_THREAT: 'Not a threat',
  RELEASED: 'Released',
  REMOVED: 'Removed',
};

export const FEEDBACK_STATUSES = {
  PENDING: { text: 'Being learnt', tone: 'info' },
  LEARNED: { text: 'Learnt', tone: 'success' },
  UNAVAILABLE: {
    text: 'Not learnt',
    tone: 'warning',
    reason: 'The message could not be read (deleted, or not found in any mailbox).',
  },
  FAILED: {
    text: 'Not learnt',
    tone: 'danger',
    reason: 'Mailmoat could not learn from this message; give the verdict again to retry.',
  },
};

export const REGIONS = {
  US: 'United States',
  UK: 'United Kingdom',
  DE: 'Germany',
  CA: 'Canada',
  AU: 'Australia',
  ZA: 'South Africa',
};

export const MODES = {
  THREAT_SCAN_ONLY: {
    label: 'Threat Scan only',
    description: 'Mailmoat scans the last 30 days of mail and reports what it finds. Your mail flow is unchanged: Mailmoat has no transport rules in Exchange.',
  },
  MONITOR: {
    label: 'Monitor',
    description: 'New mail is scanned as it arrives and threats are reported; Mailmoat removes nothing itself. Exchange still holds back mail from your Blocked senders.',
  },
  PROTECT: {
    label: 'Protect',
    description: 'New mail is scanned as it arrives and malicious messages are removed automatically.',
  },
  DISABLED: {
    label: 'Disabled',
    description: 'Mailmoat is not scanning new mail, and its Exchange rules hold nothing back.',
  },
};

const HISTORY_DONE = { REMOVE: 'Removed', RELEASE: 'Released', NOT_A_THREAT: 'Marked not a threat' };
const HISTORY_ATTEMPTS = { REMOVE: 'Removal', RELEASE: 'Release', NOT_A_THREAT: 'Not a threat' };
const HISTORY_OUTCOMES = {
  ALREADY_GONE: 'the message was already gone (deleted or moved in the mailbox)',
  ALREADY_DONE: 'another Mailmoat request had already moved it',
  FAILED: 'failed',
};

/**
 * One entry of a detection's history: what was done, or, for an attempt that did not do it,
 * what was asked and what came of it (so a removal that found the message gone never reads as done).
 */
export function historyLabel(entry) {
  const outcome = HISTORY_OUTCOMES[entry?.outcome];
  if (outcome) return `${HISTORY_ATTEMPTS[entry.action] ?? entry.action}: ${outcome}`;
  return HISTORY_DONE[entry?.action] ?? entry?.action ?? '';
}

export function levelOf(code) {
  return LEVELS[code] ?? { text: code ?? 'Unknown', tone: 'neutral' };
}

export function categoryName(code) {
  return CATEGORIES[code] ?? String(code ?? '').toLowerCase().replace(/^./, (c) => c.toUpperCase());
}

export function detectionStatusOf(code) {
  return DETECTION_STATUSES[code] ?? { text: code ?? 'Unknown', tone: 'neutral' };
}

export function scanStatusOf(code) {
  return SCAN_STATUSES[code] ?? { text: code ?? 'Unknown', tone: 'neutral' };
}

/** A verdict's learning status in words; a status this console does not know yet is shown as it came. */
export function feedbackStatusOf(code) {
  // hasOwn: a code such as "constructor" must not find Object's own properties.
  return Object.hasOwn(FEEDBACK_STATUSES, code ?? '') ? FEEDBACK_STATUSES[code] : { text: code ? String(code) : 'Unknown', tone: 'neutral' };
}

const COUNT = new Intl.NumberFormat();

/**
 * A detection's reasons split the way an administrator reads them: those that added points
 * ("Why it was flagged", heaviest first) and those that counted for the message (no or negative
 * weight, such as a passed DMARC check: "In its favour", most favourable first).
 */
export function splitReasons(reasons) {
  const list = Array.isArray(reasons) ? reasons : [];
  const weight = (r) => (Number.isFinite(Number(r?.weight)) ? Number(r.weight) : 0);
  return {
    flagged: list.filter((r) => weight(r) > 0).sort((a, b) => weight(b) - weight(a)),
    inFavour: list.filter((r) => weight(r) <= 0).sort((a, b) => weight(a) - weight(b)),
  };
}

/**
 * The pager's line. The API gives no total (counting would read every detection of the account),
 * so the total is said only once it is known: on the last page; before that, "more than".
 */
export function pageSummary(first, shown, hasMore) {
  if (!shown) return first > 1 ? 'No more results' : 'No results';
  const last = first + shown - 1;
  const range = `Showing ${COUNT.format(first)}–${COUNT.format(last)}`;
  return hasMore ? `${range} of more than ${COUNT.format(last)}` : `${range} of ${COUNT.format(last)}`;
}

const NOTE_MAX = 200; // the API's limit for a sender list note

/**
 * The note kept with a sender blocked or allowed from a detection, so the list says why it is there
 * (at most 200 characters).
 */
export function senderNote(detection, { allowed = false } = {}) {
  const day = typeof detection?.receivedAt === 'string' ? detection.receivedAt.slice(0, 10) : '';
  const tail = `” (received by ${detection?.mailbox ?? 'a mailbox'}${day ? ` on ${day}` : ''})`;
  const head = `${allowed ? 'Allowed' : 'Blocked'} from a detection: “`;
  // Control characters are refused in notes; a subject rarely has them, but one line is all a note holds.
  let subject = String(detection?.subject || '(no subject)').replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  const room = NOTE_MAX - head.length - tail.length;
  if (subject.length > room) subject = `${subject.slice(0, Math.max(0, room - 1))}…`;
  const note = `${head}${subject}${tail}`;
  return note.length <= NOTE_MAX ? note : note.slice(0, NOTE_MAX);
}

/** The query string of a Detections search (the list's filters, without paging), for its CSV export. */
export function exportQuery(filters, names) {
  const query = new URLSearchParams();
  for (const name of names) if (filters?.[name]) query.set(name, filters[name]);
  return query.toString();
}
