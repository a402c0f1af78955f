// Two-step sign-in words and shapes shared by the sign-in page and the Account page (DOM-free,
// covered by the module tests).

/** The base32 key in groups of four, as people copy it into an authenticator app by hand. */
export function groupKey(secret) {
  return String(secret ?? '').replace(/\s+/g, '').toUpperCase().match(/.{1,4}/g)?.join(' ') ?? '';
}

/** What is sent for a typed code: spaces taken out (authenticator apps show "123 456"). */
export function cleanCode(value) {
  return String(value ?? '').replace(/\s+/g, '');
}

/** A check for validate(): an authenticator code is six digits; a recovery code sixteen letters and digits. */
export function codeProblem(value, { recovery = false } = {}) {
  const code = cleanCode(value);
  if (!code) return recovery ? 'Enter one of your recovery codes.' : 'Enter the 6-digit code from your authenticator app.';
  if (recovery) {
    return /^[a-z2-7]{16}$/i.test(code.replace(/-/g, '')) ? null
      : 'A recovery code has sixteen letters and digits, such as abcd-efgh-2345-6789.';
  }
  return /^\d{6}$/.test(code) ? null : 'The code has 6 digits.';
}

/** The recovery codes as a text file's contents, with what they are for. */
export function recoveryCodesText(codes, email) {
  return [
    `Mailmoat recovery codes for ${email}`,
    '',
    'Each code signs in once, instead of a code from your authenticator app.',
    'Keep them somewhere safe, away from your phone.',
    '',
    ...codes,
    '',
  ].join('\n');
}

/** The Account page's sentence for the state GET /api/account/two-step answered. */
export function twoStepSummary(state, formatTime = (value) => value) {
  if (!state?.enabled) return 'Off. Signing in takes only your password.';
  const left = state.recoveryCodesLeft ?? 0;
  const since = state.enabledAt ? ` since ${formatTime(state.enabledAt)}` : '';
  const codes = left === 1 ? '1 recovery code left' : `${left} recovery codes left`;
  return `On${since}. Signing in takes your password and a code from your authenticator app (${codes}).`;
}
