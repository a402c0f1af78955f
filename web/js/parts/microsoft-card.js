// Connect to Microsoft 365 on Home: before consent, what Mailmoat will be allowed to do and the
// button that starts the Microsoft sign-in; afterwards, which tenant is connected (its name and
// domains; the tenant id in small print).

import { h, icon } from '../ui.js';
import { isConnected } from '../session.js';
import * as store from '../store.js';

export function createMicrosoftCard() {
  const pillEl = h('span', { class: 'pill pill-neutral', id: 'm365-pill' }, 'Not connected');
  const connect = h('a', { class: 'btn btn-primary', id: 'connect-microsoft', 'data-testid': 'connect-microsoft', href: '/api/sso/consent' }, 'Connect to Microsoft 365');
  const before = h('div', { id: 'm365-connect' },
    h('p', {}, 'Connect your tenant so Mailmoat can run its Threat Scan. You will sign in at Microsoft with a ',
      h('strong', {}, 'Global Administrator'), ' account and approve these permissions for your organisation:'),
    h('ul', { class: 'permissions' },
      h('li', {}, 'Read the users, groups and domains of your directory.'),
      h('li', {}, 'Read mail in every mailbox, to scan the last 30 days for threats.'),
      h('li', {}, 'Move the messages you choose to remove into a quarantine folder hidden from the user, and back if you release them.')),
    h('p', { class: 'muted small' }, "Your mail flow doesn't change until you choose Monitor or Protect. Microsoft trial tenants can't be connected."),
    connect);
  const tenantName = h('p', { class: 'tenant-name', id: 'tenant-name' });
  const tenantDomains = h('p', { class: 'small', id: 'tenant-domains' });
  const tenantId = h('p', { class: 'small muted', id: 'tenant-status' });
  // After consent was removed in Entra (Mailmoat then emails the owner), or to grant permissions again.
  const reconsent = h('p', { class: 'small' },
    h('a', { href: '/api/sso/consent?purpose=reconsent', id: 'reconsent-microsoft', 'data-testid': 'reconsent-microsoft' }, 'Re-confirm permissions'),
    ' at Microsoft (a Global Administrator) if Microsoft refused Mailmoat\'s access.');
  const after = h('div', { class: 'connected', hidden: true },
    h('span', { class: 'connected-icon' }, icon('check')),
    h('div', {}, tenantName, tenantDomains, tenantId, reconsent));
  const element = h('section', { class: 'card', id: 'm365-card', 'aria-labelledby': 'm365-heading' },
    h('div', { class: 'card-header' }, h('h2', { id: 'm365-heading' }, 'Microsoft 365'), pillEl),
    before, after);

  store.on('account', (account) => render(account));

  function render(account) {
    if (!account) return;
    const connected = isConnected(account);
    pillEl.textContent = connected ? 'Connected' : 'Not connected';
    pillEl.className = `pill ${connected ? 'pill-success' : 'pill-neutral'}`;
    before.hidden = connected;
    after.hidden = !connected;
    element.dataset.connected = String(connected);
    if (!connected) return;
    const domains = Array.isArray(account.tenantDomains) ? account.tenantDomains.filter(Boolean) : [];
    const name = account.tenantName || domains[0] || 'your Microsoft 365 tenant';
    tenantName.textContent = `Connected to ${name}`;
    tenantDomains.textContent = domains.length ? `Domains: ${domains.join(', ')}` : '';
    tenantDomains.hidden = domains.length === 0;
    tenantId.textContent = `Tenant ID ${account.tenantId}`;
  }

  return { element };
}
