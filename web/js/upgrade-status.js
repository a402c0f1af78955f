// The upgrade to Monitor / Protect as every part sees it: one poll of GET /api/upgrade publishes
// it as 'upgrade' (null when none was started). Every 2 s while it runs, slowly otherwise; when it
// finishes the account is reloaded (the mode changed) and the checklist refreshed.

import { call, refreshAccount } from './session.js';
import { poll } from './poller.js';
import { upgradeActive } from './upgrade-steps.js';
import * as store from './store.js';

const FAST_MS = 2000;
const SLOW_MS = 15000;

let poller = null;

/** Starts following the upgrade (signed in). */
export function start() {
  if (poller) return;
  poller = poll(load, { interval: SLOW_MS });
}

export function stop() {
  poller?.stop();
  poller = null;
}

/** Reloads now (after Upgrade Now, or when a page showing it opens). */
export function refresh() {
  if (poller) poller.refresh();
  else start();
}

/**
 * Withdraws the upgrade request waiting for Microsoft consent (`POST /api/upgrade/cancel`), then reloads the
 * upgrade and the account. Throws the API's error (409 with what to do once the upgrade has started).
 */
export async function cancelRequest() {
  await call('/api/upgrade/cancel', { method: 'POST', body: {} });
  store.set('upgrade', null);
  refresh();
  await refreshAccount().catch(() => {});
  store.emit('setup:stale');
}

async function load() {
  const before = store.get('upgrade');
  let upgrade;
  try {
    const { data } = await call('/api/upgrade');
    upgrade = data;
  } catch (error) {
    if (error.status === 404) {
      upgrade = null;
    } else {
      store.set('upgrade:error', error);
      return SLOW_MS;
    }
  }
  store.set('upgrade', upgrade);
  const finished = before && upgradeActive(before) && upgrade && !upgradeActive(upgrade);
  const changed = before?.status !== upgrade?.status || before?.id !== upgrade?.id;
  if (finished || (changed && before !== undefined)) {
    await refreshAccount().catch(() => {});
    store.emit('setup:stale');
  }
  return upgradeActive(upgrade) ? FAST_MS : SLOW_MS;
}
