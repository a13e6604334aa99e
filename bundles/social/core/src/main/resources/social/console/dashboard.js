// The listening dashboard: posts per day, sentiment per day, top authors and share of voice by keyword, for one
// channel or all, over the last 7, 30 or 90 days, from GET /api/v1/social/insights (counted by the database).
// Charts are Chart.js, the console's own copy (import map), loaded only when this page opens.
import { LitElement, html, css, nothing } from 'lit';
import { problemText, qs } from '/app/sdk/v1.js';

const SENTIMENTS = [
  { key: 'Positive', color: '--sl-color-success-600' },
  { key: 'Neutral', color: '--sl-color-neutral-400' },
  { key: 'Negative', color: '--sl-color-danger-600' },
  { key: 'Not scored', color: '--sl-color-neutral-200' },
];
const PALETTE = ['--sl-color-primary-600', '--sl-color-warning-500', '--sl-color-success-600', '--sl-color-danger-500',
  '--sl-color-primary-300', '--sl-color-neutral-500'];

class ListeningDashboard extends LitElement {
  static properties = { api: { attribute: false }, _channels: { state: true }, _data: { state: true }, _channel: { state: true },
    _days: { state: true }, _error: { state: true }, _chartError: { state: true } };

  static styles = css`
    :host { display: block; }
    .filters { display: flex; gap: .5rem; flex-wrap: wrap; align-items: center; margin-bottom: 1rem; }
    .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); gap: 1rem; }
    section { border: 1px solid var(--sl-color-neutral-200); border-radius: var(--sl-border-radius-medium); padding: 1rem; }
    h2 { font-size: 1rem; margin: 0 0 .5rem; }
    .chart { position: relative; height: 16rem; }
    .total { color: var(--sl-color-neutral-600); }
    .error { color: var(--sl-color-danger-700); }
    @media (max-width: 640px) { .grid { grid-template-columns: 1fr; } .chart { height: 13rem; } }`;

  constructor() {
    super();
    this._channel = '';
    this._days = 30;
    this._charts = [];
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.destroyCharts();
  }

  updated(changed) {
    if (changed.has('api') && this.api) this.load();
    if (changed.has('_data')) this.draw();
  }

  async load() {
    try {
      if (!this._channels) this._channels = (await this.api.get('socialChannels?limit=200')).items;
      const to = new Date();
      const from = new Date(to.getTime() - (this._days - 1) * 86400000);
      const day = (d) => d.toISOString().slice(0, 10);
      this._data = await this.api.get(`social/insights${qs({ from: day(from), to: day(to), channel: this._channel || undefined })}`);
      this._error = null;
    } catch (e) {
      this._error = problemText(e);
    }
  }

  choose(name, value) {
    this[name] = value;
    this.load();
  }

  destroyCharts() {
    this._charts.forEach((c) => c.destroy());
    this._charts = [];
  }

  async draw() {
    const d = this._data;
    if (!d) return;
    await this.updateComplete;
    try {
      const { Chart, registerables } = await import('chart.js');
      Chart.register(...registerables);
      const style = getComputedStyle(document.documentElement);
      const color = (v) => style.getPropertyValue(v).trim() || '#888';
      const canvas = (id) => this.renderRoot.querySelector(`canvas[data-chart="${id}"]`);
      const days = d.days.map((p) => p.day.slice(5));
      const base = { responsive: true, maintainAspectRatio: false, animation: false };
      this.destroyCharts();
      this._charts = [
        new Chart(canvas('volume'), { type: 'bar', data: { labels: days, datasets: [{ label: 'Posts', data: d.days.map((p) => p.posts),
          backgroundColor: color('--sl-color-primary-600') }] }, options: { ...base, plugins: { legend: { display: false } },
          scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } } }),
        new Chart(canvas('sentiment'), { type: 'bar', data: { labels: days, datasets: SENTIMENTS.map((s) => ({ label: s.key,
          data: d.days.map((p) => p.sentiment[s.key] || 0), backgroundColor: color(s.color) })) },
          options: { ...base, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } } }),
        new Chart(canvas('authors'), { type: 'bar', data: { labels: d.topAuthors.map((a) => a.author), datasets: [{ label: 'Posts',
          data: d.topAuthors.map((a) => a.posts), backgroundColor: color('--sl-color-primary-400') }] },
          options: { ...base, indexAxis: 'y', plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } } }),
        new Chart(canvas('voice'), { type: 'doughnut', data: { labels: d.shareOfVoice.map((k) => k.keyword), datasets: [{
          data: d.shareOfVoice.map((k) => k.posts), backgroundColor: d.shareOfVoice.map((k, i) => color(PALETTE[i % PALETTE.length])) }] },
          options: base }),
      ];
      this.renderRoot.querySelectorAll('canvas[data-chart]').forEach((c) => c.setAttribute('data-drawn', 'true'));
      this._chartError = null;
    } catch (e) {
      this._chartError = `The charts cannot be shown: ${e.message}`;
    }
  }

  render() {
    if (this._error) return html`<p class="error" role="alert">${this._error}</p>`;
    if (!this._data) return html`<sl-spinner aria-label="Loading"></sl-spinner>`;
    const d = this._data;
    const chart = (id, title, extra = nothing) => html`<section><h2>${title} ${extra}</h2>
      <div class="chart"><canvas data-chart=${id} role="img" aria-label=${title}></canvas></div></section>`;
    return html`<div class="filters">
        <select aria-label="Channel" data-testid="dashboard-channel" @change=${(e) => this.choose('_channel', e.target.value)}>
          <option value="">All channels</option>
          ${(this._channels || []).map((c) => html`<option value=${c.id} ?selected=${this._channel === c.id}>${c.name}</option>`)}
        </select>
        <select aria-label="Period" @change=${(e) => this.choose('_days', Number(e.target.value))}>
          ${[7, 30, 90].map((n) => html`<option value=${n} ?selected=${this._days === n}>Last ${n} days</option>`)}
        </select>
        <span class="total" data-testid="dashboard-total">${d.posts} posts from ${d.from} to ${d.to}</span>
      </div>
      ${this._chartError ? html`<p class="error" role="alert">${this._chartError}</p>` : nothing}
      <div class="grid">
        ${chart('volume', 'Volume')}
        ${chart('sentiment', 'Sentiment over time')}
        ${chart('authors', 'Top authors')}
        ${chart('voice', 'Share of voice by keyword', d.shareOfVoice.length ? nothing : html`<span class="total">(the channel has no keywords)</span>`)}
      </div>`;
  }
}

if (!customElements.get('rp-social-dashboard-v1')) customElements.define('rp-social-dashboard-v1', ListeningDashboard);
