// The notification area, top right: days left in the trial, the unread counter that opens the
// notification list, the account menu (profile, branding, closing the account) and Log out. The list is a side panel
// beside the page (not over it), so everything on the page stays usable while it is open.

import { describeError } from '../api.js';
import { call } from '../session.js';
import { h, icon, announce, busy, formatTime } from '../ui.js';
import { poll } from '../poller.js';
import * as store from '../store.js';
import * as router from '../router.js';
import { signedInLabel, signedInRole } from '../team.js';

const POLL_MS = 15000;

export function createNotificationArea({ onLogout }) {
  const trial = h('span', { class: 'trial', id: 'trial-days', 'data-testid': 'trial-days' });
  const counter = h('span', { class: 'counter', id: 'notifications-counter', 'data-testid': 'notifications-counter', 'data-count': '0', 'aria-hidden': 'true' }, '0');
  const counterWords = h('span', { class: 'visually-hidden', id: 'notifications-counter-words' }, 'Notifications, none unread');
  const bell = h('button', {
    type: 'button',
    class: 'icon-button',
    id: 'notifications-button',
    'aria-expanded': 'false',
    'aria-controls': 'notifications-panel',
  }, icon('bell'), counterWords, counter);

  const menuList = h('ul', { class: 'menu-list', id: 'account-menu', hidden: true },
    h('li', {}, h('a', { href: '#/account', id: 'menu-profile' }, 'Profile')),
    h('li', {}, h('a', { href: '#/account/team', id: 'menu-team' }, 'Team')),
    h('li', {}, h('a', { href: '#/account/branding', id: 'menu-branding' }, 'Branding')),
    h('li', {}, h('a', { href: '#/account/close', id: 'menu-close-account' }, 'Close account')));
  const menuCompany = h('span', { class: 'menu-company' });
  const menuEmail = h('span', { class: 'menu-email' });
  const menuButton = h('button', {
    type: 'button',
    class: 'menu-button',
    id: 'account-menu-button',
    'aria-expanded': 'false',
    'aria-controls': 'account-menu',
  }, icon('user'), h('span', { class: 'menu-who' }, menuCompany, menuEmail), h('span', { class: 'visually-hidden' }, ' account menu'), icon('chevron'));
  const logout = h('button', { type: 'button', class: 'btn btn-small', id: 'logout', 'data-testid': 'logout' }, 'Log out');

  const area = h('div', { class: 'notification-area', id: 'notification-area', hidden: true },
    trial, bell, h('div', { class: 'menu' }, menuButton, menuList), logout);

  // ---- the list (a side panel) ----
  const list = h('ul', { class: 'notifications', id: 'notification-items' });
  const listError = h('div', { class: 'panel-error', hidden: true });
  const readAll = h('button', { type: 'button', class: 'btn btn-small btn-quiet', id: 'notifications-read-all' }, 'Mark all as read');
  const closePanel = h('button', { type: 'button', class: 'icon-button', id: 'notifications-close', 'aria-label': 'Close notifications' }, icon('cross'));
  const panel = h('aside', {
    class: 'drawer',
    id: 'notifications-panel',
    'data-testid': 'notifications-list',
    'aria-labelledby': 'notifications-heading',
    hidden: true,
    tabindex: '-1',
  },
  h('div', { class: 'drawer-header' },
    h('h2', { id: 'notifications-heading' }, 'Notifications'),
    closePanel),
  h('div', { class: 'drawer-actions' }, readAll),
  listError,
  list);

  let notices = [];
  let poller = null;

  bell.addEventListener('click', () => setPanel(panel.hidden));
  closePanel.addEventListener('click', () => {
    setPanel(false);
    bell.focus();
  });
  panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      setPanel(false);
      bell.focus();
    }
  });
  readAll.addEventListener('click', async () => {
    const done = busy(readAll, 'Marking…');
    try {
      const { data } = await call('/api/notifications/read-all', { method: 'POST', body: {} });
      notices = notices.map((n) => ({ ...n, read: true }));
      render(typeof data?.unread === 'number' ? data.unread : 0);
      announce('All notifications are marked as read.', 'success');
    } catch (error) {
      if (error.status !== 401) announce(describeError(error), 'error');
    } finally {
      done();
    }
  });

  menuButton.addEventListener('click', () => setMenu(menuList.hidden));
  menuList.addEventListener('click', (event) => {
    if (event.target.closest('a')) setMenu(false);
  });
  area.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !menuList.hidden) {
      setMenu(false);
      menuButton.focus();
    }
  });
  document.addEventListener('click', (event) => {
    if (!menuList.hidden && !event.target.closest('.menu')) setMenu(false);
  });

  logout.addEventListener('click', async () => {
    const done = busy(logout, 'Logging out…');
    try {
      await call('/api/logout', { method: 'POST', body: {} });
    } catch (error) {
      if (error.status !== 401) {
        announce(`${describeError(error)} You are still signed in.`, 'error');
        done();
        return;
      }
    }
    done();
    onLogout();
  });

  store.on('account', (account) => renderAccount(account));
  store.on('notifications:stale', () => poller?.refresh());

  function setPanel(open) {
    panel.hidden = !open;
    bell.setAttribute('aria-expanded', String(open));
    document.body.classList.toggle('drawer-open', open);
    if (open) {
      panel.focus();
      poller?.refresh();
    }
  }

  function setMenu(open) {
    menuList.hidden = !open;
    menuButton.setAttribute('aria-expanded', String(open));
  }

  function renderAccount(account) {
    if (!account) return;
    menuCompany.textContent = account.company ?? '';
    // Who is signed in (a team member or the owner) and their role.
    menuEmail.textContent = signedInLabel(account);
    menuList.querySelector('#menu-close-account').parentElement.hidden = signedInRole(account) !== 'OWNER';
    const days = account.trialDaysLeft;
    if (typeof days !== 'number') {
      trial.hidden = true;
      return;
    }
    trial.hidden = false;
    // The API rounds up (its last day is 1), so 0 means it has ended.
    trial.textContent = days > 1 ? `${days} days left in your trial`
      : days === 1 ? 'Last day of your trial' : 'Your trial has ended';
    trial.dataset.days = String(days);
    trial.dataset.urgent = String(days <= 3);
  }

  async function load() {
    try {
      const { data } = await call('/api/notifications');
      notices = Array.isArray(data) ? data : (data?.notifications ?? data?.items ?? []);
      const unread = typeof data?.unread === 'number' ? data.unread : notices.filter(isUnread).length;
      listError.hidden = true;
      render(unread);
    } catch (error) {
      if (error.status === 401) return false;
      listError.textContent = `Notifications could not be loaded: ${describeError(error)}`;
      listError.hidden = false;
    }
    return POLL_MS;
  }

  function render(unread) {
    counter.textContent = unread > 99 ? '99+' : String(unread);
    counter.dataset.count = String(unread);
    counter.dataset.unread = String(unread > 0);
    counterWords.textContent = unread === 0 ? 'Notifications, none unread'
      : `Notifications, ${unread} unread`;
    readAll.hidden = unread === 0;
    list.textContent = '';
    if (notices.length === 0) {
      list.append(h('li', { class: 'empty' }, "You're all caught up: no notifications yet."));
      return;
    }
    for (const notice of notices) list.append(item(notice));
  }

  function item(notice) {
    const when = formatTime(notice.createdAt ?? notice.time);
    const unread = isUnread(notice);
    const li = h('li', { class: 'notification', 'data-unread': String(unread), 'data-kind': notice.kind ?? null, 'data-id': notice.id ?? null },
      h('div', { class: 'notification-title' },
        unread ? h('span', { class: 'dot', 'aria-hidden': 'true' }) : null,
        h('span', {}, notice.title ?? 'Notification'),
        unread ? h('span', { class: 'visually-hidden' }, ' (unread)') : null),
      notice.message ? h('p', { class: 'small' }, notice.message) : null,
      when.text ? h('time', { class: 'small muted', datetime: when.iso }, when.text) : null);
    const actions = h('div', { class: 'notification-actions' });
    const link = linkFor(notice);
    if (link) actions.append(h('a', { href: link.href, class: 'small' }, link.text));
    if (unread && notice.id) {
      const mark = h('button', { type: 'button', class: 'btn btn-small btn-quiet' }, 'Mark as read');
      mark.addEventListener('click', () => markRead(notice, mark));
      actions.append(mark);
    }
    if (actions.childNodes.length) li.append(actions);
    return li;
  }

  async function markRead(notice, button) {
    const done = busy(button);
    try {
      const { data } = await call(`/api/notifications/${encodeURIComponent(notice.id)}/read`, { method: 'POST', body: {} });
      notices = notices.map((n) => (n.id === notice.id ? { ...n, read: true } : n));
      render(typeof data?.unread === 'number' ? data.unread : notices.filter(isUnread).length);
      bell.focus();
    } catch (error) {
      done();
      if (error.status !== 401) announce(describeError(error), 'error');
    }
  }

  return {
    area,
    panel,
    start() {
      poller?.stop();
      poller = poll(load, { interval: POLL_MS });
      renderAccount(store.get('account'));
    },
    stop() {
      poller?.stop();
      poller = null;
      setPanel(false);
      setMenu(false);
    },
  };
}

function isUnread(notice) {
  return notice.read === false || notice.unread === true;
}

/** Where a notification leads, by kind. */
function linkFor(notice) {
  switch (notice.kind) {
    case 'THREAT_SCAN_REPORT':
    case 'THREAT_SCAN_COMPLETE_NOTICE':
      return { href: router.href('home'), text: 'See the report' };
    case 'REMEDIATION_COMPLETE':
    case 'REMEDIATION_COMPLETED':
      return { href: router.href('detections'), text: 'See detections' };
    case 'REAL_TIME_THREAT':
      return { href: router.href('detections'), text: 'See detections' };
    default:
      return null;
  }
}
