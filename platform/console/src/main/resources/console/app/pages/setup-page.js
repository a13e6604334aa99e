import { LitElement, html, css } from 'lit';
import { shared } from '../styles.js';
import { api } from '../api.js';

class SetupPage extends LitElement {
  static properties = { _error: { state: true }, _busy: { state: true } };
  static styles = [shared, css`
    :host { display: grid; place-items: center; min-height: 100vh; padding: 1rem; }
    .card { width: min(28rem, 100%); }
    sl-input { margin-bottom: 1rem; }
  `];

  async submit(e) {
    e.preventDefault();
    const password = this.renderRoot.querySelector('[name=password]').value;
    const repeat = this.renderRoot.querySelector('[name=repeat]').value;
    if (password.length < 8) { this._error = 'Choose a password of at least 8 characters.'; return; }
    if (password !== repeat) { this._error = 'The two passwords differ.'; return; }
    this._busy = true;
    this._error = null;
    try {
      await api.post('setup', { password });
      this.dispatchEvent(new CustomEvent('set-up', { bubbles: true, composed: true }));
    } catch (err) {
      this._error = err.status === 403
        ? `${err.detail || 'Setting up is only allowed from the server itself.'} Open the console on the server (http://localhost…) to set the admin password.`
        : (err.fieldErrors().password || err.message);
    } finally {
      this._busy = false;
    }
  }

  render() {
    return html`<div class="card">
      <h1>Welcome to Rapport</h1>
      <p>Choose the password of the <strong>admin</strong> user to finish setting up.</p>
      <form @submit=${this.submit} novalidate>
        <sl-input name="password" type="password" label="Admin password" autocomplete="new-password" password-toggle required data-testid="setup-password"></sl-input>
        <sl-input name="repeat" type="password" label="Repeat the password" autocomplete="new-password" required data-testid="setup-repeat"></sl-input>
        ${this._error ? html`<sl-alert variant="danger" open data-testid="setup-error">${this._error}</sl-alert><br>` : ''}
        <sl-button type="submit" variant="primary" ?loading=${this._busy} data-testid="setup-submit">Set up</sl-button>
      </form>
    </div>`;
  }
}
customElements.define('rp-setup-page', SetupPage);
