// Landing page after the Microsoft consent round trip:
// /consent-result?status=connected or /consent-result?status=error&message=<text>.
// The message comes from the address bar, so it is shown with textContent only.

import { icon } from './ui.js';

const $ = (id) => document.getElementById(id);
const query = new URLSearchParams(location.search);
const status = query.get('status');

$('connected-icon').append(icon('check'));
$('error-icon').append(icon('cross'));

if (status === 'connected') {
  $('consent-connected').hidden = false;
  document.title = 'Microsoft 365 connected · Mailmoat';
} else {
  // Anything other than a clear success is treated as a failure, with whatever was said.
  const message = (query.get('message') ?? '').trim().slice(0, 500);
  $('consent-message').textContent = message || 'No reason was given.';
  $('consent-error').hidden = false;
  document.title = "Microsoft 365 not connected · Mailmoat";
}
