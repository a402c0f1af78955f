// The signed-in session as the parts see it: every API call after sign-in goes through call(),
// so a 401 anywhere (session expired, signed out in another tab) returns to the sign-in view.
// Once the session has ended, no answer reaches a part: an answer that arrives late (a slow
// request sent before Log out) belongs to the old session and must never be drawn.

import { api } from './api.js';
import * as store from './store.js';

let endedHandler = () => {};
let ended = false;

/** A promise that never settles: what a call made for an ended session gives its caller. */
const never = () => new Promise(() => {});

/** Registers what happens when the session ends (app.js shows the sign-in view). */
export function whenEnded(handler) {
  endedHandler = handler;
}

/** The session is over (Log out, expiry, account closed): calls answer nothing from now on. */
export function endSession() {
  ended = true;
}

/** True once endSession() was called. */
export function sessionEnded() {
  return ended;
}

/** Calls the API as api() does; a 401 ends the session before the error is rethrown. */
export async function call(path, options) {
  if (ended) return never();
  let result;
  try {
    result = await api(path, options);
  } catch (error) {
    if (ended) return never();
    if (error.status === 401) endedHandler();
    throw error;
  }
  return ended ? never() : result;
}

/** Loads GET /api/account into the store ('account') and returns it. */
export async function refreshAccount() {
  const { data } = await call('/api/account');
  store.set('account', data ?? {});
  return data ?? {};
}

/** True when the account has a Microsoft 365 tenant connected. */
export function isConnected(account = store.get('account')) {
  return typeof account?.tenantId === 'string' && account.tenantId.length > 0;
}
