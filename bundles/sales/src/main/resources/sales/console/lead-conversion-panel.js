// On a lead's page: converting the lead (POST /api/v1/leads/{id}/convert) into an account, a contact and, if wanted,
// an opportunity, then opening what was created; or, once converted, links to those records.
import { LitElement, html, css, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { openRecord, problemText, recordHref, toast } from '/app/sdk/v1.js';
import { Lookups, addDays, baseStyles, isoDate } from './sales-common.js';

const CONVERTED = 'Converted';

class LeadConversionPanel extends LitElement {
  static properties = {
    api: { attribute: false },
    recordType: { attribute: false },
    recordId: { attribute: false },
    _lead: { state: true },
    _names: { state: true },
    _error: { state: true },
    _form: { state: true },
    _errors: { state: true },
    _busy: { state: true },
  };

  static styles = [baseStyles, css`
    dl { display: grid; grid-template-columns: auto minmax(0, 1fr); gap: .35rem .75rem; margin: 0 0 .5rem; }
    dt { color: var(--sl-color-neutral-600); font-size: var(--sl-font-size-small); }
    dd { margin: 0; overflow-wrap: anywhere; }
    p { margin: 0 0 .75rem; }
    .fields { display: grid; gap: 1rem; }
    .hint { font-size: var(--sl-font-size-small); }
  `];

  constructor() {
    super();
    this._names = new Map();
    this._errors = {};
  }

  updated(changed) {
    if ((changed.has('recordId') || changed.has('api')) && this.api && this.recordId) this.load();
  }

  async load() {
    try {
      const lead = await this.api.get(`leads/${encodeURIComponent(this.recordId)}`);
      this._lead = lead;
      this._error = null;
      const lookups = new Lookups(this.api);
      const [accounts, contacts, opportunities] = await Promise.all([
        lookups.recordNames('accounts', 'name', [lead.convertedAccount]),
        lookups.recordNames('contacts', 'lastName', [lead.convertedContact, lead.matchedContact]),
        lookups.recordNames('opportunities', 'name', [lead.convertedOpportunity]),
      ]);
      this._names = new Map([...accounts, ...contacts, ...opportunities]);
    } catch (e) {
      this._error = problemText(e);
    }
  }

  get converted() { return this._lead?.status === CONVERTED; }

  get dialog() { return this.renderRoot.querySelector('sl-dialog'); }

  open() {
    const l = this._lead;
    const who = l.company || [l.firstName, l.lastName].filter(Boolean).join(' ');
    this._form = { createOpportunity: true, opportunityName: who ? `${who} – new business` : '', closeDate: isoDate(addDays(new Date(), 30)) };
    this._errors = {};
    this.updateComplete.then(() => this.dialog.show());
  }

  set(field, value) {
    this._form = { ...this._form, [field]: value };
    if (this._errors[field]) this._errors = { ...this._errors, [field]: undefined };
  }

  async convert(e) {
    e?.preventDefault();
    const f = this._form;
    const body = f.createOpportunity
      ? { createOpportunity: true, opportunityName: f.opportunityName.trim(), closeDate: f.closeDate }
      : { createOpportunity: false };
    this._busy = true;
    try {
      const result = await this.api.post(`leads/${encodeURIComponent(this.recordId)}/convert`, body);
      await this.dialog.hide();
      toast('Lead converted.', 'success');
      if (result?.opportunity?.id) openRecord('opportunities', result.opportunity.id);
      else if (result?.contact?.id) openRecord('contacts', result.contact.id);
      else this.load();
    } catch (err) {
      const errors = {};
      for (const x of err.errors || []) {
        // the dialog's own fields get their message beside them; anything else (the lead's fields) goes on top
        const own = ['opportunityName', 'closeDate'].includes(x.field);
        const key = own ? x.field : '_';
        const message = own || !x.field ? x.message : `${x.field}: ${x.message}`;
        errors[key] = errors[key] ? `${errors[key]} ${message}` : message;
      }
      if (!Object.keys(errors).length || err.status === 409) errors._ = problemText(err);
      this._errors = errors;
      if (err.status === 409) this.load();
    } finally {
      this._busy = false;
    }
  }

  link(plural, id) {
    if (!id) return html`<span class="muted">—</span>`;
    return html`<a href=${recordHref(plural, id)} data-testid="converted-${plural}">${this._names.get(id) || 'Open'}</a>`;
  }

  renderConverted(l) {
    return html`<p>Converted${l.convertedAt ? html` on ${new Date(l.convertedAt).toLocaleDateString()}` : nothing}.</p>
      <dl data-testid="lead-converted">
        <dt>Account</dt><dd>${this.link('accounts', l.convertedAccount)}</dd>
        <dt>Contact</dt><dd>${this.link('contacts', l.convertedContact)}</dd>
        <dt>Opportunity</dt><dd>${this.link('opportunities', l.convertedOpportunity)}</dd>
      </dl>`;
  }

  renderOpen(l) {
    return html`<p>Status: <strong data-testid="lead-status">${l.status || '—'}</strong>. Converting creates an account${l.company ? ` for ${l.company}` : ''},
        a contact and, if you like, an opportunity.</p>
      ${l.matchedContact ? html`<p class="hint">Possibly the same person as ${this.link('contacts', l.matchedContact)}.</p>` : nothing}
      <sl-button variant="primary" data-testid="lead-convert" @click=${() => this.open()}>Convert…</sl-button>`;
  }

  renderDialog() {
    const f = this._form;
    return html`<sl-dialog label="Convert lead" data-testid="convert-dialog" @sl-after-hide=${e => { if (e.target === e.currentTarget) this._form = null; }}>
      ${f ? html`<form @submit=${this.convert} novalidate>
        <div class="fields">
          <sl-switch data-testid="convert-create-opportunity" .checked=${live(f.createOpportunity)}
            @sl-change=${e => this.set('createOpportunity', e.target.checked)}>Create an opportunity</sl-switch>
          ${f.createOpportunity ? html`
            <div><sl-input label="Opportunity name" required data-testid="convert-opportunity-name" maxlength="200" .value=${live(f.opportunityName)}
              @sl-input=${e => this.set('opportunityName', e.target.value)}></sl-input>
              ${this._errors.opportunityName ? html`<div class="error" role="alert">${this._errors.opportunityName}</div>` : nothing}</div>
            <div><sl-input label="Close date" type="date" required data-testid="convert-close-date" .value=${live(f.closeDate)}
              @sl-input=${e => this.set('closeDate', e.target.value)}></sl-input>
              ${this._errors.closeDate ? html`<div class="error" role="alert">${this._errors.closeDate}</div>` : nothing}</div>` : nothing}
          ${this._errors._ ? html`<p class="error" role="alert" data-testid="convert-error">${this._errors._}</p>` : nothing}
        </div>
      </form>` : nothing}
      <sl-button slot="footer" @click=${() => this.dialog.hide()}>Cancel</sl-button>
      <sl-button slot="footer" variant="primary" data-testid="convert-submit" ?loading=${this._busy}
        @click=${() => this.renderRoot.querySelector('form')?.requestSubmit()}>Convert</sl-button>
    </sl-dialog>`;
  }

  render() {
    if (this._error) return html`<p class="error" role="alert">${this._error}</p>`;
    const l = this._lead;
    if (!l) return html`<sl-spinner aria-label="Loading"></sl-spinner>`;
    return html`${this.converted ? this.renderConverted(l) : this.renderOpen(l)}${this.renderDialog()}`;
  }
}

if (!customElements.get('rp-sales-lead-conversion-v1')) customElements.define('rp-sales-lead-conversion-v1', LeadConversionPanel);
