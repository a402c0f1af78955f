// The setup checklist on Home: every onboarding step with its state. The count covers exactly
// the steps listed under it; steps that open up later are listed apart, uncounted. It reloads
// whenever something that changes a step happens ('setup:stale'), so it never goes stale.

import { describeError, humanize } from '../api.js';
import { call } from '../session.js';
import { h, icon, progressBar, showInlineError, clearInlineError, fill } from '../ui.js';
import * as store from '../store.js';

const STATES = { DONE: 'Done', TODO: 'To do', NOT_AVAILABLE_YET: 'Later' };

/** Where each step is done, so a step to do links straight there. */
const TARGETS = {
  'microsoft-consent': '#/',
  'domains-validated': '#/domains',
  'spf-include': '#/domains',
  dmarc: '#/domains',
  'threat-scan': '#/',
  'threats-reviewed': '#/detections',
  upgrade: '#/upgrade',
  'transport-rules': '#/upgrade',
};

export function createSetupChecklist() {
  const summary = h('span', { class: 'muted small', id: 'setup-summary' });
  const bar = progressBar({ labelId: 'setup-heading', tone: 'success' });
  const list = h('ol', { class: 'steps', id: 'setup-steps' });
  const laterHeading = h('h3', { class: 'steps-later-heading', id: 'setup-later-heading', hidden: true }, 'Coming later');
  const later = h('ul', { class: 'steps steps-later', id: 'setup-later', 'aria-labelledby': 'setup-later-heading', hidden: true });
  const error = h('div', { class: 'part-error', hidden: true });
  const element = h('section', { class: 'card', id: 'setup-card', 'aria-labelledby': 'setup-heading' },
    h('div', { class: 'card-header' }, h('h2', { id: 'setup-heading' }, 'Setup checklist'), summary),
    h('div', { class: 'progress' }, bar.element),
    error, list, laterHeading, later);

  store.on('setup:stale', () => load());

  async function load() {
    try {
      const { data } = await call('/api/setup');
      clearInlineError(error);
      render(Array.isArray(data?.steps) ? data.steps : []);
    } catch (error_) {
      if (error_.status !== 401) showInlineError(error, `The checklist could not be loaded: ${describeError(error_)}`, { retry: load });
    }
  }

  function render(steps) {
    const now = steps.filter((s) => s.state !== 'NOT_AVAILABLE_YET');
    const afterwards = steps.filter((s) => s.state === 'NOT_AVAILABLE_YET');
    const done = now.filter((s) => s.state === 'DONE').length;
    const next = now.find((s) => s.state !== 'DONE');
    fill(list, ...now.map((step, index) => stepItem(step, index + 1, step === next)));
    if (now.length === 0) list.append(h('li', { class: 'empty' }, 'Nothing to set up right now.'));
    fill(later, ...afterwards.map((step) => stepItem(step, null, false)));
    later.hidden = afterwards.length === 0;
    laterHeading.hidden = afterwards.length === 0;
    summary.textContent = now.length ? `${done} of ${now.length} done` : '';
    const percent = now.length ? Math.round((done / now.length) * 100) : 0;
    bar.update(percent, `${done} of ${now.length} steps done`);
    element.dataset.done = String(done);
    element.dataset.total = String(now.length);
  }

  return { element, load };
}

function stepItem(step, number, isNext) {
  const state = STATES[step.state] ? step.state : 'TODO';
  const mark = h('span', { class: 'step-icon', 'aria-hidden': 'true' });
  if (state === 'DONE') mark.append(icon('check'));
  else if (state === 'NOT_AVAILABLE_YET') mark.append(icon('clock'));
  else mark.append(String(number ?? ''));
  const title = step.title || humanize(step.id);
  const target = state === 'TODO' ? TARGETS[step.id] : null;
  return h('li', {
    class: 'step',
    'data-step': step.id ?? null,
    'data-state': state,
    'data-next': isNext ? 'true' : null,
    'aria-current': isNext ? 'step' : null,
  },
  mark,
  h('span', { class: 'step-title' }, target && target !== '#/' ? h('a', { href: target }, title) : title),
  h('span', { class: 'step-state' }, isNext ? 'Next step' : STATES[state]));
}
