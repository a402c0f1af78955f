// Account page: Activity, the account's log of administrative changes (who changed what, when),
// newest first, 25 at a time with Load more; filtered by kind of change and dates, and exported as
// CSV (the whole filtered range, not just what is shown). Entries are kept a year.

import { fullError } from '../api.js';
import { call } from '../session.js';
import { h, busy, fill, formatTime } from '../ui.js';
import {
  activityActor, activityCategoryName, activityDatesProblem, activityFilterQuery, mergeActivity, ACTIVITY_CATEGORIES,
  EMPTY_ACTIVITY, NO_MATCHING_ACTIVITY,
} from '../activity.js';
import * as store from '../store.js';

const PAGE = 25;

export function createActivityCard() {
  let entries = [];
  let next = null;
  let loading = false;
  let filters = {};

  const list = h('ol', { class: 'activity-list', id: 'activity-list', 'data-testid': 'activity-list', 'aria-labelledby': 'activity-heading' });
  const error = h('p', { class: 'field-error', id: 'activity-error', role: 'alert', hidden: true });
  const more = h('button', { type: 'button', class: 'btn', id: 'activity-more', hidden: true }, 'Load more');
  const category = h('select', { id: 'activity-category', name: 'category' },
    h('option', { value: '' }, 'Every kind of change'),
    ACTIVITY_CATEGORIES.map(([value, label]) => h('option', { value }, label)));
  const from = h('input', { type: 'date', id: 'activity-from', name: 'from' });
  const to = h('input', { type: 'date', id: 'activity-to', name: 'to' });
  const clear = h('button', { type: 'button', class: 'btn btn-quiet', id: 'activity-clear' }, 'Clear filters');
  // Every entry the filters match (not only the pages shown); the file says when it stopped at 10,000.
  const exportLink = h('a', { class: 'btn btn-quiet', id: 'activity-export', href: '/api/activity/export',
    download: 'mailmoat-activity.csv' }, 'Export CSV');
  const form = h('form', { class: 'filters activity-filters', id: 'activity-filters', role: 'search',
    'aria-label': 'Filter the activity', novalidate: true },
    field('activity-category', 'Kind of change', category),
    field('activity-from', 'From (UTC)', from),
    field('activity-to', 'To (UTC)', to),
    h('div', { class: 'filter-actions' }, h('button', { type: 'submit', class: 'btn btn-primary', id: 'activity-apply' }, 'Show'),
      clear, exportLink));
  const card = h('section', { class: 'card', id: 'activity', 'aria-labelledby': 'activity-heading' },
    h('h2', { id: 'activity-heading', tabindex: '-1' }, 'Activity'),
    h('p', { class: 'small muted' }, 'Who changed what, and when: protection, policies, sender lists, removals, sign-in '
      + 'and account settings. Kept for a year.'),
    form, list, error, h('div', { class: 'actions-row' }, more));

  more.addEventListener('click', () => load({ more: true }));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const wanted = { category: category.value, from: from.value, to: to.value };
    const problem = activityDatesProblem(wanted);
    if (problem) {
      showError(problem);
      to.focus();
      return;
    }
    filters = wanted;
    load();
  });
  clear.addEventListener('click', () => {
    category.value = '';
    from.value = '';
    to.value = '';
    filters = {};
    load();
  });

  function showError(text) {
    error.textContent = text;
    error.hidden = false;
  }

  function filtered() {
    return Boolean(filters.category || filters.from || filters.to);
  }

  function render() {
    const own = store.get('account')?.signedInAs?.email ?? store.get('account')?.email;
    if (entries.length === 0) {
      fill(list, h('li', { class: 'empty' }, filtered() ? NO_MATCHING_ACTIVITY : EMPTY_ACTIVITY));
    } else {
      fill(list, ...entries.map((entry) => {
        const when = formatTime(entry.at);
        return h('li', { class: 'activity-entry', 'data-kind': entry.kind, 'data-id': entry.id },
          h('p', { class: 'activity-summary' }, entry.summary),
          h('p', { class: 'small muted' },
            h('time', { datetime: when.iso ?? '' }, when.text), ' · ', activityActor(entry, own), ' · ',
            activityCategoryName(entry)));
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
      const filterQuery = activityFilterQuery(filters);
      exportLink.href = `/api/activity/export${filterQuery ? `?${filterQuery}` : ''}`;
      const query = new URLSearchParams(filterQuery);
      query.set('limit', String(PAGE));
      if (nextPage && next) query.set('cursor', next);
      let { data } = await call(`/api/activity?${query}`);
      // Filtered by a rare kind of change, a page of a long log can come back empty but not at the end: read on
      // (a few pages) rather than say "nothing matches" above a Load more.
      for (let tries = 0; !data?.items?.length && data?.nextCursor && tries < 5; tries++) {
        query.set('cursor', data.nextCursor);
        ({ data } = await call(`/api/activity?${query}`));
      }
      entries = mergeActivity(nextPage ? entries : [], data);
      next = data?.nextCursor ?? null;
      render();
    } catch (failure) {
      if (failure.status === 401) return;
      showError(`The activity could not be loaded: ${fullError(failure)}`);
    } finally {
      loading = false;
      done();
    }
  }

  return { card, load };
}

function field(id, label, control) {
  return h('div', { class: 'field' }, h('label', { for: id }, label), control);
}
