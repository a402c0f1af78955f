// Account page: Activity, the account's log of administrative changes (who changed what, when),
// newest first, 25 at a time with Load more. Entries are kept a year.

import { describeError } from '../api.js';
import { call } from '../session.js';
import { h, busy, fill, formatTime } from '../ui.js';
import { activityTopic, activityActor, mergeActivity, EMPTY_ACTIVITY } from '../activity.js';
import * as store from '../store.js';

const PAGE = 25;

export function createActivityCard() {
  let entries = [];
  let next = null;
  let loading = false;

  const list = h('ol', { class: 'activity-list', id: 'activity-list', 'data-testid': 'activity-list', 'aria-labelledby': 'activity-heading' });
  const error = h('p', { class: 'field-error', id: 'activity-error', role: 'alert', hidden: true });
  const more = h('button', { type: 'button', class: 'btn', id: 'activity-more', hidden: true }, 'Load more');
  const card = h('section', { class: 'card', id: 'activity', 'aria-labelledby': 'activity-heading' },
    h('h2', { id: 'activity-heading', tabindex: '-1' }, 'Activity'),
    h('p', { class: 'small muted' }, 'Who changed what, and when: protection, policies, sender lists, removals, sign-in '
      + 'and account settings. Kept for a year.'),
    list, error, h('div', { class: 'actions-row' }, more));

  more.addEventListener('click', () => load({ more: true }));

  function render() {
    const own = store.get('account')?.signedInAs?.email ?? store.get('account')?.email;
    if (entries.length === 0) {
      fill(list, h('li', { class: 'empty' }, EMPTY_ACTIVITY));
    } else {
      fill(list, ...entries.map((entry) => {
        const when = formatTime(entry.at);
        return h('li', { class: 'activity-entry', 'data-kind': entry.kind, 'data-id': entry.id },
          h('p', { class: 'activity-summary' }, entry.summary),
          h('p', { class: 'small muted' },
            h('time', { datetime: when.iso ?? '' }, when.text), ' · ', activityActor(entry, own), ' · ',
            activityTopic(entry.kind)));
      }));
    }
    more.hidden = !next;
  }

  /** The first page again (each time the page opens), or the next one. */
  async function load({ more: nextPage = false } = {}) {
    if (loading) return;
    loading = true;
    const done = nextPage ? busy(more, 'Loading…') : () => {};
    error.hidden = true;
    try {
      const query = new URLSearchParams({ limit: String(PAGE) });
      if (nextPage && next) query.set('cursor', next);
      const { data } = await call(`/api/activity?${query}`);
      entries = mergeActivity(nextPage ? entries : [], data);
      next = data?.nextCursor ?? null;
      render();
    } catch (failure) {
      if (failure.status === 401) return;
      error.textContent = `The activity could not be loaded: ${describeError(failure)}`;
      error.hidden = false;
    } finally {
      loading = false;
      done();
    }
  }

  return { card, load };
}
