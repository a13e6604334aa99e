// The page's side of the service worker (/sw.js): registers it, hands it the files loaded before it controlled the
// page, and tells it who signed in and out, so it keeps each user's cached reads apart and drops them on sign-out.

const ANSWER_WITHIN_MS = 3000;

const supported = 'serviceWorker' in navigator;

export async function registerServiceWorker() {
  if (supported) await navigator.serviceWorker.register('/sw.js', { scope: '/' });
}

/**
 * Before the console reads anything for this user: the worker caches their reads, and only theirs. It also caches the
 * shell files the page loaded so far, which on the first visit passed by before the worker controlled the page.
 */
export function serviceWorkerSignedIn(user) {
  return tell({ type: 'signed-in', user, urls: performance.getEntriesByType('resource').map(e => e.name) });
}

/** The worker forgets the user and drops every cached read. */
export function serviceWorkerSignedOut() { return tell({ type: 'signed-out' }); }

/** Sends a message to the active worker and waits for its answer (a worker that does not answer is not waited for long). */
async function tell(message) {
  if (!supported) return;
  const registration = await within(navigator.serviceWorker.ready);
  const worker = registration?.active;
  if (!worker) return;
  await within(new Promise(resolve => {
    const channel = new MessageChannel();
    channel.port1.onmessage = e => resolve(e.data);
    worker.postMessage(message, [channel.port2]);
  }));
}

function within(promise) {
  return Promise.race([promise, new Promise(resolve => setTimeout(resolve, ANSWER_WITHIN_MS, null))]);
}
