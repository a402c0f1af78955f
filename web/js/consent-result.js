// Landing page of the Microsoft consent round trip (/consent-result?status=connected, or
// ?status=error&reason=<code>): the result is shown on the Home page, so this page forwards
// there at once with the status and the reason code only. Nothing else from the address bar is
// carried along or ever displayed: a crafted link cannot put its text on Mailmoat's page.

const query = new URLSearchParams(location.search);
const forward = new URLSearchParams();
if (query.get('status') === 'connected') {
  forward.set('consent', 'connected');
} else {
  forward.set('consent', 'error');
  const reason = query.get('reason');
  if (reason && /^[a-z_]{1,40}$/.test(reason)) forward.set('reason', reason);
}
location.replace(`/?${forward}#/`);
