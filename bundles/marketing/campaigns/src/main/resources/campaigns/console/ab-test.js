// On campaign pages: the A/B test's variants with their figures over the test share, the winner, and (while the
// campaign is Testing) a button per variant to choose it by hand.
import { LitElement, html, css } from 'lit';
import { problemText, toast, toastError, formatDateTime } from '/app/sdk/v1.js';

const percent = (rate) => `${(rate * 100).toFixed(1)}%`;

class CampaignAbTest extends LitElement {
  static properties = { api: { attribute: false }, recordType: { attribute: false }, recordId: { attribute: false },
    _test: { state: true }, _error: { state: true }, _busy: { state: true } };

  static styles = css`table { border-collapse: collapse; width: 100%; } td, th { text-align: left; padding: .2rem .4rem; }
    td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; } .muted { color: var(--sl-color-neutral-600); }
    tr.winner td { font-weight: 600; }`;

  updated(changed) {
    if ((changed.has('recordId') || changed.has('api')) && this.api && this.recordId) this.load();
  }

  async load() {
    try {
      this._test = await this.api.get(`campaigns/${encodeURIComponent(this.recordId)}/abtest`);
      this._error = null;
    } catch (e) {
      this._error = problemText(e);
    }
  }

  async choose(variant) {
    this._busy = true;
    try {
      await this.api.post(`campaigns/${encodeURIComponent(this.recordId)}/winner`, { variantId: variant.id });
      toast(`${variant.name} goes to the rest of the recipients`);
      await this.load();
    } catch (e) {
      toastError(e);
    } finally {
      this._busy = false;
    }
  }

  render() {
    if (this._error) return html`<p class="error" role="alert">${this._error}</p>`;
    const t = this._test;
    if (!t) return html`<sl-spinner aria-label="Loading"></sl-spinner>`;
    if (!t.variants.length) {
      return html`<p class="muted">No A/B test: add two or more variants (each an e-mail template) and set the test share and window.</p>`;
    }
    const testing = t.status === 'Testing';
    return html`<p data-testid="ab-test-summary">${t.testShare ?? '?'}% of the recipients in the test, winner by ${t.winnerMetric.toLowerCase()}
        (${t.winnerMode.toLowerCase()})${t.testEndsAt ? html`, test window ends ${formatDateTime(t.testEndsAt)}` : ''}${t.held
        ? html`; ${t.held} recipients wait for the winner` : ''}.</p>
      <table data-testid="ab-test"><thead><tr><th>Variant</th><th class="n">Sent</th><th class="n">Delivered</th><th class="n">Opened</th>
        <th class="n">Open rate</th><th class="n">Clicked</th><th class="n">Click rate</th><th></th></tr></thead>
      <tbody>${t.variants.map((v) => html`<tr data-variant=${v.id} class=${v.winner ? 'winner' : ''}><td>${v.name}</td>
        <td class="n">${v.sent}</td><td class="n">${v.delivered}</td><td class="n">${v.opened}</td><td class="n">${percent(v.openRate)}</td>
        <td class="n">${v.clicked}</td><td class="n">${percent(v.clickRate)}</td>
        <td>${v.winner ? html`<sl-badge variant="success">Winner</sl-badge>` : testing
          ? html`<sl-button size="small" ?disabled=${this._busy} @click=${() => this.choose(v)}>Choose as winner</sl-button>` : ''}</td>
        </tr>`)}</tbody></table>`;
  }
}

if (!customElements.get('rp-campaign-ab-test-v1')) customElements.define('rp-campaign-ab-test-v1', CampaignAbTest);
