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
  EXCLUDED: {
    text: 'Not learnt: malware',
    tone: 'neutral',
    reason: 'It carries malware. Mailmoat never learns malware as wanted mail, so similar messages are still judged as before.',
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
export function pageSummary(first, shown, hasMore, total = null) {
  if (!shown) return first > 1 ? 'No more results' : 'No results';
  const last = first + shown - 1;
  const range = `Showing ${COUNT.format(first)}–${COUNT.format(last)}`;
  // The API's total (one scan's threats) when it has one; it cannot be fewer than what is shown.
  if (Number.isInteger(total) && total >= last) return `${range} of ${COUNT.format(total)}`;
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

// Rules of the detection engine naming an executable or script attachment (as Detection.carriesMalware on the server).
const EXECUTABLE_ATTACHMENT_RULES = new Set(['ATT_EXECUTABLE', 'ATT_ARCHIVE_EXECUTABLE', 'ATT_DOUBLE_EXTENSION']);

/**
 * True when a detection carries malware: MALWARE among its categories, or a reason that added points names an
 * executable or script attachment. Mailmoat never learns such a message as wanted, and releasing it is confirmed twice.
 */
export function carriesMalware(detection) {
  if ((detection?.categories ?? []).includes('MALWARE')) return true;
  const reasons = Array.isArray(detection?.reasons) ? detection.reasons : [];
  return reasons.some((reason) => Number(reason?.weight) > 0 && EXECUTABLE_ATTACHMENT_RULES.has(reason?.rule));
}

/** The attachment a malware detection's reasons name ("Invoice_17290.pdf.exe"), or null. */
function riskyAttachment(detection) {
  const reasons = Array.isArray(detection?.reasons) ? detection.reasons : [];
  const reason = reasons.find((r) => Number(r?.weight) > 0 && r?.analyzer === 'attachment' && r?.evidence);
  if (!reason) return null;
  const evidence = Array.isArray(reason.evidence) ? reason.evidence[0] : reason.evidence;
  return typeof evidence === 'string' && evidence.trim() ? evidence.trim() : null;
}

/** "Malicious (Business email compromise, Impersonation)": a detection's level and categories in words. */
function levelAndCategories(detection) {
  const categories = (detection?.categories ?? []).map(categoryName);
  return `${levelOf(detection?.level).text.toLowerCase()}${categories.length ? ` (${categories.join(', ')})` : ''}`;
}

/** What the malware acknowledgement says (a checkbox the confirm button waits for). */
export const MALWARE_ACKNOWLEDGEMENT = 'I understand this message contains malware';

/**
 * The confirmation of "Not a threat" (DOM-free): { title, paragraphs, confirmLabel, danger, acknowledge }.
 * It says what happens (the message stays, Mailmoat learns similar mail is wanted), more strongly for a
 * malicious detection (its level and categories named), and for malware that nothing is learnt.
 */
export function notAThreatWords(detection) {
  const malware = carriesMalware(detection);
  const malicious = detection?.level === 'MALICIOUS';
  const where = detection?.mailbox ? ` in ${detection.mailbox}` : '';
  const paragraphs = [];
  if (malicious || malware) {
    paragraphs.push(`Mailmoat scored this message as ${levelAndCategories(detection)}${Number.isFinite(Number(detection?.score)) && detection?.source !== 'REPORTED' ? `, ${formatPoints(detection.score)}` : ''}.`);
  }
  if ((detection?.categories ?? []).includes('BEC')) {
    paragraphs.push('Business email compromise asks for money, gift cards or data while pretending to be a colleague or supplier. Check the request with that person by phone or in person, not by replying, before you mark it as wanted.');
  }
  if (malware) {
    const file = riskyAttachment(detection);
    paragraphs.push(`${file ? `Its attachment ${file} is` : 'It carries'} malware. The message stays${where ? `${where},` : ''} where its user can open it.`);
    paragraphs.push('Mailmoat never learns malware as wanted mail: similar messages are still caught as before.');
  } else {
    paragraphs.push(`The message stays${where}, and Mailmoat learns that mail like it is wanted: similar messages score lower from the next scan${malicious ? ', including real attacks that look like this one' : ''}.`);
  }
  paragraphs.push('Changed your mind later? Remove the message: Mailmoat then learns it as a threat again.');
  return {
    title: 'Mark this message as not a threat?',
    paragraphs,
    confirmLabel: 'Mark as not a threat',
    danger: malicious || malware,
    acknowledge: malware ? MALWARE_ACKNOWLEDGEMENT : null,
  };
}

/**
 * What a release of these detections adds to the generic release dialog when some carry malware
 * (DOM-free): { paragraphs, malware (those detections), acknowledge }, or null when none does.
 */
export function releaseRisk(detections) {
  const list = (Array.isArray(detections) ? detections : []).filter(Boolean);
  const risky = list.filter(carriesMalware);
  if (risky.length === 0) return null;
  const paragraphs = [];
  if (list.length === 1) {
    const file = riskyAttachment(risky[0]);
    paragraphs.push(`This message carries malware${file ? `: its attachment ${file} can infect the computer that opens it` : ''}. Released, it is back in front of its user, ready to open.`);
  } else {
    const which = risky.length === list.length ? `${list.length === 2 ? 'Both' : `All ${list.length}`} messages carry`
      : `${risky.length} of the ${list.length} messages ${risky.length === 1 ? 'carries' : 'carry'}`;
    paragraphs.push(`${which} malware. Released, ${risky.length === 1 ? 'it is back in front of its user' : 'they are back in front of their users'}, ready to open.`);
  }
  paragraphs.push('Mailmoat does not learn malware as wanted mail: similar messages are still caught as before.');
  const acknowledge = list.length === 1 ? MALWARE_ACKNOWLEDGEMENT
    : `I understand ${risky.length === 1 ? 'one of these messages contains' : 'these messages contain'} malware`;
  return { paragraphs, malware: risky, acknowledge };
}

/** The confirmation of "Block sender" (DOM-free): what blocking does, and where it is undone. */
export function blockWords(detection) {
  const sender = detection?.sender ?? '';
  return {
    title: `Block ${sender}?`,
    paragraphs: [
      `Mail from ${sender} will always be treated as malicious, in every mailbox. Once the upgrade is installed, Exchange also quarantines it before delivery.`,
      detection?.status === 'DETECTED' ? 'This message and others already delivered stay where they are until you remove them.' : 'Messages already delivered stay where they are until you remove them.',
      'You can unblock the sender on Policies, under Blocked senders.',
    ],
    confirmLabel: 'Block sender',
  };
}

function formatPoints(score) {
  const n = Math.round(Number(score) * 100) / 100;
  return `${n.toLocaleString('en-GB')} ${n === 1 ? 'point' : 'points'}`;
}
