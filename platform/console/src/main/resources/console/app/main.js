// Entry point of the console.
import { shoelaceReady } from './shoelace.js';

shoelaceReady.then(() => import('./app-shell.js')).catch(e => {
  document.body.textContent = `The console could not start: ${e.message}`;
  console.error(e);
});
