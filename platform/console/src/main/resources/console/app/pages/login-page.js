import { LitElement, html, css } from 'lit';
import { shared } from '../styles.js';
import { api, setCsrfToken } from '../api.js';

class LoginPage extends LitElement {
  static properties = { _error: { state: true }, _busy: { state: true } };
  static styles = [shared, css`
    :host { display: grid; place-items: center; min-height: 100vh; padding: 1rem; }
    .card { width: min(24rem, 100%); }
    sl-input { margin-bottom: 1rem; }
    .brand { font-size: var(--sl-font-size-2x-large); font-weight: 700; color: var(--sl-color-primary-700); margin-bottom: .5rem; }
  `];

  async submit(e) {
    e.preventDefault();
    const form = e.target;
    const userName = form.querySelector('[name=userName]').value.trim();
    const password = form.querySelector('[name=password]').value;
    if (!userName || !password) { this._error = 'Enter your user name and password.'; return; }
    this._busy = true;
    this._error = null;
    try {
      const session = await api.post('session', { userName, password });
      setCsrfToken(session.csrfToken);
      this.dispatchEvent(new CustomEvent('signed-in', { detail: session, bubbles: true, composed: true }));
    } catch (err) {
      this._error = err.status === 401 ? 'Wrong user name or password.' : err.message;
    } finally {
      this._busy = false;
    }
  }

  firstUpdated() { setTimeout(() => this.renderRoot.querySelector('sl-input')?.focus(), 50); }

  render() {
    return html`<div class="card">
      <div class="brand">Rapport</div>
      <h1>Sign in</h1>
      <form @submit=${this.submit} novalidate>
        <sl-input name="userName" label="User name" autocomplete="username" data-testid="login-username" required></sl-input>
        <sl-input name="password" type="password" label="Password" autocomplete="current-password" password-toggle
          data-testid="login-password" required></sl-input>
        ${this._error ? html`<sl-alert variant="danger" open data-testid="login-error"><sl-icon slot="icon" name="exclamation-octagon"></sl-icon>${this._error}</sl-alert><br>` : ''}
        <sl-button type="submit" variant="primary" ?loading=${this._busy} data-testid="login-submit" style="width:100%">Sign in</sl-button>
      </form>
    </div>`;
  }
}
customElements.define('rp-login-page', LoginPage);
