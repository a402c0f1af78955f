// Home: where the setup journey happens. The consent result (after Microsoft), the Threat Scan
// Complete bar, the scan's progress, remediation progress, the report (threats per day, totals,
// most targeted mailboxes) and the scan history; beside them the setup checklist and Microsoft 365.

import { h, fill } from '../ui.js';
import { isConnected } from '../session.js';
import { MODES } from '../labels.js';
import * as store from '../store.js';
import { consentBanner, updateConsentText, updateConsentFailure } from '../parts/consent-banner.js';
import { createScanProgress } from '../parts/scan-progress.js';
import { createScanComplete } from '../parts/scan-complete.js';
import { createRemediationProgress } from '../parts/remediation-progress.js';
import { createScanReport } from '../parts/scan-report.js';
import { createScanHistory } from '../parts/scan-history.js';
import { createSetupChecklist } from '../parts/setup-checklist.js';
import { createMicrosoftCard } from '../parts/microsoft-card.js';
import { createRealTimeSummary } from '../parts/realtime-summary.js';
import { createUpgradeBanner } from '../parts/upgrade-banner.js';
import { createQuarantineFolders } from '../parts/quarantine-folders.js';

export function createHomePage() {
  const heading = h('h1', { id: 'home-heading', tabindex: '-1' }, 'Home');
  const subtitle = h('p', { class: 'muted', id: 'home-subtitle' });
  const modeBadge = h('span', { class: 'mode-badge', id: 'mode-badge' });
  const modeText = h('p', { class: 'mode-description', id: 'mode-description' });
  const banners = h('div', { class: 'banners', id: 'home-banners' });

  const scanProgress = createScanProgress();
  const scanComplete = createScanComplete();
  const remediation = createRemediationProgress();
  const report = createScanReport();
  const history = createScanHistory();
  const checklist = createSetupChecklist();
  const microsoft = createMicrosoftCard();
  const realtime = createRealTimeSummary();
  const upgradeBanner = createUpgradeBanner();
  const quarantineFolders = createQuarantineFolders();

  // Removal progress first: it is what the administrator just asked for.
  const main = h('div', { class: 'column' }, realtime.element, remediation.element, scanProgress.element, report.element, history.element);
  const side = h('div', { class: 'column' }, checklist.element, quarantineFolders.element, microsoft.element);
  const view = h('section', { id: 'home-view', class: 'view', hidden: true, 'aria-labelledby': 'home-heading' },
    h('div', { class: 'overview' },
      h('div', {}, heading, subtitle),
      h('div', { class: 'mode', id: 'mode-panel' },
        h('span', { class: 'mode-label' }, 'Protection mode'), modeBadge, modeText)),
    banners,
    upgradeBanner.element,
    scanComplete.element,
    h('div', { class: 'grid' }, main, side));

  store.on('account', (account) => {
    if (!account) return;
    heading.textContent = account.company ? `Welcome, ${account.company}` : 'Welcome';
    subtitle.textContent = isConnected(account)
      ? 'Your Threat Scan, what it found and what is left to set up.'
      : 'Connect Microsoft 365 to start your 30-day Threat Scan.';
    const mode = MODES[account.mode];
    modeBadge.textContent = mode ? mode.label : (account.mode ?? '');
    modeBadge.dataset.mode = account.mode ?? '';
    modeText.textContent = mode ? mode.description : '';
    // Before consent, connecting is the next thing to do: put it first.
    if (isConnected(account)) side.append(microsoft.element);
    else main.prepend(microsoft.element);
  });

  store.on('scan:started', () => scanProgress.refresh());
  // A removal finished, or a threat was released or marked not a threat: what still waits has changed.
  store.on('detections:stale', () => scanProgress.refresh());
  // The upgrade (or the mode change) may be known only after the banner is shown.
  const followConsent = () => {
    const connectedBanner = banners.querySelector('#consent-connected');
    // Disconnected since (offboarding): "Microsoft 365 is connected" is no longer true.
    if (connectedBanner && store.get('account') && !isConnected(store.get('account'))) {
      connectedBanner.remove();
      return;
    }
    updateConsentText(connectedBanner, store.get('account'), store.get('upgrade'), store.get('scan'));
    updateConsentFailure(banners.querySelector('#consent-error'), store.get('account'), store.get('upgrade'));
  };
  store.on('upgrade', followConsent);
  store.on('account', followConsent);
  store.on('scan', followConsent);

  let started = false;
  return {
    view,
    title: 'Home',
    heading,
    /** Starts following the scan and remediation jobs (also while another page is shown). */
    start() {
      if (started) return;
      started = true;
      scanProgress.start();
      remediation.start();
      checklist.load();
      history.load();
    },
    show(route, { consent } = {}) {
      view.hidden = false;
      const banner = consentBanner(consent);
      if (banner) {
        fill(banners, banner);
        updateConsentText(banner, store.get('account'), store.get('upgrade'), store.get('scan'));
        updateConsentFailure(banner, store.get('account'), store.get('upgrade'));
      }
      scanProgress.refresh();
      remediation.followRoute();
      checklist.load();
      if (isConnected(store.get('account'))) quarantineFolders.load();
      realtime.show();
      upgradeBanner.render();
      return false;
    },
    hide() {
      view.hidden = true;
      realtime.hide();
    },
    stop() {
      started = false;
      scanProgress.stop();
      remediation.stop();
      realtime.hide();
      banners.replaceChildren();
    },
  };
}
