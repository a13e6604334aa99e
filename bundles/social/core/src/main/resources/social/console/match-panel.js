// On a social profile: the contact it probably is (by e-mail or name), and confirming it, after which the profile's
// posts count as the contact's (and a negative one can open a case).
import { LitElement, html, nothing } from 'lit';
import { problemText, recordHref, referenceName, toast, toastError } from '/app/sdk/v1.js';

class MatchPanel extends LitElement {
  static properties = { api: { attribute: false }, recordType: { attribute: false }, recordId: { attribute: false },
    _profile: { state: true }, _error: { state: true } };

  updated(changed) {
    if ((changed.has('recordId') || changed.has('api')) && this.api && this.recordId) this.load();
  }

  async load() {
    try {
      this._profile = await this.api.get(`socialProfiles/${encodeURIComponent(this.recordId)}`);
      this._error = null;
    } catch (e) {
      this._error = problemText(e);
    }
  }

  async confirm() {
    try {
      this._profile = await this.api.post(`socialProfiles/${encodeURIComponent(this.recordId)}/confirm-match`, {});
      toast('Match confirmed');
    } catch (e) {
      toastError(e);
    }
  }

  render() {
    if (this._error) return html`<p role="alert">${this._error}</p>`;
    const p = this._profile;
    if (!p) return html`<sl-spinner aria-label="Loading"></sl-spinner>`;
    if (p.contact) return html`<p>This profile is <a href=${recordHref('contacts', p.contact)}>the contact</a>.</p>`;
    if (!p.suggestedContact) return html`<p>No contact matches this profile by e-mail or name.</p>`;
    return html`<p>Probably <a href=${recordHref('contacts', p.suggestedContact)}>this contact</a> (by ${p.matchReason}).</p>
      <sl-button size="small" variant="primary" data-testid="confirm-match" @click=${() => this.confirm()}>Confirm</sl-button>`;
  }
}

if (!customElements.get('rp-social-match-v1')) customElements.define('rp-social-match-v1', MatchPanel);
