// Records created, edited and deleted while the server cannot be reached: kept in IndexedDB (so they survive a
// reload) with the version they were made on, per user, and sent through POST /api/v1/sync/push once the server
// answers again. Each answer is applied (done; a created record gets its id), a conflict (someone changed the same
// fields, or the record that was deleted, meanwhile: the user chooses) or refused (the reason is shown).
// A record created offline has a temporary id (OFFLINE_ID_PREFIX...) until the server answers; edits of it join the
// queued create, and deleting it drops the create.
import { openDB } from 'idb';
import { api, hasCsrfToken, setCsrfToken, sessionEnded } from '../api.js';
import { CONNECTIVITY_EVENT, isOnline, reportReachable } from './connectivity.js';

/** Fired on window whenever the queue changes: detail {waiting, conflicts, refused} (entries of the signed-in user). */
export const OUTBOX_EVENT = 'rapport-outbox';
/** Fired on window when a queued change reached the server: detail {type, id, version, clientId (a create's temporary id)}. */
export const SYNCED_EVENT = 'rapport-record-synced';

export const WAITING = 'waiting';
export const CONFLICT = 'conflict';
export const REFUSED = 'refused';
export const CREATE = 'create';
export const UPDATE = 'update';
export const DELETE = 'delete';
/** A create the user deleted while it was on its way: once the server answers its id, that record is deleted. */
const DROP = 'drop';
export const OFFLINE_ID_PREFIX = 'offline-';

export function isOfflineId(id) { return typeof id === 'string' && id.startsWith(OFFLINE_ID_PREFIX); }

const RETRY_MS = 5000;
const MAX_PER_PUSH = 500;
const STORE = 'changes';

let database = null;
let userId = null;
let retryTimer = null;
let flushing = null;
let note = null;

function db() {
  database ??= openDB('rapport-offline', 1, {
    upgrade(d) {
      const store = d.createObjectStore(STORE, { keyPath: 'key', autoIncrement: true });
      store.createIndex('user', 'userId');
    },
  });
  return database;
}

/** Whose queue is shown and sent: the signed-in user's (null on sign-out: others' edits stay, unseen, for their return). */
export function setOutboxUser(id) {
  userId = id || null;
  clearInterval(retryTimer);
  retryTimer = userId ? setInterval(tick, RETRY_MS) : null;
  announce();
  if (userId) flush();
}

window.addEventListener('online', () => flush());
window.addEventListener(CONNECTIVITY_EVENT, e => { if (e.detail.online) flush(); });

/** The signed-in user's queued edits, oldest first. */
export async function entries() {
  if (!userId) return [];
  return (await db()).getAllFromIndex(STORE, 'user', userId);
}

/** Why the waiting edits are not sent now (the server takes no offline changes), or null. */
export function outboxNote() { return note; }

async function waitingFor(type, id) {
  return (await entries()).find(e => e.type === type && e.id === id && e.status === WAITING);
}

/** The fields of the record changed offline and not sent yet, to show over the cached record ({} if none). */
export async function queuedFields(type, id) {
  const entry = await waitingFor(type, id);
  return entry && entry.action !== DELETE && entry.action !== DROP ? entry.fields : {};
}

/** The records of a type created offline and not sent yet, as the list shows them (marked waiting, with their temporary id). */
export async function queuedCreates(type) {
  return (await entries()).filter(e => e.type === type && e.action === CREATE && e.status !== REFUSED)
    .map(e => ({ ...e.fields, id: e.id, version: 0, waiting: true }));
}

/** The ids of the records of a type deleted offline, not sent yet: lists leave them out. */
export async function queuedDeletes(type) {
  return new Set((await entries()).filter(e => e.type === type && (e.action === DELETE || e.action === DROP)).map(e => e.id));
}

function newEntry(fields) {
  return { userId, status: WAITING, clientChangeId: crypto.randomUUID(), queuedAt: new Date().toISOString(), ...fields };
}

async function put(entry) {
  await (await db()).put(STORE, entry);
  announce();
  flush();
}

/** Queues a new record; answers its temporary id, under which it can be opened and edited until it is sent. */
export async function queueCreate({ type, label, fields }) {
  const id = `${OFFLINE_ID_PREFIX}${crypto.randomUUID()}`;
  await put(newEntry({ action: CREATE, type, id, label, fields }));
  return id;
}

/**
 * Queues an edit of a record. A second edit of the same record while the first waits joins it (same base version;
 * for a record created offline, the create), under a new change id, since the change sent is no longer the same.
 */
export async function queueEdit({ type, id, label, baseVersion, fields }) {
  const waiting = await waitingFor(type, id);
  await put(waiting
    ? { ...waiting, fields: { ...waiting.fields, ...fields }, label, clientChangeId: crypto.randomUUID() }
    : newEntry({ action: UPDATE, type, id, label, baseVersion, fields }));
}

/**
 * Queues a delete made on {@code baseVersion}: it replaces the record's waiting edits; a record created offline is
 * not sent at all (or, if its create is on its way, deleted once it has an id).
 */
export async function queueDelete({ type, id, label, baseVersion }) {
  const waiting = await waitingFor(type, id);
  if (waiting?.action === CREATE) {
    await put({ ...waiting, action: DROP, clientChangeId: crypto.randomUUID() });
    return;
  }
  await put(waiting
    ? { ...waiting, action: DELETE, label, fields: {}, clientChangeId: crypto.randomUUID() }
    : newEntry({ action: DELETE, type, id, label, baseVersion, fields: {} }));
}

/**
 * Settles a conflict with the user's choice per field: `yours` names the fields to keep as edited offline (the others
 * keep the server's value). Those are sent again on the record's version now, so they apply unless it changed again.
 */
