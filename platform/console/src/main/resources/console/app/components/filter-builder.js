// Filter builder: rows of field + operator + value combined with and/or, or the raw filter language for power
// users (lastName sw 'Sm' and (country eq 'DE' or country in ('AT','CH')) and email notempty).
import { LitElement, html, css, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { shared } from '../styles.js';
import { quote } from '../api.js';
import './field-input.js';

/** The filter language's operators with their labels, as the filter builder offers them. */
export const OPS = {
  eq: 'equals', ne: 'does not equal', sw: 'starts with', in: 'is one of', gt: 'greater than', ge: 'at least',
  lt: 'less than', le: 'at most', empty: 'is empty', notempty: 'is not empty',
};

export function operatorsFor(field) {
  switch (field?.type) {
    case 'TEXT': case 'EMAIL': case 'PHONE': case 'URL': return ['eq', 'ne', 'sw', 'in', 'empty', 'notempty'];
    case 'PICKLIST': return ['eq', 'ne', 'in', 'empty', 'notempty'];
    case 'INTEGER': case 'DECIMAL': case 'PERCENT': case 'DATE': case 'DATE_TIME':
      return ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'empty', 'notempty'];
    case 'BOOLEAN': return ['eq', 'ne'];
    case 'REFERENCE': case 'OWNER': return ['eq', 'ne', 'empty', 'notempty'];
    default: return ['empty', 'notempty'];
  }
}

function valueText(v) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return v.amount !== undefined ? String(v.amount) : JSON.stringify(v);
  return String(v);
}

/** One condition as filter text, or null while it is incomplete. */
export function conditionText(field, op, value) {
  if (!field || !op) return null;
  if (op === 'empty' || op === 'notempty') return `${field.apiName} ${op}`;
  if (op === 'in') {
    const list = valueText(value).split(',').map(s => s.trim()).filter(Boolean);
    return list.length ? `${field.apiName} in (${list.map(quote).join(',')})` : null;
  }
  if (field.type === 'BOOLEAN') return `${field.apiName} ${op} ${quote(value === true || value === 'true' ? 'true' : 'false')}`;
  const text = valueText(value);
  return text === '' ? null : `${field.apiName} ${op} ${quote(text)}`;
}

class FilterBuilder extends LitElement {
  static properties = {
    type: { attribute: false },
    fields: { attribute: false },
    expression: {},
    _rows: { state: true },
    _combinator: { state: true },
    _raw: { state: true },
    _text: { state: true },
  };

  static styles = [shared, css`
    .row { display: grid; grid-template-columns: minmax(9rem, 1fr) minmax(9rem, 1fr) minmax(10rem, 2fr) auto; gap: .5rem; align-items: end; margin-bottom: .5rem; }
    .row sl-icon-button { font-size: 1.25rem; margin-bottom: .25rem; }
    .placeholder { min-height: 1px; }
    sl-textarea { margin-bottom: .5rem; }
    @media (max-width: 640px) {
      .row { grid-template-columns: 1fr auto; border-bottom: 1px solid var(--sl-color-neutral-200); padding-bottom: .5rem; }
      .row > :not(sl-icon-button) { grid-column: 1; }
      .row sl-icon-button { grid-column: 2; grid-row: 1; }
    }
  `];

  constructor() {
    super();
    this._rows = [];
    this._combinator = 'and';
    this._raw = false;
    this._text = '';
    this.fields = [];
  }

  willUpdate(changed) {
    if (changed.has('expression') && (this.expression || '') !== this.built()) {
      // an expression from outside (a link, a related list): show it as text
      this._text = this.expression || '';
      if (this._text) { this._raw = true; this._rows = []; }
    }
  }

  field(apiName) { return this.fields.find(f => f.apiName === apiName); }

  built() {
    const parts = this._rows.map(r => conditionText(this.field(r.field), r.op, r.value)).filter(Boolean);
    if (parts.length <= 1) return parts[0] || '';
    return parts.map(p => (this._combinator === 'or' ? p : p)).join(` ${this._combinator} `);
  }

  addRow() {
    const f = this.fields.find(x => operatorsFor(x).includes('eq')) || this.fields[0];
    this._rows = [...this._rows, { field: f.apiName, op: operatorsFor(f)[0], value: null }];
  }

