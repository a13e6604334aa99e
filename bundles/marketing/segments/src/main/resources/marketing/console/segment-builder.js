// The segment builder: the segments, a definition in the lists' filter language (over the contact, and over its
// account) with a live count and a sample as you type, and the chosen segment's members and entries and exits.
import { LitElement, html, css, nothing } from 'lit';
import { formatDateTime, problemText, toast, toastError, recordHref } from '/app/sdk/v1.js';

class SegmentBuilder extends LitElement {
  static properties = { api: { attribute: false }, _segments: { state: true }, _draft: { state: true }, _preview: { state: true },
    _previewError: { state: true }, _members: { state: true }, _history: { state: true }, _error: { state: true } };

  static styles = css`
    :host { display: grid; grid-template-columns: minmax(12rem, 1fr) 3fr; gap: 1rem; }
    ul { list-style: none; padding: 0; margin: 0; } li button { width: 100%; text-align: left; background: none; border: 0; padding: .4rem; cursor: pointer; }
    li button[aria-current="true"] { font-weight: bold; background: var(--sl-color-neutral-100); }
    label { display: block; margin-top: .5rem; } input, textarea, select { width: 100%; box-sizing: border-box; font: inherit; }
    .count { font-size: 1.4rem; margin: .5rem 0; } .error { color: var(--sl-color-danger-700); }
    table { border-collapse: collapse; width: 100%; } td, th { text-align: left; padding: .2rem .4rem; border-bottom: 1px solid var(--sl-color-neutral-200); }
  `;

  updated(changed) {
    if (changed.has('api') && this.api) this.load();
  }

  async load() {
    try {
      this._segments = (await this.api.get('segments?limit=200')).items;
      this._error = null;
    } catch (e) {
      this._error = problemText(e);
    }
  }

  select(segment) {
    this._draft = { ...segment };
    this.preview();
    this.loadMembers();
  }

  create() {
    this._draft = { name: '', segmentType: 'Dynamic', filter: '', accountFilter: '' };
    this._members = null;
    this._history = null;
    this.preview();
  }

  edit(field, value) {
    this._draft = { ...this._draft, [field]: value };
    if (field === 'filter' || field === 'accountFilter') {
      clearTimeout(this._debounce);
      this._debounce = setTimeout(() => this.preview(), 300);
    }
  }

  async preview() {
    if (!this._draft || this._draft.segmentType === 'Static') { this._preview = null; return; }
    try {
      this._preview = await this.api.post('marketing/segment-preview', { filter: this._draft.filter || null, accountFilter: this._draft.accountFilter || null });
      this._previewError = null;
    } catch (e) {
      this._preview = null;
      this._previewError = problemText(e);
    }
  }

  async save() {
    const d = this._draft;
    const values = { name: d.name, segmentType: d.segmentType, filter: d.filter || null, accountFilter: d.accountFilter || null, description: d.description || null };
    try {
      const saved = d.id ? await this.api.patch(`segments/${d.id}`, values, { ifMatch: `"${d.version}"` }) : await this.api.post('segments', values);
      toast('Segment saved: its members are being evaluated');
      await this.load();
      this.select(saved);
    } catch (e) {
      toastError(e);
    }
  }

  async loadMembers() {
    if (!this._draft?.id) return;
    try {
      const id = encodeURIComponent(this._draft.id);
      this._members = await this.api.get(`segments/${id}/members?limit=50`);
      this._history = (await this.api.get(`segments/${id}/members/history?limit=20`)).items;
    } catch (e) {
      toastError(e);
    }
  }

  async uploadCsv(event) {
    const file = event.target.files[0];
    if (!file) return;
    try {
      const body = await this.api.upload(`segments/${encodeURIComponent(this._draft.id)}/members/csv`,
        new Blob([await file.text()], { type: 'text/csv' }), { headers: { 'Content-Type': 'text/csv' } });
      toast(`${body.added} added${body.unmatched.length ? `, ${body.unmatched.length} not found` : ''}`);
      this.loadMembers();
    } catch (e) {
      toastError(e);
    }
  }

  render() {
    if (this._error) return html`<p class="error" role="alert">${this._error}</p>`;
    if (!this._segments) return html`<sl-spinner aria-label="Loading"></sl-spinner>`;
    return html`<nav aria-label="Segments"><sl-button size="small" variant="primary" @click=${() => this.create()}>New segment</sl-button>
        <ul>${this._segments.map((s) => html`<li><button aria-current=${String(this._draft?.id === s.id)} @click=${() => this.select(s)}>${s.name}
          <small>(${s.segmentType})</small></button></li>`)}</ul></nav>
      <section>${this._draft ? this.renderDraft() : html`<p>Choose a segment or make a new one.</p>`}</section>`;
  }

  renderDraft() {
    const d = this._draft;
    const dynamic = d.segmentType !== 'Static';
    return html`<label>Name <input data-testid="segment-name" .value=${d.name || ''} @input=${(e) => this.edit('name', e.target.value)}></label>
      <label>Type <select .value=${d.segmentType} ?disabled=${!!d.id} @change=${(e) => this.edit('segmentType', e.target.value)}>
        <option>Dynamic</option><option>Static</option></select></label>
      ${dynamic ? html`<label>Contacts where <input data-testid="segment-filter" placeholder="country eq 'Germany' and email notempty"
          .value=${d.filter || ''} @input=${(e) => this.edit('filter', e.target.value)}></label>
        <label>and whose account <input data-testid="segment-account-filter" placeholder="accountType eq 'Customer'"
          .value=${d.accountFilter || ''} @input=${(e) => this.edit('accountFilter', e.target.value)}></label>
        ${this._previewError ? html`<p class="error" role="alert">${this._previewError}</p>`
          : this._preview ? html`<p class="count" data-testid="segment-count" aria-live="polite">${this._preview.count} contacts match now</p>
            <p>${this._preview.sample.map((c) => html`<a href=${recordHref('contacts', c.id)}>${c.firstName || ''} ${c.lastName}</a> `)}</p>` : nothing}`
        : nothing}
      <p><sl-button variant="primary" @click=${() => this.save()}>Save</sl-button></p>
      ${d.id ? this.renderMembers(dynamic) : nothing}`;
  }

  renderMembers(dynamic) {
    const m = this._members;
    return html`<h3>Members ${m ? html`(${m.count})` : nothing}</h3>
      ${dynamic ? nothing : html`<label>Add from a CSV of e-mails or ids <input type="file" accept=".csv,text/csv" @change=${(e) => this.uploadCsv(e)}></label>`}
      ${m ? html`<table><thead><tr><th>Contact</th><th>Since</th></tr></thead><tbody>${m.items.map((i) => html`<tr>
        <td><a href=${recordHref('contacts', i.contactId)}>${i.contactId}</a></td><td>${formatDateTime(i.since)}</td></tr>`)}</tbody></table>` : nothing}
      <h3>Entries and exits</h3>
      ${this._history ? html`<table><tbody>${this._history.map((h) => html`<tr><td>${formatDateTime(h.at)}</td><td>${h.event}</td>
        <td><a href=${recordHref('contacts', h.contactId)}>${h.contactId}</a></td></tr>`)}</tbody></table>` : nothing}`;
  }
}

if (!customElements.get('rp-marketing-segments-v1')) customElements.define('rp-marketing-segments-v1', SegmentBuilder);
