// Toasts for success and errors (Shoelace alerts in the toast stack).
import { isOnline } from './offline/connectivity.js';
const ICONS = { primary: 'info-circle', success: 'check2-circle', warning: 'exclamation-triangle', danger: 'exclamation-octagon' };

export function toast(message, variant = 'primary', duration = 4000) {
  const alert = Object.assign(document.createElement('sl-alert'), {
    variant, closable: true, duration: variant === 'danger' ? 8000 : duration,
  });
  alert.classList.add('toast-alert');
  alert.dataset.testid = `toast-${variant}`;
  const icon = document.createElement('sl-icon');
  icon.slot = 'icon';
  icon.name = ICONS[variant] || ICONS.primary;
  alert.append(icon, document.createTextNode(message));
  document.body.append(alert);
  return alert.toast();
}

/** Toast an error: a Problem's message, or any Error's. Not while offline: the header says so once, not every part of a page. */
export function toastError(error, prefix = '') {
  if (error?.name === 'AbortError' || (error?.status === 0 && !isOnline())) return;
  console.error(error);
  toast(`${prefix}${error?.message || String(error)}`, 'danger');
}
