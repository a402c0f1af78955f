// Small DOM helpers shared by every page. Values from the server are only ever placed with
// textContent / attributes (never innerHTML), so a hostile string stays plain text.

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Creates an element: h('p', { class: 'x', id: 'y' }, 'text', childNode, [more]).
 * Attributes whose value is null/undefined/false are skipped; `on<Event>` attaches listeners.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value == null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

/** Replaces an element's children, skipping null/false and flattening arrays (as h() does). */
export function fill(parent, ...children) {
  parent.textContent = '';
  append(parent, children);
  return parent;
}

function append(parent, children) {
  for (const child of children) {
    if (child == null || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

const ICON_PATHS = {
  check: 'M4 10.5l4 4 8-9',
  cross: 'M5 5l10 10M15 5L5 15',
  clock: 'M10 3a7 7 0 1 0 0 14a7 7 0 1 0 0-14M10 6v4l3 2',
  link: 'M8 12l4-4M7 9l-2 2a3 3 0 0 0 4 4l2-2M13 11l2-2a3 3 0 0 0-4-4l-2 2',
  bell: 'M10 3a5 5 0 0 0-5 5v3l-1.5 3h13L15 11V8a5 5 0 0 0-5-5M8 16a2 2 0 0 0 4 0',
  shield: 'M10 2l6 2.5v5c0 4-2.7 6.8-6 8.5c-3.3-1.7-6-4.5-6-8.5v-5z',
  alert: 'M10 3l8 14H2zM10 8v4M10 14.5v.5',
  chevron: 'M6 8l4 4 4-4',
  search: 'M9 3a6 6 0 1 0 0 12a6 6 0 1 0 0-12M13.5 13.5L18 18',
  home: 'M3 10l7-6 7 6M5 9v8h10V9',
  list: 'M4 5h12M4 10h12M4 15h12',
  globe: 'M10 2a8 8 0 1 0 0 16a8 8 0 1 0 0-16M2 10h16M10 2c2.5 2.5 2.5 13.5 0 16M10 2c-2.5 2.5-2.5 13.5 0 16',
  user: 'M10 3a3.5 3.5 0 1 0 0 7a3.5 3.5 0 1 0 0-7M3.5 17c1-3.5 3.5-5 6.5-5s5.5 1.5 6.5 5',
};

/** A decorative stroke icon (hidden from assistive technology; words carry the meaning). */
export function icon(name) {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 20 20');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', ICON_PATHS[name] ?? '');
  path.setAttribute('fill', 'none');
  path.setAttribute('stroke', 'currentColor');
  path.setAttribute('stroke-width', '2.2');
  path.setAttribute('stroke-linecap', 'round');
  path.setAttribute('stroke-linejoin', 'round');
  svg.append(path);
  return svg;
}

let clearTimer = null;

/**
 * Writes to the page's aria-live region (#status-message). kind: 'info' | 'success' | 'error'.
 * `items` adds a bulleted list (e.g. every violated password rule). Info and success messages
 * fade after a while; errors stay until the next message so they can be read at leisure.
 */
export function announce(message, kind = 'info', items = []) {
  const region = document.getElementById('status-message');
  if (!region) return;
  clearTimeout(clearTimer);
  // Empty first so that repeating the same sentence is announced again.
  region.textContent = '';
  region.dataset.kind = kind;
  requestAnimationFrame(() => {
    region.textContent = '';
    region.append(h('span', {}, message));
    if (items.length) region.append(h('ul', {}, items.map((item) => h('li', {}, item))));
  });
  if (kind !== 'error') clearTimer = setTimeout(() => clearAnnouncement(), 12000);
}

export function clearAnnouncement() {
  const region = document.getElementById('status-message');
  if (!region) return;
  clearTimeout(clearTimer);
  region.textContent = '';
  delete region.dataset.kind;
}

/** Marks a button as working (disabled, spinner, aria-busy) and returns a function to undo it. */
export function busy(button, workingLabel) {
  if (!button) return () => {};
  const label = button.textContent;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  if (workingLabel) button.textContent = workingLabel;
  return () => {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    if (workingLabel) button.textContent = label;
  };
}

/** A "Copy" button that puts `value` on the clipboard and says so. */
export function copyButton(value, what) {
  const button = h('button', {
    type: 'button',
    class: 'btn btn-small',
    'aria-label': `Copy ${what}`,
  }, 'Copy');
  button.addEventListener('click', async () => {
    const copied = await copyText(value);
    if (copied) {
      button.textContent = 'Copied';
      announce(`Copied ${what} to the clipboard.`, 'success');
      setTimeout(() => { button.textContent = 'Copy'; }, 2000);
    } else {
      announce(`Could not copy automatically. Select the ${what} and copy it by hand.`, 'error');
    }
  });
  return button;
}

async function copyText(value) {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(value);
      return true;
    }
  } catch {
    // Fall through to the selection-based fallback (e.g. permission refused).
  }
  const scratch = h('textarea', { readonly: true, 'aria-hidden': 'true', class: 'offscreen' });
  scratch.value = value;
  document.body.append(scratch);
  scratch.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  scratch.remove();
  return ok;
}

