// The list view of any record type: saved views (the user's own and shared ones: columns, filter and sort; save,
// save as, delete), column chooser (kept per type in localStorage while no view is open), sortable headers, filter
// builder, cursor paging with page size, and a New button.
import { LitElement, html, css, nothing } from 'lit';
import { shared } from '../styles.js';
import { api, qs } from '../api.js';
import { metadata, CHANGED_EVENT } from '../metadata.js';
import { href } from '../router.js';
import { myPermissions } from '../access.js';
import { confirmDialog, formDialog } from '../components/dialogs.js';
import { toast, toastError } from '../toast.js';
import '../components/record-table.js';
import '../components/filter-builder.js';
import '../components/import-dialog.js';
import { OUTBOX_EVENT, queuedCreates, queuedDeletes } from '../offline/outbox.js';

const HIDDEN = new Set(['id', 'version']);

function columnsKey(type) { return `rapport.columns.${type.apiName}`; }

export function defaultColumns(type) {
  return type.fields.filter(f => f.apiName !== type.nameField).slice(0, 5).map(f => f.apiName);
}

class ListPage extends LitElement {
  static properties = {
    plural: {},
    params: { attribute: false },
    _items: { state: true },
    _next: { state: true },
    _loading: { state: true },
    _error: { state: true },
    _columns: { state: true },
    _sort: { state: true },
    _filter: { state: true },
    _limit: { state: true },
    _page: { state: true },
    _views: { state: true },
    _view: { state: true },
    _mayShare: { state: true },
  };

  static styles = [shared, css`
    .columns-panel { background: var(--sl-color-neutral-0); border: 1px solid var(--sl-color-neutral-300); border-radius: var(--sl-border-radius-medium);
      box-shadow: var(--sl-shadow-large); padding: .75rem 1rem; max-height: 60vh; overflow-y: auto; min-width: 14rem; }
    .columns-panel sl-checkbox { display: block; margin: .25rem 0; }
    .pager { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem; margin-top: 1rem; }
    .pager sl-select { width: 8rem; }
    .views { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem; margin-bottom: 1rem; }
    .views sl-select { min-width: 16rem; }
    .active-filter { font-family: var(--sl-font-mono); font-size: var(--sl-font-size-small); overflow-wrap: anywhere; }
    sl-details { margin-bottom: 1rem; }
    sl-details::part(base) { background: var(--sl-color-neutral-0); }
  `];

  constructor() {
    super();
    this._items = null;
    this._cursors = [null];
    this._page = 0;
    this._limit = 25;
    this._sort = '';
    this._filter = '';
    this._views = [];
    this._view = null;
    this._mayShare = false;
    this._onMetadata = () => { this._columns = this.loadColumns(); this.requestUpdate(); };
    this._onOutbox = () => this.load(); // created offline and sent: the record comes from the server now, under its id
  }

  connectedCallback() {
    super.connectedCallback();
    window.addEventListener(CHANGED_EVENT, this._onMetadata);
    window.addEventListener(OUTBOX_EVENT, this._onOutbox);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener(CHANGED_EVENT, this._onMetadata);
    window.removeEventListener(OUTBOX_EVENT, this._onOutbox);
  }

  /** The page as the server answered it, with what this device changed and has not sent yet: new records first, deleted ones gone. */
  async withQueued(items) {
    if (this._page !== 0) return items;
    const [created, deleted] = await Promise.all([queuedCreates(this.type.apiName), queuedDeletes(this.type.apiName)]);
    return [...created, ...items.filter(r => !deleted.has(r.id))];
  }

  get type() { return metadata()?.typeByPlural(this.plural); }

  willUpdate(changed) {
    if (changed.has('plural') || changed.has('params')) {
      const filter = this.params?.get('filter') || '';
      const sort = this.params?.get('sort') || '';
      if (changed.has('plural') || filter !== this._filter || (sort && sort !== this._sort)) {
        this._filter = filter;
        this._sort = sort;
        if (changed.has('plural')) this._view = null;
        this._columns = this.loadColumns();
        this.reload();
      }
      if (changed.has('plural')) this.loadViews();
    }
  }

  loadColumns() {
    const type = this.type;
    if (!type) return [];
    if (this._view?.columns?.length) return this._view.columns;
    try {
      const saved = JSON.parse(localStorage.getItem(columnsKey(type)) || 'null');
      if (Array.isArray(saved)) return saved;
    } catch { /* ignore a broken entry */ }
    return defaultColumns(type);
  }

  saveColumns(cols) {
    this._columns = cols;
    if (!this._view) localStorage.setItem(columnsKey(this.type), JSON.stringify(cols));
  }

  // --- saved views ---

