// A dialog that asks for a few fields of a record, rendered with the console's own field inputs (by metadata type).
// The pipeline board uses it for the fields a stage requires. It fires `fields-submit` {values} and `fields-cancel`;
// the host saves, then calls done() on success or sets `errors` to keep it open.
import { LitElement, html, css, nothing } from 'lit';
import { baseStyles, loadFieldInput } from './sales-common.js';

class SalesFieldsDialog extends LitElement {
  static properties = {
    label: {},
    intro: {},
    submitLabel: { attribute: 'submit-label' },
    fields: { attribute: false },
    values: { attribute: false },
    errors: { attribute: false },
    busy: { type: Boolean },
    _ready: { state: true },
  };

  static styles = [baseStyles, css`
    .fields { display: grid; gap: 1rem; margin-top: .75rem; }
    sl-dialog::part(panel) { max-width: calc(100vw - 1rem); }
  `];

  constructor() {
    super();
    this.fields = [];
    this.values = {};
    this.errors = {};
    this._closing = false;
    loadFieldInput().then(() => { this._ready = true; }).catch(e => { this._loadError = e.message; this._ready = true; });
  }

  get dialog() { return this.renderRoot.querySelector('sl-dialog'); }

  async show() {
    this._closing = false;
    await this.updateComplete;
    await this.dialog.show();
    this.renderRoot.querySelector('rp-field-input')?.focus();
  }

  /** Closes the dialog after a successful save (no cancel event). */
  done() {
    this._closing = true;
    return this.dialog?.hide();
  }

  cancel() {
    if (this._closing) return;
    this._closing = true;
    this.dialog?.hide();
    this.dispatchEvent(new CustomEvent('fields-cancel', { bubbles: true, composed: true }));
  }

  onValue(e) {
    e.stopPropagation();
    const { field, value } = e.detail;
    this.values = { ...this.values, [field]: value };
    if (this.errors?.[field]) this.errors = { ...this.errors, [field]: undefined };
  }

  submit(e) {
    e.preventDefault();
    this.dispatchEvent(new CustomEvent('fields-submit', { detail: { values: { ...this.values } }, bubbles: true, composed: true }));
  }

  render() {
    return html`<sl-dialog label=${this.label || 'More details needed'} data-testid="fields-dialog"
        @sl-request-close=${e => { if (e.target === e.currentTarget) { e.preventDefault(); this.cancel(); } }}>
      <form id="fields-form" @submit=${this.submit} novalidate>
        ${this.intro ? html`<p>${this.intro}</p>` : nothing}
        ${this._loadError ? html`<p class="error" role="alert">The fields cannot be shown: ${this._loadError}</p>` : nothing}
        <div class="fields" @value-change=${this.onValue}>
          ${this._ready ? this.fields.map(f => html`<rp-field-input data-testid="ask-${f.apiName}" .field=${{ ...f, required: true }}
            .value=${this.values?.[f.apiName]} .error=${this.errors?.[f.apiName]} ?disabled=${this.busy}></rp-field-input>`)
            : html`<sl-spinner></sl-spinner>`}
        </div>
        ${this.errors?._ ? html`<p class="error" role="alert">${this.errors._}</p>` : nothing}
      </form>
      <sl-button slot="footer" data-testid="fields-cancel" @click=${() => this.cancel()}>Cancel</sl-button>
      <sl-button slot="footer" variant="primary" data-testid="fields-submit" ?loading=${this.busy}
        @click=${() => this.renderRoot.querySelector('form').requestSubmit()}>${this.submitLabel || 'Save'}</sl-button>
    </sl-dialog>`;
  }
}

if (!customElements.get('rp-sales-fields-dialog-v1')) customElements.define('rp-sales-fields-dialog-v1', SalesFieldsDialog);
