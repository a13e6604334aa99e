// The marketing overview: the newest campaigns with cost, sourced and influenced deals, revenue won and ROI under the
// chosen attribution model (GET /api/v1/campaignRoi), and revenue against cost as a Chart.js bar chart.
import { LitElement, html, css, nothing } from 'lit';
import { problemText, qs, recordHref } from '/app/sdk/v1.js';
import { MODELS, money, percent } from './roi-common.js';

class RoiOverview extends LitElement {
  static properties = { api: { attribute: false }, _model: { state: true }, _data: { state: true }, _error: { state: true },
    _chartError: { state: true } };

  static styles = css`
    :host { display: block; }
    .toolbar { margin-bottom: 1rem; }
    .chart { position: relative; height: 16rem; margin-bottom: 1rem; }
    table { border-collapse: collapse; width: 100%; }
    td, th { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--sl-color-neutral-100); }
    td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
    .table-wrap { overflow-x: auto; }
    .error { color: var(--sl-color-danger-700); }`;

  constructor() {
    super();
    this._model = 'linear';
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this._chart?.destroy();
    this._chart = null;
  }

  willUpdate(changed) {
    if (this.api && (changed.has('api') || changed.has('_model'))) this.load();
  }

  updated(changed) {
    if (changed.has('_data')) this.draw();
  }

  async load() {
    const model = this._model;
    try {
      const data = await this.api.get(`campaignRoi${qs({ model })}`);
      if (model === this._model) { this._data = data; this._error = null; }
    } catch (e) {
      this._error = problemText(e);
    }
  }

  async draw() {
    const canvas = this.renderRoot.querySelector('canvas');
    const rows = (this._data?.items || []).filter((r) => r.cost !== null || Number(r.revenueWon));
    if (!canvas) return;
    try {
      const { Chart, registerables } = await import('chart.js');
      Chart.register(...registerables);
      const style = getComputedStyle(document.documentElement);
      const color = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
      this._chart?.destroy();
      this._chart = new Chart(canvas, {
        type: 'bar',
        data: { labels: rows.map((r) => r.name), datasets: [
          { label: 'Cost', data: rows.map((r) => Number(r.cost ?? 0)), backgroundColor: color('--sl-color-neutral-400', '#999') },
          { label: 'Revenue won', data: rows.map((r) => Number(r.revenueWon ?? 0)), backgroundColor: color('--sl-color-success-600', '#16a34a') },
        ] },
        options: { responsive: true, maintainAspectRatio: false, scales: { y: { beginAtZero: true } } },
      });
      this._chartError = null;
    } catch (e) {
      this._chartError = `The chart cannot be shown: ${e.message}`;
    }
  }

  render() {
    const items = this._data?.items;
    return html`
      <div class="toolbar">
        <sl-radio-group label="Attribution" size="small" value=${this._model} @sl-change=${(e) => { this._model = e.target.value; }} data-testid="roi-model">
          ${MODELS.map((m) => html`<sl-radio-button value=${m.key}>${m.label}</sl-radio-button>`)}
        </sl-radio-group>
      </div>
      ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : nothing}
      <div class="chart"><canvas aria-label="Cost and revenue per campaign" role="img"></canvas></div>
      ${this._chartError ? html`<p class="error">${this._chartError}</p>` : nothing}
      ${!items ? html`<sl-spinner aria-label="Loading"></sl-spinner>` : html`<div class="table-wrap"><table data-testid="roi-overview">
        <thead><tr><th>Campaign</th><th>Status</th><th class="n">Sent</th><th class="n">Cost</th><th class="n">Leads</th>
          <th class="n">Deals sourced</th><th class="n">Influenced</th><th class="n">Pipeline</th><th class="n">Revenue won</th><th class="n">ROI</th></tr></thead>
        <tbody>${items.length === 0 ? html`<tr><td colspan="10">No campaigns yet.</td></tr>` : items.map((r) => html`<tr data-campaign=${r.campaign}>
          <td><a href=${recordHref('campaigns', r.campaign)}>${r.name}</a></td><td>${r.status ?? ''}</td><td class="n">${r.sent}</td>
          <td class="n">${money(r.cost, r.currency)}</td><td class="n">${r.leadsSourced ?? '—'}</td><td class="n">${r.opportunitiesSourced ?? '—'}</td>
          <td class="n">${r.opportunitiesInfluenced ?? '—'}</td><td class="n">${money(r.pipeline, r.currency)}</td>
          <td class="n">${money(r.revenueWon, r.currency)}</td><td class="n">${percent(r.roi)}</td></tr>`)}</tbody></table></div>`}`;
  }
}

customElements.define('rp-marketing-roi-v1', RoiOverview);
