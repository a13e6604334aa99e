// What keeps Rapport from being ready, from /api/v1/health: nothing while it is up, else a banner with each part's
// reason (starting, or something an administrator has to fix), checked again every half minute. A server that does
// not answer is shown by the header's offline status instead.
import { LitElement, html, css, nothing } from 'lit';
import { reportReachable } from '../offline/connectivity.js';

const EVERY_MS = 30_000;

class HealthBanner extends LitElement {
  static properties = { _health: { state: true } };

  static styles = css`
    :host { display: block; }
    sl-alert { margin: 0; }
    ul { margin: .25rem 0 0; padding-left: 1.25rem; }
    li { overflow-wrap: anywhere; }
  `;

  connectedCallback() {
    super.connectedCallback();
    this.check();
    this._timer = setInterval(() => this.check(), EVERY_MS);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    clearInterval(this._timer);
  }

  async check() {
    let response;
    try {
      response = await fetch('/api/v1/health', { headers: { Accept: 'application/json' } });
    } catch {
      reportReachable(false);
      this._health = null;
      return;
    }
    reportReachable(true);
    try {
      this._health = await response.json();
    } catch {
      this._health = { status: 'DOWN', checks: { server: { status: 'DOWN', detail: `answers ${response.status} without a health report` } } };
    }
  }

  render() {
    const h = this._health;
    if (!h || h.status === 'UP') return nothing;
    const problems = Object.entries(h.checks || {}).filter(([, c]) => c.status !== 'UP');
    const starting = h.status === 'STARTING';
    return html`<sl-alert variant=${starting ? 'warning' : 'danger'} open data-testid="health-banner">
      <sl-icon slot="icon" name=${starting ? 'clock-history' : 'exclamation-octagon'}></sl-icon>
      <strong>${starting ? 'Rapport is still starting.' : 'Rapport needs attention.'}</strong>
      <ul>${problems.map(([name, c]) => html`<li><strong>${name}</strong>: ${c.detail}</li>`)}</ul>
    </sl-alert>`;
  }
}
customElements.define('rp-health-banner', HealthBanner);
