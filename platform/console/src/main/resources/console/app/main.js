// Entry point of the console.
import { shoelaceReady } from './shoelace.js';
import { registerServiceWorker } from './offline/sw-client.js';

// Room for every file the shell loads, so the service worker can cache them all on the first visit.
performance.setResourceTimingBufferSize(1000);

shoelaceReady.then(() => import('./app-shell.js')).catch(e => {
  document.body.textContent = `The console could not start: ${e.message}`;
  console.error(e);
});
registerServiceWorker().catch(e => console.warn('The console works, but not offline:', e));
