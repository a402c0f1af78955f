// Words and request bodies for who a mode or a policy applies to (Targeted To, policy targets),
// and the per-line errors of a sender-list CSV import. No DOM here: the module tests cover it.

/** Targeted To in words: "Everyone", or "2 users and 1 group: ann@…, Sales". `names` maps ids to names. */
export function describeTargets(targetedTo, names = {}) {
  if (!targetedTo || targetedTo.everyone) return 'Everyone in your organisation';
  const users = Array.isArray(targetedTo.users) ? targetedTo.users : [];
  const groups = Array.isArray(targetedTo.groups) ? targetedTo.groups : [];
  if (users.length === 0 && groups.length === 0) return 'No one';
  const parts = [];
  if (users.length) parts.push(users.length === 1 ? '1 user' : `${users.length} users`);
  if (groups.length) parts.push(groups.length === 1 ? '1 group' : `${groups.length} groups`);
  const listed = [...users, ...groups].map((id) => names[id] ?? id);
  const shown = listed.slice(0, 5).join(', ');
  return `${parts.join(' and ')}: ${shown}${listed.length > 5 ? `, and ${listed.length - 5} more` : ''}`;
}

/**
 * Targeted To in running text ("everyone in your organisation", "2 groups: Finance, Executives"), groups by
 * their display names (`names`: id → name); until every group's name is known they are only counted, never
 * shown as ids.
 */
export function forWhom(targetedTo, names = {}) {
  const text = describeTargets(targetedTo, names).replace(/^E/, 'e');
  const unnamed = (targetedTo?.groups ?? []).some((id) => !names[id]);
  return unnamed ? text.split(':')[0] : text;
}

/** The request body's targetedTo for a picker's choice. */
export function targetsPayload({ everyone, users = [], groups = [] }) {
  if (everyone) return { everyone: true, users: [], groups: [] };
  return { everyone: false, users: [...new Set(users)], groups: [...new Set(groups)] };
}

/** True when a picker's choice names someone (everyone, or at least one user or group). */
export function targetsChosen({ everyone, users = [], groups = [] }) {
  return Boolean(everyone) || users.length > 0 || groups.length > 0;
}

/**
 * A CSV import's error details as lines: [{ line: 3, message: "…" }] in line order; problems that
 * are not about one line (e.g. too many entries) come first with line null.
 */
export function csvLineErrors(details) {
  if (!Array.isArray(details)) return typeof details === 'string' && details ? [{ line: null, message: details }] : [];
  const errors = details.filter(Boolean).map((detail) => {
    if (typeof detail === 'string') return { line: null, message: detail };
    const match = /^line (\d+)$/i.exec(String(detail.field ?? ''));
    const message = String(detail.message ?? '');
    return { line: match ? Number(match[1]) : null, message: match || !detail.field ? message : `${detail.field} ${message}` };
  });
  return errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/** One line per entry from a textarea: trimmed, blank lines and duplicates dropped. */
export function lines(text) {
  return [...new Set(String(text ?? '').split(/[\r\n,;]+/).map((line) => line.trim()).filter(Boolean))];
}

/** A policy matcher ({kind, value}) as text: the address or domain, or "group: <name>". */
export function matcherText(matcher, groupNames = {}) {
  if (!matcher) return '';
  if (matcher.kind === 'GROUP') return `group: ${groupNames[matcher.value] ?? matcher.value}`;
  return String(matcher.value ?? '');
}

/** A policy's target in a few words, for the list. */
export function describePolicyTarget(policy, groupNames = {}) {
  if (policy?.default) return 'Everyone not covered by another policy';
  const target = policy?.target ?? {};
  const recipients = (target.recipients ?? []).map((m) => matcherText(m, groupNames));
  const senders = (target.senders ?? []).map((m) => matcherText(m, groupNames));
  const parts = [];
  parts.push(recipients.length ? `To ${recipients.slice(0, 3).join(', ')}${recipients.length > 3 ? ` and ${recipients.length - 3} more` : ''}` : 'To everyone');
  if (senders.length) parts.push(`from ${senders.slice(0, 3).join(', ')}${senders.length > 3 ? ` and ${senders.length - 3} more` : ''}`);
  const exceptions = (target.exceptSenders ?? []).length + (target.exceptRecipients ?? []).length;
  if (exceptions) parts.push(exceptions === 1 ? 'with 1 exception' : `with ${exceptions} exceptions`);
  return parts.join(', ');
}
