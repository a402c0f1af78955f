// Thin wrapper over fetch for the Mailmoat JSON API.
// Every state-changing request sends Content-Type: application/json because the server
// refuses anything else (its CSRF defence), and the session cookie travels same-origin only.

/** An HTTP error answer from the API, with the `error` code and `details` it sent. */
export class ApiError extends Error {
  constructor(status, code, details, retryAfterSeconds) {
    super(code);
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * Calls the API and returns `{ status, data }` for 2xx answers; throws ApiError otherwise
 * (status 0 when the server could not be reached at all).
 */
export async function api(path, { method = 'GET', body } = {}) {
  const init = {
    method,
    credentials: 'same-origin',
    cache: 'no-store',
    headers: { Accept: 'application/json' },
  };
  if (method !== 'GET' && method !== 'HEAD') {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body ?? {});
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'network_error', null, null);
  }
  const data = await readJson(response);
  if (!response.ok) {
    const code = data && typeof data.error === 'string' ? data.error : `http_${response.status}`;
    throw new ApiError(response.status, code, data ? data.details : null, retryAfter(response));
  }
  return { status: response.status, data };
}

async function readJson(response) {
  const text = await response.text().catch(() => '');
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function retryAfter(response) {
  const header = response.headers.get('Retry-After');
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

const PLAIN_WORDS = {
  network_error: 'We could not reach Mailmoat. Check your connection and try again.',
  invalid_credentials: 'That email and password do not match an account.',
  too_many_attempts: 'Too many sign-in attempts.',
  too_many_requests: 'Too many requests from your network.',
  unauthorized: 'Your session has ended. Please sign in again.',
  forbidden: 'You are not allowed to do that.',
  not_found: 'We could not find that.',
  weak_password: 'That password does not meet every rule yet.',
  invalid_token: 'This link is no longer valid.',
  wrong_code: 'That code is not right, or was used already.',
  sign_in_expired: 'This sign-in has expired. Sign in again with your password.',
  wrong_password: 'That is not the account\'s password.',
  two_step_already_on: 'Two-step sign-in is already on.',
  two_step_not_set_up: 'Two-step sign-in is not being set up. Start again.',
  invalid_email: 'Enter a valid email address.',
  invalid_company: 'Enter your company name.',
  invalid_region: 'Choose a region.',
  invalid_domain: 'Enter a domain name such as example.com.',
  domain_exists: 'That domain is already on your account.',
  domain_taken: 'That domain is already claimed by another account.',
  unsupported_media_type: 'The request was refused by the server (it must be sent as JSON).',
  invalid_json: 'The request could not be read by the server.',
  validation_failed: 'Some of the information is not valid.',
  invalid_request: 'Please check what you entered:',
  forbidden_origin: 'The request was refused because it did not come from the Mailmoat console.',
  payload_too_large: 'That request is too large.',
  internal_error: 'Something went wrong on our side. Please try again in a moment.',
  malformed_json: 'The request could not be read by the server.',
  scan_running: 'A Threat Scan is already running. End it or wait for it to finish.',
  scan_finished: 'This Threat Scan has already finished; a finished scan cannot be ended or restarted.',
  not_connected: 'Connect Microsoft 365 first.',
  confirmation_required: 'Please confirm the action.',
  remediation_running: 'Threats are already being removed or released. Wait for that to finish.',
  nothing_to_do: 'There is nothing to remove or release.',
  invalid_color: 'Choose a colour such as #165a72.',
  invalid_url: 'Enter an https:// address.',
};

// Codes whose own sentence says it all; their details would only repeat it (or leak nothing useful).
const SELF_EXPLANATORY = new Set(['invalid_credentials', 'sign_in_expired', 'wrong_code', 'too_many_attempts', 'too_many_requests', 'unauthorized', 'internal_error',
  'network_error', 'unsupported_media_type', 'forbidden_origin', 'payload_too_large', 'forbidden_for_role']);

/** Turns an error (ApiError or anything else) into a sentence an administrator can act on. */
export function describeError(error) {
  if (!(error instanceof ApiError)) return 'Something went wrong. Please try again.';
  let sentence = PLAIN_WORDS[error.code];
  if (!sentence) {
    if (error.status >= 500 || error.status === 0) {
      sentence = 'Something went wrong on our side. Please try again in a moment.';
    } else if (error.status === 401) {
      sentence = PLAIN_WORDS.unauthorized;
    } else if (error.status === 403) {
      // A team member's role: the server says who may, which is what the person needs to know.
      sentence = error.code === 'forbidden_for_role' && typeof error.details === 'string' && error.details.trim()
        ? error.details.trim() : PLAIN_WORDS.forbidden;
    } else if (typeof error.details === 'string' && error.details.trim()) {
      // The server's own sentence says more than a code we have no words for.
      sentence = error.details.trim();
    } else if (error.status === 404) {
      sentence = PLAIN_WORDS.not_found;
    } else {
      sentence = humanize(error.code) + '.';
    }
  }
  if ((error.code === 'too_many_attempts' || error.code === 'too_many_requests') && error.retryAfterSeconds != null) {
    sentence += ` Try again in ${formatWait(error.retryAfterSeconds)}.`;
  }
  return sentence;
}

/** The details worth listing under describeError's sentence (empty when they would only repeat it). */
export function errorItems(error) {
  if (!(error instanceof ApiError) || error.status >= 500 || SELF_EXPLANATORY.has(error.code)) return [];
  const sentence = describeError(error);
  return detailMessages(error.details).filter((item) => item !== sentence);
}

/** describeError's sentence followed by its details, as one string (for inline messages). */
export function fullError(error) {
  const items = errorItems(error);
  return items.length ? `${describeError(error)} ${items.join(' ')}` : describeError(error);
}

/** The `details` of an error answer as a list of plain sentences (may be empty). */
export function detailMessages(details) {
  if (details == null || details === '') return [];
  if (typeof details === 'string') return [details];
  if (Array.isArray(details)) {
    return details
      .map((d) => {
        if (d == null) return '';
        if (typeof d === 'string') return d;
        if (typeof d.message === 'string') {
          return d.field && !/^[A-Z]/.test(d.message) ? `${humanize(d.field)} ${d.message}.` : d.message;
        }
        return JSON.stringify(d);
      })
      .filter(Boolean);
  }
  if (typeof details === 'object') {
    if (typeof details.message === 'string') return [details.message];
    return Object.entries(details).map(([key, value]) =>
      `${humanize(key)}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  }
  return [String(details)];
}

/** "too_many_attempts" → "Too many attempts". */
export function humanize(code) {
  const words = String(code ?? '').replace(/[_\-.]+/g, ' ').trim().toLowerCase();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : 'Error';
}

export function formatWait(seconds) {
  if (seconds < 60) return seconds <= 1 ? 'a second' : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? 'a minute' : `${minutes} minutes`;
}
