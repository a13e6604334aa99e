// The home dashboard's knowledge figures, from GET /api/v1/knowledge/kpis: articles by status, the most used, deflection.
import { LitElement, html, css, nothing } from 'lit';
import { problemText } from '/app/sdk/v1.js';

const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 });

class KnowledgeKpis extends LitElement {
  static properties = { api: { attribute: false }, _kpis: { state: true }, _error: { state: true } };

  static styles = css`
    :host { display: block; }
    .tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(7rem, 1fr)); gap: .6rem; margin-bottom: .6rem; }
    .tile { border: 1px solid var(--sl-color-neutral-200); border-radius: var(--sl-border-radius-medium); padding: .5rem .6rem; }
    .label, .muted { font-size: var(--sl-font-size-small); color: var(--sl-color-neutral-600); }
    .value { font-size: var(--sl-font-size-large); font-weight: 700; color: var(--sl-color-primary-700); font-variant-numeric: tabular-nums; }
    ol { margin: 0; padding-left: 1.2rem; }
    .error { color: var(--sl-color-danger-700); }
  `;

  updated(changed) {
    if (changed.has('api') && this.api) this.load();
  }

  async load() {
    try {
      this._kpis = await this.api.get('knowledge/kpis');
      this._error = null;
    } catch (e) {
      this._error = problemText(e);
    }
  }

  tile(label, value, testId) {
    return html`<div class="tile" data-testid=${testId}><div class="label">${label}</div><div class="value">${value}</div></div>`;
  }

  render() {
    if (this._error) return html`<p class="error" role="alert">${this._error}</p>`;
    if (!this._kpis) return html`<sl-spinner aria-label="Loading"></sl-spinner>`;
    const k = this._kpis;
    return html`<div class="tiles">
        ${Object.entries(k.byStatus).map(([s, n]) => this.tile(s, n, `kb-${s.toLowerCase().replace(' ', '-')}`))}
        ${this.tile('Portal views', k.views, 'kb-views')}
        ${this.tile('Helpful', k.helpfulRate === null ? '—' : percent.format(k.helpfulRate), 'kb-helpful')}
      </div>
      ${k.mostUsed.length ? html`<div class="label">Most used (linked cases)</div>
        <ol>${k.mostUsed.map(a => html`<li>${a.title} <span class="muted">${a.linkedCases}</span></li>`)}</ol>` : nothing}`;
  }
}

if (!customElements.get('rp-knowledge-kpis-v1')) customElements.define('rp-knowledge-kpis-v1', KnowledgeKpis);
