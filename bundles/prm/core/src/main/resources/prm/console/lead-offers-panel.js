// On a lead's page, for channel managers: to which partners the lead was offered, with the routing's reasons, each
// offer's status and deadline; "Distribute" offers it to the best partner, "Re-route" takes an open or accepted offer
// back and offers the lead to the next partner.
import { LitElement, html, css, nothing } from 'lit';
import { problemText, qs, quote, toast } from '/app/sdk/v1.js';

const when = v => (v ? new Date(v).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '');

class LeadOffersPanel extends LitElement {
  static properties = {
    api: { attribute: false }, recordType: { attribute: false }, recordId: { attribute: false },
    _offers: { state: true }, _partners: { state: true }, _mayDistribute: { state: true }, _busy: { state: true }, _error: { state: true },
  };

  static styles = css`
    :host { display: block; }
    p { margin: 0 0 .5rem; }
    ol { margin: 0 0 .75rem; padding-left: 1.25rem; }
    li { margin-bottom: .5rem; }
    .muted { color: var(--sl-color-neutral-600); font-size: .875rem; }
    .error { color: var(--sl-color-danger-700); }
    .actions { display: flex; gap: .5rem; margin-top: .25rem; }
  `;

  updated(changed) {
    if ((changed.has('recordId') || changed.has('api')) && this.api && this.recordId) this.load();
  }

  async load() {
    try {
      const [offers, access] = await Promise.all([
        this.api.get(`leadOffers${qs({ filter: `lead eq ${quote(this.recordId)}`, sort: 'offeredAt', limit: 50 })}`),
        this.api.get('access'),
      ]);
      const ids = [...new Set(offers.items.map(o => o.partnerAccount))];
      const partners = {};
      await Promise.all(ids.map(async id => {
        partners[id] = (await this.api.get(`accounts/${encodeURIComponent(id)}`).catch(() => ({ name: id }))).name;
      }));
      this._offers = offers.items;
      this._partners = partners;
      this._mayDistribute = (access.permissions || []).includes('approveDealRegistrations');
      this._error = null;
    } catch (e) {
      this._error = problemText(e);
    }
  }

  async act(path, body, done) {
    this._busy = true;
    try {
      await this.api.post(path, body);
      toast(done, 'success');
      this.dispatchEvent(new CustomEvent('record-changed', { bubbles: true, composed: true }));
      await this.load();
    } catch (e) {
      this._error = problemText(e);
    } finally {
      this._busy = false;
    }
  }

  offerLine(o) {
    const open = o.status === 'Offered' || o.status === 'Accepted';
    return html`<li data-status=${o.status}>
      <strong>${this._partners[o.partnerAccount] || o.partnerAccount}</strong>: ${o.status}
      ${o.status === 'Offered' ? html` · answer by ${when(o.respondBy)}` : nothing}
      ${o.reason ? html`<div class="muted">${o.reason}</div>` : nothing}
      ${o.scoreBreakdown ? html`<div class="muted">${o.scoreBreakdown}</div>` : nothing}
      ${open && this._mayDistribute ? html`<div class="actions"><sl-button size="small" data-testid="prm-reroute" ?loading=${this._busy}
        @click=${() => this.act(`leadOffers/${encodeURIComponent(o.id)}/reroute`, { reason: null }, 'Re-routed to the next partner.')}>Re-route</sl-button></div>` : nothing}
    </li>`;
  }

  render() {
    if (this._error) return html`<p class="error" role="alert">${this._error}</p>`;
    if (!this._offers) return html`<sl-spinner aria-label="Loading"></sl-spinner>`;
    const open = this._offers.some(o => o.status === 'Offered' || o.status === 'Accepted');
    return html`
      ${this._offers.length ? html`<ol data-testid="prm-lead-offers">${this._offers.map(o => this.offerLine(o))}</ol>`
        : html`<p class="muted">Not offered to any partner.</p>`}
      ${!open && this._mayDistribute ? html`<sl-button variant="primary" size="small" data-testid="prm-distribute" ?loading=${this._busy}
        @click=${() => this.act(`leads/${encodeURIComponent(this.recordId)}/distribute`, {}, 'Offered to the best partner.')}>Distribute to a partner</sl-button>` : nothing}`;
  }
}

if (!customElements.get('rp-prm-lead-offers-v1')) customElements.define('rp-prm-lead-offers-v1', LeadOffersPanel);
