// The account's team, without the DOM (module tests): what each role may do in words, how a person's
// state reads, the invite form's check before the API (the server has the last word), and which
// console actions a role may use (the server's table decides; this only hides buttons that would be refused).

export const ROLES = {
  OWNER: { label: 'Owner', note: 'Signed up the account; manages the team and can close the account.' },
  ADMINISTRATOR: { label: 'Administrator', note: 'Everything except managing the team and closing the account.' },
  ANALYST: { label: 'Analyst', note: 'Sees everything; removes and releases threats, reports verdicts, blocks or allows a sender from a detection.' },
  READ_ONLY: { label: 'Read-only', note: 'Sees and exports everything; changes nothing.' },
};

/** The roles an owner can give, in the order the form offers them. */
export const MEMBER_ROLES = ['ADMINISTRATOR', 'ANALYST', 'READ_ONLY'];

const RANK = { OWNER: 0, ADMINISTRATOR: 1, ANALYST: 2, READ_ONLY: 3 };

/** Whether `role` may do what `needed` may (unknown roles may do nothing). */
export function roleIncludes(role, needed) {
  return role in RANK && needed in RANK && RANK[role] <= RANK[needed];
}

/** The signed-in person's role from GET /api/account (the owner's when the server does not say). */
export function signedInRole(account) {
  return account?.signedInAs?.role ?? 'OWNER';
}

/** "ana@contoso.com · Analyst": who is signed in, for the header. */
export function signedInLabel(account) {
  const who = account?.signedInAs?.email ?? account?.email ?? '';
  const role = ROLES[signedInRole(account)]?.label ?? '';
  return role ? `${who} · ${role}` : who;
}

/** How a person's state reads in the list. */
export function memberStatus(member) {
  if (member?.status === 'INVITED') {
    return { label: 'Invited', tone: 'warning', note: 'Has not chosen a password yet (the emailed link works for 7 days).' };
  }
  return { label: 'Active', tone: 'success', note: member?.lastSignInAt ? null : 'Has not signed in yet.' };
}

/** What the invite form says before calling the API, or null when it may be sent. */
export function inviteProblem(value, { members = [], max = 25 } = {}) {
  const address = String(value ?? '').trim().toLowerCase();
  if (!address) return 'Enter the email address of the person to invite.';
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) return 'Enter one email address, such as ana@contoso.com.';
  if (members.some((m) => String(m.email).toLowerCase() === address)) return 'This person is on the team already.';
  if (members.filter((m) => m.role !== 'OWNER').length >= max) return `A team has at most ${max} members besides the owner. Remove someone first.`;
  return null;
}
