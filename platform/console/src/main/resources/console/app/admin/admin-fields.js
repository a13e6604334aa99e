// Custom fields: pick a type, see its fields, add a field with the inputs its field type needs. After adding,
// the metadata is reloaded so the field shows at once in lists, filters and forms. A custom field can be made
// searchable or indexed: the platform builds its index in the background, so the page shows "building…" and reloads
// the metadata until it is ready.
import { LitElement, html, css, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { shared } from '../styles.js';
import { api } from '../api.js';
import { metadata, loadMetadata, CHANGED_EVENT } from '../metadata.js';
import { navigate } from '../router.js';
import { toast, toastError } from '../toast.js';
import '../components/field-input.js';

const TYPES = [
  ['TEXT', 'Text'], ['LONG_TEXT', 'Long text'], ['EMAIL', 'Email'], ['PHONE', 'Phone'], ['URL', 'URL'], ['INTEGER', 'Whole number'],
  ['DECIMAL', 'Decimal number'], ['MONEY', 'Money'], ['PERCENT', 'Percent'], ['DATE', 'Date'], ['DATE_TIME', 'Date and time'],
  ['BOOLEAN', 'Yes/No'], ['PICKLIST', 'Picklist'], ['MULTI_PICKLIST', 'Multi-select picklist'], ['REFERENCE', 'Reference to a record'],
];
const WITH_LENGTH = ['TEXT', 'LONG_TEXT', 'EMAIL', 'PHONE', 'URL'];
const WITH_SCALE = ['DECIMAL', 'MONEY', 'PERCENT'];
const WITH_VALUES = ['PICKLIST', 'MULTI_PICKLIST'];
// What deleting the referenced record does to the records holding a reference.
const DELETE_RULES = [['SET_NULL', 'Clear the reference'], ['RESTRICT', 'Refuse the delete'], ['CASCADE', 'Delete these records too']];
const SEARCHABLE_TYPES = ['TEXT', 'LONG_TEXT', 'EMAIL', 'PHONE', 'URL', 'PICKLIST'];
const UNINDEXABLE_TYPES = ['LONG_TEXT', 'MULTI_PICKLIST'];
const STATE_TEXT = { BUILDING: 'building…', READY: 'ready', FAILED: 'failed: switch off and on to try again' };
const BUILD_POLL_MS = 2000;

/** "Favourite colour" -> "favouriteColour" */
export function apiNameOf(label) {
  const words = label.normalize('NFKD').replace(/[^\w\s]/g, ' ').replace(/_/g, ' ').trim().split(/\s+/).filter(Boolean);
  const name = words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0].toUpperCase() + w.slice(1).toLowerCase())).join('');
  return /^\d/.test(name) ? `f${name}` : name;
}

function emptyDraft() {
  return { label: '', apiName: '', apiNameEdited: false, type: 'TEXT', maxLength: '', scale: '', values: '', referenceTo: '', onDelete: '', required: false, unique: false, defaultValue: null };
}

class AdminFields extends LitElement {
  static properties = { typeName: {}, _draft: { state: true }, _errors: { state: true }, _busy: { state: true } };
  static styles = [shared, css`
    .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: 1rem; }
    .switches { display: flex; gap: 1.5rem; flex-wrap: wrap; align-items: center; }
    .type-select { max-width: 20rem; margin-bottom: 1rem; }
    code { font-size: var(--sl-font-size-small); }
  `];

  constructor() {
    super();
    this._draft = emptyDraft();
    this._errors = {};
    this._onMetadata = () => this.requestUpdate();
  }

