// Policies: the Default Policy and the administrator's own policies by priority (who they apply
// to, the mode, what happens to malicious and suspicious mail); create, edit and delete them (the
// Default Policy can be edited, never deleted or targeted); which policy applies to a sender and
// recipient, and why; the sender lists (blocked, allowed, anti-spoofing exceptions); and one user's
// own senders (#/policies?user=… opens that user's).

import { describeError, errorItems } from '../api.js';
import { call } from '../session.js';
import { h, fill, announce, busy, pill, showInlineError, clearInlineError } from '../ui.js';
import { setFieldError, clearFieldError, clearOnInput, markServerErrors } from '../forms.js';
import { confirmDialog } from '../dialog.js';
import { MODES } from '../labels.js';
import { describePolicyTarget, lines, matcherText } from '../targets.js';
import { createSenderList } from '../parts/sender-list.js';
import { createManagedSendersCard } from '../parts/managed-senders-card.js';
import * as store from '../store.js';

export const ENGINES = {
  IMPERSONATION: 'Impersonation (lookalike names and domains)',
  URL: 'Links',
  ATTACHMENT: 'Attachments',
  SPAM_BULK: 'Spam and bulk mail',
};

export const ACTIONS = {
  QUARANTINE: 'Move to quarantine',
  RECORD: 'Record as a detection',
  NONE: 'Do nothing',
};

/**
 * What a policy does to a level of mail in the mode it runs in (the Default Policy's is the
 * account's): its actions apply as set in Protect only; Monitor records, Disabled checks nothing.
 * A user policy's own mode applies only while the account is in Monitor or Protect: with the
 * account Disabled nothing is checked, in Threat Scan only scans record (as the API's effective
 * policy says), so the table never promises protection that is off.
 */
export function actionInForce(policy, level, accountMode) {
  const action = policy?.actions?.[level];
  const mode = policy?.default ? accountMode : policy?.mode;
  if (mode === 'DISABLED') return 'Not checked (Disabled)';
  if (accountMode === 'DISABLED') return 'Not checked (the account is Disabled)';
  if (accountMode === 'THREAT_SCAN_ONLY') {
    return action === 'QUARANTINE' ? 'Record as a detection (quarantine in Protect)' : ACTIONS.RECORD;
  }
  if (level === 'MALICIOUS' && action === 'NONE') return ACTIONS.RECORD;
  if (mode !== 'PROTECT' && action === 'QUARANTINE') {
    return mode === 'MONITOR' ? 'Record as a detection (Monitor; quarantine in Protect)' : 'Record as a detection (quarantine in Protect)';
  }
  return ACTIONS[action] ?? action ?? '';
}

const TARGET_FIELDS = [
  ['recipients', 'Recipients', 'Addresses or domains the policy protects, one a line. Leave empty for everyone.'],
  ['senders', 'Senders', 'Only mail from these addresses or domains, one a line. Leave empty for any sender.'],
  ['exceptRecipients', 'Except recipients', 'Recipients the policy never applies to.'],
  ['exceptSenders', 'Except senders', 'Senders the policy never applies to.'],
];

/** User policies by priority, highest first (it wins where two apply); the Default Policy last. */
export function sortPolicies(policies) {
  return [...policies].sort((a, b) => Number(Boolean(a.default)) - Number(Boolean(b.default))
    || (b.priority ?? 0) - (a.priority ?? 0) || String(a.name).localeCompare(String(b.name)));
}

