import { LitElement, html, nothing } from 'lit';
import { shared } from '../styles.js';
import { api } from '../api.js';

class AdminTokens extends LitElement {
  static properties = { _token: { state: true }, _error: { state: true }, _busy: { state: true } };
  static styles = shared;

  async create(e) {
    e.preventDefault();
    const input = this.renderRoot.querySelector('[name=tokenName]');
    this._busy = true;
    this._error = null;
    try {
      const body = await api.post('tokens', { name: input.value.trim() });
      this._token = { name: input.value.trim(), value: body.token };
      input.value = '';
    } catch (err) {
      this._error = err.fieldErrors().name || err.message;
    } finally { this._busy = false; }
  }

  render() {
    return html`<form class="card" @submit=${this.create} novalidate>
        <h2>New API token</h2>
        <p class="muted">A token lets a program call the REST API as you (header <code>Authorization: Bearer &lt;token&gt;</code>).</p>
        <sl-input name="tokenName" label="Token name" required data-testid="token-name" help-text=${this._error || 'For example: ERP sync'}></sl-input><br>
        <sl-button type="submit" variant="primary" ?loading=${this._busy} data-testid="token-create">Create token</sl-button>
      </form>
      ${this._token ? html`<sl-alert variant="success" open data-testid="token-created">
        <sl-icon slot="icon" name="key"></sl-icon>
        <strong>Token “${this._token.name}” created.</strong> Copy it now: it is shown only once.<br>
        <code data-testid="token-value" style="overflow-wrap:anywhere">${this._token.value}</code>
        <sl-copy-button value=${this._token.value} copy-label="Copy token"></sl-copy-button>
      </sl-alert>` : nothing}`;
  }
}
customElements.define('rp-admin-tokens', AdminTokens);
