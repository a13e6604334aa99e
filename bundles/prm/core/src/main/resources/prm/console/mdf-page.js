// The channel manager's page for partner funds and performance: MDF requests to decide (approve, possibly for less, or
// reject with a reason the partner reads), claims to decide and pay, every allocation's balance, and the scorecards of
// all partners (GET /api/v1/partnerScorecards). Deciding needs approveMarketDevelopmentFunds; the server says so if not.
import { LitElement, html, css, nothing } from 'lit';
import { formatMoney, problemText, qs, recordHref, toast } from '/app/sdk/v1.js';

const pct = v => (v == null ? '–' : `${Math.round(v * 100)} %`);

class MdfPage extends LitElement {
  static properties = {
    api: { attribute: false },
    _requests: { state: true }, _claims: { state: true }, _allocations: { state: true }, _scorecards: { state: true },
    _names: { state: true }, _error: { state: true }, _busy: { state: true },
  };

  static styles = css`
    :host { display: block; }
    section { background: var(--sl-color-neutral-0); border: 1px solid var(--sl-color-neutral-200);
      border-radius: var(--sl-border-radius-large); padding: 1rem; margin-bottom: 1rem; overflow-x: auto; }
    h2 { font-size: var(--sl-font-size-large); margin: 0 0 .75rem; }
    table { border-collapse: collapse; width: 100%; }
    th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--sl-color-neutral-200); vertical-align: top; }
    td.num, th.num { text-align: right; white-space: nowrap; }
    .muted { color: var(--sl-color-neutral-600); }
    .error { color: var(--sl-color-danger-700); }
    .decide { display: flex; flex-wrap: wrap; gap: .4rem; align-items: end; }
    .decide sl-input { width: 8rem; }
    .decide sl-input.reason { width: 14rem; }
  `;

  updated(changed) {
    if (changed.has('api') && this.api) this.load();
  }

  async load() {
    try {
      const [requests, claims, allocations, scorecards] = await Promise.all([
        this.api.get(`mdfRequests${qs({ filter: "status eq 'Submitted'", sort: 'createdAt', limit: 100 })}`),
        this.api.get(`mdfClaims${qs({ filter: "status in ('Submitted','Approved')", sort: 'createdAt', limit: 100 })}`),
        this.api.get(`mdfAllocations${qs({ sort: '-period', limit: 200 })}`),
        this.api.get('partnerScorecards'),
      ]);
      this._names = Object.fromEntries(scorecards.items.map(s => [s.partnerAccount, s.partnerName]));
      this._requests = requests.items;
      this._claims = claims.items;
      this._allocations = allocations.items;
      this._scorecards = scorecards.items;
      this._error = null;
    } catch (e) {
      this._error = problemText(e);
    }
  }

  partner(id) { return this._names?.[id] || id; }

  async act(path, body, done) {
    this._busy = true;
    try {
      await this.api.post(path, body);
      toast(done, 'success');
      await this.load();
    } catch (e) {
      toast(problemText(e), 'danger');
    } finally {
      this._busy = false;
    }
  }

  field(row, name) { return this.renderRoot.querySelector(`[data-row="${row}"][name="${name}"]`)?.value?.trim() || null; }

  requestRow(r) {
    const value = this.field.bind(this, r.id);
    return html`<tr data-id=${r.id}>
      <td><a href=${recordHref('mdfRequests', r.id)}>${r.activityName}</a><div class="muted">${r.activityType} · ${r.startDate} – ${r.endDate}</div></td>
      <td>${this.partner(r.partnerAccount)}</td>
      <td class="num">${formatMoney(r.amount)}</td>
      <td class="num">${r.expectedLeads ?? ''}${r.expectedRevenue ? html`<div class="muted">${formatMoney(r.expectedRevenue)}</div>` : nothing}</td>
      <td><div class="decide">
        <sl-input size="small" type="number" min="0" step="0.01" label="Approve" data-row=${r.id} name="approvedAmount" value=${r.amount?.amount ?? ''}></sl-input>
        <sl-input size="small" class="reason" label="Reason" data-row=${r.id} name="reason"></sl-input>
        <sl-button size="small" variant="primary" data-testid="mdf-approve" ?disabled=${this._busy}
          @click=${() => this.act(`mdfRequests/${r.id}/approval`, { approvedAmount: value('approvedAmount') == null ? null : Number(value('approvedAmount')), reason: value('reason') }, 'Request approved.')}>Approve</sl-button>
        <sl-button size="small" data-testid="mdf-reject" ?disabled=${this._busy}
          @click=${() => this.act(`mdfRequests/${r.id}/rejection`, { reason: value('reason') || '' }, 'Request rejected.')}>Reject</sl-button>
      </div></td></tr>`;
  }