  async loadViews() {
    const type = this.type;
    if (!type) return;
    try {
      const [views, perms] = await Promise.all([api.get(`listViews${qs({ recordType: type.apiName })}`), myPermissions()]);
      this._views = views.items || [];
      this._mayShare = perms.includes('manageSettings');
    } catch (e) {
      this._views = [];
    }
  }

  openView(id) {
    const view = this._views.find(v => v.id === id) || null;
    this._view = view;
    this._filter = view?.filter || '';
    this._sort = view?.sort || '';
    this._columns = this.loadColumns();
    this.reload();
  }

  current() { return { columns: this._columns, filter: this._filter || null, sort: this._sort || null }; }

  async saveView() {
    const view = this._view;
    try {
      const saved = await api.patch(`listViews/${view.id}`, this.current(), { ifMatch: view.version });
      this._views = this._views.map(v => (v.id === saved.id ? saved : v));
      this._view = saved;
      toast(`Saved the view “${saved.name}”`, 'success');
    } catch (e) {
      toastError(e, 'The view was not saved');
    }
  }

  async saveViewAs() {
    const fields = [{ apiName: 'name', label: 'Name', type: 'TEXT', required: true, maxLength: 100 }];
    if (this._mayShare) fields.push({ apiName: 'shared', label: 'Shared with everyone who can see this list', type: 'BOOLEAN' });
    const saved = await formDialog({
      label: 'Save view as', submitLabel: 'Save', fields, values: { name: '', shared: false },
      onSubmit: values => api.post('listViews', { recordType: this.type.apiName, name: values.name, shared: Boolean(values.shared),
        ...this.current() }),
    });
    if (!saved) return;
    await this.loadViews();
    this._view = this._views.find(v => v.id === saved.id) || saved;
    toast(`Saved the view “${saved.name}”`, 'success');
  }

  async deleteView() {
    const view = this._view;
    if (!await confirmDialog({ label: 'Delete view', message: `Delete the view “${view.name}”${view.shared ? ' for everyone' : ''}? `
      + 'The records stay.', confirmLabel: 'Delete', variant: 'danger' })) return;
    try {
      await api.del(`listViews/${view.id}`, { ifMatch: view.version });
      this._views = this._views.filter(v => v.id !== view.id);
      this.openView(null);
    } catch (e) {
      toastError(e, 'The view was not deleted');
    }
  }

  renderViews() {
    const mine = this._views.filter(v => !v.shared);
    const shared = this._views.filter(v => v.shared);
    const view = this._view;
    // A private view the user sees is their own; a shared one is changed with manageSettings.
    const changeable = view && (!view.shared || this._mayShare);
    return html`<div class="views">
      <sl-select size="small" label="View" placeholder="All records" clearable hoist data-testid="view-picker" .value=${view?.id || ''}
        @sl-change=${e => { if ((e.target.value || null) !== (this._view?.id || null)) this.openView(e.target.value || null); }}>
        ${mine.length ? html`<small>My views</small>${mine.map(v => html`<sl-option value=${v.id}>${v.name}</sl-option>`)}` : nothing}
        ${mine.length && shared.length ? html`<sl-divider></sl-divider>` : nothing}
        ${shared.length ? html`<small>Shared views</small>${shared.map(v => html`<sl-option value=${v.id}>${v.name}</sl-option>`)}` : nothing}
      </sl-select>
      ${changeable ? html`<sl-button size="small" @click=${this.saveView} data-testid="view-save">Save</sl-button>` : nothing}
      <sl-button size="small" @click=${this.saveViewAs} data-testid="view-save-as">Save as…</sl-button>
      ${changeable ? html`<sl-button size="small" variant="text" @click=${this.deleteView} data-testid="view-delete">
        <sl-icon slot="prefix" name="trash"></sl-icon>Delete view</sl-button>` : nothing}
    </div>`;
  }

  reload() {
    this._cursors = [null];
    this._page = 0;
    this.load();
  }

  async load() {
    const type = this.type;
    if (!type) return;
    this._loading = true;
    this._error = null;
    const ticket = (this._ticket = {});
    try {
      const body = await api.get(`${type.pluralApiName}${qs({
        filter: this._filter, sort: this._sort, limit: this._limit, cursor: this._cursors[this._page],
      })}`);
      const items = await this.withQueued(body.items || []);
      if (ticket !== this._ticket) return;
      this._items = items;
      this._next = body.nextCursor || null;
    } catch (e) {
      const items = await this.withQueued([]);
      if (ticket !== this._ticket) return;
      this._items = items;
      this._next = null;
      this._error = e;
    } finally {
      if (ticket === this._ticket) this._loading = false;
    }
  }

  next() { if (!this._next) return; this._cursors = [...this._cursors.slice(0, this._page + 1), this._next]; this._page += 1; this.load(); }
  previous() { if (this._page === 0) return; this._page -= 1; this.load(); }

