// On the page of a partner account's contact: for channel managers (invitePartnerUsers), a button that mails the contact
// an invitation to the partner portal at /partners/, or a new one (the earlier link stops working).
import { LitElement, html, css, nothing } from 'lit';
import { formatDateTime, problemText, toast } from '/app/sdk/v1.js';

class PartnerInvitationPanel extends LitElement {
  static properties = {
    api: { attribute: false }, recordType: { attribute: false }, recordId: { attribute: false },
    _partner: { state: true }, _mayInvite: { state: true }, _busy: { state: true }, _error: { state: true }, _loaded: { state: true },
  };

  static styles = css`
    :host { display: block; }
    p { margin: 0 0 .5rem; }
    .muted { color: var(--sl-color-neutral-600); }
    .error { color: var(--sl-color-danger-700); }
  `;

  updated(changed) {
    if ((changed.has('recordId') || changed.has('api')) && this.api && this.recordId) this.load();
  }

  async load() {
    try {
      const [contact, access] = await Promise.all([this.api.get(`contacts/${encodeURIComponent(this.recordId)}`), this.api.get('access')]);
      const account = contact.account ? await this.api.get(`accounts/${encodeURIComponent(contact.account)}`) : null;
      this._partner = account && account.isPartner ? account : null;
      this._mayInvite = (access.permissions || []).includes('invitePartnerUsers');
      this._error = null;
    } catch (e) {
      this._error = problemText(e);
    }
    this._loaded = true;
  }

  async invite() {
    this._busy = true;
    try {
      const sent = await this.api.post(`contacts/${encodeURIComponent(this.recordId)}/partnerInvitation`, {});
      toast(`Invitation to the partner portal sent to ${sent.userName}; the link works until ${formatDateTime(sent.expiresAt)}.`, 'success');
      this._error = null;
    } catch (e) {
      this._error = problemText(e);
    } finally {
      this._busy = false;
    }
  }

  render() {
    if (!this._loaded) return html`<sl-spinner aria-label="Loading"></sl-spinner>`;
    if (!this._partner) return html`<p class="muted">Not a contact of a partner account.</p>`;
    return html`
      ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : nothing}
      <p>A contact of the partner ${this._partner.name}: invited, they sign in to the partner portal at /partners/.</p>
      ${this._mayInvite ? html`<sl-button size="small" data-testid="partner-invite" ?loading=${this._busy} @click=${() => this.invite()}>
        Invite to the partner portal</sl-button>` : nothing}`;
  }
}

if (!customElements.get('rp-partner-invitation-v1')) customElements.define('rp-partner-invitation-v1', PartnerInvitationPanel);
