// On a deal registration's page: what the conflict check found (channel managers only: partners never see it) and,
// for staff with approveDealRegistrations, approve or reject with a reason.
import { LitElement, html, css, nothing } from 'lit';
import { problemText, qs, quote, toast } from '/app/sdk/v1.js';

class DecisionPanel extends LitElement {
  static properties = {
    api: { attribute: false }, recordType: { attribute: false }, recordId: { attribute: false },
    _registration: { state: true }, _conflicts: { state: true }, _mayDecide: { state: true }, _busy: { state: true },
    _error: { state: true },
  };

  static styles = css`
    :host { display: block; }
    p { margin: 0 0 .5rem; }
    ul { margin: 0 0 .75rem; padding-left: 1.25rem; }
    .muted { color: var(--sl-color-neutral-600); }
    .error { color: var(--sl-color-danger-700); }
    .actions { display: flex; gap: .5rem; margin-top: .5rem; }
  `;

  updated(changed) {
    if ((changed.has('recordId') || changed.has('api')) && this.api && this.recordId) this.load();
  }

  async load() {
    try {
      const [registration, conflicts, access] = await Promise.all([
        this.api.get(`dealRegistrations/${encodeURIComponent(this.recordId)}`),
        this.api.get(`registrationConflicts${qs({ filter: `dealRegistration eq ${quote(this.recordId)}`, limit: 50 })}`),
        this.api.get('access'),
      ]);
      this._registration = registration;
      this._conflicts = conflicts.items;
      this._mayDecide = (access.permissions || []).includes('approveDealRegistrations');
      this._error = null;
    } catch (e) {
      this._error = problemText(e);
    }
  }

  async decide(kind) {
    const reason = this.renderRoot.querySelector('sl-textarea')?.value?.trim() || null;
    this._busy = true;
    try {
      await this.api.post(`dealRegistrations/${encodeURIComponent(this.recordId)}/${kind}`, { reason });
      toast(kind === 'approval' ? 'Approved: the opportunity is protected for the partner.' : 'Rejected.', 'success');
      this.dispatchEvent(new CustomEvent('record-changed', { bubbles: true, composed: true }));
      await this.load();
    } catch (e) {
      this._error = problemText(e);
    } finally {
      this._busy = false;
    }
  }

  conflictLine(c) {
    const target = c.opportunity
      ? html`opportunity <a href="#/opportunities/${c.opportunity}">${c.opportunity}</a>`
      : html`registration <a href="#/dealRegistrations/${c.otherRegistration}">${c.otherRegistration}</a>`;
    return html`<li>${target}: ${c.reason}</li>`;
  }

  render() {
    if (this._error) return html`<p class="error" role="alert">${this._error}</p>`;
    if (!this._registration) return html`<sl-spinner aria-label="Loading"></sl-spinner>`;
    const submitted = this._registration.status === 'Submitted';
    return html`
      ${this._conflicts.length
        ? html`<p><strong>Conflicts</strong> (the partner sees only "under review"):</p><ul data-testid="prm-conflicts">${this._conflicts.map(c => this.conflictLine(c))}</ul>`
        : html`<p class="muted">No conflict with open opportunities or other registrations.</p>`}
      ${submitted && this._mayDecide ? html`
        <sl-textarea label="Reason (the partner reads it)" rows="2"></sl-textarea>
        <div class="actions">
          <sl-button variant="primary" size="small" data-testid="prm-approve" ?loading=${this._busy} @click=${() => this.decide('approval')}>Approve</sl-button>
          <sl-button size="small" data-testid="prm-reject" ?loading=${this._busy} @click=${() => this.decide('rejection')}>Reject</sl-button>
        </div>` : nothing}
      ${!submitted ? html`<p>${this._registration.status}${this._registration.decisionReason ? `: ${this._registration.decisionReason}` : ''}</p>` : nothing}`;
  }
}

if (!customElements.get('rp-prm-decision-v1')) customElements.define('rp-prm-decision-v1', DecisionPanel);