  claimRow(c) {
    const value = this.field.bind(this, c.id);
    const submitted = c.status === 'Submitted';
    return html`<tr data-id=${c.id}>
      <td><a href=${recordHref('mdfClaims', c.id)}>${c.description}</a><div class="muted">proof: the claim's files</div></td>
      <td>${this.partner(c.partnerAccount)}</td>
      <td class="num">${formatMoney(c.amount)}</td>
      <td>${c.status}</td>
      <td><div class="decide">
        <sl-input size="small" class="reason" label=${submitted ? 'Reason' : 'Payment reference'} data-row=${c.id} name="text"></sl-input>
        ${submitted ? html`
          <sl-button size="small" variant="primary" ?disabled=${this._busy}
            @click=${() => this.act(`mdfClaims/${c.id}/approval`, { reason: value('text') }, 'Claim approved.')}>Approve</sl-button>
          <sl-button size="small" ?disabled=${this._busy}
            @click=${() => this.act(`mdfClaims/${c.id}/rejection`, { reason: value('text') || '' }, 'Claim rejected.')}>Reject</sl-button>`
          : html`<sl-button size="small" variant="primary" ?disabled=${this._busy}
            @click=${() => this.act(`mdfClaims/${c.id}/payment`, { paymentReference: value('text') }, 'Claim marked paid.')}>Mark paid</sl-button>`}
      </div></td></tr>`;
  }

  render() {
    if (this._error) return html`<p class="error" role="alert">${this._error}</p>`;
    if (!this._requests) return html`<sl-spinner aria-label="Loading"></sl-spinner>`;
    return html`
      <section><h2>MDF requests to decide</h2>
        ${this._requests.length ? html`<table data-testid="mdf-requests"><thead><tr><th>Activity</th><th>Partner</th><th class="num">Requested</th>
          <th class="num">Expected leads / revenue</th><th>Decision</th></tr></thead><tbody>${this._requests.map(r => this.requestRow(r))}</tbody></table>`
          : html`<p class="muted">No request awaits a decision.</p>`}</section>
      <section><h2>MDF claims to decide or pay</h2>
        ${this._claims.length ? html`<table data-testid="mdf-claims"><thead><tr><th>Claim</th><th>Partner</th><th class="num">Claimed</th><th>Status</th>
          <th>Decision</th></tr></thead><tbody>${this._claims.map(c => this.claimRow(c))}</tbody></table>`
          : html`<p class="muted">No claim awaits a decision or payment.</p>`}</section>
      <section><h2>Balances</h2>
        <table data-testid="mdf-balances"><thead><tr><th>Partner</th><th>Period</th><th class="num">Allocated</th><th class="num">Requested</th>
          <th class="num">Approved</th><th class="num">Claimed</th><th class="num">Paid</th><th class="num">Remaining</th></tr></thead>
          <tbody>${this._allocations.map(a => html`<tr><td><a href=${recordHref('mdfAllocations', a.id)}>${this.partner(a.partnerAccount)}</a></td>
            <td>${a.period}</td>${['amount', 'requested', 'approved', 'claimed', 'paid', 'remaining'].map(f => html`<td class="num">${formatMoney(a[f])}</td>`)}</tr>`)}</tbody></table></section>
      <section><h2>Partner scorecards</h2>
        <table data-testid="partner-scorecards"><thead><tr><th>Partner</th><th class="num">Pipeline</th><th class="num">Win rate</th>
          <th class="num">Registrations won</th><th class="num">MDF paid</th><th class="num">MDF leads</th><th class="num">MDF won revenue</th><th class="num">MDF ROI</th></tr></thead>
          <tbody>${this._scorecards.map(s => html`<tr><td>${s.partnerName}</td><td class="num">${s.pipeline.toLocaleString()}</td>
            <td class="num">${pct(s.winRate)}</td><td class="num">${s.registrationsWon} / ${s.approvedRegistrations} (${pct(s.registrationConversion)})</td>
            <td class="num">${s.mdfPaid.toLocaleString()}</td><td class="num">${s.mdfLeads}</td><td class="num">${s.mdfWonRevenue.toLocaleString()}</td>
            <td class="num">${s.mdfRoi == null ? '–' : `${s.mdfRoi}×`}</td></tr>`)}</tbody></table></section>`;
  }
}

if (!customElements.get('rp-prm-mdf-v1')) customElements.define('rp-prm-mdf-v1', MdfPage);
