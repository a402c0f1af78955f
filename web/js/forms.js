// Field-level errors: the message sits right under its field, the field is marked
// aria-invalid and described by the message, and focus moves to the first field to fix.

import { h, icon } from './ui.js';

/** Shows `message` under `input` (creating the message element once). */
export function setFieldError(input, message) {
  const id = `${input.id}-error`;
  let element = document.getElementById(id);
  if (!element) {
    element = h('p', { class: 'field-error', id });
    const field = input.closest('.field') ?? input.parentElement;
    field.append(element);
  }
  element.textContent = '';
  element.append(icon('alert'), h('span', {}, message));
  element.hidden = false;
  input.setAttribute('aria-invalid', 'true');
  const described = new Set((input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean));
  described.add(id);
  input.setAttribute('aria-describedby', [...described].join(' '));
}

/** Removes the field's error, if any. */
export function clearFieldError(input) {
  input.removeAttribute('aria-invalid');
  const element = document.getElementById(`${input.id}-error`);
  if (element) {
    element.hidden = true;
    element.textContent = '';
  }
}

/**
 * Checks [input, ok, message] triples: marks every failing field, focuses the first one and
 * returns false; clears them all and returns true when everything is fine.
 */
export function validate(checks) {
  let first = null;
  for (const [input, ok, message] of checks) {
    if (ok) {
      clearFieldError(input);
    } else {
      setFieldError(input, message);
      first = first ?? input;
    }
  }
  if (first) {
    first.focus();
    return false;
  }
  return true;
}

/** Marks the fields named by an API error's field details ({field, message}); true if any was. */
export function markServerErrors(details, inputs) {
  if (!Array.isArray(details)) return false;
  let first = null;
  for (const detail of details) {
    const input = detail && inputs[detail.field];
    if (!input) continue;
    const message = String(detail.message ?? '');
    setFieldError(input, /^[A-Z]/.test(message) ? message : `${input.labels?.[0]?.textContent ?? detail.field} ${message}.`);
    first = first ?? input;
  }
  if (first) first.focus();
  return first != null;
}

/** Clears a field's error as soon as the user edits it. */
export function clearOnInput(...inputs) {
  for (const input of inputs) {
    input.addEventListener('input', () => clearFieldError(input));
    input.addEventListener('change', () => clearFieldError(input));
  }
}

export const looksLikeEmail = (value) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);

/** The email check with two messages: empty and malformed are different mistakes. */
export function emailCheck(input) {
  const value = input.value.trim();
  if (!value) return [input, false, 'Enter your email address.'];
  return [input, looksLikeEmail(value), 'Enter a valid email address, like name@company.com.'];
}
