// The home dashboard's service figures for the current month, from GET /api/v1/service/kpis?from=&to= (see
// ServiceKpiResource: rates 0..1, times in business minutes, null where there is nothing to count).
import { LitElement, html, css, nothing } from 'lit';
import { problemText, qs } from '/app/sdk/v1.js';
import { baseStyles } from './service-common.js';

const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
const minutes = v => (v === null || v === undefined ? null : v >= 120 ? `${(v / 60).toFixed(1)} h` : `${Math.round(v)} min`);

class ServiceKpiWidget extends LitElement {
  static properties = { api: { attribute: false }, _kpis: { state: true }, _error: { state: true } };

  static styles = [baseStyles, css`
    .tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: .75rem; }
    .tile { border: 1px solid var(--sl-color-neutral-200); border-radius: var(--sl-border-radius-medium); padding: .6rem .75rem; }
    .label { font-size: var(--sl-font-size-small); color: var(--sl-color-neutral-600); }
    .value { font-size: var(--sl-font-size-x-large); font-weight: 700; color: var(--sl-color-primary-700); font-variant-numeric: tabular-nums; }
  `];

  updated(changed) {
    if (changed.has('api') && this.api) this.load();
  }

  async load() {
    const now = new Date();
    const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString().slice(0, 10);
    const to = now.toISOString().slice(0, 10);
    try {
      this._kpis = await this.api.get(`service/kpis${qs({ from, to })}`);
      this._error = null;
    } catch (e) {
      this._error = problemText(e);
    }
  }

  tile(id, label, value) {
    return html`<div class="tile" data-testid="service-kpi-${id}"><div class="label">${label}</div><div class="value">${value ?? '—'}</div></div>`;
  }

  render() {
    if (this._error) return html`<p class="muted" role="alert">The service figures cannot be shown: ${this._error}</p>`;
    const k = this._kpis;
    if (!k) return html`<sl-spinner aria-label="Loading"></sl-spinner>`;
    const pct = v => (v === null || v === undefined ? null : percent.format(v));
    return html`<div class="tiles">
      ${this.tile('backlog', 'Open cases', k.backlog?.total)}
      ${this.tile('compliance', 'SLA compliance', pct(k.slaCompliance))}
      ${this.tile('fcr', 'First-contact resolution', pct(k.firstContactResolution))}
      ${this.tile('first-response', 'First response p90', minutes(k.firstResponseMinutes?.p90))}
      ${this.tile('resolution', 'Resolution p90', minutes(k.resolutionMinutes?.p90))}
    </div>${nothing}`;
  }
}

if (!customElements.get('rp-service-kpis-v1')) customElements.define('rp-service-kpis-v1', ServiceKpiWidget);
