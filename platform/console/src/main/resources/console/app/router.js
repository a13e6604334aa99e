// Hash routing: #/contacts, #/contacts/<id>, #/contacts/new?account=<id>, #/admin/users, #/page/<id>, #/search?q=...

/** The current route: path segments (decoded) and query parameters. */
export function currentRoute() {
  const hash = location.hash.replace(/^#\/?/, '');
  const q = hash.indexOf('?');
  const path = q >= 0 ? hash.slice(0, q) : hash;
  const query = q >= 0 ? hash.slice(q + 1) : '';
  return {
    path,
    segments: path.split('/').filter(Boolean).map(s => { try { return decodeURIComponent(s); } catch { return s; } }),
    params: new URLSearchParams(query),
  };
}

/** A link to a route: href('contacts', id) or href('contacts', 'new', { account: id }). */
export function href(...parts) {
  let params = null;
  if (parts.length && typeof parts[parts.length - 1] === 'object' && parts[parts.length - 1] !== null) params = parts.pop();
  const path = parts.filter(p => p !== null && p !== undefined && p !== '').map(p => encodeURIComponent(p)).join('/');
  const query = params ? new URLSearchParams(Object.entries(params).filter(([, v]) => v !== null && v !== undefined && v !== '')).toString() : '';
  return `#/${path}${query ? `?${query}` : ''}`;
}

export function navigate(...parts) {
  location.hash = href(...parts);
}
