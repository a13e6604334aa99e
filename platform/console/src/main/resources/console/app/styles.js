// Styles shared by the console's components (adopted into each shadow root).
import { css } from 'lit';

export const shared = css`
  :host { display: block; }
  [hidden] { display: none !important; }
  a { color: var(--sl-color-primary-700); text-decoration: none; }
  a:hover, a:focus-visible { text-decoration: underline; }
  h1 { font-size: var(--sl-font-size-2x-large); font-weight: var(--sl-font-weight-semibold); margin: 0 0 1rem; }
  h2 { font-size: var(--sl-font-size-large); font-weight: var(--sl-font-weight-semibold); margin: 0 0 .75rem; }
  h3 { font-size: var(--sl-font-size-medium); font-weight: var(--sl-font-weight-semibold); margin: 0 0 .5rem; }
  .card { background: var(--sl-color-neutral-0); border: var(--rp-border, 1px solid #e4e4e7); border-radius: var(--sl-border-radius-large);
    padding: 1rem; margin-bottom: 1rem; min-width: 0; }
  .toolbar { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin-bottom: 1rem; }
  .toolbar .spacer { flex: 1; }
  .page-header { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1rem; margin-bottom: 1rem; }
  .page-header h1 { margin: 0; flex: 1; min-width: 12rem; overflow-wrap: anywhere; }
  .muted { color: var(--sl-color-neutral-600); }
  .empty { color: var(--sl-color-neutral-600); padding: 1rem 0; font-style: italic; }
  .loading { display: flex; justify-content: center; padding: 2rem; font-size: 1.5rem; }
  .error-text { color: var(--sl-color-danger-700); font-size: var(--sl-font-size-small); margin-top: .25rem; }
  .chip { display: inline-block; background: var(--sl-color-neutral-100); border-radius: var(--sl-border-radius-pill);
    padding: 0 .5rem; margin: 0 .25rem .125rem 0; font-size: var(--sl-font-size-small); }
  .form-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: 1rem 1.25rem; }
  .form-grid .wide { grid-column: 1 / -1; }
  .actions { display: flex; flex-wrap: wrap; gap: .5rem; margin-top: 1rem; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: .5rem .75rem; border-bottom: 1px solid var(--sl-color-neutral-200); vertical-align: top; }
  th { font-size: var(--sl-font-size-small); color: var(--sl-color-neutral-700); font-weight: var(--sl-font-weight-semibold); white-space: nowrap; }
  .table-wrap { overflow-x: auto; }
  .visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  @media (max-width: 640px) {
    .form-grid { grid-template-columns: 1fr; }
    .card { padding: .75rem; }
    h1 { font-size: var(--sl-font-size-x-large); }
  }
`;
