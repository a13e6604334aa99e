// The home dashboard's customer satisfaction for the current month, from GET /api/v1/satisfaction?from=&to= (see
// SurveyRoutes.Satisfaction: csat is a share 0..1 of satisfied answers, nps runs from -100 to 100, null without answers).
import { LitElement, html, css } from 'lit';
import { problemText, qs } from '/app/sdk/v1.js';

const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 });

class SatisfactionWidget extends LitElement {
  static properties = { api: { attribute: false }, _figures: { state: true }, _error: { state: true } };

  static styles = css`
    .tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: .75rem; }
    .tile { border: 1px solid var(--sl-color-neutral-200); border-radius: var(--sl-border-radius-medium); padding: .6rem .75rem; }
    .label { font-size: var(--sl-font-size-small); color: var(--sl-color-neutral-600); }
    .value { font-size: var(--sl-font-size-x-large); font-weight: 700; color: var(--sl-color-primary-700); font-variant-numeric: tabular-nums; }
    .muted { color: var(--sl-color-neutral-600); }
  `;

  updated(changed) {
    if (changed.has('api') && this.api) this.load();
  }

  async load() {
    const now = new Date();
    const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString().slice(0, 10);
    const to = now.toISOString().slice(0, 10);
    try {
      this._figures = await this.api.get(`satisfaction${qs({ from, to })}`);
      this._error = null;
    } catch (e) {
      this._error = problemText(e);
    }
  }

  tile(id, label, value) {
    return html`<div class="tile" data-testid="satisfaction-${id}"><div class="label">${label}</div><div class="value">${value ?? '—'}</div></div>`;
  }

  render() {
    if (this._error) return html`<p class="muted" role="alert">Customer satisfaction cannot be shown: ${this._error}</p>`;
    const f = this._figures;
    if (!f) return html`<sl-spinner aria-label="Loading"></sl-spinner>`;
    const rate = v => (v === null || v === undefined ? null : percent.format(v));
    return html`<div class="tiles">
      ${this.tile('csat', 'CSAT', rate(f.csat.csat))}
      ${this.tile('csat-answers', 'CSAT answers', f.csat.answered)}
      ${this.tile('nps', 'NPS', f.nps.nps)}
      ${this.tile('nps-answers', 'NPS answers', f.nps.answered)}
      ${this.tile('response-rate', 'Response rate', rate(f.csat.responseRate))}
    </div>`;
  }
}

if (!customElements.get('rp-survey-satisfaction-v1')) customElements.define('rp-survey-satisfaction-v1', SatisfactionWidget);
