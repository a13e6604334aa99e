// A new record of any type: the same generated form, prefilled from the route (#/contacts/new?account=<id>).
import { LitElement, html, nothing } from 'lit';
import { shared } from '../styles.js';
import { api } from '../api.js';
import { metadata, recordName } from '../metadata.js';
import { rememberName } from '../refs.js';
import { navigate, href } from '../router.js';
import { toast, toastError } from '../toast.js';
import { newDraft } from '../components/record-form.js';
import { isOnline } from '../offline/connectivity.js';
import { queueCreate } from '../offline/outbox.js';
import '../components/record-form.js';

class NewRecordPage extends LitElement {
  static properties = { plural: {}, params: { attribute: false }, _errors: { state: true }, _saving: { state: true }, _draft: { state: true } };
  static styles = shared;

  constructor() { super(); this._errors = {}; }

  get type() { return metadata()?.typeByPlural(this.plural); }

  willUpdate(changed) {
    if ((changed.has('plural') || changed.has('params')) && this.type) {
      this._draft = newDraft(this.type, Object.fromEntries(this.params || []));
      this._errors = {};
    }
  }

  async save(e) {
    e.preventDefault();
    const type = this.type;
    const form = this.renderRoot.querySelector('rp-record-form');
    if (!isOnline()) { await this.saveOffline(form.values()); return; }
    this._saving = true;
    try {
      const r = await api.post(type.pluralApiName, form.values());
      rememberName(type.apiName, r.id, recordName(type, r));
      toast(`${type.label} created.`, 'success');
      navigate(type.pluralApiName, r.id);
    } catch (err) {
      if (err.status === 0) {
        await this.saveOffline(form.values());
      } else if (err.status === 422 || err.status === 400) {
        this._errors = err.fieldErrors();
        if (!err.errors.length || err.errors.some(x => !x.field)) toastError(err);
        this.updateComplete.then(() => form.focusFirstError());
      } else if (err.status === 403) {
        toast(`Not allowed: ${err.detail || `you may not create ${type.pluralLabel.toLowerCase()}.`}`, 'danger');
      } else {
        toastError(err);
      }
    } finally {
      this._saving = false;
    }
  }

  /** Queued for the server: it shows in the list, marked as waiting, and can be opened and edited until it is sent. */
  async saveOffline(values) {
    const type = this.type;
    await queueCreate({ type: type.apiName, label: recordName(type, values), fields: values });
    toast(`${type.label} saved on this device: it is created when the server can be reached.`, 'warning');
    navigate(type.pluralApiName);
  }

  render() {
    const type = this.type;
    if (!type) return html`<p class="empty">There is no record type “${this.plural}”.</p>`;
    return html`<h1>New ${type.label.toLowerCase()}</h1>
      <form class="card" @submit=${this.save} novalidate aria-label="New ${type.label.toLowerCase()}">
        <rp-record-form .type=${type} .record=${this._draft} .errors=${this._errors}></rp-record-form>
        <div class="actions">
          <sl-button type="submit" variant="primary" ?loading=${this._saving} data-testid="create-record">Create</sl-button>
          <sl-button href=${href(type.pluralApiName)} data-testid="cancel-new">Cancel</sl-button>
        </div>
      </form>${nothing}`;
  }
}
customElements.define('rp-new-record-page', NewRecordPage);
