// Helpers shared by the service console modules: SLA countdowns and their colours.
import { css } from 'lit';

export const baseStyles = css`
  :host { display: block; }
  .muted, .empty { color: var(--sl-color-neutral-600); }
  .error { color: var(--sl-color-danger-700); }
  table { width: 100%; border-collapse: collapse; }
  th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--sl-color-neutral-100); vertical-align: top; }
  th { font-size: var(--sl-font-size-small); color: var(--sl-color-neutral-600); font-weight: var(--sl-font-weight-semibold); }
  .due { font-variant-numeric: tabular-nums; white-space: nowrap; }
  .late { color: var(--sl-color-danger-700); font-weight: 700; }
  .soon { color: var(--sl-color-warning-700); font-weight: 600; }
`;

/** "in 1 h 20 min", "12 min late": the time left until `due` (an ISO instant) as seen at `now`. */
export function countdown(due, now = Date.now()) {
  if (!due) return '—';
  const minutes = Math.round((new Date(due).getTime() - now) / 60000);
  const abs = Math.abs(minutes);
  const text = abs >= 1440 ? `${Math.floor(abs / 1440)} d ${Math.floor((abs % 1440) / 60)} h`
    : abs >= 60 ? `${Math.floor(abs / 60)} h ${abs % 60} min` : `${abs} min`;
  return minutes < 0 ? `${text} late` : `in ${text}`;
}

/** The class of a countdown: late, soon (within the hour) or none. */
export function urgency(due, now = Date.now()) {
  if (!due) return '';
  const ms = new Date(due).getTime() - now;
  return ms < 0 ? 'late' : ms < 3600000 ? 'soon' : '';
}
