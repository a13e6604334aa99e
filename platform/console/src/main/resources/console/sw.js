// The console's service worker: the app shell opens offline, and the lists and records a user viewed are answered
// from a cache of that user's own when the server cannot be reached. Served at /sw.js, so its scope is the whole site,
// but it answers only the console's own page, files and API reads: the portals and everything else go to the network.
// RELEASE is set by the build, so a new release installs a new worker, which replaces the shell and drops old caches.
'use strict';

const RELEASE = '%{project.version}-%{console.build}';
const SHELL_CACHE = `rapport-shell-${RELEASE}`;
const DATA_CACHE_PREFIX = 'rapport-data-';
const META_CACHE = 'rapport-meta';
const USER_KEY = '/__rapport/signed-in-user';
const API_PREFIX = '/api/v1/';
/** The most API answers kept per user; the least recently fetched go first. */
const MAX_DATA_ENTRIES = 500;
/** Marks an answer taken from the cache because the server could not be reached. */
const OFFLINE_HEADER = 'X-Rapport-Offline';
/** What the console needs to start; the rest of the shell (modules, WebJars) is cached as it is loaded. */
const PRECACHE = ['/', '/app/main.js', '/app/app.css', '/manifest.webmanifest', '/app/icons/rapport.svg'];
/**
 * API reads never cached: sign-in, session, tokens and credentials, administration, live streams and the sync feed
 * (it has its own tokens), health (it must tell the truth now), and files (large, and checked on every download).
 */
const NEVER_CACHED = /^(session|setup|tokens|admin|health|sync|files)(\/|$)|\/(tokens|content|download|stream|events)(\/|$)/;

let signedInUser; // undefined: not read from META_CACHE yet

self.addEventListener('install', event => {
  event.waitUntil(caches.open(SHELL_CACHE)
    .then(cache => cache.addAll(PRECACHE.map(url => new Request(url, { cache: 'reload' }))))
    .then(() => self.skipWaiting()));
});

self.addEventListener('activate', event => {
  event.waitUntil(caches.keys()
    .then(names => Promise.all(names.filter(n => n.startsWith('rapport-shell-') && n !== SHELL_CACHE).map(n => caches.delete(n))))
    .then(() => self.clients.claim()));
});

self.addEventListener('message', event => {
  const reply = event.ports[0];
  const done = p => p.then(() => reply?.postMessage({ ok: true }), e => reply?.postMessage({ ok: false, error: String(e) }));
  const msg = event.data || {};
  if (msg.type === 'signed-in') {
    const remembered = rememberUser(msg.user);
    // answered once the user is known; the shell files are cached after that, without keeping the page waiting
    event.waitUntil(done(remembered).then(() => remembered).then(() => cacheShellFiles(msg.urls || []), () => {}));
  } else if (msg.type === 'signed-out') event.waitUntil(done(forgetUser()));
});

self.addEventListener('fetch', event => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const path = url.pathname;
  if (request.mode === 'navigate') {
    if (path === '/' || path === '/index.html') event.respondWith(networkFirst(request, SHELL_CACHE, '/'));
  } else if (path.startsWith('/webjars/')) {
    event.respondWith(cacheFirst(request)); // versioned URLs: never change
  } else if (path.startsWith('/app/') || path === '/manifest.webmanifest') {
    event.respondWith(networkFirst(request, SHELL_CACHE));
  } else if (path.startsWith(API_PREFIX)) {
    const resource = path.slice(API_PREFIX.length);
    if (resource === 'session') event.respondWith(session(event, request));
    else if (!NEVER_CACHED.test(resource) && !(request.headers.get('Accept') || '').includes('text/event-stream')) {
      event.respondWith(apiRead(event, request));
    }
  }
});

/**
 * The network's answer (kept in the cache when it is a success and `keep` accepts it), else the cached one marked as
 * offline.
 */
