// A record's page: header, the editable form (PATCH with If-Match, only changed fields; queued with its version when
// the server cannot be reached), delete, related lists, record panels contributed by capability bundles, the record's
// files and the timeline.
import { LitElement, html, css, nothing } from 'lit';
import { shared } from '../styles.js';
import { api, problemText } from '../api.js';
import { metadata, recordName, CHANGED_EVENT } from '../metadata.js';
import { rememberName } from '../refs.js';
import { navigate } from '../router.js';
import { toast, toastError } from '../toast.js';
import { contributions } from '../contributions.js';
import { formatDateTime } from '../format.js';
import '../components/record-form.js';
import '../components/related-lists.js';
import '../components/timeline.js';
import '../components/files-panel.js';
import '../components/contribution.js';
import '../components/ref-name.js';
import { isOnline } from '../offline/connectivity.js';
import { queueEdit, queueDelete, queuedFields, isOfflineId, SYNCED_EVENT } from '../offline/outbox.js';

class RecordPage extends LitElement {
  static properties = {
    plural: {},
    recordId: {},
    _record: { state: true },
    _errors: { state: true },
    _conflict: { state: true },
    _saving: { state: true },
    _dirty: { state: true },
    _loadError: { state: true },
    _deletion: { state: true },
    _queued: { state: true },
  };

  static styles = [shared, css`
    .layout { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); gap: 1rem; align-items: start; }
    @media (max-width: 1000px) { .layout { grid-template-columns: minmax(0, 1fr); } }
    .meta { font-size: var(--sl-font-size-small); color: var(--sl-color-neutral-600); }
    .type-label { text-transform: uppercase; letter-spacing: .05em; font-size: var(--sl-font-size-x-small); color: var(--sl-color-neutral-600); }
  `];

  constructor() {
    super();
    this._errors = {};
    this._onMetadata = () => this.requestUpdate();
    this._onSynced = e => {
      const { type, id, clientId } = e.detail;
      if (type !== this.type?.apiName) return;
      if (clientId && clientId === this._record?.id) navigate(this.type.pluralApiName, id); // created: now under its own id
      else if (id === this._record?.id) this.load();
    };
  }

  connectedCallback() {
    super.connectedCallback();
    window.addEventListener(CHANGED_EVENT, this._onMetadata);
    window.addEventListener(SYNCED_EVENT, this._onSynced);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener(CHANGED_EVENT, this._onMetadata);
    window.removeEventListener(SYNCED_EVENT, this._onSynced);
  }

  get type() { return metadata()?.typeByPlural(this.plural); }

  willUpdate(changed) { if (changed.has('recordId') || changed.has('plural')) this.load(); }

  async load() {
    const type = this.type;
    if (!type) return;
    this._record = null;
    this._loadError = null;
    this._conflict = false;
    this._errors = {};
    try {
      const r = isOfflineId(this.recordId) ? { id: this.recordId, version: 0 }
        : await api.get(`${type.pluralApiName}/${encodeURIComponent(this.recordId)}`);
      // edits made offline and not sent yet show over the record (it keeps its version: the one they were made on)
      const queued = await queuedFields(type.apiName, r.id);
      if (isOfflineId(r.id) && !Object.keys(queued).length) throw Object.assign(new Error('gone'), { status: 404 });
      this._queued = Object.keys(queued).length > 0;
      this._record = { ...r, ...queued };
      rememberName(type.apiName, r.id, recordName(type, r));
    } catch (e) {
      this._loadError = e.status === 404 ? `This ${type.label.toLowerCase()} does not exist (any more).` : e.message;
    }
  }

  get form() { return this.renderRoot.querySelector('rp-record-form'); }

  async save(e) {
    e?.preventDefault();
    const type = this.type;
    const changes = this.form.changes();
    if (!Object.keys(changes).length) { toast('Nothing to save.'); return; }
    // joins the edits waiting for this record, so they are sent together on the version they were made on
    if (!isOnline() || this._queued) { await this.saveOffline(changes); return; }
    this._saving = true;
    try {
      const r = await api.patch(`${type.pluralApiName}/${encodeURIComponent(this._record.id)}`, changes, { ifMatch: this._record.version });
      this._record = r;
      this._errors = {};
      this._dirty = false;
      rememberName(type.apiName, r.id, recordName(type, r));
      toast(`${type.label} saved.`, 'success');
    } catch (err) {
      if (err.status === 0) await this.saveOffline(changes);
      else this.handleError(err);
    } finally {
      this._saving = false;
    }
  }

