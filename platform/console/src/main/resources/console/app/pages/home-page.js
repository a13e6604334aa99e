// Home: record counts, my open activities, activities by type (Chart.js, loaded only here) and dashboard widgets.
import { LitElement, html, css, nothing } from 'lit';
import { shared } from '../styles.js';
import { api, qs, quote, countRecords } from '../api.js';
import { metadata } from '../metadata.js';
import { href } from '../router.js';
import { contributions } from '../contributions.js';
import '../components/record-table.js';
import '../components/contribution.js';

const COUNTED = ['accounts', 'contacts', 'activities'];

class HomePage extends LitElement {
  static properties = { user: { attribute: false }, _counts: { state: true }, _open: { state: true }, _chartError: { state: true } };
  static styles = [shared, css`
    .counts { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: 1rem; margin-bottom: 1rem; }
    .count { display: block; background: var(--sl-color-neutral-0); border: 1px solid var(--sl-color-neutral-200); border-radius: var(--sl-border-radius-large);
      padding: 1rem; color: inherit; }
    .count .n { font-size: var(--sl-font-size-3x-large); font-weight: 700; color: var(--sl-color-primary-700); }
    .grid { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1rem; align-items: start; }
    @media (max-width: 1000px) { .grid { grid-template-columns: minmax(0, 1fr); } }
    .chart { position: relative; height: 16rem; }
  `];

  connectedCallback() { super.connectedCallback(); this.load(); }
  disconnectedCallback() { super.disconnectedCallback(); this._chart?.destroy(); }

  async load() {
    const md = metadata();
    const types = COUNTED.map(p => md.typeByPlural(p)).filter(Boolean);
    this._counts = Object.fromEntries(types.map(t => [t.pluralApiName, null]));
    for (const t of types) {
      countRecords(t.pluralApiName, null).then(c => { this._counts = { ...this._counts, [t.pluralApiName]: c }; })
        .catch(() => { this._counts = { ...this._counts, [t.pluralApiName]: { error: true } }; });
    }
    const activity = md.type('activity');
    if (activity) {
      const filter = `status ne ${quote('Completed')} and owner eq ${quote(this.user.id)}`;
      api.get(`${activity.pluralApiName}${qs({ filter, sort: 'dueAt', limit: 10 })}`)
        .then(b => { this._open = b.items; }).catch(() => { this._open = []; });
      this.chart(activity);
    }
  }

  async chart(activity) {
    const typeField = activity.fields.find(f => f.apiName === 'activityType');
    if (!typeField) return;
    try {
      const [{ Chart, registerables }, counts] = await Promise.all([
        import('chart.js'),
        Promise.all((typeField.picklistValues || []).map(v => countRecords(activity.pluralApiName, `activityType eq ${quote(v)}`))),
      ]);
      Chart.register(...registerables);
      await this.updateComplete;
      const canvas = this.renderRoot.querySelector('canvas');
      if (!canvas) return;
      this._chart?.destroy();
      const style = getComputedStyle(document.documentElement);
      this._chart = new Chart(canvas, {
        type: 'bar',
        data: {
          labels: typeField.picklistValues,
          datasets: [{ label: activity.pluralLabel, data: counts, backgroundColor: style.getPropertyValue('--sl-color-primary-500').trim() || '#0ea5e9' }],
        },
        options: { responsive: true, maintainAspectRatio: false, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
      });
    } catch (e) {
      this._chartError = e.message;
    }
  }

  render() {
    const md = metadata();
    const activity = md.type('activity');
    const widgets = contributions('DASHBOARD_WIDGET');
    const cols = activity ? ['dueAt', 'activityType', 'status'].map(c => md.field(activity, c)).filter(Boolean) : [];
    return html`<h1>Welcome, ${this.user.displayName || this.user.userName}</h1>
      <div class="counts">${Object.entries(this._counts || {}).map(([plural, c]) => html`<a class="count" href=${href(plural)} data-testid="count-${plural}">
        <div class="muted">${md.typeByPlural(plural).pluralLabel}</div>
        <div class="n">${c === null ? html`<sl-spinner></sl-spinner>` : c.error ? '–' : c}</div></a>`)}</div>
      <div class="grid">
        ${activity ? html`<section class="card" data-testid="my-activities"><h2>My open activities</h2>
          ${!this._open ? html`<sl-spinner></sl-spinner>` : this._open.length === 0 ? html`<p class="empty">No open activities. Well done!</p>`
            : html`<rp-record-table .type=${activity} .columns=${cols} .items=${this._open}></rp-record-table>`}</section>` : nothing}
        ${activity ? html`<section class="card"><h2>Activities by type</h2>
          ${this._chartError ? html`<p class="muted">${this._chartError}</p>` : html`<div class="chart"><canvas role="img" aria-label="Activities by type"></canvas></div>`}</section>` : nothing}
      </div>
      ${widgets.map(w => html`<section class="card" data-testid="widget-${w.id}"><h2>${w.label}</h2><rp-contribution .item=${w}></rp-contribution></section>`)}`;
  }
}
customElements.define('rp-home-page', HomePage);
