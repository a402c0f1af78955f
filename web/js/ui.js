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

/** Formats an ISO string or epoch (seconds or milliseconds) as a local date and time. */
export function formatTime(value) {
  if (value == null || value === '') return { text: '', iso: null };
  let date;
  if (typeof value === 'number') date = new Date(value < 1e12 ? value * 1000 : value);
  else date = new Date(value);
  if (Number.isNaN(date.getTime())) return { text: String(value), iso: null };
  const text = date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  return { text, iso: date.toISOString() };
}
