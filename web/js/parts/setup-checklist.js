// The setup checklist on Home: every onboarding step with its state. The count covers exactly
// the steps listed under it; steps that open up later are listed apart, uncounted. The next step is
// a button (to its page, or to the control on Home that does it); a step that needs an earlier one
// done first is plain text saying which. It reloads whenever something that changes a step happens
// ('setup:stale'), so it never goes stale.

import { describeError, humanize } from '../api.js';
import { call } from '../session.js';
import { h, icon, progressBar, showInlineError, clearInlineError, fill } from '../ui.js';
import * as store from '../store.js';

const STATES = { DONE: 'Done', TODO: 'To do', NOT_AVAILABLE_YET: 'Later' };

/** Where each step is done, so a step to do links straight there. */
const TARGETS = {
  'domains-validated': '#/domains',
  'spf-include': '#/domains',
  dmarc: '#/domains',
  'threats-reviewed': '#/detections',
  upgrade: '#/upgrade',
  'transport-rules': '#/upgrade',
};

/** Steps done on Home itself: the control that does them (the first one shown). */
const ON_HOME = {
  'microsoft-consent': ['[data-testid="connect-microsoft"]'],
  'threat-scan': ['#scan-progress', '#start-scan'],
};

/** What must be done before a step can be: nothing works without Microsoft 365, nothing is reviewed before a scan. */
const NEEDS = {
  'threat-scan': ['microsoft-consent'],
  'threats-reviewed': ['microsoft-consent', 'threat-scan'],
  'domains-validated': ['microsoft-consent'],
  'spf-include': ['microsoft-consent'],
  dmarc: ['microsoft-consent'],
  upgrade: ['microsoft-consent'],
  'transport-rules': ['microsoft-consent', 'upgrade'],
};

/**
 * What a listed step offers (`steps`: the listed steps in order, `next`: the next step's id):
 * { kind: 'none' } (done or later), { kind: 'waits', after } (the number of the step to do first),
 * { kind: 'link', href, next } or { kind: 'home', selectors, next } (a button to the control on Home).
 */
export function stepAction(step, steps, next) {
  if (step.state !== 'TODO') return { kind: 'none' };
  const blocking = (NEEDS[step.id] ?? []).map((id) => steps.findIndex((s) => s.id === id))
    .find((index) => index >= 0 && steps[index].state !== 'DONE');
  if (blocking !== undefined) return { kind: 'waits', after: blocking + 1 };
  const isNext = step.id === next;
  if (ON_HOME[step.id]) return isNext ? { kind: 'home', selectors: ON_HOME[step.id], next: true } : { kind: 'none' };
  if (TARGETS[step.id]) return { kind: 'link', href: TARGETS[step.id], next: isNext };
  return { kind: 'none' };
}

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
    fill(list, ...now.map((step, index) => stepItem(step, index + 1, step === next, stepAction(step, now, next?.id))));
    if (now.length === 0) list.append(h('li', { class: 'empty' }, 'Nothing to set up right now.'));
    fill(later, ...afterwards.map((step) => stepItem(step, null, false, { kind: 'none' })));
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

function stepItem(step, number, isNext, action) {
  const state = STATES[step.state] ? step.state : 'TODO';
  const mark = h('span', { class: 'step-icon', 'aria-hidden': 'true' });
  if (state === 'DONE') mark.append(icon('check'));
  else if (state === 'NOT_AVAILABLE_YET') mark.append(icon('clock'));
  else mark.append(String(number ?? ''));
  const title = step.title || humanize(step.id);
  let label = title;
  if (action.kind === 'link') {
    label = h('a', { href: action.href, class: action.next ? 'btn btn-primary btn-small step-action' : null }, title);
  } else if (action.kind === 'home') {
    label = h('button', { type: 'button', class: 'btn btn-primary btn-small step-action' }, title);
    label.addEventListener('click', () => focusOnHome(action.selectors));
  }
  let stateText = STATES[state];
  if (isNext) stateText = 'Next step';
  else if (action.kind === 'waits') stateText = `After step ${action.after}`;
  return h('li', {
    class: 'step',
    'data-step': step.id ?? null,
    'data-state': state,
    'data-next': isNext ? 'true' : null,
    'aria-current': isNext ? 'step' : null,
  },
  mark,
  h('span', { class: 'step-title' }, label),
  h('span', { class: 'step-state' }, stateText));
}

/** Brings the first shown control of `selectors` into view and focuses it (a section gets tabindex -1 for that). */
function focusOnHome(selectors) {
  const target = selectors.map((selector) => document.querySelector(selector))
    .find((element) => element && !element.closest('[hidden]'));
  if (!target) return;
  if (!target.matches('a[href], button, input, select, textarea, [tabindex]')) target.setAttribute('tabindex', '-1');
  target.scrollIntoView({ block: 'center' });
  target.focus();
}
