// The one generic field input: every form of the console (record pages, new records, admin) renders its fields
// with this element, chosen by the field's metadata type. It fires `value-change` {field, value} with the API value.
import { LitElement, html, css, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import './reference-picker.js';
import './user-picker.js';

function p2(n) { return String(n).padStart(2, '0'); }

/** ISO instant -> value of a datetime-local input (local time). */
export function toLocalInput(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())}T${p2(d.getHours())}:${p2(d.getMinutes())}`;
}

/** Value of a datetime-local input -> ISO instant. */
export function fromLocalInput(v) {
  if (!v) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? v : d.toISOString();
}

function toNumber(v) {
  if (v === '' || v === null || v === undefined) return null;
  const n = Number(v);
  return Number.isNaN(n) ? v : n;
}

function step(field) {
  if (field.type === 'INTEGER') return '1';
  if (Number.isInteger(field.scale) && field.scale >= 0) return field.scale === 0 ? '1' : String(10 ** -field.scale);
  return 'any';
}

class FieldInput extends LitElement {
  static properties = {
    field: { attribute: false },
    value: { attribute: false },
    error: {},
    disabled: { type: Boolean },
  };

  static styles = css`
    :host { display: block; min-width: 0; }
    .money { display: grid; grid-template-columns: minmax(0, 1fr) 5.5rem; gap: .5rem; align-items: end; }
    .error-text { color: var(--sl-color-danger-700); font-size: var(--sl-font-size-small); margin-top: .25rem; }
    sl-checkbox, sl-switch { margin-top: 1.75rem; }
    .label-only { font-size: var(--sl-input-label-font-size-medium); margin-bottom: var(--sl-spacing-3x-small); display: block; }
    :host([invalid]) sl-input::part(base), :host([invalid]) sl-select::part(combobox), :host([invalid]) sl-textarea::part(base) {
      border-color: var(--sl-color-danger-600);
    }
  `;

  updated(changed) {
    if (changed.has('error')) this.toggleAttribute('invalid', Boolean(this.error));
  }

  emit(value) {
    this.value = value;
    this.dispatchEvent(new CustomEvent('value-change', { detail: { field: this.field.apiName, value }, bubbles: true, composed: true }));
  }

  /** Move focus into the control (used to show the first invalid field). */
  focus() { this.renderRoot.querySelector('[data-control]')?.focus(); }

  render() {
    const f = this.field;
    if (!f) return nothing;
    return html`${this.control(f)}${this.error
      ? html`<div class="error-text" role="alert" data-testid="error-${f.apiName}">${this.error}</div>` : nothing}`;
  }

  text(f, type, extra = {}) {
    return html`<sl-input data-control data-testid="input-${f.apiName}" type=${type} label=${f.label} name=${f.apiName}
      ?required=${f.required} ?disabled=${this.disabled} maxlength=${extra.maxlength ?? f.maxLength ?? nothing}
      step=${extra.step ?? nothing} autocomplete="off"
      .value=${live(this.value === null || this.value === undefined ? '' : String(this.value))}
      @sl-input=${e => this.emit(extra.convert ? extra.convert(e.target.value) : (e.target.value === '' ? null : e.target.value))}>
      ${extra.suffix ? html`<span slot="suffix">${extra.suffix}</span>` : nothing}
    </sl-input>`;
  }

  control(f) {
    const v = this.value;
    switch (f.type) {
      case 'LONG_TEXT':
        return html`<sl-textarea data-control data-testid="input-${f.apiName}" label=${f.label} name=${f.apiName} rows="3" resize="auto"
          ?required=${f.required} ?disabled=${this.disabled} maxlength=${f.maxLength ?? nothing} .value=${live(v ?? '')}
          @sl-input=${e => this.emit(e.target.value === '' ? null : e.target.value)}></sl-textarea>`;
      case 'EMAIL': return this.text(f, 'email');
      case 'PHONE': return this.text(f, 'tel');
      case 'URL': return this.text(f, 'url');
      case 'INTEGER': case 'DECIMAL':
        return this.text(f, 'number', { step: step(f), convert: toNumber, maxlength: nothing });
      case 'PERCENT':
        return this.text(f, 'number', { step: step(f), convert: toNumber, suffix: '%', maxlength: nothing });
      case 'DATE': return this.text(f, 'date', { maxlength: nothing });
      case 'DATE_TIME':
        return html`<sl-input data-control data-testid="input-${f.apiName}" type="datetime-local" label=${f.label} name=${f.apiName}
          ?required=${f.required} ?disabled=${this.disabled} .value=${live(toLocalInput(v))}
          @sl-input=${e => this.emit(fromLocalInput(e.target.value))}></sl-input>`;
      case 'MONEY': {
        const amount = v?.amount ?? '';
        const currency = v?.currency ?? '';
        const change = (a, c) => this.emit(a === '' || a === null ? null : { amount: toNumber(a), currency: (c || 'EUR').toUpperCase() });
        return html`<div class="money" role="group" aria-label=${f.label}>
          <sl-input data-control data-testid="input-${f.apiName}-amount" type="number" step=${step(f)} label=${f.label} ?required=${f.required}
            ?disabled=${this.disabled} .value=${live(String(amount))} @sl-input=${e => change(e.target.value, currency)}></sl-input>
          <sl-input data-testid="input-${f.apiName}-currency" label="Currency" maxlength="3" placeholder="EUR" ?disabled=${this.disabled}
            .value=${live(currency)} @sl-input=${e => change(amount, e.target.value)}></sl-input>
        </div>`;
      }
      case 'BOOLEAN':
        return html`<sl-switch data-control data-testid="input-${f.apiName}" name=${f.apiName} ?disabled=${this.disabled}
          .checked=${live(v === true || v === 'true')} @sl-change=${e => this.emit(e.target.checked)}>${f.label}</sl-switch>`;
      case 'PICKLIST': case 'MULTI_PICKLIST': {
        const multiple = f.type === 'MULTI_PICKLIST';
        // Shoelace option values cannot contain spaces: options are keyed by position.
        const values = [...(f.picklistValues || [])];
        const current = multiple ? (Array.isArray(v) ? v : []) : (v === null || v === undefined || v === '' ? [] : [v]);
        for (const c of current) if (!values.includes(c)) values.push(c);
        const keys = current.map(c => `o${values.indexOf(c)}`);
        return html`<sl-select data-control data-testid="input-${f.apiName}" label=${f.label} name=${f.apiName} ?multiple=${multiple}
          max-options-visible="3" clearable hoist ?required=${f.required} ?disabled=${this.disabled}
          .value=${live(multiple ? keys : (keys[0] ?? ''))}
          @sl-change=${e => {
            const sel = e.target.value;
            const pick = k => values[Number(String(k).slice(1))];
            this.emit(multiple ? (sel || []).map(pick) : (sel ? pick(sel) : null));
          }}>
          ${values.map((val, i) => html`<sl-option value="o${i}" data-testid="option-${f.apiName}-${val}">${val}</sl-option>`)}
        </sl-select>`;
      }
      case 'REFERENCE':
        return html`<rp-reference-picker data-control data-testid="input-${f.apiName}" .referenceTo=${f.referenceTo} label=${f.label}
          ?required=${f.required} ?disabled=${this.disabled} .value=${v ?? null}
          @picker-change=${e => this.emit(e.detail.value)}></rp-reference-picker>`;
      case 'OWNER':
        return html`<rp-user-picker data-control data-testid="input-${f.apiName}" label=${f.label} ?required=${f.required}
          ?disabled=${this.disabled} .value=${v ?? null} @picker-change=${e => this.emit(e.detail.value)}></rp-user-picker>`;
      default:
        return this.text(f, 'text');
    }
  }
}
customElements.define('rp-field-input', FieldInput);
