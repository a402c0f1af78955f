// The console's shared state: the signed-in account, the current Threat Scan and the latest
// remediation job. Parts publish what they load and subscribe to what others load, so one poll
// feeds every part that shows the same thing (no part fetches what another already has).

const values = new Map();
const listeners = new Map();

/** The current value of `key` (undefined until someone sets it). */
export function get(key) {
  return values.get(key);
}

/** Sets `key` and tells its subscribers (also when the value is unchanged: callers decide). */
export function set(key, value) {
  values.set(key, value);
  for (const listener of [...(listeners.get(key) ?? [])]) {
    try {
      listener(value);
    } catch (error) {
      // One part's bug must not stop the others from updating; surface it to the console.
      setTimeout(() => { throw error; });
    }
  }
}

/** Calls `listener(value)` whenever `key` is set; returns a function that unsubscribes. */
export function on(key, listener) {
  if (!listeners.has(key)) listeners.set(key, new Set());
  listeners.get(key).add(listener);
  return () => listeners.get(key)?.delete(listener);
}

/** Announces that something changed without a value (e.g. 'setup:stale'). */
export function emit(event) {
  set(event, Date.now());
}

/** Forgets everything (on sign-out), keeping subscriptions. */
export function clear() {
  values.clear();
}