async function networkFirst(request, cacheName, cacheKey = request, keep = () => true) {
  try {
    const response = await fetch(request);
    if (response.ok && response.type === 'basic' && keep(response)) {
      const copy = response.clone();
      caches.open(cacheName).then(cache => cache.put(cacheKey, copy));
    }
    return response;
  } catch (networkError) {
    const cached = await caches.match(cacheKey, { cacheName });
    if (!cached) throw networkError;
    return offlineCopy(cached);
  }
}

async function cacheFirst(request) {
  const cached = await caches.match(request, { cacheName: SHELL_CACHE });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const copy = response.clone();
    caches.open(SHELL_CACHE).then(cache => cache.put(request, copy));
  }
  return response;
}

/** An API read of the console, cached in the signed-in user's own cache; nothing is kept while nobody is signed in. */
async function apiRead(event, request) {
  const user = await currentUser();
  if (!user || !(await fromConsole(event))) return fetch(request);
  const cacheName = DATA_CACHE_PREFIX + user.id;
  return networkFirst(request, cacheName, request, response => {
    if (!(response.headers.get('Content-Type') || '').includes('json')) return false; // exports and downloads stay out
    trim(cacheName);
    return true;
  });
}

/** Keeps the newest MAX_DATA_ENTRIES answers (a put moves an answer to the end). */
async function trim(cacheName) {
  const cache = await caches.open(cacheName);
  const keys = await cache.keys();
  await Promise.all(keys.slice(0, Math.max(0, keys.length - MAX_DATA_ENTRIES)).map(k => cache.delete(k)));
}

/**
 * The session is never cached. Offline, the console still learns who was signed in (the user, no CSRF token, so it
 * cannot write) and opens what that user viewed; the next answer of the server decides again.
 */
async function session(event, request) {
  try {
    return await fetch(request);
  } catch (networkError) {
    const user = await currentUser();
    if (!user || !(await fromConsole(event))) throw networkError;
    return new Response(JSON.stringify({ signedIn: true, offline: true, user }),
      { status: 200, headers: { 'Content-Type': 'application/json', [OFFLINE_HEADER]: 'session' } });
  }
}

async function fromConsole(event) {
  const client = event.clientId ? await self.clients.get(event.clientId) : null;
  return !!client && ['/', '/index.html'].includes(new URL(client.url).pathname);
}

function offlineCopy(cached) {
  const headers = new Headers(cached.headers);
  headers.set(OFFLINE_HEADER, 'cached');
  return new Response(cached.body, { status: cached.status, statusText: cached.statusText, headers });
}

async function currentUser() {
  if (signedInUser === undefined) {
    const stored = await (await caches.open(META_CACHE)).match(USER_KEY);
    signedInUser = stored ? await stored.json() : null;
  }
  return signedInUser;
}

/** A shared device shows nobody another user's records: whoever signs in, the other users' cached reads go. */
async function rememberUser(user) {
  if (!user || !user.id) throw new Error('a user with an id');
  signedInUser = { id: user.id, userName: user.userName, displayName: user.displayName, email: user.email,
    roles: user.roles, teamIds: user.teamIds };
  await (await caches.open(META_CACHE)).put(USER_KEY, new Response(JSON.stringify(signedInUser),
    { headers: { 'Content-Type': 'application/json' } }));
  await dropDataCaches(DATA_CACHE_PREFIX + user.id);
}

async function forgetUser() {
  signedInUser = null;
  await caches.delete(META_CACHE);
  await dropDataCaches(null);
}

async function dropDataCaches(keep) {
  const names = await caches.keys();
  await Promise.all(names.filter(n => n.startsWith(DATA_CACHE_PREFIX) && n !== keep).map(n => caches.delete(n)));
}

/** The shell files the page loaded before this worker controlled it (its first visit): cached now, so they open offline. */
async function cacheShellFiles(urls) {
  const cache = await caches.open(SHELL_CACHE);
  const own = urls.map(u => new URL(u, self.location.origin))
    .filter(u => u.origin === self.location.origin && (u.pathname.startsWith('/app/') || u.pathname.startsWith('/webjars/')));
  await Promise.all(own.map(async u => {
    if (!(await cache.match(u.href))) {
      try { await cache.add(u.href); } catch { /* gone meanwhile: it is fetched again when used */ }
    }
  }));
}
