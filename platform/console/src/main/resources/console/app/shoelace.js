// Shoelace: point it at its local dist/ (icons, themes) and register the components the console uses.
import { setBasePath } from '@shoelace-style/shoelace/dist/utilities/base-path.js';

setBasePath(new URL('./', import.meta.resolve('@shoelace-style/shoelace/dist/shoelace.js')).pathname.replace(/\/$/, ''));

const COMPONENTS = ['alert', 'badge', 'button', 'checkbox', 'copy-button', 'details', 'dialog', 'drawer', 'dropdown', 'icon',
  'icon-button', 'input', 'menu', 'menu-item', 'option', 'progress-bar', 'radio-button', 'radio-group', 'select', 'spinner', 'switch',
  'textarea'];

/** Resolves when every component the console uses is defined. */
export const shoelaceReady = Promise.all(COMPONENTS.map(c => import(`@shoelace-style/shoelace/dist/components/${c}/${c}.js`)));
