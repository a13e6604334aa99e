// On account and contact pages: their cases, open ones first by SLA due time, then the latest closed ones.
import { LitElement, html, nothing } from 'lit';
import { problemText, qs, quote, recordHref } from '/app/sdk/v1.js';
import { baseStyles, countdown, urgency } from './service-common.js';

class CasesPanel extends LitElement {
  static properties = {
    api: { attribute: false }, recordType: { attribute: false }, recordId: { attribute: false },
    _open: { state: true }, _done: { state: true }, _error: { state: true },
  };

  static styles = [baseStyles];

  updated(changed) {
    if ((changed.has('recordId') || changed.has('recordType') || changed.has('api')) && this.api && this.recordId && this.recordType) this.load();
  }

  async load() {
    const mine = `${this.recordType === 'contact' ? 'contact' : 'account'} eq ${quote(this.recordId)}`;
    try {
      const [open, done] = await Promise.all([
        this.api.get(`cases${qs({ filter: `${mine} and status ne 'Resolved' and status ne 'Closed'`, sort: 'slaDueAt', limit: 50, count: 'true' })}`),
        this.api.get(`cases${qs({ filter: `${mine} and status in ('Resolved','Closed')`, sort: '-resolvedAt', limit: 10 })}`),
      ]);
      this._open = open;
      this._done = done;
      this._error = null;
    } catch (e) {
      this._error = problemText(e);
    }
  }

  rows(items, showDue) {
    return html`<table data-testid="cases"><thead><tr><th>Case</th><th>Subject</th><th>Status</th><th>Priority</th>${showDue ? html`<th>SLA due</th>` : nothing}</tr></thead>
      <tbody>${items.map(c => html`<tr data-testid="case-row"><td><a href=${recordHref('cases', c.id)}>${c.caseNumber}</a></td><td>${c.subject}</td>
        <td>${c.status}</td><td>${c.priority}</td>${showDue ? html`<td class="due ${urgency(c.slaDueAt)}">${countdown(c.slaDueAt)}</td>` : nothing}</tr>`)}</tbody></table>`;
  }

  render() {
    if (this._error) return html`<p class="error" role="alert">${this._error}</p>`;
    if (!this._open) return html`<sl-spinner aria-label="Loading"></sl-spinner>`;
    return html`<p class="muted">${this._open.total ?? this._open.items.length} open</p>
      ${this._open.items.length ? this.rows(this._open.items, true) : html`<p class="empty">No open cases.</p>`}
      ${this._done.items.length ? html`<p class="muted">Recently resolved</p>${this.rows(this._done.items, false)}` : nothing}`;
  }
}

if (!customElements.get('rp-service-cases-v1')) customElements.define('rp-service-cases-v1', CasesPanel);
