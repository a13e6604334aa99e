// The home dashboard's sales figures for the current quarter, from GET /api/v1/sales/kpis?from=&to= (documented in
// SalesAnalyticsResource: ratios 0..1, amounts in the corporate `currency`, null where there is nothing to divide by).
import { LitElement, html, css, nothing } from 'lit';
import { formatMoney, problemText, qs } from '/app/sdk/v1.js';
import { baseStyles, isoDate, periodLabel, periodOf, periodRange } from './sales-common.js';

const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
const days = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

class SalesKpiWidget extends LitElement {
  static properties = { api: { attribute: false }, _kpis: { state: true }, _error: { state: true } };

  static styles = [baseStyles, css`
    .tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: .75rem; }
    .tile { border: 1px solid var(--sl-color-neutral-200); border-radius: var(--sl-border-radius-medium); padding: .6rem .75rem; min-width: 0; }
    .label { font-size: var(--sl-font-size-small); color: var(--sl-color-neutral-600); }
    .value { font-size: var(--sl-font-size-x-large); font-weight: 700; color: var(--sl-color-primary-700); font-variant-numeric: tabular-nums;
      overflow-wrap: anywhere; }
    .sub { font-size: var(--sl-font-size-x-small); color: var(--sl-color-neutral-500); }
    .period { font-size: var(--sl-font-size-small); margin-bottom: .5rem; }
  `];

  updated(changed) {
    if (changed.has('api') && this.api) this.load();
  }

  async load() {
    const quarter = periodOf('quarter', new Date());
    const [from, to] = periodRange(quarter);
    this._quarter = quarter;
    try {
      this._kpis = await this.api.get(`sales/kpis${qs({ from: isoDate(from), to: isoDate(to) })}`);
      this._error = null;
    } catch (e) {
      this._error = problemText(e);
    }
  }

  tile(id, label, value, sub) {
    return html`<div class="tile" data-testid="kpi-${id}"><div class="label">${label}</div>
      <div class="value">${value ?? '—'}</div>${sub ? html`<div class="sub">${sub}</div>` : nothing}</div>`;
  }

  render() {
    if (this._error) return html`<p class="muted" role="alert">The sales figures cannot be shown: ${this._error}</p>`;
    const k = this._kpis;
    if (!k) return html`<sl-spinner aria-label="Loading"></sl-spinner>`;
    const money = v => (v === null || v === undefined ? null : formatMoney({ amount: v, currency: k.currency }));
    const pct = v => (v === null || v === undefined ? null : percent.format(v));
    return html`<div class="period muted">${periodLabel(this._quarter)}</div>
      <div class="tiles">
        ${this.tile('win-rate', 'Win rate', pct(k.winRate), `${k.wonCount ?? 0} won · ${k.lostCount ?? 0} lost`)}
        ${this.tile('average-deal', 'Average deal size', money(k.averageDealSize), k.wonAmount !== undefined ? `${money(k.wonAmount) ?? '—'} won` : null)}
        ${this.tile('cycle', 'Sales cycle', k.salesCycleDays === null || k.salesCycleDays === undefined ? null : `${days.format(k.salesCycleDays)} days`,
          'from creation to won')}
        ${this.tile('pipeline', 'Pipeline value', money(k.pipelineValue), `${k.openCount ?? 0} open, closing this quarter`)}
        ${this.tile('lead-conversion', 'Lead conversion', pct(k.leadConversionRate), `${k.leadsConverted ?? 0} of ${k.leadsCreated ?? 0} new leads`)}
      </div>`;
  }
}

if (!customElements.get('rp-sales-kpis-v1')) customElements.define('rp-sales-kpis-v1', SalesKpiWidget);
