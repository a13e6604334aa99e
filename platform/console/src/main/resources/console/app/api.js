// The one fetch helper of the console: JSON in and out, the session's CSRF token on every change,
// RFC 9457 problems thrown as Problem objects. Contributed elements receive this object as their `api` property.

import { reportReachable, OFFLINE_HEADER } from './offline/connectivity.js';

const API_ROOT = '/api/v1/';

/** An RFC 9457 problem (or a network failure, status 0). */
export class Problem extends Error {
  constructor(status, body = {}) {
    const errors = Array.isArray(body.errors) ? body.errors : [];
    const loose = errors.filter(e => !e.field).map(e => e.message).join(' ');
    // the message for a toast: the detail, else the messages of errors that name no field, else the title
    super(body.detail || loose || body.title || (status ? `Request failed (${status})` : 'Network error'));
    this.name = 'Problem';
    this.status = status;
    this.type = body.type;
    this.title = body.title || (status ? `Error ${status}` : 'Network error');
    this.detail = body.detail || '';
    this.errors = errors;
  }

  /** field apiName -> message, for showing next to form fields. */
  fieldErrors() {
    const map = {};
    for (const e of this.errors) {
      if (e.field) map[e.field] = map[e.field] ? `${map[e.field]} ${e.message}` : (e.message || e.code);
    }
    return map;
  }
}

/** What went wrong, for a message next to a form or in a toast: the detail, else each field's error, else the message. */
export function problemText(error) {
  const fields = (error?.errors || []).filter(x => x.field).map(x => `${x.field}: ${x.message}`);
  return error?.detail || fields.join('; ') || error?.message || String(error);
}

let csrfToken = null;
const unauthorizedListeners = new Set();

export function setCsrfToken(token) { csrfToken = token || null; }

/** Whether changes can be sent: a session opened offline has no CSRF token until the server answers again. */
export function hasCsrfToken() { return csrfToken !== null; }

/** Called when a request answers 401 (the session ended); the shell shows the login page. */
export function onUnauthorized(listener) { unauthorizedListeners.add(listener); return () => unauthorizedListeners.delete(listener); }

/** Tells the listeners the session ended, as a 401 does. */
export function sessionEnded() { unauthorizedListeners.forEach(l => l()); }

function resolve(path) {
  if (/^https?:/.test(path) || path.startsWith('/')) return path;
  return API_ROOT + path;
}

/** Quote a value for the filter language: single quotes, a quote inside doubled. */
export function quote(value) { return `'${String(value).replaceAll("'", "''")}'`; }

/** Build a query string, leaving out null, undefined and empty values. */
export function qs(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
}

const NETWORK_ERROR = { title: 'Network error', detail: 'The server could not be reached. Check your connection and try again.' };

function requestHeaders(method, { ifMatch, headers = {} } = {}) {
  const h = { Accept: 'application/json, application/problem+json', ...headers };
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) h['X-CSRF-Token'] = csrfToken;
  if (ifMatch !== undefined && ifMatch !== null) h['If-Match'] = `"${String(ifMatch).replaceAll('"', '')}"`;
  return h;
}

/** The answer's body as the caller gets it (parsed JSON, text, null for 204), or the Problem it throws. */
function settle(url, status, statusText, contentType, text) {
  const type = contentType || '';
  if (status < 200 || status >= 300) {
    let problem = {};
    if (type.includes('json')) { try { problem = JSON.parse(text); } catch { /* not JSON after all */ } }
    if (status === 401 && !url.endsWith('/session')) sessionEnded();
    throw new Problem(status, { title: statusText, ...problem });
  }
  if (status === 204 || status === 205) return null;
  return type.includes('json') ? JSON.parse(text) : text;
}

/** `raw`: send `body` (a File or Blob) as it is, with the Content-Type given in `headers`. */
async function request(method, path, body, { ifMatch, headers = {}, signal, raw = false } = {}) {
  const url = resolve(path);
  const h = requestHeaders(method, { ifMatch, headers });
  if (body !== undefined && !raw) h['Content-Type'] = 'application/json';
  let resp;
  try {
    resp = await fetch(url, { method, headers: h, credentials: 'same-origin', signal,
      body: body === undefined || raw ? body : JSON.stringify(body) });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    reportReachable(false);
    throw new Problem(0, NETWORK_ERROR);
  }
  reportReachable(!resp.headers.has(OFFLINE_HEADER));
  return settle(url, resp.status, resp.statusText, resp.headers.get('Content-Type'), await resp.text());
}

/**
 * POSTs `body` (FormData, a File or a Blob) through XMLHttpRequest, which, unlike fetch, reports the upload's
 * progress: onProgress(sentBytes, totalBytes). Answers and fails like the other calls; `signal` aborts it.
 */
function upload(path, body, { onProgress, signal, headers = {} } = {}) {
  const url = resolve(path);
  return new Promise((done, fail) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    for (const [name, value] of Object.entries(requestHeaders('POST', { headers }))) xhr.setRequestHeader(name, value);
    if (onProgress) xhr.upload.addEventListener('progress', e => onProgress(e.loaded, e.lengthComputable ? e.total : body.size));
    xhr.addEventListener('load', () => {
      try {
        done(settle(url, xhr.status, xhr.statusText, xhr.getResponseHeader('Content-Type'), xhr.responseText));
      } catch (e) {
        fail(e);
      }
    });
    xhr.addEventListener('error', () => { reportReachable(false); fail(new Problem(0, NETWORK_ERROR)); });
    xhr.addEventListener('abort', () => fail(new DOMException('The upload was cancelled.', 'AbortError')));
    if (signal?.aborted) { fail(new DOMException('The upload was cancelled.', 'AbortError')); return; }
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}

export const api = {
  get: (path, opts) => request('GET', path, undefined, opts),
  post: (path, body = {}, opts) => request('POST', path, body, opts),
  put: (path, body = {}, opts) => request('PUT', path, body, opts),
  patch: (path, body = {}, opts) => request('PATCH', path, body, opts),
  del: (path, opts) => request('DELETE', path, undefined, opts),
  upload,
  quote,
  qs,
  Problem,
};

/**
 * Every record of a list, following `nextCursor` until the list ends or `max` records are loaded.
 * Resolves to {items, complete, total} (total: every matching record, from the first page's count).
 */
export async function fetchAll(plural, { filter, sort, pageSize = 500, max = 2000, signal } = {}) {
  const items = [];
  let cursor = null;
  let total = null;
  do {
    const page = await api.get(`${plural}${qs({ filter, sort, limit: pageSize, cursor, count: cursor ? null : 'true' })}`, { signal });
    if (total === null && typeof page.total === 'number') total = page.total;
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < max);
  return { items, complete: !cursor, total: total ?? items.length };
}

/** The number of records of a type matching a filter (null for all). */
export async function countRecords(plural, filter) {
  const page = await api.get(`${plural}${qs({ filter, limit: 1, count: true })}`);
  return page.total;
}
