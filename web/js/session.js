// The signed-in session as the parts see it: every API call after sign-in goes through call(),
// so a 401 anywhere (session expired, signed out in another tab) returns to the sign-in view.

import { api } from './api.js';
import * as store from './store.js';

let endedHandler = () => {};

/** Registers what happens when the session ends (app.js shows the sign-in view). */
export function whenEnded(handler) {
  endedHandler = handler;
}

/** Calls the API as api() does; a 401 ends the session before the error is rethrown. */
export async function call(path, options) {
  try {
    return await api(path, options);
  } catch (error) {
    if (error.status === 401) endedHandler();
    throw error;
  }
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
