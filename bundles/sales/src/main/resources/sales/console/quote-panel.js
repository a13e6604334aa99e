// On a quote's page: its totals, the PDF (GET /api/v1/quotes/{id}/pdf, a plain download link: the session cookie
// signs GETs in) and a new revision (POST /api/v1/quotes/{id}/revise answers 201 with the new quote, which opens).
import { LitElement, html, css, nothing } from 'lit';
import { formatMoney, openRecord, problemText, toast } from '/app/sdk/v1.js';
import { baseStyles } from './sales-common.js';

class QuotePanel extends LitElement {
  static properties = {
    api: { attribute: false },
    recordType: { attribute: false },
    recordId: { attribute: false },
    _quote: { state: true },
    _error: { state: true },
    _busy: { state: true },
  };

  static styles = [baseStyles, css`
    .actions { display: flex; flex-wrap: wrap; gap: .5rem; margin-bottom: .75rem; }
    a.button { display: inline-flex; align-items: center; gap: .4rem; padding: 0 var(--sl-spacing-medium); height: var(--sl-input-height-medium);
      border: 1px solid var(--sl-color-primary-600); border-radius: var(--sl-border-radius-medium); background: var(--sl-color-primary-600);
      color: var(--sl-color-neutral-0); font-size: var(--sl-button-font-size-medium); font-weight: var(--sl-font-weight-semibold); text-decoration: none; }
    a.button:hover { background: var(--sl-color-primary-500); }
    a.button:focus-visible { outline: var(--sl-focus-ring); outline-offset: var(--sl-focus-ring-offset); }
    td:first-child { color: var(--sl-color-neutral-700); }
    tr.total td { font-weight: 700; border-top: 2px solid var(--sl-color-neutral-300); border-bottom: none; }
    .meta { font-size: var(--sl-font-size-small); margin-bottom: .5rem; }
  `];

  updated(changed) {
    if ((changed.has('recordId') || changed.has('api')) && this.api && this.recordId) this.load();
  }

  async load() {
    try {
      this._quote = await this.api.get(`quotes/${encodeURIComponent(this.recordId)}`);
      this._error = null;
    } catch (e) {
      this._error = problemText(e);
    }
  }

  get fileName() {
    const q = this._quote;
    const base = `${q.quoteNumber || q.name || 'quote'}${q.revision > 1 ? `-rev${q.revision}` : ''}`;
    return `${base.replace(/[^\p{L}\p{N}._-]+/gu, '-')}.pdf`;
  }

  async revise() {
    this._busy = true;
    try {
      const created = await this.api.post(`quotes/${encodeURIComponent(this.recordId)}/revise`, {});
      const revision = created?.id ? created : created?.quote;
      toast(revision?.revision ? `Revision ${revision.revision} created; this one is superseded.` : 'New revision created.', 'success');
      if (revision?.id) openRecord('quotes', revision.id);
      else this.load();
    } catch (e) {
      toast(`No new revision: ${problemText(e)}`, 'danger');
      if (e.status === 409) this.load();
    } finally {
      this._busy = false;
    }
  }

  row(label, value, cls = '', id = '') {
    return html`<tr class=${cls}><td>${label}</td><td class="num" data-testid=${id || nothing}>${formatMoney(value) || '—'}</td></tr>`;
  }

  render() {
    if (this._error) return html`<p class="error" role="alert">${this._error}</p>`;
    const q = this._quote;
    if (!q) return html`<sl-spinner aria-label="Loading"></sl-spinner>`;
    const superseded = q.status === 'Superseded';
    return html`
      <div class="meta muted">${q.quoteNumber ? html`${q.quoteNumber} · ` : nothing}revision ${q.revision ?? 1} · ${q.status || 'Draft'}</div>
      <div class="actions">
        <a class="button" href="/api/v1/quotes/${encodeURIComponent(q.id)}/pdf" download=${this.fileName} data-testid="quote-pdf">
          <sl-icon name="download"></sl-icon>Download PDF</a>
        <sl-button data-testid="quote-revise" ?loading=${this._busy} ?disabled=${superseded} @click=${() => this.revise()}
          title=${superseded ? 'Revise the newest revision instead' : 'Copy this quote and its lines into a new revision'}>
          <sl-icon slot="prefix" name="plus-lg"></sl-icon>New revision</sl-button>
      </div>
      <table data-testid="quote-totals">
        ${this.row('Subtotal', q.subtotal)}
        ${q.discountAmount?.amount ? this.row(`Discount${q.discountPercent ? ` (${q.discountPercent} %)` : ''}`, { ...q.discountAmount, amount: -q.discountAmount.amount }) : nothing}
        ${q.taxAmount?.amount || q.taxPercent ? this.row(`Tax${q.taxPercent ? ` (${q.taxPercent} %)` : ''}`, q.taxAmount) : nothing}
        ${this.row('Total', q.total, 'total', 'quote-total')}
      </table>`;
  }
}

if (!customElements.get('rp-sales-quote-v1')) customElements.define('rp-sales-quote-v1', QuotePanel);
