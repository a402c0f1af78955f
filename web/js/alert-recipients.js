// Extra alert recipients, without the DOM (module tests): what each state is called and what it
// means, and the client-side check before an address is sent (the server has the last word).

/** How each state reads in the list: a pill's words and tone, and a sentence that says what happens. */
export function recipientStatus(recipient) {
  switch (recipient?.state) {
    case 'ACTIVE':
      return { label: 'Confirmed', tone: 'success', note: 'Gets the security emails.' };
    case 'UNSUBSCRIBED':
      return { label: 'Unsubscribed', tone: 'neutral', note: 'Used the link in an email to stop them. Remove it to ask again.' };
    default:
      return { label: 'Waiting for confirmation', tone: 'warning', note: 'Gets nothing until it uses the link we emailed it (valid 7 days).' };
  }
}

/** What the add form says before calling the API, or null when the address may be sent. */
export function addProblem(value, { ownEmail = '', recipients = [], max = 5 } = {}) {
  const address = String(value ?? '').trim().toLowerCase();
  if (!address) return 'Enter the email address to add.';
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) return 'Enter one email address, such as security@contoso.com.';
  if (address === String(ownEmail).toLowerCase()) return 'This is the account\'s own address: it gets every email already.';
  if (recipients.some((r) => String(r.email).toLowerCase() === address)) return 'This address is listed already.';
  if (recipients.length >= max) return `An account can have up to ${max} extra recipients. Remove one first.`;
  return null;
}

/** "2 of 5 extra recipients" */
export function recipientCount(recipients, max) {
  const n = recipients?.length ?? 0;
  return `${n} of ${max} extra recipient${max === 1 ? '' : 's'}`;
}
