// The console's entry point: decides between the signed-out view and the signed-in console
// (GET /api/account: 401 means signed out), builds the shell (navigation, notification area),
// and shows one page per route. Every page and part lives in its own module.

import { describeError } from './api.js';
import { announce, clearAnnouncement } from './ui.js';
import * as store from './store.js';
import * as router from './router.js';
import { whenEnded, refreshAccount } from './session.js';
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

let consent = takeConsentResult();
let passwordSet = takeParam('password'); // 'set' or 'changed' after the set-password page
let signedIn = false;
let currentPage = null;

const auth = createAuthPage({ onSignedIn: () => enter({ focus: true }) });
const notificationArea = createNotificationArea({ onLogout: () => leave('You have logged out.') });
const pages = {
  home: createHomePage(),
  detections: createDetectionsPage(),
  domains: createDomainsPage(),
  protection: createProtectionPage(),
  policies: createPoliciesPage(),
  upgrade: createUpgradePage(),
  account: createAccountPage({ onClosed: (message) => leave(message) }),
};

$('views').append(auth.view, ...Object.values(pages).map((page) => page.view));
$('topbar-end').append(notificationArea.area);
$('shell').append(notificationArea.panel);

whenEnded(() => {
  if (signedIn) leave('Your session has ended. Please sign in again.');
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

/** Signed out (logout, or the session ended): back to the sign-in view. */
function leave(message) {
  signedIn = false;
  notificationArea.stop();
  pages.home.stop();
  upgradeStatus.stop();
  pages.detections.reset();
  store.clear();
  applyBranding(null);
  showSignedOut({ message });
  announce(message, 'info');
}

function showSignedOut({ message = null } = {}) {
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