  async saveOffline(changes) {
    const type = this.type;
    const r = { ...this._record, ...changes };
    await queueEdit({ type: type.apiName, id: r.id, label: recordName(type, r), baseVersion: r.version, fields: changes });
    this._record = r;
    this._queued = true;
    this._errors = {};
    this._dirty = false;
    toast(`${type.label} saved on this device: it is sent when the server can be reached.`, 'warning');
  }

  handleError(err) {
    if (err.status === 409 || err.status === 412) {
      this._conflict = true;
    } else if (err.status === 422 || err.status === 400) {
      this._errors = err.fieldErrors();
      const loose = err.errors.filter(x => !x.field || !metadata().field(this.type, x.field));
      if (!err.errors.length || loose.length) toastError(err);
      this.updateComplete.then(() => this.form?.focusFirstError());
    } else if (err.status === 403) {
      toast(`Not allowed: ${err.detail || 'you may not change this record.'}`, 'danger');
    } else {
      toastError(err);
    }
  }

  /** Opens the delete dialog and asks the server what the delete would do, so the user knows before confirming. */
  async confirmDelete() {
    const type = this.type;
    this._deletion = { loading: true };
    this.renderRoot.querySelector('sl-dialog').show();
    if (!isOnline() || this._queued) { this._deletion = { allowed: true, offline: true }; return; }
    try {
      this._deletion = await api.get(`${type.pluralApiName}/${encodeURIComponent(this._record.id)}/deletion`);
    } catch (err) {
      this._deletion = err.status === 0 ? { allowed: true, offline: true } : { refusal: problemText(err) };
    }
  }

  async deleteRecord() {
    const type = this.type;
    if (this._deletion?.offline) { await this.deleteOffline(); return; }
    try {
      await api.del(`${type.pluralApiName}/${encodeURIComponent(this._record.id)}`, { ifMatch: this._record.version });
      this.renderRoot.querySelector('sl-dialog').hide();
      toast(`${type.label} deleted.`, 'success');
      navigate(type.pluralApiName);
    } catch (err) {
      if (err.status === 0) { await this.deleteOffline(); return; }
      if (err.status === 409 || err.status === 403) {
        this._deletion = { refusal: problemText(err) }; // records came to refer to it meanwhile, or a cascade is not allowed
        return;
      }
      this.renderRoot.querySelector('sl-dialog').hide();
      this.handleError(err);
    }
  }

  async deleteOffline() {
    const type = this.type;
    const r = this._record;
    await queueDelete({ type: type.apiName, id: r.id, label: recordName(type, r), baseVersion: r.version });
    this.renderRoot.querySelector('sl-dialog').hide();
    toast(`${type.label} deleted on this device: the delete is sent when the server can be reached.`, 'warning');
    navigate(type.pluralApiName);
  }

  /** "3 contacts (Account)": how many records of a type, and by which field where it matters. */
  static countText({ type, field, count }) {
    const t = metadata().type(type);
    const label = (t && (count === 1 ? t.label : t.pluralLabel || t.label)) || type;
    const f = field && t ? metadata().field(t, field)?.label || field : field;
    return `${count} ${label.toLowerCase()}${f ? ` (${f})` : ''}`;
  }

  renderDeletion() {
    const d = this._deletion;
    if (!d || d.loading) return html`<sl-spinner aria-label="Checking what the delete would do"></sl-spinner>`;
    if (d.refusal) return html`<sl-alert variant="danger" open data-testid="delete-refused">${d.refusal}</sl-alert>`;
    if (d.offline) {
      return html`<p data-testid="delete-offline">The server cannot be reached: the delete is sent when it can, and refused then if
        others changed the record meanwhile or records refer to it.</p>`;
    }
    if (!d.allowed) {
      return html`<sl-alert variant="warning" open data-testid="delete-blocked">It cannot be deleted while other records refer to it:
        ${d.blockedBy.map(RecordPage.countText).join(', ')}. Change or delete those first.</sl-alert>`;
    }
    return html`<div data-testid="delete-effects">
      ${d.deletes.length ? html`<p>Also deletes ${d.deletes.map(RecordPage.countText).join(', ')}.</p>` : nothing}
      ${d.clears.length ? html`<p>Clears the reference to it in ${d.clears.map(RecordPage.countText).join(', ')}.</p>` : nothing}
      ${!d.deletes.length && !d.clears.length ? html`<p>No other record refers to it.</p>` : nothing}</div>`;
  }

