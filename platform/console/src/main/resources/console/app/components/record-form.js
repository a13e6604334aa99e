// A record's form generated from metadata: one rp-field-input per field (and the owner). Keeps a draft and tells
// which fields changed, so a save sends only those.
import { LitElement, html, nothing } from 'lit';
import { shared } from '../styles.js';
import { SYSTEM_FIELDS } from '../metadata.js';
import './field-input.js';

const OWNER = SYSTEM_FIELDS.find(f => f.apiName === 'owner');

function same(a, b) {
  if (a === b) return true;
  if ((a === null || a === undefined || a === '') && (b === null || b === undefined || b === '')) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Default values of a new record of `type`, overlaid with `prefill` (field -> value). */
export function newDraft(type, prefill = {}) {
  const draft = {};
  for (const f of type.fields) {
    if (f.defaultValue !== null && f.defaultValue !== undefined && f.defaultValue !== '') {
      draft[f.apiName] = f.type === 'MULTI_PICKLIST' && !Array.isArray(f.defaultValue) ? [f.defaultValue] : f.defaultValue;
    }
  }
  for (const [k, v] of Object.entries(prefill)) {
    const f = type.fields.find(x => x.apiName === k) || (k === 'owner' ? OWNER : null);
    if (f) draft[k] = f.type === 'MULTI_PICKLIST' ? String(v).split(',') : (f.type === 'BOOLEAN' ? v === 'true' : v);
  }
  return draft;
}

class RecordForm extends LitElement {
  static properties = {
    type: { attribute: false },
    record: { attribute: false },
    errors: { attribute: false },
    disabled: { type: Boolean },
    _draft: { state: true },
  };
  static styles = shared;

  constructor() {
    super();
    this.errors = {};
    this._draft = {};
  }

  willUpdate(changed) {
    if (changed.has('record')) this._draft = { ...(this.record || {}) };
  }

  /** The fields whose value differs from the record given (all set fields for a new record). */
  changes() {
    const out = {};
    const base = this.record || {};
    for (const f of this.fields()) {
      const k = f.apiName;
      if (!same(this._draft[k], base[k])) out[k] = this._draft[k] === undefined ? null : this._draft[k];
    }
    return out;
  }

  /** The values to create a record from: only those that are set. */
  values() {
    const out = {};
    for (const f of this.fields()) {
      const v = this._draft[f.apiName];
      if (v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && !v.length)) out[f.apiName] = v;
    }
    return out;
  }

  get dirty() { return Object.keys(this.changes()).length > 0; }

  reset() { this._draft = { ...(this.record || {}) }; this.errors = {}; }

  fields() { return this.type ? [...this.type.fields, OWNER] : []; }

  /** Focus the first field that has an error. */
  focusFirstError() {
    const first = this.fields().find(f => this.errors?.[f.apiName]);
    if (first) this.renderRoot.querySelector(`[data-testid="field-${first.apiName}"]`)?.focus();
  }

  onChange(e) {
    const { field, value } = e.detail;
    this._draft = { ...this._draft, [field]: value };
    if (this.errors?.[field]) this.errors = { ...this.errors, [field]: undefined };
    this.dispatchEvent(new CustomEvent('form-change', { detail: { dirty: this.dirty } }));
  }

  render() {
    if (!this.type) return nothing;
    return html`<div class="form-grid" @value-change=${this.onChange}>
      ${this.fields().map(f => html`<rp-field-input class=${f.type === 'LONG_TEXT' ? 'wide' : ''} data-testid="field-${f.apiName}"
        .field=${f} .value=${this._draft[f.apiName]} .error=${this.errors?.[f.apiName]} ?disabled=${this.disabled}></rp-field-input>`)}
    </div>`;
  }
}
customElements.define('rp-record-form', RecordForm);
