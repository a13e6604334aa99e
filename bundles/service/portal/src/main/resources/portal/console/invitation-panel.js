// On contact pages: whether the contact uses the customer portal, and (for staff with invitePortalUsers) a button that
// mails them an invitation, or a new one.
import { LitElement, html, css, nothing } from 'lit';
import { formatDateTime, problemText, qs, quote, toast } from '/app/sdk/v1.js';

class PortalInvitationPanel extends LitElement {
  static properties = {
    api: { attribute: false }, recordType: { attribute: false }, recordId: { attribute: false },
    _link: { state: true }, _mayInvite: { state: true }, _busy: { state: true }, _error: { state: true }, _loaded: { state: true },
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
      const [links, access] = await Promise.all([
        this.api.get(`portalUsers${qs({ filter: `contact eq ${quote(this.recordId)}`, limit: 1 })}`),
        this.api.get('access'),
      ]);
      this._link = links.items[0] || null;
      const permissions = access.permissions || [];
      this._mayInvite = permissions.includes('invitePortalUsers');
      this._error = null;
    } catch (e) {
      this._error = problemText(e);
    }
    this._loaded = true;
  }

  async invite() {
    this._busy = true;
    try {
      const sent = await this.api.post(`contacts/${encodeURIComponent(this.recordId)}/portalInvitation`, {});
      toast(`Invitation sent to ${sent.userName}; the link works until ${formatDateTime(sent.expiresAt)}.`, 'success');
      await this.load();
    } catch (e) {
      this._error = problemText(e);
    } finally {
      this._busy = false;
    }
  }

  render() {
    if (!this._loaded) return html`<sl-spinner aria-label="Loading"></sl-spinner>`;
    return html`
      ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : nothing}
      ${this._link
        ? html`<p>Signs in to the customer portal as <strong>${this._link.userName}</strong> (invited ${formatDateTime(this._link.invitedAt)}).</p>`
        : html`<p class="muted">Not invited to the customer portal.</p>`}
      ${this._mayInvite ? html`<sl-button size="small" data-testid="portal-invite" ?loading=${this._busy} @click=${() => this.invite()}>
        ${this._link ? 'Send a new invitation' : 'Invite to the customer portal'}</sl-button>` : nothing}`;
  }
}

if (!customElements.get('rp-portal-invitation-v1')) customElements.define('rp-portal-invitation-v1', PortalInvitationPanel);
