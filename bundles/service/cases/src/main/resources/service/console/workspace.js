// The agent workspace: my open cases and the cases of a queue, soonest SLA due first, with live countdowns.
import { LitElement, html, css, nothing } from 'lit';
import { problemText, qs, quote, recordHref } from '/app/sdk/v1.js';
import { baseStyles, countdown, urgency } from './service-common.js';

const OPEN = `status ne 'Resolved' and status ne 'Closed'`;

class Workspace extends LitElement {
  static properties = { api: { attribute: false }, _queues: { state: true }, _queue: { state: true }, _cases: { state: true },
    _error: { state: true } };

  static styles = [baseStyles, css`
    .bar { display: flex; gap: .75rem; align-items: end; flex-wrap: wrap; margin-bottom: 1rem; }
    h2 { font-size: var(--sl-font-size-large); margin: 0 0 .75rem; }
  `];

  connectedCallback() {
    super.connectedCallback();
    this._tick = setInterval(() => this.requestUpdate(), 30000);
  }

  disconnectedCallback() {
    clearInterval(this._tick);
    super.disconnectedCallback();
  }

  updated(changed) {
    if (changed.has('api') && this.api) this.init();
  }

  async init() {
    try {
      this._queues = (await this.api.get(`queues${qs({ sort: 'name', limit: 200 })}`)).items;
      await this.load();
    } catch (e) {
      this._error = problemText(e);
    }
  }

  async load() {
    const filter = this._queue ? `queue eq ${quote(this._queue)} and ${OPEN}` : `owner eq me and ${OPEN}`;
    try {
      this._cases = await this.api.get(`cases${qs({ filter, sort: 'slaDueAt', limit: 100, count: 'true' })}`);
      this._error = null;
    } catch (e) {
      this._error = problemText(e);
    }
  }

  pick(e) {
    this._queue = e.target.value || null;
    this.load();
  }

  render() {
    if (this._error) return html`<p class="error" role="alert">${this._error}</p>`;
    if (!this._cases) return html`<sl-spinner aria-label="Loading"></sl-spinner>`;
    return html`<h2>Agent workspace</h2>
      <div class="bar"><sl-select label="Show" value=${this._queue || ''} @sl-change=${e => this.pick(e)} data-testid="queue-picker" hoist>
        <sl-option value="">My open cases</sl-option>
        ${(this._queues || []).map(q => html`<sl-option value=${q.id}>Queue: ${q.name}</sl-option>`)}
      </sl-select><span class="muted">${this._cases.total ?? this._cases.items.length} open, soonest SLA due first</span></div>
      ${this._cases.items.length === 0 ? html`<p class="empty">Nothing waiting. </p>` : html`<table data-testid="workspace-cases">
        <thead><tr><th>Case</th><th>Subject</th><th>Priority</th><th>Status</th><th>SLA</th><th>Due</th></tr></thead>
        <tbody>${this._cases.items.map(c => html`<tr data-testid="workspace-case"><td><a href=${recordHref('cases', c.id)}>${c.caseNumber}</a></td>
          <td>${c.subject}</td><td>${c.priority}</td><td>${c.status}</td><td>${c.slaStatus ?? '—'}</td>
          <td class="due ${urgency(c.slaDueAt)}">${countdown(c.slaDueAt)}</td></tr>`)}</tbody></table>`}
      ${nothing}`;
  }
}

if (!customElements.get('rp-service-workspace-v1')) customElements.define('rp-service-workspace-v1', Workspace);
