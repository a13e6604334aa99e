// Whether the server can be reached: the browser's own flag, and what the last request found (a laptop on a dead
// Wi-Fi or a server that is down is "online" for the browser). The service worker marks answers it took from its
// cache with X-Rapport-Offline, so a page opened offline knows it too.
export const CONNECTIVITY_EVENT = 'rapport-connectivity';
export const OFFLINE_HEADER = 'X-Rapport-Offline';

let reachable = true;

export function isOnline() { return navigator.onLine && reachable; }

/** Called with each request's outcome: true when the server answered, false when it could not be reached. */
export function reportReachable(answered) {
  if (answered === reachable) return;
  reachable = answered;
  announce();
}

function announce() { window.dispatchEvent(new CustomEvent(CONNECTIVITY_EVENT, { detail: { online: isOnline() } })); }

window.addEventListener('online', announce);
window.addEventListener('offline', announce);
