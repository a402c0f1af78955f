// The DOM-free words of the Account page's Activity card (module tests in web/test/activity.test.mjs).

/** What kind of change an entry is, in a word or two (shown beside the summary, never instead of it). */
const TOPICS = [
  [/^MODE_|^UPGRADE_|^OFFBOARDED$|^MICROSOFT_365_/, 'Protection'],
  [/^PASSWORD_|^TWO_STEP_|^RECOVERY_CODES_|^SIGNED_IN$/, 'Sign-in'],
  [/^TEAM_/, 'Team'],
  [/^POLICY_/, 'Policy'],
  [/^SENDER_LIST_/, 'Sender list'],
  [/^REMOVAL_|^RELEASE_/, 'Removal'],
  [/^NOT_A_THREAT$|^MISSED_THREAT_/, 'Verdict'],
  [/^ALERT_RECIPIENT_|^EMAIL_CHOICES_/, 'Emails'],
  [/^COMPANY_|^BRANDING_/, 'Account'],
];

export function activityTopic(kind) {
  for (const [pattern, topic] of TOPICS) if (pattern.test(kind ?? '')) return topic;
  return 'Change';
}

/**
 * The kinds of change the card filters by, as the API names them (GET /api/activity?category=). Which
 * entry kind belongs to which is decided by the server (ActivityCategory), which words each entry
 * (categoryName); this list only offers the choice.
 */
export const ACTIVITY_CATEGORIES = [
  ['protection', 'Protection and modes'],
  ['policies', 'Policies and sender lists'],
  ['remediation', 'Removals and verdicts'],
  ['sign-in', 'Sign-in and security'],
  ['account', 'Account and team'],
];

/** The entry's kind of change in words: the server's, or the console's own for an older answer. */
export function activityCategoryName(entry) {
  return entry?.categoryName || activityTopic(entry?.kind);
}

/** The filter as a query string (empty values left out), for the list and the CSV export alike. */
export function activityFilterQuery({ category = '', from = '', to = '' } = {}) {
  const query = new URLSearchParams();
  if (category) query.set('category', category);
  if (from) query.set('from', from);
  if (to) query.set('to', to);
  return query.toString();
}

/** Why the dates cannot be used, before asking the server (it checks again): null when they can. */
export function activityDatesProblem({ from = '', to = '' } = {}) {
  if (from && to && to < from) return 'The end date is before the start date.';
  return null;
}

/** What the card says when a filter matches nothing (the log itself may hold plenty). */
export const NO_MATCHING_ACTIVITY = 'No changes match these filters. Choose another kind of change or other dates.';

/** Who did it: "You" for the signed-in administrator's own address, else the address or Mailmoat / Microsoft 365. */
export function activityActor(entry, ownEmail) {
  const actor = entry?.actor ?? '';
  if (ownEmail && actor.toLowerCase() === ownEmail.toLowerCase()) return 'You';
  return actor || 'Someone';
}

/** The entries shown so far and a new page, newest first, each once (a page read twice adds nothing). */
export function mergeActivity(shown, page) {
  const seen = new Set(shown.map((e) => e.id));
  return [...shown, ...(page?.items ?? []).filter((e) => !seen.has(e.id))];
}

/** What the card says with nothing to show. */
export const EMPTY_ACTIVITY = 'No changes yet. Changes to protection, policies, sender lists, removals and account '
  + 'settings will be listed here.';
