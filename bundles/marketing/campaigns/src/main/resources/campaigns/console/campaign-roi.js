// On campaign pages: the funnel (sent, delivered, opened, clicked, converted, won) as a Chart.js bar chart, and the
// return per attribution model, from GET /api/v1/campaigns/{id}/roi (figures as far as the user may read the deals).
// Chart.js is the console's own copy (import map), loaded only when the panel shows.
import { LitElement, html, css, nothing } from 'lit';
import { problemText } from '/app/sdk/v1.js';
import { MODELS, money, percent } from './roi-common.js';

const STEPS = [
  { key: 'sent', label: 'Sent' }, { key: 'delivered', label: 'Delivered' }, { key: 'opened', label: 'Opened' },
  { key: 'clicked', label: 'Clicked' }, { key: 'converted', label: 'Converted' }, { key: 'won', label: 'Won' },
];

class CampaignRoi extends LitElement {
  static properties = { api: { attribute: false }, recordType: { attribute: false }, recordId: { attribute: false },
    _data: { state: true }, _error: { state: true }, _chartError: { state: true } };

  static styles = css`
    :host { display: block; }
    .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: 1rem; }
    .chart { position: relative; height: 15rem; }
    table { border-collapse: collapse; width: 100%; }
    td, th { text-align: left; padding: .2rem .4rem; border-bottom: 1px solid var(--sl-color-neutral-100); }
    td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
    .muted { color: var(--sl-color-neutral-600); font-size: var(--sl-font-size-small); }
    .error { color: var(--sl-color-danger-700); }`;

  disconnectedCallback() {
    super.disconnectedCallback();
    this._chart?.destroy();
    this._chart = null;
  }

  updated(changed) {
    if ((changed.has('recordId') || changed.has('api')) && this.api && this.recordId) this.load();
    if (changed.has('_data')) this.draw();
  }

  async load() {
    try {
      this._data = await this.api.get(`campaigns/${encodeURIComponent(this.recordId)}/roi`);
      this._error = null;
    } catch (e) {
      this._error = problemText(e);
    }
  }

  async draw() {
    const canvas = this.renderRoot.querySelector('canvas');
    if (!this._data || !canvas) return;
    try {
      const { Chart, registerables } = await import('chart.js');
      Chart.register(...registerables);
      const color = getComputedStyle(document.documentElement).getPropertyValue('--sl-color-primary-600').trim() || '#0284c7';
      const steps = STEPS.filter((s) => this._data.funnel[s.key] !== null);
      this._chart?.destroy();
      this._chart = new Chart(canvas, {
        type: 'bar',
        data: { labels: steps.map((s) => s.label), datasets: [{ label: 'Recipients', data: steps.map((s) => this._data.funnel[s.key]), backgroundColor: color }] },
        options: { responsive: true, maintainAspectRatio: false, plugins: { legend: { display: false } },
          scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
      });
      this._chartError = null;
    } catch (e) {
      this._chartError = `The chart cannot be shown: ${e.message}`;
    }
  }

  render() {
    if (this._error) return html`<p class="error" role="alert">${this._error}</p>`;
    const d = this._data;
    if (!d) return html`<sl-spinner aria-label="Loading"></sl-spinner>`;
    const steps = STEPS.filter((s) => d.funnel[s.key] !== null);
    return html`<div class="grid">
      <section>
        <div class="chart"><canvas aria-label="Campaign funnel" role="img"></canvas></div>
        ${this._chartError ? html`<p class="error">${this._chartError}</p>` : nothing}
        <table data-testid="campaign-funnel"><tbody>${steps.map((s) => html`<tr data-step=${s.key}><td>${s.label}</td><td class="n">${d.funnel[s.key]}</td></tr>`)}</tbody></table>
      </section>
      <section>
        <table data-testid="campaign-roi"><tbody>
          <tr><td>Cost</td><td class="n">${money(d.cost, d.currency)}</td></tr>
          ${d.salesInstalled ? html`
            <tr><td>Leads sourced (converted)</td><td class="n">${d.leadsSourced} (${d.leadsConverted})</td></tr>
            <tr><td>Opportunities sourced</td><td class="n">${d.opportunitiesSourced}</td></tr>
            <tr><td>Opportunities influenced</td><td class="n">${d.opportunitiesInfluenced}</td></tr>
            <tr><td>Open pipeline</td><td class="n">${money(d.pipeline, d.currency)}</td></tr>` : nothing}
        </tbody></table>
        ${d.salesInstalled ? html`<table data-testid="campaign-roi-models"><thead><tr><th>Attribution</th><th class="n">Revenue won</th><th class="n">ROI</th></tr></thead>
          <tbody>${MODELS.map((m) => html`<tr data-model=${m.key}><td>${m.label}</td><td class="n">${money(d.models[m.key].revenueWon, d.currency)}</td>
            <td class="n">${percent(d.models[m.key].roi)}</td></tr>`)}</tbody></table>
          <p class="muted">Touches (opens, clicks) of the deal's contacts from ${d.lookbackDays} days before it was created until it closed; only deals you may read count.</p>`
          : html`<p class="muted">Install sales (rapport-sales) to see leads, opportunities and revenue.</p>`}
      </section></div>`;
  }
}

customElements.define('rp-campaign-roi-v1', CampaignRoi);
