// The forecast page: a month, quarter or year, grouped by owner or team, from GET /api/v1/sales/forecast
// (documented in SalesAnalyticsResource: amounts in the corporate `currency`, rows with pipeline, bestCase, commit,
// closed and weighted, and the period's months). A table and a Chart.js bar chart (Chart.js is the console's own copy,
// loaded only when this page opens).
import { LitElement, html, css, nothing } from 'lit';
import { formatMoney, problemText, qs } from '/app/sdk/v1.js';
import { baseStyles, periodLabel, periodOf, shiftPeriod } from './sales-common.js';

const FIGURES = [
  { key: 'pipeline', label: 'Pipeline', count: 'pipelineCount', color: '--sl-color-neutral-400' },
  { key: 'bestCase', label: 'Best case', count: 'bestCaseCount', color: '--sl-color-primary-300' },
  { key: 'commit', label: 'Commit', count: 'commitCount', color: '--sl-color-primary-600' },
  { key: 'closed', label: 'Closed', count: 'closedCount', color: '--sl-color-success-600' },
  { key: 'weighted', label: 'Weighted', count: null, color: '--sl-color-warning-500' },
];
const STATE_KEY = 'rapport.sales.forecast';

class ForecastPage extends LitElement {
  static properties = {
    api: { attribute: false },
    _period: { state: true },
    _groupBy: { state: true },
    _chartBy: { state: true },
    _data: { state: true },
    _loading: { state: true },
    _error: { state: true },
    _chartError: { state: true },
  };

  static styles = [baseStyles, css`
    .toolbar { display: flex; flex-wrap: wrap; gap: .75rem 1.25rem; align-items: end; margin-bottom: 1rem; }
    .stepper { display: flex; align-items: center; gap: .25rem; }
    .period { min-width: 9rem; text-align: center; font-weight: var(--sl-font-weight-semibold); }
    .card { background: var(--sl-color-neutral-0); border: 1px solid var(--sl-color-neutral-200); border-radius: var(--sl-border-radius-large);
      padding: 1rem; margin-bottom: 1rem; min-width: 0; }
    .card h2 { font-size: var(--sl-font-size-large); font-weight: var(--sl-font-weight-semibold); margin: 0 0 .75rem;
      display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
    .card h2 .spacer { flex: 1; }
    .chart { position: relative; height: 18rem; }
    tfoot td { font-weight: var(--sl-font-weight-semibold); border-top: 2px solid var(--sl-color-neutral-300); }
    .count { display: block; font-size: var(--sl-font-size-x-small); color: var(--sl-color-neutral-500); }
    @media (max-width: 640px) { .chart { height: 14rem; } .card { padding: .75rem; } }
  `];

  constructor() {
    super();
    let saved = {};
    try { saved = JSON.parse(localStorage.getItem(STATE_KEY) || '{}'); } catch { /* start afresh */ }
    this._period = periodOf(['month', 'quarter', 'year'].includes(saved.kind) ? saved.kind : 'quarter');
    this._groupBy = saved.groupBy === 'team' ? 'team' : 'owner';
    this._chartBy = 'rows';
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this._chart?.destroy();
    this._chart = null;
  }

  get kind() { return this._period.includes('Q') ? 'quarter' : this._period.length === 4 ? 'year' : 'month'; }

  willUpdate(changed) {
    if (this.api && (changed.has('api') || changed.has('_period') || changed.has('_groupBy'))) this.load();
  }

  updated(changed) {
    if (changed.has('_data') || changed.has('_chartBy')) this.drawChart();
  }

  async load() {
    const period = this._period;
    const groupBy = this._groupBy;
    localStorage.setItem(STATE_KEY, JSON.stringify({ kind: this.kind, groupBy }));
    this._loading = true;
    this._error = null;
    try {
      const data = await this.api.get(`sales/forecast${qs({ period, groupBy })}`);
      if (period === this._period && groupBy === this._groupBy) this._data = data;
    } catch (e) {
      if (period === this._period && groupBy === this._groupBy) { this._error = problemText(e); this._data = null; }
    } finally {
      this._loading = false;
    }
  }

  setKind(kind) {
    if (kind !== this.kind) this._period = periodOf(kind, new Date());
  }

  money(amount) {
    return amount === null || amount === undefined ? '—' : formatMoney({ amount, currency: this._data?.currency || 'EUR' });
  }

