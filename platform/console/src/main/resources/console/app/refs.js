// Display names of referenced records and users, fetched once per id and cached for the page's life.
import { api } from './api.js';
import { metadata, recordName } from './metadata.js';

const names = new Map();
let usersPromise = null;

/** All users ({id, userName, displayName, ...}); any signed-in user may list them. */
export function users(force = false) {
  if (!usersPromise || force) {
    usersPromise = api.get('users').then(b => (Array.isArray(b) ? b : b.items || [])).catch(e => { usersPromise = null; throw e; });
  }
  return usersPromise;
}

export async function userName(id) {
  if (!id) return '';
  try {
    const u = (await users()).find(x => x.id === id);
    return u ? (u.displayName || u.userName) : id;
  } catch {
    return id;
  }
}

/** The display name of record `id` of type `typeName`; the id itself when it cannot be read. */
export function referenceName(typeName, id) {
  if (!id) return Promise.resolve('');
  const key = `${typeName}:${id}`;
  if (!names.has(key)) {
    const md = metadata();
    const type = md?.type(typeName);
    const p = type
      ? api.get(`${type.pluralApiName}/${encodeURIComponent(id)}`).then(r => recordName(type, r)).catch(() => id)
      : Promise.resolve(id);
    names.set(key, p);
  }
  return names.get(key);
}

/** Remember a name we already know (after loading or saving a record). */
export function rememberName(typeName, id, name) { names.set(`${typeName}:${id}`, Promise.resolve(name)); }

export function forgetNames() { names.clear(); usersPromise = null; }