  setRow(i, patch) {
    this._rows = this._rows.map((r, j) => {
      if (j !== i) return r;
      const next = { ...r, ...patch };
      if (patch.field) { next.op = operatorsFor(this.field(patch.field))[0]; next.value = null; }
      if (patch.op === 'in' || r.op === 'in') { if (patch.op !== undefined && patch.op !== r.op) next.value = null; }
      return next;
    });
  }

  apply() {
    const expr = this._raw ? this._text.trim() : this.built();
    this.dispatchEvent(new CustomEvent('filter-change', { detail: { filter: expr } }));
  }

  clear() {
    this._rows = [];
    this._text = '';
    this.dispatchEvent(new CustomEvent('filter-change', { detail: { filter: '' } }));
  }

  toggleRaw() {
    if (!this._raw) this._text = this.built() || this._text;
    this._raw = !this._raw;
  }

  valueInput(row, i) {
    const f = this.field(row.field);
    if (!f || row.op === 'empty' || row.op === 'notempty') return html`<div class="placeholder"></div>`;
    const asList = row.op === 'in' || row.op === 'sw';
    const vf = asList
      ? { apiName: `value${i}`, label: row.op === 'in' ? 'Values (comma-separated)' : 'Value', type: 'TEXT' }
      : { ...f, apiName: f.apiName, label: 'Value', required: false, maxLength: null, type: f.type === 'MONEY' ? 'DECIMAL' : f.type };
    return html`<rp-field-input data-testid="filter-value-${i}" .field=${vf} .value=${row.value}
      @value-change=${e => { e.stopPropagation(); this.setRow(i, { value: e.detail.value }); }}></rp-field-input>`;
  }

  render() {
    return html`<form @submit=${e => { e.preventDefault(); this.apply(); }} aria-label="Filter">
      ${this._raw ? html`<sl-textarea data-testid="filter-raw" label="Filter expression" rows="2" resize="auto"
          help-text="For example: lastName sw 'Sm' and (country eq 'DE' or country in ('AT','CH')) and email notempty"
          .value=${live(this._text)} @sl-input=${e => { this._text = e.target.value; }}
          @keydown=${e => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) this.apply(); }}></sl-textarea>`
        : html`
        ${this._rows.length > 1 ? html`<sl-radio-group data-testid="filter-combinator" label="Match" size="small" value=${this._combinator}
            @sl-change=${e => { this._combinator = e.target.value; }}>
            <sl-radio-button value="and">all conditions (and)</sl-radio-button>
            <sl-radio-button value="or">any condition (or)</sl-radio-button>
          </sl-radio-group><br>` : nothing}
        ${this._rows.map((r, i) => html`<div class="row">
          <sl-select data-testid="filter-field-${i}" label="Field" hoist .value=${live(r.field)} @sl-change=${e => this.setRow(i, { field: e.target.value })}>
            ${this.fields.map(f => html`<sl-option value=${f.apiName}>${f.label}</sl-option>`)}
          </sl-select>
          <sl-select data-testid="filter-op-${i}" label="Operator" hoist .value=${live(r.op)} @sl-change=${e => this.setRow(i, { op: e.target.value })}>
            ${operatorsFor(this.field(r.field)).map(o => html`<sl-option value=${o}>${OPS[o]}</sl-option>`)}
          </sl-select>
          ${this.valueInput(r, i)}
          <sl-icon-button name="x-lg" label="Remove condition" @click=${() => { this._rows = this._rows.filter((_, j) => j !== i); }}></sl-icon-button>
        </div>`)}
        ${this._rows.length === 0 ? html`<p class="muted">No conditions: all records are shown.</p>` : nothing}`}
      <div class="actions">
        ${this._raw ? nothing : html`<sl-button size="small" data-testid="filter-add" @click=${this.addRow}>
          <sl-icon slot="prefix" name="plus-lg"></sl-icon>Add condition</sl-button>`}
        <sl-button size="small" variant="primary" type="submit" data-testid="filter-apply">Apply filter</sl-button>
        <sl-button size="small" data-testid="filter-clear" @click=${this.clear}>Clear</sl-button>
        <sl-button size="small" variant="text" data-testid="filter-raw-toggle" @click=${this.toggleRaw}>
          ${this._raw ? 'Use the builder' : 'Edit as text'}</sl-button>
      </div>
    </form>`;
  }
}
customElements.define('rp-filter-builder', FilterBuilder);
