// Landing page of the Microsoft consent round trip (/consent-result?status=connected, or
// ?status=error&reason=<code>&message=<text>): the result is shown on the Home page, so this
// page forwards there at once, carrying the result along.

const query = new URLSearchParams(location.search);
const forward = new URLSearchParams();
if (query.get('status') === 'connected') {
  forward.set('consent', 'connected');
} else {
  forward.set('consent', 'error');
  if (query.get('reason')) forward.set('reason', query.get('reason'));
  if (query.get('message')) forward.set('message', query.get('message').slice(0, 500));
}
location.replace(`/?${forward}#/`);
