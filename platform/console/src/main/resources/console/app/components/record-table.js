// A table of records with chosen columns, sortable headers and the name linking to the record. At phone width
// each row becomes a stacked card. Used by list views, related lists and the home page.
import { LitElement, html, css, nothing } from 'lit';
import { shared } from '../styles.js';
import { formatValue } from '../format.js';
import { recordName, isSortable } from '../metadata.js';
import { href } from '../router.js';

class RecordTable extends LitElement {
  static properties = {
    type: { attribute: false },
    columns: { attribute: false },
    items: { attribute: false },
    sort: {},
    sortable: { type: Boolean },
  };

  static styles = [shared, css`
    .table-wrap { background: var(--sl-color-neutral-0); }
    th button { all: unset; cursor: pointer; display: inline-flex; align-items: center; gap: .25rem; }
    th button:focus-visible { outline: 2px solid var(--sl-color-primary-600); outline-offset: 2px; }
    tbody tr:hover { background: var(--sl-color-neutral-50); }
    td.name { font-weight: var(--sl-font-weight-semibold); }
    @media (max-width: 640px) {
      table, thead, tbody, tr, td { display: block; width: 100%; }
      thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
      tr { border: 1px solid var(--sl-color-neutral-200); border-radius: var(--sl-border-radius-medium); margin-bottom: .5rem; padding: .25rem 0;
        background: var(--sl-color-neutral-0); }
      td { border: none; padding: .25rem .75rem; display: grid; grid-template-columns: 8rem 1fr; gap: .5rem; overflow-wrap: anywhere; }
      td::before { content: attr(data-label); color: var(--sl-color-neutral-600); font-size: var(--sl-font-size-small); }
      td.name { grid-template-columns: 1fr; font-size: var(--sl-font-size-large); }
      td.name::before { content: none; }
    }
  `];

  constructor() {
    super();
    this.items = [];
    this.columns = [];
  }

  toggleSort(field) {
    const next = this.sort === field.apiName ? `-${field.apiName}` : field.apiName;
    this.dispatchEvent(new CustomEvent('sort-change', { detail: { sort: next } }));
  }

  header(f) {
    const active = this.sort === f.apiName ? 'ascending' : this.sort === `-${f.apiName}` ? 'descending' : 'none';
    if (!this.sortable || !isSortable(this.type, f)) return html`<th scope="col">${f.label}</th>`;
    return html`<th scope="col" aria-sort=${active}><button data-testid="sort-${f.apiName}" @click=${() => this.toggleSort(f)}
      title="Sort by ${f.label}">${f.label}${active === 'ascending' ? html`<sl-icon name="arrow-up" label="ascending"></sl-icon>`
        : active === 'descending' ? html`<sl-icon name="arrow-down" label="descending"></sl-icon>` : nothing}</button></th>`;
  }

  render() {
    const type = this.type;
    if (!type) return nothing;
    const cols = this.columns.filter(c => c.apiName !== type.nameField || type.apiName === 'contact');
    const nameField = type.fields.find(f => f.apiName === type.nameField) || { apiName: type.nameField, label: 'Name', type: 'TEXT' };
    const nameLabel = type.apiName === 'contact' ? 'Name' : nameField.label;
    return html`<div class="table-wrap"><table data-testid="record-table">
      <thead><tr>${this.header({ ...nameField, label: nameLabel })}${cols.map(c => this.header(c))}</tr></thead>
      <tbody>${this.items.map(r => html`<tr data-testid="row" data-id=${r.id}>
        <td class="name" data-label=${nameLabel}><a href=${href(type.pluralApiName, r.id)} data-testid="record-link">${recordName(type, r)}</a>${r.waiting
          ? html` <sl-badge variant="warning" pill data-testid="row-waiting" title="Created on this device: sent when the server can be reached">waiting to sync</sl-badge>`
          : nothing}</td>
        ${cols.map(c => html`<td data-label=${c.label} data-field=${c.apiName}>${formatValue(c, r[c.apiName])}</td>`)}
      </tr>`)}</tbody>
    </table></div>`;
  }
}
customElements.define('rp-record-table', RecordTable);