export function createPoliciesPage() {
  const heading = h('h1', { id: 'policies-heading', tabindex: '-1' }, 'Policies');
  const tbody = h('tbody', { id: 'policy-list' });
  const coverNote = h('div', { class: 'notice', id: 'policy-cover-note', role: 'note', hidden: true });
  const listError = h('div', { class: 'part-error', hidden: true });
  const newPolicy = h('button', { type: 'button', class: 'btn btn-primary', id: 'policy-new', 'data-testid': 'policy-new' }, 'New policy');

  // The editor.
  const editorHeading = h('h2', { id: 'policy-editor-heading' }, 'New policy');
  const name = h('input', { type: 'text', id: 'policy-name', maxlength: '100', required: true, autocomplete: 'off' });
  const priority = h('input', { type: 'number', id: 'policy-priority', min: '1', max: '1000', step: '1', required: true, 'aria-describedby': 'policy-priority-hint' });
  const mode = h('select', { id: 'policy-mode', 'aria-describedby': 'policy-mode-hint' },
    ['PROTECT', 'MONITOR', 'DISABLED'].map((m) => h('option', { value: m }, MODES[m].label)));
  const enabled = h('input', { type: 'checkbox', id: 'policy-enabled', checked: true });
  const engines = Object.entries(ENGINES).map(([code, label]) => ({ code, input: h('input', { type: 'checkbox', id: `policy-engine-${code.toLowerCase()}`, value: code, checked: true }), label }));
  const actionSelect = (level) => h('select', { id: `policy-action-${level.toLowerCase()}` },
    Object.entries(ACTIONS).map(([code, label]) => h('option', { value: code }, label)));
  const malicious = actionSelect('MALICIOUS');
  const suspicious = actionSelect('SUSPICIOUS');
  const targets = Object.fromEntries(TARGET_FIELDS.map(([field]) => [field,
    h('textarea', { id: `policy-${field}`, rows: '2', spellcheck: 'false', 'aria-describedby': `policy-${field}-hint` })]));
  const groupList = h('div', { class: 'checkbox-list', id: 'policy-groups' });
  const matchOn = h('select', { id: 'policy-match-on', 'aria-describedby': 'policy-match-on-hint' },
    h('option', { value: 'HEADER_FROM' }, 'The From address people see (header From)'),
    h('option', { value: 'ENVELOPE' }, 'The envelope sender (MAIL FROM)'));
  const defaultNote = h('p', { class: 'notice notice-info small', id: 'policy-default-note', hidden: true },
    'The Default Policy applies to everyone no other policy covers. Its name, targets and mode are fixed; choose which engines act and what happens to each level.');
  const save = h('button', { type: 'submit', class: 'btn btn-primary', id: 'policy-save', 'data-testid': 'policy-save' }, 'Save policy');
  const cancel = h('button', { type: 'button', class: 'btn', id: 'policy-cancel' }, 'Cancel');
  const editorError = h('div', { class: 'part-error', id: 'policy-error', hidden: true });
  const userOnly = h('div', { id: 'policy-user-fields' },
    h('div', { class: 'field' }, h('label', { for: name.id }, 'Name'), name),
    h('div', { class: 'field' }, h('label', { for: priority.id }, 'Priority'), priority,
      h('p', { class: 'hint', id: 'policy-priority-hint' }, 'From 1 to 1000. Where two policies apply, the higher number wins.')),
    h('div', { class: 'field' }, h('label', { for: mode.id }, 'Mode'), mode,
      h('p', { class: 'hint', id: 'policy-mode-hint' }, 'Protect moves malicious mail to quarantine; Monitor only records it; Disabled leaves the mail it covers unchecked.')),
    h('label', { class: 'checkbox' }, enabled, 'Policy is on'),
    h('fieldset', { class: 'fieldset' }, h('legend', {}, 'Applies to'),
      TARGET_FIELDS.map(([field, label, hint]) => h('div', { class: 'field' },
        h('label', { for: `policy-${field}` }, label), targets[field],
        h('p', { class: 'hint', id: `policy-${field}-hint` }, hint))),
      h('fieldset', { class: 'fieldset' }, h('legend', {}, 'Recipient groups'), groupList),
      h('div', { class: 'field' }, h('label', { for: matchOn.id }, 'Match senders on'), matchOn,
        h('p', { class: 'hint', id: 'policy-match-on-hint' }, 'Most senders are matched on the From address your users see.'))));
  const form = h('form', { class: 'card', id: 'policy-form', novalidate: true, 'aria-labelledby': 'policy-editor-heading', hidden: true },
    h('div', { class: 'card-header' }, editorHeading),
    defaultNote, userOnly,
    h('fieldset', { class: 'fieldset' }, h('legend', {}, 'Engines that act'),
      engines.map((e) => h('label', { class: 'checkbox' }, e.input, e.label))),
    h('fieldset', { class: 'fieldset' }, h('legend', {}, 'What happens'),
      h('div', { class: 'field' }, h('label', { for: malicious.id }, 'Malicious mail'), malicious),
      h('div', { class: 'field' }, h('label', { for: suspicious.id }, 'Suspicious mail'), suspicious)),
    editorError,
    h('div', { class: 'card-actions' }, cancel, save));

  // Which policy applies?
  const sender = h('input', { type: 'email', id: 'effective-sender', autocomplete: 'off' });
  const recipient = h('input', { type: 'email', id: 'effective-recipient', autocomplete: 'off' });
  const check = h('button', { type: 'submit', class: 'btn', id: 'effective-check' }, 'Check');
  const effectiveResult = h('div', { id: 'effective-result', role: 'status' });
  const effectiveForm = h('form', { class: 'card', id: 'effective-form', novalidate: true, 'aria-labelledby': 'effective-heading' },
    h('div', { class: 'card-header' }, h('h2', { id: 'effective-heading' }, 'Which policy applies?')),
    h('div', { class: 'inline-form' },
      h('div', { class: 'field' }, h('label', { for: sender.id }, 'Sender'), sender),
      h('div', { class: 'field' }, h('label', { for: recipient.id }, 'Recipient'), recipient),
      h('div', { class: 'field-button' }, check)),
    effectiveResult);

  const lists = ['blocked', 'permitted', 'spoofing-exceptions'].map((slug) => createSenderList(slug));
  const managed = createManagedSendersCard();

  const view = h('section', { id: 'policies-view', class: 'view', hidden: true, 'aria-labelledby': 'policies-heading' },
    h('div', { class: 'overview' }, h('div', {}, heading,
      h('p', { class: 'muted' }, 'Policies decide what Mailmoat does for each sender and recipient. The Default Policy covers everyone else.'))),
    h('section', { class: 'card', id: 'policies-card', 'aria-labelledby': 'policies-card-heading' },
      h('div', { class: 'card-header' }, h('h2', { id: 'policies-card-heading' }, 'Policies by priority'), newPolicy),
      listError,
      coverNote,
      h('div', { class: 'table-scroll' }, h('table', { class: 'data-table', id: 'policies-table' },
        h('caption', { class: 'visually-hidden' }, 'Policies, highest priority first'),
        h('thead', {}, h('tr', {},
          ['Priority', 'Name', 'Applies to', 'Mode', 'Malicious', 'Suspicious'].map((t) => h('th', { scope: 'col' }, t)),
          h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
        tbody))),
    form,
    h('div', { class: 'grid grid-even' }, lists[0].element, lists[1].element),
    h('div', { class: 'grid grid-even' }, lists[2].element, effectiveForm),
    managed.element);

  let policies = [];
  let editing = null; // the policy being edited, or null for a new one
  let groups = [];

  clearOnInput(name, priority, ...Object.values(targets), sender, recipient);

  newPolicy.addEventListener('click', () => openEditor(null, newPolicy));
  cancel.addEventListener('click', () => closeEditor());

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearInlineError(editorError);
    const isDefault = Boolean(editing?.default);
    if (!isDefault) {
      const checks = [];
      if (!name.value.trim()) checks.push([name, 'Give the policy a name.']);
      const p = Number(priority.value);
      if (!Number.isInteger(p) || p < 1 || p > 1000) checks.push([priority, 'Enter a priority from 1 to 1000.']);
      for (const [input, message] of checks) setFieldError(input, message);
      if (checks.length) {
        checks[0][0].focus();
        return;
      }
    }
    const body = {
      engines: engines.filter((e) => e.input.checked).map((e) => e.code),
      actions: { MALICIOUS: malicious.value, SUSPICIOUS: suspicious.value },
    };
    if (!isDefault) {
      Object.assign(body, {
        name: name.value.trim(),
        priority: Number(priority.value),
        mode: mode.value,
        enabled: enabled.checked,
        target: {
          recipients: [...lines(targets.recipients.value), ...[...groupList.querySelectorAll('input:checked')].map((i) => ({ group: i.value }))],
          senders: lines(targets.senders.value),
          exceptRecipients: lines(targets.exceptRecipients.value),
          exceptSenders: lines(targets.exceptSenders.value),
          matchOn: matchOn.value,
        },
      });
    }
    if (editing) body.version = editing.version;
    const done = busy(save, 'Saving…');
    try {
      const send = () => (editing
        ? call(`/api/policies/${encodeURIComponent(editing.id)}`, { method: 'PUT', body })
        : call('/api/policies', { method: 'POST', body }));
      let answer;
      try {
        answer = await send();
      } catch (error) {
        // Switching engines off or leaving malicious mail in place is saved only once confirmed.
        if (error.code !== 'confirmation_required') throw error;
        const ok = await confirmDialog({
          title: 'Save a policy that lets threats through?',
          body: h('ul', {}, errorItems(error).map((item) => h('li', {}, item))),
          confirmLabel: 'Save anyway',
          danger: true,
        });
        if (!ok) return;
        body.confirm = true;
        answer = await send();
      }
      const { data } = answer;
      announce(`${data?.name ?? 'The policy'} was saved.`, 'success');
      closeEditor();
      await load();
      focusRow(data?.id);
    } catch (error) {
      if (error.status === 401) return;
      const inputs = { name, priority, mode, 'target.recipients': targets.recipients, 'target.senders': targets.senders,
        'target.exceptRecipients': targets.exceptRecipients, 'target.exceptSenders': targets.exceptSenders, 'target.matchOn': matchOn };
      const details = Array.isArray(error.details)
        ? error.details.map((d) => ({ ...d, field: String(d?.field ?? '').replace(/\[\d+\]$/, '') })) : null;
      const marked = markServerErrors(details, inputs);
      const items = errorItems(error);
      fill(editorError, h('div', { class: 'inline-error', role: 'alert' },
        h('p', {}, error.code === 'conflict' ? describeError(error) : `The policy was not saved: ${describeError(error)}`),
        !marked && items.length ? h('ul', {}, items.map((item) => h('li', {}, item))) : null));
      editorError.hidden = false;
    } finally {
      done();
    }
  });

  effectiveForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    effectiveResult.textContent = '';
    const done = busy(check, 'Checking…');
    try {
      const query = new URLSearchParams({ sender: sender.value.trim(), recipient: recipient.value.trim() });
      const { data } = await call(`/api/policies/effective?${query}`);
      fill(effectiveResult, h('div', { class: 'notice notice-info' },
        h('p', {}, h('strong', {}, data.policyName), ` applies: ${MODES[data.mode]?.label ?? data.mode}; malicious mail: ${ACTIONS[data.onMalicious] ?? data.onMalicious}; suspicious mail: ${ACTIONS[data.onSuspicious] ?? data.onSuspicious}.`),
        (data.reasons ?? []).length ? h('ul', {}, data.reasons.map((r) => h('li', {}, r))) : null));
    } catch (error) {
      if (error.status === 401) return;
      if (!markServerErrors(error.details, { sender, recipient })) showInlineError(effectiveResult, describeError(error));
    } finally {
      done();
    }
  });

  async function load() {
    try {
      const [{ data }, groupsAnswer] = await Promise.all([call('/api/policies'), call('/api/directory/groups').catch(() => null)]);
      policies = sortPolicies(Array.isArray(data?.items) ? data.items : []);
      groups = groupsAnswer?.data?.items ?? [];
      clearInlineError(listError);
      renderList();
    } catch (error) {
      if (error.status !== 401) showInlineError(listError, `The policies could not be loaded: ${describeError(error)}`, { retry: load });
    }
  }

  function groupNames() {
    return Object.fromEntries(groups.map((g) => [g.id, g.displayName]));
  }

  function renderList() {
    const names = groupNames();
    const accountMode = store.get('account')?.mode;
    // A policy that names no recipient or sender covers everyone: its mode, not the account's, applies to all
    // mail below its priority. Say so, or the Protection page's mode reads as the one in force.
    const covering = policies.find((p) => !p.default && p.enabled !== false
      && !(p.target?.recipients ?? []).length && !(p.target?.senders ?? []).length);
    coverNote.hidden = !covering || covering.mode === accountMode;
    if (covering && !coverNote.hidden) {
      fill(coverNote, h('p', {}, h('strong', {}, covering.name), ` names no recipient or sender, so it covers everyone: its mode, ${MODES[covering.mode]?.label ?? covering.mode}, applies to all mail instead of the account's ${MODES[accountMode]?.label ?? accountMode ?? ''}. Give it recipients or senders, or turn it off, if that is not what you want.`));
    }
    fill(tbody, policies.map((policy) => {
      const edit = h('button', { type: 'button', class: 'btn btn-small policy-edit', 'aria-label': `Edit ${policy.name}` }, 'Edit');
      edit.addEventListener('click', () => openEditor(policy, edit));
      let remove = null;
      if (!policy.default) {
        remove = h('button', { type: 'button', class: 'btn btn-small btn-danger-outline policy-delete', 'aria-label': `Delete ${policy.name}` }, 'Delete');
        remove.addEventListener('click', () => deletePolicy(policy, remove));
      }
      return h('tr', { 'data-policy-id': policy.id, 'data-default': String(Boolean(policy.default)), tabindex: '-1' },
        h('td', { class: 'num' }, policy.default ? '—' : String(policy.priority)),
        h('td', {}, policy.name, ' ', policy.default ? pill('Default', 'info') : null, policy.enabled === false ? pill('Off', 'neutral') : null),
        h('td', {}, describePolicyTarget(policy, names)),
        h('td', {}, policy.mode ? (MODES[policy.mode]?.label ?? policy.mode) : 'Same as the account'),
        h('td', {}, actionInForce(policy, 'MALICIOUS', accountMode)),
        h('td', {}, actionInForce(policy, 'SUSPICIOUS', accountMode)),
        h('td', { class: 'nowrap' }, edit, ' ', remove));
    }));
  }

  function openEditor(policy, opener) {
    editing = policy;
    const isDefault = Boolean(policy?.default);
    editorHeading.textContent = policy ? `Edit ${policy.name}` : 'New policy';
    defaultNote.hidden = !isDefault;
    userOnly.hidden = isDefault;
    for (const input of [name, priority, ...Object.values(targets)]) clearFieldError(input);
    clearInlineError(editorError);
    const names = groupNames();
    name.value = policy?.name ?? '';
    priority.value = policy ? String(policy.priority) : String(Math.min(1000, Math.max(0, ...policies.filter((p) => !p.default).map((p) => p.priority)) + 10));
    const accountMode = store.get('account')?.mode;
    mode.value = policy?.mode ?? (accountMode === 'PROTECT' ? 'PROTECT' : 'MONITOR');
    enabled.checked = policy ? policy.enabled !== false : true;
    for (const e of engines) e.input.checked = policy ? (policy.engines ?? []).includes(e.code) : true;
    malicious.value = policy?.actions?.MALICIOUS ?? 'QUARANTINE';
    suspicious.value = policy?.actions?.SUSPICIOUS ?? 'RECORD';
    const target = policy?.target ?? {};
    for (const [field] of TARGET_FIELDS) {
      targets[field].value = (target[field] ?? []).filter((m) => m.kind !== 'GROUP').map((m) => matcherText(m, names)).join('\n');
    }
    const chosenGroups = new Set((target.recipients ?? []).filter((m) => m.kind === 'GROUP').map((m) => m.value));
    fill(groupList, groups.length
      ? groups.map((g) => h('label', { class: 'checkbox' },
        h('input', { type: 'checkbox', value: g.id, checked: chosenGroups.has(g.id) }), g.displayName))
      : h('p', { class: 'small muted' }, 'No groups imported yet: they are imported from Microsoft 365 by the upgrade or each day.'));
    matchOn.value = target.matchOn ?? 'HEADER_FROM';
    form.hidden = false;
    form.dataset.opener = opener?.id ?? '';
    (isDefault ? engines[0].input : name).focus();
  }

  function closeEditor() {
    form.hidden = true;
    editing = null;
  }

  async function deletePolicy(policy, button) {
    const confirmed = await confirmDialog({
      title: `Delete ${policy.name}?`,
      body: 'Mail it covered falls back to the next policy that applies, or to the Default Policy.',
      confirmLabel: 'Delete policy',
      danger: true,
    });
    if (!confirmed) return;
    const done = busy(button, 'Deleting…');
    try {
      await call(`/api/policies/${encodeURIComponent(policy.id)}`, { method: 'DELETE' });
      announce(`${policy.name} was deleted.`, 'success');
      if (editing?.id === policy.id) closeEditor();
      await load();
      newPolicy.focus();
    } catch (error) {
      if (error.status !== 401) showInlineError(listError, `${policy.name} could not be deleted: ${describeError(error)}`);
      done();
    }
  }

  function focusRow(id) {
    const row = id ? tbody.querySelector(`tr[data-policy-id="${CSS.escape(id)}"]`) : null;
    row?.focus();
  }

  return {
    view,
    title: 'Policies',
    heading,
    show(route) {
      view.hidden = false;
      load();
      for (const list of lists) list.load();
      managed.load(route);
      return false;
    },
    hide() {
      view.hidden = true;
    },
  };
}