  render() {
    const type = this.type;
    if (!type) return html`<p class="empty">There is no record type “${this.plural}”.</p>`;
    if (this._loadError) return html`<sl-alert variant="warning" open>${this._loadError}</sl-alert>`;
    const r = this._record;
    if (!r) return html`<div class="loading"><sl-spinner aria-label="Loading"></sl-spinner></div>`;
    const local = isOfflineId(r.id); // created offline: nothing of it is on the server yet
    const panels = local ? [] : contributions('RECORD_PANEL', type.apiName);
    return html`
      <div class="type-label">${type.label}</div>
      <div class="page-header">
        <h1 data-testid="record-title">${recordName(type, r)}</h1>
        <sl-button variant="danger" outline data-testid="delete-record" @click=${() => this.confirmDelete()}>
          <sl-icon slot="prefix" name="trash"></sl-icon>Delete</sl-button>
      </div>
      ${this._conflict ? html`<sl-alert variant="warning" open data-testid="conflict">
        <sl-icon slot="icon" name="exclamation-triangle"></sl-icon>
        This ${type.label.toLowerCase()} was changed by someone else. Reload it to see their changes (yours will be lost), then edit again.
        <br><sl-button size="small" @click=${() => this.load()} data-testid="conflict-reload">
          <sl-icon slot="prefix" name="arrow-clockwise"></sl-icon>Reload</sl-button></sl-alert><br>` : nothing}
      ${this._queued ? html`<sl-alert variant="warning" open data-testid="record-queued">
        <sl-icon slot="icon" name="cloud-arrow-up"></sl-icon>${local ? 'Created on this device: waiting to sync.'
          : 'Changed on this device: waiting to be sent.'}</sl-alert><br>` : nothing}
      <div class="layout">
        <div>
          <form class="card" @submit=${this.save} novalidate aria-label="${type.label} details">
            <h2>Details</h2>
            <rp-record-form .type=${type} .record=${r} .errors=${this._errors} @form-change=${e => { this._dirty = e.detail.dirty; }}></rp-record-form>
            <div class="actions">
              <sl-button type="submit" variant="primary" ?loading=${this._saving} data-testid="save-record">Save</sl-button>
              <sl-button ?disabled=${!this._dirty} @click=${() => { this.form.reset(); this._errors = {}; this._dirty = false; }}>Discard changes</sl-button>
            </div>
            ${local ? nothing : html`<p class="meta">Created ${formatDateTime(r.createdAt)} by <rp-ref-name user .recordId=${r.createdBy}></rp-ref-name>
              · modified ${formatDateTime(r.updatedAt)} by <rp-ref-name user .recordId=${r.updatedBy}></rp-ref-name> · version ${r.version}</p>`}
          </form>
          ${local ? nothing : html`<rp-related-lists .type=${type} .recordId=${r.id}></rp-related-lists>`}
        </div>
        <div>
          ${panels.map(p => html`<section class="card" data-testid="panel-${p.id}"><h2>${p.label}</h2>
            <rp-contribution .item=${p} .recordType=${type.apiName} .recordId=${r.id}></rp-contribution></section>`)}
          ${local ? nothing : html`<rp-files-panel .type=${type} .record=${r} @files-changed=${() => this.renderRoot.querySelector('rp-timeline')?.load()}></rp-files-panel>
          <rp-timeline .type=${type} .recordId=${r.id} .version=${r.version}></rp-timeline>`}
        </div>
      </div>
      <sl-dialog label="Delete ${type.label.toLowerCase()}?">
        <p>Delete “${recordName(type, r)}”? This cannot be undone here.</p>
        ${this.renderDeletion()}
        <sl-button slot="footer" @click=${() => this.renderRoot.querySelector('sl-dialog').hide()}>Cancel</sl-button>
        <sl-button slot="footer" variant="danger" data-testid="confirm-delete" @click=${this.deleteRecord}
          ?disabled=${!this._deletion?.allowed}>Delete</sl-button>
      </sl-dialog>`;
  }
}
customElements.define('rp-record-page', RecordPage);
