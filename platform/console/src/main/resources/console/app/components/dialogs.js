// Dialogs for pages and capability modules: a confirmation and a form of record fields (rendered with the console's
// own field inputs). Both are elements one can place in a template, and functions that open one and resolve with the
// answer. Part of the console SDK (/app/sdk/v1.js).
import { LitElement, html, css, nothing } from 'lit';
import { Problem, problemText } from '../api.js';
import './field-input.js';

/**
 * <rp-form-dialog>: asks for a few fields. Properties: label, intro, submitLabel (attribute submit-label), fields
 * (field definitions from the metadata), values, errors ({apiName: message, _: a message for the whole form}), busy.
 * Fires `form-submit` {values} and `form-cancel`; the host saves, then calls done() on success, or sets `errors` to
 * keep it open.
 */
class FormDialog extends LitElement {
  static properties = {
    label: {},
    intro: {},
    submitLabel: { attribute: 'submit-label' },
    fields: { attribute: false },
    values: { attribute: false },
    errors: { attribute: false },
    busy: { type: Boolean },
  };

  static styles = css`
    :host { display: contents; }
    .fields { display: grid; gap: 1rem; margin-top: .75rem; }
    .error { color: var(--sl-color-danger-700); }
    sl-dialog::part(panel) { max-width: calc(100vw - 1rem); }
  `;

  constructor() {
    super();
    this.fields = [];
    this.values = {};
    this.errors = {};
    this._closing = false;
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
    this.dispatchEvent(new CustomEvent('form-cancel', { bubbles: true, composed: true }));
  }

  onValue(e) {
    e.stopPropagation();
    const { field, value } = e.detail;
    this.values = { ...this.values, [field]: value };
    if (this.errors?.[field]) this.errors = { ...this.errors, [field]: undefined };
  }

  submit(e) {
    e.preventDefault();
    this.dispatchEvent(new CustomEvent('form-submit', { detail: { values: { ...this.values } }, bubbles: true, composed: true }));
  }

  render() {
    return html`<sl-dialog label=${this.label || 'More details needed'} data-testid="form-dialog"
        @sl-request-close=${e => { if (e.target === e.currentTarget) { e.preventDefault(); this.cancel(); } }}>
      <form @submit=${this.submit} novalidate>
        ${this.intro ? html`<p>${this.intro}</p>` : nothing}
        <div class="fields" @value-change=${this.onValue}>
          ${(this.fields || []).map(f => html`<rp-field-input data-testid="form-field-${f.apiName}" .field=${f}
            .value=${this.values?.[f.apiName]} .error=${this.errors?.[f.apiName]} ?disabled=${this.busy}></rp-field-input>`)}
        </div>
        ${this.errors?._ ? html`<p class="error" role="alert">${this.errors._}</p>` : nothing}
      </form>
      <sl-button slot="footer" data-testid="form-cancel" @click=${() => this.cancel()}>Cancel</sl-button>
      <sl-button slot="footer" variant="primary" data-testid="form-submit" ?loading=${this.busy}
        @click=${() => this.renderRoot.querySelector('form').requestSubmit()}>${this.submitLabel || 'Save'}</sl-button>
    </sl-dialog>`;
  }
}
customElements.define('rp-form-dialog', FormDialog);

/**
 * <rp-confirm-dialog>: a question with a confirm and a cancel button. Properties: label, message, confirmLabel
 * (attribute confirm-label), variant ('primary' or 'danger'). Fires `confirm-answer` {confirmed} when it closes.
 */
class ConfirmDialog extends LitElement {
  static properties = { label: {}, message: {}, confirmLabel: { attribute: 'confirm-label' }, variant: {} };
  static styles = css`:host { display: contents; } sl-dialog::part(panel) { max-width: calc(100vw - 1rem); }`;

  async show() {
    this._confirmed = false;
    await this.updateComplete;
    await this.renderRoot.querySelector('sl-dialog').show();
  }

  answer(confirmed) {
    this._confirmed = confirmed;
    this.renderRoot.querySelector('sl-dialog').hide();
  }

  render() {
    return html`<sl-dialog label=${this.label || 'Are you sure?'} data-testid="confirm-dialog"
        @sl-after-hide=${e => { if (e.target === e.currentTarget) this.dispatchEvent(new CustomEvent('confirm-answer', { detail: { confirmed: this._confirmed } })); }}>
      ${this.message || nothing}
      <sl-button slot="footer" data-testid="confirm-cancel" @click=${() => this.answer(false)}>Cancel</sl-button>
      <sl-button slot="footer" variant=${this.variant || 'primary'} data-testid="confirm-ok" @click=${() => this.answer(true)}>
        ${this.confirmLabel || 'OK'}</sl-button>
    </sl-dialog>`;
  }
}
customElements.define('rp-confirm-dialog', ConfirmDialog);

function open(tag, props) {
  const el = Object.assign(document.createElement(tag), props);
  document.body.append(el);
  return el;
}

/** Asks a question; resolves to true if confirmed, false if cancelled or dismissed. */
export function confirmDialog({ label, message, confirmLabel, variant } = {}) {
  const el = open('rp-confirm-dialog', { label, message, confirmLabel, variant });
  return new Promise(resolve => {
    el.addEventListener('confirm-answer', e => { el.remove(); resolve(e.detail.confirmed); }, { once: true });
    el.show();
  });
}

/**
 * Asks for fields and hands the values to `onSubmit` (async), which saves them: the dialog stays open, showing the
 * error next to the field it names, while `onSubmit` throws a Problem. Resolves to what `onSubmit` returned (the
 * values when there is none), or null when cancelled.
 */
export function formDialog({ label, intro, submitLabel, fields, values = {}, onSubmit } = {}) {
  const el = open('rp-form-dialog', { label, intro, submitLabel, fields, values: { ...values } });
  return new Promise(resolve => {
    const finish = result => { el.remove(); resolve(result); };
    el.addEventListener('form-cancel', () => finish(null));
    el.addEventListener('form-submit', async e => {
      el.busy = true;
      el.errors = {};
      try {
        const result = onSubmit ? await onSubmit(e.detail.values) : e.detail.values;
        await el.done();
        finish(result === undefined ? e.detail.values : result);
      } catch (err) {
        const byField = err instanceof Problem ? err.fieldErrors() : {};
        const shown = (fields || []).some(f => byField[f.apiName]);
        el.errors = { ...byField, ...(shown ? {} : { _: problemText(err) }) };
      } finally {
        el.busy = false;
      }
    });
    el.show();
  });
}
