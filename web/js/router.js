// Hash routes of the signed-in console: #/ (Home), #/detections, #/detections/<id>, #/domains,
// #/account. A query after the path carries a page's filters (#/detections?scanId=…).
// Hashes that do not start with "#/" (the skip link's #main, #signup) are ordinary anchors.

const listeners = new Set();

/** The current route: { page, id, params (URLSearchParams), path }. */
export function current() {
  const hash = location.hash.startsWith('#/') ? location.hash.slice(1) : '/';
  const [path, query = ''] = hash.split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { page: parts[0] ?? 'home', id: parts[1] ?? null, params: new URLSearchParams(query), path };
}

/** A hash for a page, id and params, e.g. href('detections', null, {scanId}) → "#/detections?scanId=…". */
export function href(page, id = null, params = {}) {
  let path = page === 'home' ? '#/' : `#/${page}`;
  if (id) path += `/${encodeURIComponent(id)}`;
  const query = new URLSearchParams();
  const entries = params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params);
  for (const [key, value] of entries) {
    if (value != null && value !== '') query.set(key, value);
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** Goes to a route (adds a history entry unless `replace`). */
export function go(hash, { replace = false } = {}) {
  if (location.hash === hash) {
    notify();
  } else if (replace) {
    history.replaceState(history.state, '', hash);
    notify();
  } else {
    location.hash = hash;
  }
}

export function onChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function notify() {
  const route = current();
  for (const listener of listeners) listener(route);
}

window.addEventListener('hashchange', () => {
  if (location.hash === '' || location.hash.startsWith('#/')) notify();
});
