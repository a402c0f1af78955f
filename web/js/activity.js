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
