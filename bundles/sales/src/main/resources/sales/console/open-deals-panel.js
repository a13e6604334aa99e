// On account and contact pages: the record's open opportunities (in a stage whose outcome is Open) with stage, amount
// and close date, and their total per currency; on contact pages also the leads that were converted into the contact.
import { LitElement, html, css, nothing } from 'lit';
import { fetchAll, formatDate, formatMoney, problemText, qs, quote, recordHref } from '/app/sdk/v1.js';
import { baseStyles, formatSums, sumByCurrency } from './sales-common.js';

const LIMIT = 50;

class OpenDealsPanel extends LitElement {
  static properties = {
    api: { attribute: false },
    recordType: { attribute: false },
    recordId: { attribute: false },
    _deals: { state: true },
    _leads: { state: true },
    _error: { state: true },
  };

  static styles = [baseStyles, css`
    h3 { font-size: var(--sl-font-size-medium); font-weight: var(--sl-font-weight-semibold); margin: 1rem 0 .5rem; }
    .summary { display: flex; flex-wrap: wrap; gap: .25rem 1rem; align-items: baseline; margin-bottom: .5rem; }
    .summary .total { font-weight: 700; font-variant-numeric: tabular-nums; }
    ul { list-style: none; margin: 0; padding: 0; }
    li { display: flex; gap: .75rem; justify-content: space-between; align-items: baseline; padding: .4rem 0;
      border-bottom: 1px solid var(--sl-color-neutral-100); }
    li .main { min-width: 0; overflow-wrap: anywhere; }
    li .sub { font-size: var(--sl-font-size-small); color: var(--sl-color-neutral-600); }
    li .amount { font-variant-numeric: tabular-nums; white-space: nowrap; font-weight: var(--sl-font-weight-semibold); }
  `];

  updated(changed) {
    if ((changed.has('recordId') || changed.has('recordType') || changed.has('api')) && this.api && this.recordId && this.recordType) this.load();
  }

  /** The reference field of opportunities that points at this page's record. */
  get field() { return this.recordType === 'contact' ? 'contact' : 'account'; }

  async load() {
    this._error = null;
    try {
      const stages = await fetchAll('salesStages', { filter: `outcome eq 'Open'`, sort: 'position' });
      const open = [...new Set(stages.items.map(s => s.name))];
      const byId = `${this.field} eq ${quote(this.recordId)}`;
      const deals = open.length
        ? this.api.get(`opportunities${qs({ filter: `${byId} and stage in (${open.map(quote).join(',')})`, sort: 'closeDate', limit: LIMIT, count: 'true' })}`)
        : Promise.resolve({ items: [], total: 0 });
      const leads = this.recordType === 'contact'
        ? this.api.get(`leads${qs({ filter: `convertedContact eq ${quote(this.recordId)}`, sort: '-convertedAt', limit: 20 })}`)
        : Promise.resolve(null);
      const [d, l] = await Promise.all([deals, leads]);
      this._deals = d;
      this._leads = l;
    } catch (e) {
      this._error = problemText(e);
    }
  }

  renderDeals(d) {
    return html`<div class="summary">
        <span>${d.total ?? d.items.length} open</span>
        ${d.items.length ? html`<span class="total" data-testid="open-deals-total">${formatSums(sumByCurrency(d.items))}${d.total > d.items.length ? ` (first ${d.items.length})` : ''}</span>` : nothing}
      </div>
      ${d.items.length === 0 ? html`<p class="empty">No open opportunities.</p>` : html`<ul data-testid="open-deals">
        ${d.items.map(o => html`<li data-testid="open-deal"><div class="main"><a href=${recordHref('opportunities', o.id)}>${o.name}</a>
          <div class="sub">${o.stage}${o.closeDate ? ` · closes ${formatDate(o.closeDate)}` : ''}</div></div>
          <span class="amount">${formatMoney(o.amount)}</span></li>`)}
      </ul>`}`;
  }

  renderLeads(l) {
    return html`<h3>Converted from leads</h3>
      ${l.items.length === 0 ? html`<p class="empty">No lead was converted into this contact.</p>` : html`<ul data-testid="converted-leads">
        ${l.items.map(x => html`<li><div class="main"><a href=${recordHref('leads', x.id)}>${[x.firstName, x.lastName].filter(Boolean).join(' ')}</a>
          <div class="sub">${[x.company, x.convertedAt ? `converted ${new Date(x.convertedAt).toLocaleDateString()}` : ''].filter(Boolean).join(' · ')}</div></div></li>`)}
      </ul>`}`;
  }

  render() {
    if (this._error) return html`<p class="error" role="alert">${this._error}</p>`;
    if (!this._deals) return html`<sl-spinner aria-label="Loading"></sl-spinner>`;
    return html`${this.renderDeals(this._deals)}${this._leads ? this.renderLeads(this._leads) : nothing}`;
  }
}

if (!customElements.get('rp-sales-open-deals-v1')) customElements.define('rp-sales-open-deals-v1', OpenDealsPanel);