// The viewer's own time zone, named, so "11:52 AM" is never read as another zone's (an MSP's staff
// and their customers' administrators are often in different ones).
const DATE_TIME = { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' };

/** Formats an ISO string or epoch (seconds or milliseconds) as a local date and time, with its zone. */
export function formatTime(value) {
  if (value == null || value === '') return { text: '', iso: null };
  let date;
  if (typeof value === 'number') date = new Date(value < 1e12 ? value * 1000 : value);
  else date = new Date(value);
  if (Number.isNaN(date.getTime())) return { text: String(value), iso: null };
  const text = date.toLocaleString(undefined, DATE_TIME);
  return { text, iso: date.toISOString() };
}

/** A pill with words (colour never carries meaning alone). tone: success | warning | danger | neutral | info. */
export function pill(text, tone = 'neutral', attributes = {}) {
  return h('span', { ...attributes, class: `pill pill-${tone}${attributes.class ? ` ${attributes.class}` : ''}` }, text);
}

/**
 * A labelled progress bar: returns { element, update(percent, valueText) }. The bar is a
 * role="progressbar" named by `labelId` (or `label`), with aria-valuenow and a readable value text.
 */
export function progressBar({ labelId, label, tone = 'primary' } = {}) {
  const fill = h('div', { class: 'progress-fill' });
  const track = h('div', {
    class: `progress-track progress-${tone}`,
    role: 'progressbar',
    'aria-valuemin': '0',
    'aria-valuemax': '100',
    'aria-valuenow': '0',
    'aria-labelledby': labelId ?? null,
    'aria-label': labelId ? null : label ?? null,
  }, fill);
  return {
    element: track,
    update(percent, valueText) {
      const value = Math.max(0, Math.min(100, Math.round(Number(percent) || 0)));
      track.setAttribute('aria-valuenow', String(value));
      if (valueText) track.setAttribute('aria-valuetext', valueText);
      else track.removeAttribute('aria-valuetext');
      track.dataset.percent = String(value);
      fill.style.width = `${value}%`;
    },
    indeterminate(on) {
      track.classList.toggle('progress-indeterminate', Boolean(on));
      if (on) track.removeAttribute('aria-valuenow');
    },
  };
}

const NUMBER = new Intl.NumberFormat();

/** 12345 → "12,345" (the visitor's locale). */
export function formatNumber(value) {
  const number = Number(value);
  return Number.isFinite(number) ? NUMBER.format(number) : '0';
}

/** "1 threat" / "3 threats". */
export function plural(count, one, many = `${one}s`) {
  return `${formatNumber(count)} ${Number(count) === 1 ? one : many}`;
}

/** Seconds left as words: "less than a minute", "about 3 minutes", "about 1 hour 20 minutes". */
export function formatDuration(seconds) {
  const s = Math.max(0, Math.round(Number(seconds) || 0));
  if (s < 60) return 'less than a minute';
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `about ${minutes === 1 ? '1 minute' : `${minutes} minutes`}`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const hoursText = hours === 1 ? '1 hour' : `${hours} hours`;
  return `about ${hoursText}${rest ? ` ${rest} minutes` : ''}`;
}

/** A <time> element for an ISO string: local date and time, the ISO value in datetime. */
export function timeElement(value, attributes = {}) {
  const { text, iso } = formatTime(value);
  return text ? h('time', { ...attributes, datetime: iso }, text) : h('span', attributes, '—');
}

/** Formats an ISO date-time (or date) as a local date only. */
export function formatDate(value) {
  if (!value) return '';
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toLocaleDateString(undefined, { dateStyle: 'medium', timeZone: /^\d{4}-\d{2}-\d{2}$/.test(value) ? 'UTC' : undefined });
}

/**
 * Replaces a container's content with an inline error message (role="alert"). With `retry` (a load that
 * failed), a Try again button runs it again: nobody should have to reload the page or resubmit a form.
 */
export function showInlineError(container, message, { retry = null } = {}) {
  container.textContent = '';
  const again = retry ? h('button', { type: 'button', class: 'btn btn-small retry-button' }, 'Try again') : null;
  again?.addEventListener('click', () => {
    again.disabled = true;
    again.textContent = 'Trying again…';
    retry();
  });
  container.append(h('p', { class: 'inline-error', role: 'alert' }, icon('alert'), h('span', {}, message)), again);
  container.hidden = false;
}

/** Clears an inline error container. */
export function clearInlineError(container) {
  container.textContent = '';
  container.hidden = true;
}