  async drawChart() {
    const d = this._data;
    const canvas = this.renderRoot.querySelector('canvas');
    if (!d || !canvas) { this._chart?.destroy(); this._chart = null; return; }
    try {
      const { Chart, registerables } = await import('chart.js');
      Chart.register(...registerables);
      const style = getComputedStyle(document.documentElement);
      const byMonth = this._chartBy === 'months';
      const groups = byMonth ? d.months || [] : d.rows || [];
      const labels = groups.map(g => (byMonth ? periodLabel(g.month) : g.label ?? '—'));
      const datasets = FIGURES.map(f => ({
        label: f.label,
        data: groups.map(g => Number(g[f.key] ?? 0)),
        backgroundColor: style.getPropertyValue(f.color).trim() || '#999',
        ...(f.key === 'weighted' ? { type: 'line', borderColor: style.getPropertyValue(f.color).trim() || '#999', pointRadius: 3 } : {}),
      }));
      this._chart?.destroy();
      const currency = d.currency || 'EUR';
      this._chart = new Chart(canvas, {
        type: 'bar',
        data: { labels, datasets },
        options: {
          responsive: true, maintainAspectRatio: false,
          interaction: { mode: 'index', intersect: false },
          plugins: { tooltip: { callbacks: { label: c => `${c.dataset.label}: ${formatMoney({ amount: c.parsed.y, currency })}` } } },
          scales: { y: { beginAtZero: true, ticks: { callback: v => formatMoney({ amount: v, currency }, { compact: true }) } } },
        },
      });
      this._chartError = null;
    } catch (e) {
      this._chartError = `The chart cannot be shown: ${e.message}`;
    }
  }

  renderTable(d) {
    const rows = d.rows || [];
    const head = this._groupBy === 'team' ? 'Team' : 'Owner';
    const cell = (g, f) => html`<td class="num">${this.money(g[f.key])}${f.count && g[f.count] ? html`<span class="count">${g[f.count]} ${g[f.count] === 1 ? 'deal' : 'deals'}</span>` : nothing}</td>`;
    return html`<div class="table-wrap"><table data-testid="forecast-table">
      <thead><tr><th>${head}</th>${FIGURES.map(f => html`<th class="num">${f.label}</th>`)}</tr></thead>
      <tbody>${rows.length === 0 ? html`<tr><td colspan="6" class="empty">No opportunities close in ${periodLabel(d.period)}.</td></tr>`
        : rows.map(r => html`<tr data-testid="forecast-row"><td>${r.label ?? '—'}</td>${FIGURES.map(f => cell(r, f))}</tr>`)}</tbody>
      ${d.total ? html`<tfoot><tr data-testid="forecast-total"><td>Total</td>${FIGURES.map(f => cell(d.total, f))}</tr></tfoot>` : nothing}
    </table></div>`;
  }

  render() {
    const d = this._data;
    return html`
      <div class="toolbar">
        <sl-radio-group label="Period" size="small" value=${this.kind} @sl-change=${e => this.setKind(e.target.value)} data-testid="forecast-kind">
          <sl-radio-button value="month">Month</sl-radio-button>
          <sl-radio-button value="quarter">Quarter</sl-radio-button>
          <sl-radio-button value="year">Year</sl-radio-button>
        </sl-radio-group>
        <div class="stepper">
          <sl-icon-button name="chevron-left" label="Previous period" @click=${() => { this._period = shiftPeriod(this._period, -1); }}></sl-icon-button>
          <span class="period" data-testid="forecast-period">${periodLabel(this._period)}</span>
          <sl-icon-button name="chevron-right" label="Next period" @click=${() => { this._period = shiftPeriod(this._period, 1); }}></sl-icon-button>
        </div>
        <sl-radio-group label="Group by" size="small" value=${this._groupBy} @sl-change=${e => { this._groupBy = e.target.value; }} data-testid="forecast-group">
          <sl-radio-button value="owner">Owner</sl-radio-button>
          <sl-radio-button value="team">Team</sl-radio-button>
        </sl-radio-group>
        ${this._loading ? html`<sl-spinner aria-label="Loading"></sl-spinner>` : nothing}
      </div>
      ${this._error ? html`<sl-alert variant="warning" open data-testid="forecast-error">The forecast cannot be shown: ${this._error}</sl-alert>` : nothing}
      ${d ? html`
        ${(d.unconvertedCurrencies || []).length ? html`<sl-alert variant="warning" open>Left out for lack of an exchange rate:
          ${d.unconvertedCurrencies.map(u => `${u.opportunityCount} in ${u.currency} (${formatMoney({ amount: u.amount, currency: u.currency })})`).join(', ')}.</sl-alert><br>` : nothing}
        <section class="card"><h2>${periodLabel(d.period)} <span class="muted">in ${d.currency}</span></h2>${this.renderTable(d)}</section>
        <section class="card">
          <h2>Chart<span class="spacer"></span>
            <sl-radio-group size="small" value=${this._chartBy} @sl-change=${e => { this._chartBy = e.target.value; }} aria-label="Chart by">
              <sl-radio-button value="rows">By ${this._groupBy}</sl-radio-button>
              <sl-radio-button value="months">By month</sl-radio-button>
            </sl-radio-group></h2>
          ${this._chartError ? html`<p class="muted">${this._chartError}</p>` : nothing}
          <div class="chart"><canvas role="img" aria-label="Forecast of ${periodLabel(d.period)}"></canvas></div>
        </section>` : nothing}`;
  }
}

if (!customElements.get('rp-sales-forecast-v1')) customElements.define('rp-sales-forecast-v1', ForecastPage);
