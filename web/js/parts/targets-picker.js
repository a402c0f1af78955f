// Targeted To: everyone, or chosen users and groups from the imported directory. A search box
// asks GET /api/directory/users?q= and /groups?q= as the administrator types; each pick becomes a
// chip with its own Remove button. Used by the Protection page and the upgrade form.

import { describeError } from '../api.js';
import { call } from '../session.js';
import { h, fill } from '../ui.js';
import { targetsPayload, targetsChosen } from '../targets.js';

let counter = 0;

/**
 * Returns { element, value() ({everyone, users, groups}), set(targetedTo, names), valid(), names() }.
 * `idPrefix` names the controls (e.g. 'protection' → #protection-everyone, #protection-target-search).
 */
export function createTargetsPicker({ idPrefix = `targets-${counter++}`, legend = 'Targeted To' } = {}) {
  const everyone = h('input', { type: 'radio', name: `${idPrefix}-scope`, id: `${idPrefix}-everyone`, value: 'everyone', checked: true });
  const some = h('input', { type: 'radio', name: `${idPrefix}-scope`, id: `${idPrefix}-some`, value: 'some' });
  const search = h('input', { type: 'search', id: `${idPrefix}-target-search`, autocomplete: 'off', 'aria-describedby': `${idPrefix}-target-hint`, 'aria-controls': `${idPrefix}-target-results` });
  const results = h('ul', { class: 'item-list picker-results', id: `${idPrefix}-target-results`, 'aria-label': 'Matching users and groups' });
  const chosen = h('ul', { class: 'chip-row', id: `${idPrefix}-chosen`, 'aria-label': 'Chosen users and groups' });
  const error = h('p', { class: 'field-error', id: `${idPrefix}-targets-error`, role: 'alert', hidden: true });
  const status = h('p', { class: 'small muted', id: `${idPrefix}-target-status`, role: 'status' });
  const chooser = h('div', { class: 'picker', id: `${idPrefix}-picker`, hidden: true },
    h('div', { class: 'field' },
      h('label', { for: search.id }, 'Find users and groups'),
      search,
      h('p', { class: 'hint', id: `${idPrefix}-target-hint` }, 'Type part of a name or address. Users and groups come from your Microsoft 365 directory.')),
    status, results,
    h('p', { class: 'small' }, 'Chosen:'),
    chosen);
  const element = h('fieldset', { class: 'fieldset targets', id: `${idPrefix}-targeted-to` },
    h('legend', {}, legend),
    h('label', { class: 'checkbox' }, everyone, 'Everyone in your organisation'),
    h('label', { class: 'checkbox' }, some, 'Only the users and groups I choose'),
    chooser, error);

  const users = new Map(); // address → display name
  const groups = new Map(); // id → display name
  let timer = null;
  let asked = 0;

  const sync = () => {
    chooser.hidden = everyone.checked;
    error.hidden = true;
    if (!everyone.checked && !search.value) find('');
  };
  everyone.addEventListener('change', sync);
  some.addEventListener('change', sync);
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => find(search.value.trim()), 250);
  });

  async function find(q) {
    const mine = ++asked;
    status.textContent = 'Searching…';
    try {
      const query = q ? `?q=${encodeURIComponent(q)}` : '';
      const [u, g] = await Promise.all([call(`/api/directory/users${query}`), call(`/api/directory/groups${query}`)]);
      if (mine !== asked) return;
      const foundUsers = u.data?.items ?? [];
      const foundGroups = g.data?.items ?? [];
      const imported = u.data?.importedAt;
      fill(results,
        foundGroups.map((group) => resultItem('group', group.id, group.displayName, group.mail || `${Number(group.members) || 0} ${Number(group.members) === 1 ? 'member' : 'members'}`)),
        foundUsers.map((user) => resultItem('user', user.address, user.displayName || user.address, user.address)));
      if (foundUsers.length + foundGroups.length > 0) {
        status.textContent = `${foundGroups.length} groups and ${foundUsers.length} users found.`;
      } else if (imported) {
        status.textContent = 'No user or group matches.';
      } else {
        fill(status, 'Your users and groups have not been imported from Microsoft 365 yet. ', importButton());
      }
    } catch (error_) {
      if (error_.status !== 401 && mine === asked) status.textContent = `The directory could not be searched: ${describeError(error_)}`;
    }
  }

  function importButton() {
    return directoryImportButton({ id: `${idPrefix}-directory-import`, status, onImported: () => find(search.value.trim()) });
  }

  function resultItem(kind, id, name, detail) {
    const add = h('button', { type: 'button', class: 'btn btn-small target-add', 'data-kind': kind, 'data-id': id, 'aria-label': `Add ${kind} ${name}` }, 'Add');
    add.addEventListener('click', () => {
      (kind === 'group' ? groups : users).set(id, name);
      error.hidden = true;
      renderChosen();
      search.focus();
    });
    return h('li', { class: 'item picker-item' },
      h('div', { class: 'item-head' },
        h('span', {}, h('span', { class: 'name' }, name), ' ', h('span', { class: 'small muted' }, kind === 'group' ? `Group · ${detail}` : detail)),
        add));
  }

  function renderChosen() {
    const chips = [];
    for (const [map, kind] of [[groups, 'group'], [users, 'user']]) {
      for (const [id, name] of map) {
        const remove = h('button', { type: 'button', class: 'icon-button chip-remove', 'aria-label': `Remove ${name}` }, '×');
        remove.addEventListener('click', () => {
          map.delete(id);
          renderChosen();
          search.focus();
        });
        chips.push(h('li', { class: 'chip', 'data-kind': kind, 'data-id': id }, kind === 'group' ? `Group: ${name}` : name, remove));
      }
    }
    if (chips.length === 0) chips.push(h('li', { class: 'small muted' }, 'No one yet.'));
    fill(chosen, chips);
  }

  function value() {
    return targetsPayload({ everyone: everyone.checked, users: [...users.keys()], groups: [...groups.keys()] });
  }

  renderChosen();
  return {
    element,
    value,
    /** Shows a saved Targeted To (names: id or address → display name, when known). */
    set(targetedTo, names = {}) {
      users.clear();
      groups.clear();
      for (const user of targetedTo?.users ?? []) users.set(user, names[user] ?? user);
      for (const group of targetedTo?.groups ?? []) groups.set(group, names[group] ?? group);
      const all = !targetedTo || targetedTo.everyone || (users.size === 0 && groups.size === 0);
      everyone.checked = all;
      some.checked = !all;
      chooser.hidden = all;
      renderChosen();
    },
    /** False (with the reason shown) when "only the ones I choose" has no one chosen. */
    valid() {
      if (targetsChosen(value())) {
        error.hidden = true;
        return true;
      }
      error.textContent = 'Choose at least one user or group, or choose Everyone.';
      error.hidden = false;
      search.focus();
      return false;
    },
    showError(message) {
      error.textContent = message;
      error.hidden = false;
    },
    names() {
      return Object.fromEntries([...users, ...groups]);
    },
  };
}

