// Account page, Team: everyone on the account with their role, whether they have accepted the
// invitation, and when they last signed in. The owner invites people (by address and role), changes
// a role and removes someone; everyone else sees the list only (the server refuses them all the same).

import { describeError, errorItems } from '../api.js';
import { call } from '../session.js';
import { h, announce, busy, pill, formatTime } from '../ui.js';
import { validate, clearOnInput, markServerErrors } from '../forms.js';
import { confirmDialog } from '../dialog.js';
import { ROLES, MEMBER_ROLES, memberStatus, inviteProblem } from '../team.js';

export function createTeamCard() {
  let members = [];
  let max = 25;
  let canManage = false;

  const intro = h('p', { class: 'small muted', id: 'team-intro' }, '');
  const list = h('ul', { class: 'recipient-list', id: 'team-list', 'data-testid': 'team-list', 'aria-labelledby': 'team-heading' });
  const email = h('input', { type: 'email', id: 'team-invite-email', name: 'email', autocomplete: 'off', spellcheck: 'false', required: true });
  const role = h('select', { id: 'team-invite-role', name: 'role', 'aria-describedby': 'team-invite-role-hint' },
    ...MEMBER_ROLES.map((r) => h('option', { value: r }, ROLES[r].label)));
  const roleHint = h('p', { class: 'hint', id: 'team-invite-role-hint' }, ROLES[MEMBER_ROLES[0]].note);
  role.value = 'ANALYST';
  roleHint.textContent = ROLES.ANALYST.note;
  role.addEventListener('change', () => { roleHint.textContent = ROLES[role.value]?.note ?? ''; });
  const invite = h('button', { type: 'submit', class: 'btn', id: 'team-invite' }, 'Invite');
  const form = h('form', { id: 'team-invite-form', novalidate: true, hidden: true },
    h('div', { class: 'field' }, h('label', { for: email.id }, 'Email address of the person to invite'), email,
      h('p', { class: 'hint' }, 'We email them a link to choose their password. They sign in with this address.')),
    h('div', { class: 'field' }, h('label', { for: role.id }, 'Role'), role, roleHint),
    h('div', { class: 'actions-row' }, invite));
  const card = h('section', { class: 'card', id: 'team', 'aria-labelledby': 'team-heading' },
    h('h2', { id: 'team-heading', tabindex: '-1' }, 'Team'), intro, list, form);
  clearOnInput(email);

  function render() {
    const others = members.filter((m) => m.role !== 'OWNER').length;
    intro.textContent = canManage
      ? `People who sign in to this account with their own address and password (${others} of ${max}). `
        + 'Only you, the owner, can invite, change roles or remove.'
      : 'People who sign in to this account. Only the owner can invite, change roles or remove.';
    list.textContent = '';
    for (const member of members) {
      const status = memberStatus(member);
      const who = h('div', {},
        h('strong', {}, member.email), member.you ? ' (you) ' : ' ',
        pill(ROLES[member.role]?.label ?? member.role, 'neutral', { 'data-role': member.role }), ' ',
        member.role === 'OWNER' ? '' : pill(status.label, status.tone),
        h('p', { class: 'small muted' }, [
          member.role === 'OWNER' ? 'Signed up the account.'
            : member.lastSignInAt ? `Last signed in ${formatTime(member.lastSignInAt).text}.` : status.note,
          member.invitedAt ? `Invited ${formatTime(member.invitedAt).text}.` : null,
        ].filter(Boolean).join(' ')));
      const actions = h('div', { class: 'actions-row', hidden: !(canManage && member.role !== 'OWNER') });
      if (canManage && member.role !== 'OWNER') {
        const select = h('select', { 'aria-label': `Role of ${member.email}`, 'data-action': 'role' },
          ...MEMBER_ROLES.map((r) => h('option', { value: r }, ROLES[r].label)));
        select.value = member.role;
        select.addEventListener('change', () => changeRole(member, select));
        const remove = h('button', { type: 'button', class: 'btn btn-small btn-danger', 'data-action': 'remove', 'aria-label': `Remove ${member.email}` }, 'Remove');
        remove.addEventListener('click', () => removeOne(member, remove));
        actions.append(select);
        if (member.status === 'INVITED') {
          // The invitation expired or went to spam: a new link, without removing and inviting again.
          const resend = h('button', { type: 'button', class: 'btn btn-small', 'data-action': 'resend', 'aria-label': `Send the invitation to ${member.email} again` }, 'Send invitation again');
          resend.addEventListener('click', () => resendInvitation(member, resend));
          actions.append(resend);
        }
        actions.append(remove);
      }
      list.append(h('li', { class: 'recipient', 'data-member': member.email, 'data-state': member.status }, who, actions));
    }
    form.hidden = !canManage || others >= max;
  }

  async function load() {
    try {
      const { data } = await call('/api/team');
      members = Array.isArray(data?.members) ? data.members : [];
      max = Number(data?.maxMembers) || max;
      canManage = data?.canManage === true;
      render();
    } catch (error) {
      if (error.status === 401) return;
      intro.textContent = `We couldn't load the team (${describeError(error)})`;
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const problem = inviteProblem(email.value, { members, max });
    if (!validate([[email, problem == null, problem]])) return;
    const done = busy(invite, 'Inviting…');
    try {
      const { data } = await call('/api/team', { method: 'POST', body: { email: email.value.trim(), role: role.value } });
      email.value = '';
      announce(`We emailed ${data?.email ?? 'them'} an invitation as ${ROLES[data?.role]?.label ?? 'a member'}. `
        + 'They sign in once they have chosen their password.', 'success');
      await load();
    } catch (error) {
      if (error.status === 401) return;
      if (!markServerErrors(error?.details, { email, role })) announce(describeError(error), 'error', errorItems(error));
    } finally {
      done();
    }
  });

  async function changeRole(member, select) {
    const next = select.value;
    select.disabled = true;
    try {
      await call(`/api/team/${encodeURIComponent(member.id)}`, { method: 'PUT', body: { role: next } });
      announce(`${member.email} is now ${ROLES[next].label}. It applies to their next click.`, 'success');
      await load();
    } catch (error) {
      select.value = member.role;
      if (error.status !== 401) announce(describeError(error), 'error', errorItems(error));
    } finally {
      select.disabled = false;
    }
  }

  async function resendInvitation(member, button) {
    const done = busy(button, 'Sending…');
    try {
      await call(`/api/team/${encodeURIComponent(member.id)}/invitation`, { method: 'POST' });
      announce(`We emailed ${member.email} a new invitation link (valid 7 days).`, 'success');
    } catch (error) {
      if (error.status !== 401) announce(describeError(error), 'error', errorItems(error));
    } finally {
      done();
    }
  }

  async function removeOne(member, button) {
    const ok = await confirmDialog({
      title: `Remove ${member.email} from the team?`,
      body: 'They are signed out at once and can no longer sign in to this account. What they did stays in the activity log. You can invite them again later.',
      confirmLabel: 'Remove',
      danger: true,
    });
    if (!ok) return;
    const done = busy(button, 'Removing…');
    try {
      await call(`/api/team/${encodeURIComponent(member.id)}`, { method: 'DELETE' });
      announce(`${member.email} was removed from the team and signed out.`, 'success');
      await load();
    } catch (error) {
      if (error.status !== 401) announce(describeError(error), 'error', errorItems(error));
      done();
    }
  }

  return { card, load };
}