  render() {
    const type = this.type;
    if (!type) return html`<p class="empty">There is no record type “${this.plural}”.</p>`;
    const all = metadata().allFields(type).filter(f => !HIDDEN.has(f.apiName));
    const columns = this._columns.map(c => all.find(f => f.apiName === c)).filter(Boolean);
    return html`
      <div class="page-header">
        <h1 data-testid="list-title">${type.pluralLabel}</h1>
        <sl-dropdown placement="bottom-end" stay-open-on-select distance="4" hoist>
          <sl-button slot="trigger" caret data-testid="columns-button"><sl-icon slot="prefix" name="layout-three-columns"></sl-icon>Columns</sl-button>
          <div class="columns-panel" role="group" aria-label="Columns to show">
            ${all.filter(f => f.apiName !== type.nameField || type.apiName === 'contact').map(f => html`<sl-checkbox data-testid="column-${f.apiName}"
              ?checked=${this._columns.includes(f.apiName)}
              @sl-change=${e => this.saveColumns(e.target.checked
                ? all.map(x => x.apiName).filter(n => n === f.apiName || this._columns.includes(n))
                : this._columns.filter(c => c !== f.apiName))}>${f.label}${f.custom ? html` <span class="muted">(custom)</span>` : nothing}</sl-checkbox>`)}
            <sl-button size="small" variant="text" @click=${() => this.saveColumns(defaultColumns(type))}>Reset to default</sl-button>
          </div>
        </sl-dropdown>
        <sl-button @click=${() => this.renderRoot.querySelector('rp-import-dialog').show()} data-testid="import-button">
          <sl-icon slot="prefix" name="upload"></sl-icon>Import</sl-button>
        <sl-button href=${`/api/v1/${type.pluralApiName}/export${qs({ format: 'csv', filter: this._filter, sort: this._sort })}`}
          download data-testid="export-button"><sl-icon slot="prefix" name="download"></sl-icon>Export</sl-button>
        <sl-button variant="primary" href=${href(type.pluralApiName, 'new')} data-testid="new-record">
          <sl-icon slot="prefix" name="plus-lg"></sl-icon>New ${type.label.toLowerCase()}</sl-button>
        <rp-import-dialog .type=${type} @imported=${() => this.load()}></rp-import-dialog>
      </div>
      ${this.renderViews()}
      <sl-details summary="Filter" ?open=${Boolean(this._filter)} data-testid="filter-details">
        <rp-filter-builder .type=${type} .fields=${all} .expression=${this._filter}
          @filter-change=${e => { this._filter = e.detail.filter; this.reload(); }}></rp-filter-builder>
      </sl-details>
      ${this._filter ? html`<p class="muted">Filtered by <span class="active-filter" data-testid="active-filter">${this._filter}</span></p>` : nothing}
      ${this._error ? html`<sl-alert variant="danger" open data-testid="list-error"><sl-icon slot="icon" name="exclamation-octagon"></sl-icon>
        ${this._error.message}${this._error.errors?.length ? html`<ul>${this._error.errors.map(er => html`<li>${er.field ? `${er.field}: ` : ''}${er.message}</li>`)}</ul>` : nothing}</sl-alert>` : nothing}
      ${this._items === null ? html`<div class="loading"><sl-spinner aria-label="Loading"></sl-spinner></div>` : html`
        <div aria-busy=${this._loading ? 'true' : 'false'} style=${this._loading ? 'opacity:.6' : ''}>
          ${this._items.length === 0 && !this._error
            ? html`<p class="empty" data-testid="list-empty">No ${type.pluralLabel.toLowerCase()} ${this._filter ? 'match this filter' : 'yet'}.</p>`
            : html`<rp-record-table .type=${type} .columns=${columns} .items=${this._items} sortable .sort=${this._sort}
                @sort-change=${e => { this._sort = e.detail.sort; this.reload(); }}></rp-record-table>`}
        </div>
        <div class="pager">
          <sl-button size="small" ?disabled=${this._page === 0} @click=${this.previous} data-testid="page-previous">
            <sl-icon slot="prefix" name="chevron-left"></sl-icon>Previous</sl-button>
          <span class="muted" aria-live="polite">Page ${this._page + 1}</span>
          <sl-button size="small" ?disabled=${!this._next} @click=${this.next} data-testid="page-next">
            Next<sl-icon slot="suffix" name="chevron-right"></sl-icon></sl-button>
          <span class="spacer" style="flex:1"></span>
          <sl-select size="small" label="Page size" .value=${String(this._limit)} hoist
            @sl-change=${e => { this._limit = Number(e.target.value); this.reload(); }}>
            ${[10, 25, 50, 100].map(n => html`<sl-option value=${String(n)}>${n}</sl-option>`)}
          </sl-select>
        </div>`}`;
  }
}
customElements.define('rp-list-page', ListPage);