/**
 * The display names of these groups ({ id: name }), from the imported directory: a saved Targeted To
 * holds group ids, which mean nothing to an administrator. Ids the directory does not know are left out.
 */
export async function groupNamesFor(ids) {
  const wanted = [...new Set((ids ?? []).filter(Boolean))];
  if (wanted.length === 0) return {};
  const { data } = await call(`/api/directory/groups?${new URLSearchParams({ ids: wanted.join(',') })}`);
  return Object.fromEntries((data?.items ?? []).map((g) => [g.id, g.displayName]));
}

/**
 * Import them now: asks for a directory import (it runs in the background), looks a few times
 * until it has finished, then calls `onImported`. `status` is the element that says what happens.
 * Shared by Targeted To and One user's senders.
 */
export function directoryImportButton({ id, status, onImported }) {
  const button = h('button', { type: 'button', class: 'btn btn-small', id }, 'Import them now');
  button.addEventListener('click', async () => {
    button.disabled = true;
    status.textContent = 'Importing your users and groups…';
    try {
      await call('/api/directory/refresh', { method: 'POST', body: {} });
      for (let i = 0; i < 10; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 1500));
        const { data } = await call('/api/directory/users');
        if (data?.importedAt) break;
      }
      onImported();
    } catch (error_) {
      if (error_.status !== 401) status.textContent = `The import could not start: ${describeError(error_)}`;
    }
  });
  return button;
}
