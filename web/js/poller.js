// Polling that respects the visitor: one request at a time, and none while the tab is hidden
// (it resumes, with an immediate refresh, when the tab shows again).

/**
 * Polls `task` every `interval` ms until stopped. `task` may return a number (the next delay in
 * ms) or `false` (stop). Errors do not stop polling; the task reports them itself.
 * Returns { stop(), refresh() }: refresh() runs the task now and reschedules.
 */
export function poll(task, { interval = 5000, immediate = true } = {}) {
  let timer = null;
  let running = false;
  let stopped = false;
  let again = false;
  let delay = interval;

  const schedule = (ms) => {
    clearTimeout(timer);
    timer = null;
    if (stopped || document.hidden) return;
    timer = setTimeout(run, ms);
  };

  async function run() {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    if (document.hidden) return; // resumes on visibilitychange
    running = true;
    clearTimeout(timer);
    let next = delay;
    try {
      const result = await task();
      if (result === false) {
        stop();
        return;
      }
      if (typeof result === 'number') next = result;
    } catch {
      // The task shows its own errors; keep polling.
    } finally {
      running = false;
    }
    delay = next;
    if (again) {
      again = false;
      schedule(0);
    } else {
      schedule(delay);
    }
  }

  const onVisibility = () => {
    if (document.hidden) {
      clearTimeout(timer);
      timer = null;
    } else if (!stopped) {
      run();
    }
  };
  document.addEventListener('visibilitychange', onVisibility);

  function stop() {
    stopped = true;
    clearTimeout(timer);
    document.removeEventListener('visibilitychange', onVisibility);
  }

  if (immediate) run();
  else schedule(delay);
  return { stop, refresh: run };
}