export async function resolveConflict(key, yours) {
  const d = await db();
  const entry = await d.get(STORE, key);
  if (!entry || entry.status !== CONFLICT) return;
  const fields = Object.fromEntries(yours.map(f => [f, entry.fields[f]]));
  // a delete that met a change is kept (sent again on the version now) when the user names it in `yours`
  const keep = entry.action === DELETE ? yours.includes(DELETE) : Object.keys(fields).length > 0;
  if (!keep) {
    await d.delete(STORE, key);
    synced(entry, entry.version);
  } else {
    await d.put(STORE, { key, userId: entry.userId, action: entry.action || UPDATE, type: entry.type, id: entry.id, label: entry.label,
      baseVersion: entry.version, fields, status: WAITING, clientChangeId: crypto.randomUUID(), queuedAt: entry.queuedAt });
  }
  announce();
  flush();
}

/** Drops the signed-in user's queued edits: they sign out without waiting for them to be sent. */
export async function discardAll() {
  const d = await db();
  await Promise.all((await entries()).map(e => d.delete(STORE, e.key)));
  announce();
}

/** Drops a queued edit (a refused one, once read). */
export async function discard(key) {
  await (await db()).delete(STORE, key);
  announce();
}

/** Now and then: sends what waits, and while the server was not reached, asks it again, so the console learns it is back. */
function tick() {
  if (!isOnline()) signedInOnline();
  else flush();
}

/** Sends the waiting edits, if there are any and the server answers; at most one send at a time. */
export function flush() {
  flushing ??= send().finally(() => { flushing = null; });
  return flushing;
}

async function send() {
  const d = await db();
  // creates deleted before they were sent are never sent
  for (const e of await entries()) if (e.status === WAITING && e.action === DROP) await d.delete(STORE, e.key);
  const waiting = (await entries()).filter(e => e.status === WAITING).slice(0, MAX_PER_PUSH);
  if (!waiting.length || !(await signedInOnline())) return;
  let answer;
  try {
    answer = await api.post('sync/push', { changes: waiting.map(toChange) });
  } catch (e) {
    return failed(e, waiting);
  }
  setNote(null);
  const byChange = new Map((answer.results || []).map(r => [r.clientChangeId, r]));
  for (const sent of waiting) {
    const result = byChange.get(sent.clientChangeId);
    // the user may have edited the record again while this was on its way: that edit joined the entry
    const entry = result && await d.get(STORE, sent.key);
    if (!entry) continue;
    const editedSince = entry.clientChangeId !== sent.clientChangeId;
    if (result.status === 'applied') {
      if (!editedSince) await d.delete(STORE, entry.key);
      else if (sent.action === CREATE) {
        // edited (or deleted) while the create was on its way: that goes to the record it became
        await d.put(STORE, { ...entry, id: result.id, action: entry.action === DROP ? DELETE : UPDATE, baseVersion: result.version });
      } else await d.put(STORE, { ...entry, baseVersion: result.version }); // sent again on the version now: the later edit applies
      synced({ ...entry, id: result.id || entry.id }, result.version, sent.action === CREATE ? sent.id : undefined);
    } else if (result.status === CONFLICT) {
      await d.put(STORE, { ...entry, status: CONFLICT, version: result.version, conflict: result.conflict });
      // fields merged without conflict were applied: the record page shows them
      if (result.conflict?.merged?.length) synced(entry, result.version);
    } else {
      await d.put(STORE, { ...entry, status: REFUSED, problem: result.problem || { detail: 'The server refused the change.' } });
    }
  }
  announce();
}

function toChange(e) {
  const change = { clientChangeId: e.clientChangeId, action: e.action || UPDATE, type: e.type };
  if (change.action === CREATE) return { ...change, clientId: e.id, fields: e.fields };
  if (change.action === DELETE) return { ...change, id: e.id, baseVersion: e.baseVersion };
  return { ...change, id: e.id, baseVersion: e.baseVersion, fields: e.fields };
}

/**
 * Whether the server answers with this user's session. A console opened offline has no CSRF token: the session is
 * asked again before anything is sent; so it is while the server was not reached.
 */
async function signedInOnline() {
  if (!navigator.onLine) return false;
  if (hasCsrfToken() && isOnline()) return true;
  try {
    const session = await api.get('session');
    if (session.offline) return false;
    if (!session.signedIn) { sessionEnded(); return false; }
    setCsrfToken(session.csrfToken);
    return true;
  } catch {
    return false;
  }
}

async function failed(error, sent) {
  if (error.status === 0 || error.status >= 500) return; // not reached, or busy: tried again in a moment
  if (error.status === 401) { sessionEnded(); return; }
  if (error.status === 404) { setNote('This server does not take offline changes (the sync capability is not installed).'); return; }
  if (error.status === 403 && /csrf/i.test(`${error.detail} ${error.title}`)) { setCsrfToken(null); return; }
  // the whole request was refused (400, 413, ...): each change is shown with the reason, none is lost silently
  const d = await db();
  for (const entry of sent) await d.put(STORE, { ...entry, status: REFUSED, problem: { title: error.title, detail: error.message } });
  reportReachable(true);
  announce();
}

function setNote(text) {
  if (note !== text) { note = text; announce(); }
}

function synced(entry, version, clientId) {
  window.dispatchEvent(new CustomEvent(SYNCED_EVENT, { detail: { type: entry.type, id: entry.id, version, clientId } }));
}

/** How many of the signed-in user's edits wait, met a conflict or were refused. */
export async function outboxCounts() {
  const all = await entries();
  const count = status => all.filter(e => e.status === status).length;
  return { waiting: count(WAITING), conflicts: count(CONFLICT), refused: count(REFUSED), note };
}

async function announce() {
  window.dispatchEvent(new CustomEvent(OUTBOX_EVENT, { detail: await outboxCounts() }));
}
