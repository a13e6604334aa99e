import { LitElement, html, nothing } from 'lit';
import { shared } from '../styles.js';
import { api } from '../api.js';
import { formatValue } from '../format.js';

class AdminTokens extends LitElement {
  static properties = { _token: { state: true }, _tokens: { state: true }, _error: { state: true }, _busy: { state: true } };
  static styles = shared;

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  async load() {
    try {
      this._tokens = (await api.get('tokens')).items;
    } catch (err) {
      this._error = err.detail || err.message;
    }
  }

  async create(e) {
    e.preventDefault();
    const input = this.renderRoot.querySelector('[name=tokenName]');
    this._busy = true;
    this._error = null;
    try {
      const body = await api.post('tokens', { name: input.value.trim() });
      this._token = { name: input.value.trim(), value: body.token };
      input.value = '';
      await this.load();
    } catch (err) {
      this._error = err.fieldErrors().name || err.message;
    } finally { this._busy = false; }
  }

  async revoke(token) {
    if (!confirm(`Revoke the token “${token.name}”? Programs using it stop working at once.`)) return;
    try {
      await api.del(`tokens/${encodeURIComponent(token.id)}`);
      await this.load();
    } catch (err) {
      this._error = err.detail || err.message;
    }
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
      </sl-alert>` : nothing}
      <div class="card">
        <h2>Your tokens</h2>
        ${!this._tokens ? html`<sl-spinner></sl-spinner>` : this._tokens.length === 0 ? html`<p class="muted">None yet.</p>` : html`
          <table data-testid="token-list"><thead><tr><th>Name</th><th>Created</th><th></th></tr></thead><tbody>
          ${this._tokens.map(t => html`<tr><td>${t.name}</td><td>${formatValue({ type: 'DATE_TIME' }, t.createdAt)}</td>
            <td><sl-button size="small" variant="danger" outline @click=${() => this.revoke(t)} data-testid="token-revoke">
              <sl-icon slot="prefix" name="trash"></sl-icon>Revoke</sl-button></td></tr>`)}
          </tbody></table>`}
      </div>`;
  }
}
customElements.define('rp-admin-tokens', AdminTokens);
