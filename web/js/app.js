// The console's entry point: decides between the signed-out view and the signed-in console
// (GET /api/account: 401 means signed out), builds the shell (navigation, notification area),
// and shows one page per route. Every page and part lives in its own module.
// Leaving a session (Log out, expiry, a closed account, a sign-in or sign-out in another tab)
// loads the page afresh: nothing of the old session stays in memory or in the page, and no
// answer still on its way can be drawn under the next account.

import { describeError } from './api.js';
import { announce, clearAnnouncement } from './ui.js';
import * as store from './store.js';
import * as router from './router.js';
import { whenEnded, refreshAccount, endSession } from './session.js';
import { applyBranding } from './branding.js';
import { takeConsentResult, consentBanner } from './parts/consent-banner.js';
import { createNotificationArea } from './parts/notification-area.js';
import { createAuthPage } from './pages/auth.js';
import { createHomePage } from './pages/home.js';
import { createDetectionsPage } from './pages/detections.js';
import { createDomainsPage } from './pages/domains.js';
import { createAccountPage } from './pages/account.js';
import { createProtectionPage } from './pages/protection.js';
import { createPoliciesPage } from './pages/policies.js';
import { createUpgradePage } from './pages/upgrade.js';
import * as upgradeStatus from './upgrade-status.js';

const $ = (id) => document.getElementById(id);

// Why the previous page load ended its session (see leave()); only these words are ever shown.
const SIGNED_OUT = {
  logout: 'You have logged out.',
  expired: 'Your session has ended. Please sign in again.',
  closed: 'Your account is closed and its data is being erased. We emailed you to confirm it.',
  elsewhere: 'You signed out, or signed in to another account, in another tab. Please sign in again.',
};

let consent = takeConsentResult();
let passwordSet = takeParam('password'); // 'set' or 'changed' after the set-password page
let signedOutMessage = SIGNED_OUT[takeParam('signed-out')] ?? null;
let signedIn = false;
let leaving = false;
let currentPage = null;

// Tabs of the console share one session cookie: a sign-in or sign-out in one tab reloads the others,
// so none keeps showing one account while its requests are answered for another.
const sessionChannel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('mailmoat-session') : null;
sessionChannel?.addEventListener('message', (event) => {
  if (signedIn) leave('elsewhere');
  else if (!leaving && event.data === 'signed-in') location.reload();
});

const auth = createAuthPage({ onSignedIn: () => {
  sessionChannel?.postMessage('signed-in');
  return enter({ focus: true });
} });
const notificationArea = createNotificationArea({ onLogout: () => leave('logout') });
const pages = {
  home: createHomePage(),
  detections: createDetectionsPage(),
  domains: createDomainsPage(),
  protection: createProtectionPage(),
  policies: createPoliciesPage(),
  upgrade: createUpgradePage(),
  account: createAccountPage({ onClosed: () => leave('closed') }),
};

$('views').append(auth.view, ...Object.values(pages).map((page) => page.view));
$('topbar-end').append(notificationArea.area);
$('shell').append(notificationArea.panel);

whenEnded(() => {
  if (signedIn) leave('expired');
});
store.on('account', (account) => applyBranding(account?.branding));
router.onChange(() => showRoute());

// The skip link moves focus without touching the address (the hash routes the pages).
$('skip-link').addEventListener('click', (event) => {
  event.preventDefault();
  $('main').focus();
});
$('loading-retry').addEventListener('click', () => {
  $('loading-retry').hidden = true;
  $('loading-text').textContent = 'Loading your console…';
  clearAnnouncement();
  boot();
});

boot();

async function boot() {
  try {
    await refreshAccount();
    enter({ focus: false });
  } catch (error) {
    if (error.status === 401) {
      showSignedOut();
    } else {
      $('loading-text').textContent = 'We could not load your console.';
      $('loading-retry').hidden = false;
      $('loading-view').hidden = false;
      announce(describeError(error), 'error');
    }
  }
}

/** Signed in (at load or after the sign-in form): the console. */
async function enter({ focus }) {
  if (!store.get('account')) {
    try {
      await refreshAccount();
    } catch (error) {
      if (error.status !== 401) announce(describeError(error), 'error');
      return;
    }
  }
  signedIn = true;
  $('loading-view').hidden = true;
  auth.hide();
  $('main-nav').hidden = false;
  notificationArea.area.hidden = false;
  notificationArea.start();
  pages.home.start();
  upgradeStatus.start();
  currentPage = null;
  showRoute({ focus });
}

/**
 * Signed out (`reason` is a key of SIGNED_OUT): the session's requests stop answering, its pages
 * leave the document, and the page loads afresh at the sign-in view, which says why. After an
 * expiry the route is kept, so signing in again returns there; otherwise the next sign-in starts at Home.
 */
function leave(reason) {
  if (leaving) return;
  leaving = true;
  signedIn = false;
  endSession();
  notificationArea.stop();
  pages.home.stop();
  upgradeStatus.stop();
  store.clear();
  applyBranding(null);
  $('main-nav').hidden = true;
  notificationArea.area.remove();
  notificationArea.panel.remove();
  $('views').replaceChildren();
  for (const dialog of document.querySelectorAll('dialog')) dialog.remove();
  $('loading-view').hidden = false;
  if (reason !== 'elsewhere') sessionChannel?.postMessage('signed-out');
  location.replace(`${location.pathname}?signed-out=${reason}${reason === 'expired' ? location.hash : ''}`);
}

function showSignedOut({ message = signedOutMessage } = {}) {
  signedOutMessage = null;
  $('loading-view').hidden = true;
  $('main-nav').hidden = true;
  notificationArea.area.hidden = true;
  for (const page of Object.values(pages)) page.hide();
  // A consent result reached while signed out (e.g. the session ended on the way): say it here.
  auth.show({ passwordSet, message, banner: consentBanner(consent) });
  consent = null;
  passwordSet = null;
}

function showRoute({ focus = true } = {}) {
  if (!signedIn) return;
  const route = router.current();
  const name = pages[route.page] ? route.page : 'home';
  const page = pages[name];
  for (const [other, p] of Object.entries(pages)) if (other !== name) p.hide();
  for (const link of document.querySelectorAll('#main-nav a')) {
    if (link.dataset.route === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  // What was said on the previous page is about that page.
  if (currentPage && name !== currentPage) clearAnnouncement();
  const focusHandled = page.show(route, { consent });
  if (name === 'home') consent = null;
  document.title = `${page.title} · Mailmoat`;
  // Focus the new page's heading when the page changes (not when a filter of the same page does).
  if (focus && name !== currentPage && !focusHandled) page.heading.focus();
  currentPage = name;
}

/** Reads and removes ?name=… from the address; its value, or null. */
function takeParam(name) {
  const query = new URLSearchParams(location.search);
  const value = query.get(name);
  if (value == null) return null;
  query.delete(name);
  const rest = query.toString();
  history.replaceState(history.state, '', `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`);
  return value;
}

