// Related lists of a record of type T: every type with a REFERENCE field pointing at T, filtered by that field. Child
// types (quote lines, stage changes) are listed only here: the navigation leaves them out.
import { LitElement, html, css, nothing } from 'lit';
import { shared } from '../styles.js';
import { api, qs, quote } from '../api.js';
import { metadata } from '../metadata.js';
import { href } from '../router.js';
import { defaultColumns } from '../pages/list-page.js';
import './record-table.js';

class RelatedList extends LitElement {
  static properties = { type: { attribute: false }, field: { attribute: false }, recordId: {}, heading: {}, _page: { state: true }, _error: { state: true } };
  static styles = [shared, css`.head { display: flex; align-items: center; gap: .5rem; flex-wrap: wrap; margin-bottom: .5rem; } .head h2 { margin: 0; flex: 1; }`];

  willUpdate(changed) { if (changed.has('recordId') || changed.has('type')) this.load(); }

  get filter() { return `${this.field.apiName} eq ${quote(this.recordId)}`; }

  async load() {
    this._page = null;
    this._error = null;
    try {
      this._page = await api.get(`${this.type.pluralApiName}${qs({ filter: this.filter, limit: 10, sort: '-updatedAt' })}`);
    } catch (e) {
      this._error = e.status === 403 ? 'You may not see these records.' : e.message;
    }
  }

  render() {
    const t = this.type;
    const cols = defaultColumns(t).filter(c => c !== this.field.apiName).slice(0, 3)
      .map(c => metadata().field(t, c)).filter(Boolean);
    return html`<section class="card" data-testid="related-${t.pluralApiName}-${this.field.apiName}">
      <div class="head">
        <h2>${this.heading} ${this._page ? html`<sl-badge variant="neutral" pill>${this._page.items.length}${this._page.nextCursor ? '+' : ''}</sl-badge>` : nothing}</h2>
        <sl-button size="small" href=${href(t.pluralApiName, { filter: this.filter })}>View all</sl-button>
        <sl-button size="small" variant="primary" outline href=${href(t.pluralApiName, 'new', { [this.field.apiName]: this.recordId })}
          data-testid="related-new-${t.pluralApiName}"><sl-icon slot="prefix" name="plus-lg"></sl-icon>New</sl-button>
      </div>
      ${this._error ? html`<p class="muted">${this._error}</p>`
        : !this._page ? html`<sl-spinner aria-label="Loading"></sl-spinner>`
        : this._page.items.length === 0 ? html`<p class="empty">No ${t.pluralLabel.toLowerCase()} yet.</p>`
        : html`<rp-record-table .type=${t} .columns=${cols} .items=${this._page.items}></rp-record-table>`}
    </section>`;
  }
}
customElements.define('rp-related-list', RelatedList);

class RelatedLists extends LitElement {
  static properties = { type: { attribute: false }, recordId: {} };
  static styles = shared;

  render() {
    // The record's own children (quote lines of a quote) first, then the other records that refer to it.
    const isChild = r => r.type.parentField === r.field.apiName;
    const refs = metadata().referencesTo(this.type).sort((a, b) => isChild(b) - isChild(a));
    if (!refs.length) return nothing;
    const perType = new Map();
    for (const r of refs) perType.set(r.type.apiName, (perType.get(r.type.apiName) || 0) + 1);
    return refs.map(({ type, field }) => html`<rp-related-list .type=${type} .field=${field} .recordId=${this.recordId}
      .heading=${perType.get(type.apiName) > 1 || type.apiName === this.type.apiName ? `${type.pluralLabel} (${field.label})` : type.pluralLabel}></rp-related-list>`);
  }
}
customElements.define('rp-related-lists', RelatedLists);