  connectedCallback() { super.connectedCallback(); window.addEventListener(CHANGED_EVENT, this._onMetadata); }
  disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener(CHANGED_EVENT, this._onMetadata);
    clearTimeout(this._poll);
  }

  updated() {
    // While an index is being built, read the metadata again now and then to show when it is ready.
    const building = this.type.fields.some(f => f.searchState === 'BUILDING' || f.indexState === 'BUILDING');
    if (building && !this._poll) {
      this._poll = setTimeout(async () => {
        this._poll = null;
        try { await loadMetadata(true); } catch (err) { toastError(err); }
        this.requestUpdate();
      }, BUILD_POLL_MS);
    }
  }

  async toggle(field, property, on) {
    try {
      await api.patch(`metadata/${encodeURIComponent(this.type.apiName)}/fields/${encodeURIComponent(field.apiName)}`, { [property]: on });
      await loadMetadata(true);
    } catch (err) {
      toastError(err);
    }
    this.requestUpdate();
  }

  /** A standard field's setting as its type declares it; a custom field's switch with where its build stands. */
  switchCell(f, property, state, allowed) {
    if (!f.custom) return html`${f[property] ? 'Yes' : ''}`;
    if (!allowed) return nothing;
    const on = state === 'BUILDING' || state === 'READY';
    return html`<sl-switch size="small" data-testid="cf-${property}-${f.apiName}" .checked=${live(on)}
        @sl-change=${e => this.toggle(f, property, e.target.checked)}>${STATE_TEXT[state] || ''}</sl-switch>`;
  }

  get type() { return metadata().type(this.typeName) || metadata().types[0]; }

  set(patch) {
    const d = { ...this._draft, ...patch };
    if ('label' in patch && !d.apiNameEdited) d.apiName = apiNameOf(patch.label);
    if ('type' in patch) d.defaultValue = null;
    this._draft = d;
    for (const k of Object.keys(patch)) if (this._errors[k]) this._errors = { ...this._errors, [k]: undefined };
  }

  picklistValues() { return this._draft.values.split('\n').map(s => s.trim()).filter(Boolean); }

  body() {
    const d = this._draft;
    const num = v => (v === '' || v === null ? null : Number(v));
    return {
      apiName: d.apiName.trim(), label: d.label.trim(), type: d.type, required: d.required, unique: d.unique,
      maxLength: WITH_LENGTH.includes(d.type) ? num(d.maxLength) : null,
      scale: WITH_SCALE.includes(d.type) ? num(d.scale) : null,
      defaultValue: d.defaultValue ?? null,
      picklistValues: WITH_VALUES.includes(d.type) ? this.picklistValues() : null,
      referenceTo: d.type === 'REFERENCE' ? d.referenceTo || null : null,
      onDelete: d.type === 'REFERENCE' ? d.onDelete || null : null,
    };
  }

  async submit(e) {
    e.preventDefault();
    const type = this.type;
    this._busy = true;
    this._errors = {};
    try {
      const field = await api.post(`metadata/${encodeURIComponent(type.apiName)}/fields`, this.body());
      await loadMetadata(true);
      toast(`Field “${field?.label || this._draft.label}” added to ${type.pluralLabel}.`, 'success');
      this._draft = emptyDraft();
    } catch (err) {
      const fe = err.fieldErrors?.() || {};
      // the problem names the property of the request body; show it next to that input
      if (fe.picklistValues) fe.values = fe.picklistValues;
      this._errors = fe;
      if (!Object.keys(fe).length) toastError(err);
    } finally {
      this._busy = false;
    }
  }

  /** Changes what deleting the referenced record does to a custom reference field's records. */
  async changeDeleteRule(type, field, onDelete) {
    try {
      await api.patch(`metadata/${encodeURIComponent(type.apiName)}/fields/${encodeURIComponent(field.apiName)}`, { onDelete });
      await loadMetadata(true);
      toast(`Deleting a ${this.typeLabel(field.referenceTo)} now: ${DELETE_RULES.find(r => r[0] === onDelete)[1].toLowerCase()} (${field.label}).`, 'success');
    } catch (err) {
      toastError(err);
      this.requestUpdate();
    }
  }

  typeLabel(apiName) { return (metadata().type(apiName)?.label || apiName).toLowerCase(); }

  deleteRuleCell(type, f) {
    if (f.type !== 'REFERENCE') return '';
    if (!f.custom) return (DELETE_RULES.find(r => r[0] === f.onDelete) || [, f.onDelete])[1];
    return html`<sl-select size="small" hoist data-testid="cf-onDelete-${f.apiName}" .value=${live(f.onDelete)}
      @sl-change=${e => this.changeDeleteRule(type, f, e.target.value)}>
      ${DELETE_RULES.filter(([v]) => v !== 'SET_NULL' || !f.required).map(([v, l]) => html`<sl-option value=${v}>${l}</sl-option>`)}</sl-select>`;
  }

  err(name) { return this._errors[name] ? html`<div class="error-text" role="alert" data-testid="cf-error-${name}">${this._errors[name]}</div>` : nothing; }

  render() {
    const md = metadata();
    const type = this.type;
    const d = this._draft;
    const defaultField = { apiName: 'defaultValue', label: 'Default value', type: d.type, picklistValues: this.picklistValues(), referenceTo: d.referenceTo, scale: d.scale === '' ? null : Number(d.scale) };
    return html`
      <sl-select class="type-select" label="Record type" data-testid="cf-type" .value=${live(type.apiName)} hoist
        @sl-change=${e => navigate('admin', 'fields', e.target.value)}>
        ${md.types.map(t => html`<sl-option value=${t.apiName}>${t.label}</sl-option>`)}
      </sl-select>
      <section class="card"><h2>Fields of ${type.pluralLabel}</h2>
        <div class="table-wrap"><table data-testid="cf-table"><thead><tr><th>Label</th><th>API name</th><th>Type</th><th>Required</th><th>Unique</th><th>Custom</th><th>Searchable</th><th>Indexed</th><th>When the referenced record is deleted</th></tr></thead>
        <tbody>${type.fields.map(f => html`<tr data-testid="cf-row-${f.apiName}"><td>${f.label}</td><td><code>${f.apiName}</code></td>
          <td>${(TYPES.find(t => t[0] === f.type) || [f.type, f.type])[1]}${f.referenceTo ? ` → ${md.type(f.referenceTo)?.label || f.referenceTo}` : ''}</td>
          <td>${f.required ? 'Yes' : ''}</td><td>${f.unique ? 'Yes' : ''}</td><td>${f.custom ? 'Yes' : ''}</td>
          <td data-testid="cf-search-state-${f.apiName}">${this.switchCell(f, 'searchable', f.searchState, SEARCHABLE_TYPES.includes(f.type))}</td>
          <td data-testid="cf-index-state-${f.apiName}">${this.switchCell(f, 'indexed', f.indexState, !UNINDEXABLE_TYPES.includes(f.type))}</td>
          <td>${this.deleteRuleCell(type, f)}</td></tr>`)}</tbody></table></div>
      </section>
      <form class="card" @submit=${this.submit} novalidate aria-label="Add a field">
        <h2>Add a field to ${type.pluralLabel}</h2>
        <div class="grid">
          <div><sl-input label="Label" required data-testid="cf-label" .value=${live(d.label)} @sl-input=${e => this.set({ label: e.target.value })}></sl-input>${this.err('label')}</div>
          <div><sl-input label="API name" required data-testid="cf-apiName" .value=${live(d.apiName)} help-text="Letters and digits, starting with a letter"
            @sl-input=${e => this.set({ apiName: e.target.value, apiNameEdited: true })}></sl-input>${this.err('apiName')}</div>
          <div><sl-select label="Field type" data-testid="cf-fieldType" .value=${live(d.type)} hoist @sl-change=${e => this.set({ type: e.target.value })}>
            ${TYPES.map(([v, l]) => html`<sl-option value=${v}>${l}</sl-option>`)}</sl-select>${this.err('type')}</div>
          ${WITH_LENGTH.includes(d.type) ? html`<div><sl-input type="number" min="1" label="Maximum length" data-testid="cf-maxLength" .value=${live(d.maxLength)}
            @sl-input=${e => this.set({ maxLength: e.target.value })}></sl-input>${this.err('maxLength')}</div>` : nothing}
          ${WITH_SCALE.includes(d.type) ? html`<div><sl-input type="number" min="0" max="10" label="Decimal places" data-testid="cf-scale" .value=${live(d.scale)}
            @sl-input=${e => this.set({ scale: e.target.value })}></sl-input>${this.err('scale')}</div>` : nothing}
          ${d.type === 'REFERENCE' ? html`<div><sl-select label="Refers to" required data-testid="cf-referenceTo" .value=${live(d.referenceTo)} hoist
            @sl-change=${e => this.set({ referenceTo: e.target.value })}>${md.types.map(t => html`<sl-option value=${t.apiName}>${t.label}</sl-option>`)}</sl-select>
            ${this.err('referenceTo')}</div>
            <div><sl-select label="When the referenced record is deleted" data-testid="cf-onDelete" .value=${live(d.onDelete)} hoist
              help-text=${d.required ? 'Refuse the delete unless you choose otherwise' : 'Clear the reference unless you choose otherwise'}
              @sl-change=${e => this.set({ onDelete: e.target.value })}>
              ${DELETE_RULES.filter(([v]) => v !== 'SET_NULL' || !d.required).map(([v, l]) => html`<sl-option value=${v}>${l}</sl-option>`)}</sl-select>
            ${this.err('onDelete')}</div>` : nothing}
          ${WITH_VALUES.includes(d.type) ? html`<div><sl-textarea label="Values (one per line)" required rows="4" data-testid="cf-values" .value=${live(d.values)}
            @sl-input=${e => this.set({ values: e.target.value })}></sl-textarea>${this.err('values')}</div>` : nothing}
          ${d.type === 'REFERENCE' && !d.referenceTo ? nothing : html`<div><rp-field-input data-testid="cf-default" .field=${defaultField} .value=${d.defaultValue}
            @value-change=${e => { e.stopPropagation(); this.set({ defaultValue: e.detail.value }); }}></rp-field-input>${this.err('defaultValue')}</div>`}
        </div>
        <div class="switches" style="margin-top:1rem">
          <sl-switch data-testid="cf-required" .checked=${live(d.required)} @sl-change=${e => this.set({ required: e.target.checked })}>Required</sl-switch>
          <sl-switch data-testid="cf-unique" .checked=${live(d.unique)} @sl-change=${e => this.set({ unique: e.target.checked })}>Unique</sl-switch>
        </div>
        ${this.err('required')}${this.err('unique')}
        <div class="actions"><sl-button type="submit" variant="primary" ?loading=${this._busy} data-testid="cf-submit">
          <sl-icon slot="prefix" name="plus-lg"></sl-icon>Add field</sl-button></div>
      </form>`;
  }
}
customElements.define('rp-admin-fields', AdminFields);
