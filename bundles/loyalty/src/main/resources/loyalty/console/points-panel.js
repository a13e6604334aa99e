// The loyalty points of a contact: balance, newest entries and a manual adjustment. Served from the loyalty bundle's
// console folder and shown on contact pages by the console shell, which sets `api`, `recordType` and `recordId`.
import { LitElement, html, css } from 'lit';
import { formatDateTime, formatNumber, problemText, toast } from '/app/sdk/v1.js';

class LoyaltyPointsPanel extends LitElement {
  static properties = {
    api: { attribute: false },
    recordId: { attribute: false },
    recordType: { attribute: false },
    _balance: { state: true },
    _error: { state: true },
    _saving: { state: true },
  };

  static styles = css`
    :host { display: block; }
    .points { font-size: var(--sl-font-size-2x-large); font-weight: 700; color: var(--sl-color-primary-700); }
    ul { list-style: none; padding: 0; margin: .5rem 0; }
    li { display: flex; justify-content: space-between; gap: .5rem; padding: .25rem 0; border-bottom: 1px solid var(--sl-color-neutral-100); }
    form { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; margin-top: .5rem; }
    sl-input[name=points] { width: 7rem; }
    sl-input[name=reason] { flex: 1 1 10rem; }
    .error { color: var(--sl-color-danger-700); }
    .when { color: var(--sl-color-neutral-600); }
  `;

  updated(changed) {
    if ((changed.has('recordId') || changed.has('api')) && this.api && this.recordId) this.load();
  }

  async load() {
    try {
      this._balance = await this.api.get(`loyalty/balances/${encodeURIComponent(this.recordId)}`);
      this._error = null;
    } catch (e) {
      this._error = problemText(e);
    }
  }

  async adjust(event) {
    event.preventDefault();
    const form = event.target;
    this._saving = true;
    try {
      await this.api.post('loyalty/adjustments', {
        contact: this.recordId,
        points: Number(form.querySelector('[name=points]').value),
        reason: form.querySelector('[name=reason]').value,
      });
      form.reset();
      toast('Points adjusted.', 'success');
      await this.load();
    } catch (e) {
      this._error = problemText(e);
    } finally {
      this._saving = false;
    }
  }

  render() {
    const b = this._balance;
    return html`
      ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : ''}
      ${b ? html`
        <div class="points" data-testid="loyalty-balance">${formatNumber(b.points)} points</div>
        <ul>${b.newest.map(e => html`<li><span>${e.reason} <small class="when">${formatDateTime(e.createdAt)}</small></span>
          <strong>${e.points > 0 ? '+' : ''}${formatNumber(e.points)}</strong></li>`)}</ul>
        <form @submit=${this.adjust}>
          <sl-input name="points" type="number" label="Points" required></sl-input>
          <sl-input name="reason" label="Reason" required></sl-input>
          <sl-button type="submit" ?loading=${this._saving}>Adjust</sl-button>
        </form>` : html`<sl-spinner></sl-spinner>`}`;
  }
}

customElements.define('rp-loyalty-points-v1', LoyaltyPointsPanel);
