// On case pages: each SLA clock (first response, next response, resolution) with its warning and due time, the time
// left or by how much it is late, and whether it was met; the case's SLA state and pause.
import { LitElement, html, nothing } from 'lit';
import { formatDateTime, problemText } from '/app/sdk/v1.js';
import { baseStyles, countdown, urgency } from './service-common.js';

const CLOCKS = [
  ['firstResponse', 'First response', 'firstResponseAt'],
  ['nextResponse', 'Next response', null],
  ['resolution', 'Resolution', 'resolvedAt'],
];

class SlaPanel extends LitElement {
  static properties = { api: { attribute: false }, recordType: { attribute: false }, recordId: { attribute: false },
    _case: { state: true }, _error: { state: true } };

  static styles = [baseStyles];

  connectedCallback() {
    super.connectedCallback();
    this._tick = setInterval(() => this.requestUpdate(), 30000);
  }

  disconnectedCallback() {
    clearInterval(this._tick);
    super.disconnectedCallback();
  }

  updated(changed) {
    if ((changed.has('recordId') || changed.has('api')) && this.api && this.recordId) this.load();
  }

  async load() {
    try {
      this._case = await this.api.get(`cases/${encodeURIComponent(this.recordId)}`);
      this._error = null;
    } catch (e) {
      this._error = problemText(e);
    }
  }

  render() {
    if (this._error) return html`<p class="error" role="alert">${this._error}</p>`;
    const c = this._case;
    if (!c) return html`<sl-spinner aria-label="Loading"></sl-spinner>`;
    if (!c.slaPolicy) return html`<p class="empty">No SLA applies to this case.</p>`;
    return html`<p data-testid="sla-status"><strong>${c.slaStatus}</strong>${c.slaPausedAt ? html` · paused since ${formatDateTime(c.slaPausedAt)}` : nothing}</p>
      <table><thead><tr><th>Clock</th><th>Warning</th><th>Due</th><th></th></tr></thead><tbody>
      ${CLOCKS.map(([prefix, label, metField]) => {
        const due = c[`${prefix}DueAt`];
        if (!due) return nothing;
        const met = metField ? c[metField] : null;
        return html`<tr data-testid="sla-clock-${prefix}"><td>${label}</td><td>${formatDateTime(c[`${prefix}WarningAt`])}</td>
          <td>${formatDateTime(due)}</td>
          <td class="due ${met ? '' : urgency(due)}">${met ? (new Date(met) > new Date(due) ? 'met late' : 'met') : c.slaPausedAt ? 'paused' : countdown(due)}</td></tr>`;
      })}</tbody></table>`;
  }
}

if (!customElements.get('rp-service-sla-v1')) customElements.define('rp-service-sla-v1', SlaPanel);
