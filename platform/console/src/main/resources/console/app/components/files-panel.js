// The Files panel of every record page: the record's files, newest first, with size, type, uploader and date, a
// download link, a preview of images and PDFs, and delete after a confirmation. Whoever may edit the record adds
// files by drag and drop or "Choose files": one request per file, each with its own progress bar and its own error.
import { LitElement, html, css, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { shared } from '../styles.js';
import { api, problemText } from '../api.js';
import { mayEdit } from '../access.js';
import { formatBytes, formatDateTime } from '../format.js';
import { toast, toastError } from '../toast.js';
import { confirmDialog } from './dialogs.js';
import './ref-name.js';

/** A thumbnail loads the whole image: larger ones show an icon in the list and open only in the preview. */
const THUMBNAIL_MAX_BYTES = 5_000_000;
/** While a file's text is being extracted for the search, the list is read again this often, for this long at most. */
const PENDING_POLL_MS = 3000;
const PENDING_POLL_FOR_MS = 120_000;

const TYPE_NAMES = [
  [/^application\/pdf$/, 'PDF'],
  [/wordprocessingml|msword|opendocument\.text/, 'Document'],
  [/spreadsheetml|ms-excel|opendocument\.spreadsheet/, 'Spreadsheet'],
  [/presentationml|ms-powerpoint|opendocument\.presentation/, 'Presentation'],
  [/^text\/csv$/, 'CSV'],
  [/^text\/plain$/, 'Text'],
  [/zip/, 'ZIP archive'],
  [/^image\/svg/, 'SVG image'],
];

function baseType(mediaType) {
  return String(mediaType || '').split(';')[0].trim().toLowerCase();
}

/** A media type for people: "PDF", "PNG image", "Spreadsheet"; else the media type itself. */
export function typeName(mediaType) {
  const type = baseType(mediaType);
  const known = TYPE_NAMES.find(([pattern]) => pattern.test(type));
  if (known) return known[1];
  if (type.startsWith('image/')) return `${type.slice(6).toUpperCase()} image`;
  return type || 'Unknown type';
}

function iconName(file) {
  const type = baseType(file.mediaType);
  if (type === 'application/pdf') return 'file-earmark-pdf';
  if (type.startsWith('image/')) return 'file-earmark-image';
  if (type.startsWith('text/')) return 'file-earmark-text';
  return 'file-earmark';
}

// The server says which files it serves inline (?disposition=inline: images, PDF, plain text); images show in an
// <img>, the others in a frame. Every other file only downloads.
const isImage = file => file.previewable && baseType(file.mediaType).startsWith('image/');
const inlineUrl = file => `${file.url}${file.url.includes('?') ? '&' : '?'}disposition=inline`;
const hasFiles = event => [...(event.dataTransfer?.types || [])].includes('Files');

class FilesPanel extends LitElement {
  static properties = {
    type: { attribute: false },
    record: { attribute: false },
    _files: { state: true },
    _error: { state: true },
    _uploads: { state: true },
    _mayEdit: { state: true },
    _dragging: { state: true },
    _confidential: { state: true },
    _preview: { state: true },
    _status: { state: true },
  };

  static styles = [shared, css`
    h2 { display: flex; align-items: center; gap: .5rem; }
    .drop { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem .75rem; padding: .75rem; margin-bottom: .75rem;
      border: 2px dashed var(--sl-color-neutral-300); border-radius: var(--sl-border-radius-medium); color: var(--sl-color-neutral-600); }
    .drop.over { border-color: var(--sl-color-primary-600); background: var(--sl-color-primary-50); }
    .drop > sl-icon { font-size: 1.5rem; }
    .drop sl-checkbox { flex-basis: 100%; }
    ul { list-style: none; margin: 0; padding: 0; }
    li { display: flex; gap: .75rem; align-items: flex-start; padding: .5rem 0; border-bottom: 1px solid var(--sl-color-neutral-200); }
    li:last-child { border-bottom: none; }
    .thumb { flex: none; width: 3rem; height: 3rem; padding: 0; overflow: hidden; cursor: zoom-in; background: none;
      border: 1px solid var(--sl-color-neutral-200); border-radius: var(--sl-border-radius-small); }
    .thumb:focus-visible { outline: 2px solid var(--sl-color-primary-600); outline-offset: 2px; }
    .thumb img { display: block; width: 100%; height: 100%; object-fit: cover; }
    .file-icon { flex: none; width: 3rem; height: 3rem; display: grid; place-items: center; font-size: 1.75rem; color: var(--sl-color-neutral-500); }
    .info { flex: 1; min-width: 0; }
    .name { font-weight: var(--sl-font-weight-semibold); overflow-wrap: anywhere; }
    .meta, .hint { font-size: var(--sl-font-size-small); color: var(--sl-color-neutral-600); overflow-wrap: anywhere; }
    .hint { display: flex; align-items: center; gap: .35rem; margin-top: .15rem; }
    .file-actions { flex: none; display: flex; font-size: 1.1rem; }
    .uploads li { align-items: center; }
    .upload-icon { flex: none; width: 3rem; text-align: center; font-size: 1.25rem; color: var(--sl-color-neutral-500); }
    .failed .upload-icon { color: var(--sl-color-danger-600); }
    .uploads sl-progress-bar { --height: .5rem; margin-top: .35rem; }
    .error { color: var(--sl-color-danger-700); font-size: var(--sl-font-size-small); overflow-wrap: anywhere; }
    sl-dialog { --width: 60rem; }
    sl-dialog::part(panel) { max-width: calc(100vw - 1rem); }
    .preview-image { display: block; max-width: 100%; max-height: 70vh; margin: 0 auto; }
    .preview-frame { display: block; width: 100%; height: 70vh; border: 0; }
  `];

  constructor() {
    super();
    this._uploads = [];
    this._mayEdit = false;
    this._confidential = false;
    this._uploadCount = 0;
    this._loadSeq = 0; // a list read before a change the panel made itself is not shown
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    clearTimeout(this._pollTimer);
  }

  /** Which record's files: uploads started for another record (before navigating) are not shown here. */
  get recordKey() { return this.type && this.record ? `${this.type.apiName}/${this.record.id}` : null; }

  get filesPath() { return `${this.type.pluralApiName}/${encodeURIComponent(this.record.id)}/files`; }

  willUpdate(changed) {
    if (!changed.has('record') && !changed.has('type')) return;
    const key = this.recordKey;
    if (key !== this._loadedKey) {
      this._loadedKey = key;
      this._files = null;
      this._pendingSince = null;
      if (key) this.load();
    }
    // the owner may change on save, and with it whether the user may edit
    const { type, record } = this;
    if (type && record) mayEdit(type.apiName, record).then(may => { if (this.record === record) this._mayEdit = may; });
  }

  async load() {
    const seq = ++this._loadSeq;
    clearTimeout(this._pollTimer);
    try {
      const body = await api.get(this.filesPath);
      if (seq !== this._loadSeq) return;
      this._files = body.items || [];
      this._error = null;
    } catch (e) {
      if (seq !== this._loadSeq) return;
      this._files ??= [];
      this._error = e.status === 403 ? 'You may not see the files of this record.' : problemText(e);
    }
    this.pollWhilePending();
  }

  /** Reads the list again while a file's text is PENDING, so its hint goes when the search has it. */
  pollWhilePending() {
    clearTimeout(this._pollTimer);
    if (!this._files?.some(f => f.text === 'PENDING')) {
      this._pendingSince = null;
      return;
    }
    this._pendingSince ??= Date.now();
    if (this.isConnected && Date.now() - this._pendingSince < PENDING_POLL_FOR_MS) {
      this._pollTimer = setTimeout(() => this.load(), PENDING_POLL_MS);
    }
  }

  get fileInput() { return this.renderRoot.querySelector('input[type=file]'); }

  onChosen(e) {
    this.uploadAll(e.target.files);
    e.target.value = ''; // choosing the same file again is a change too
  }

  onDragOver(e) {
    if (!this._mayEdit || !hasFiles(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    this._dragging = true;
  }

  onDragLeave(e) {
    if (!e.currentTarget.contains(e.relatedTarget)) this._dragging = false; // not when moving onto one of its children
  }

  onDrop(e) {
    if (!this._mayEdit || !hasFiles(e)) return;
    e.preventDefault();
    this._dragging = false;
    this.uploadAll(e.dataTransfer.files);
  }

  uploadAll(files) {
    for (const file of [...files]) this.upload(file);
  }

  setUpload(id, change) {
    this._uploads = change ? this._uploads.map(u => (u.id === id ? { ...u, ...change } : u)) : this._uploads.filter(u => u.id !== id);
  }

  /** One request per file: a failure names its file and the server's reason (413: the size limit). */
  async upload(file) {
    const key = this.recordKey;
    const entry = { id: ++this._uploadCount, key, name: file.name, size: file.size, sent: 0, total: 0, error: null, abort: new AbortController() };
    this._uploads = [...this._uploads, entry];
    const form = new FormData();
    if (this._confidential) form.append('confidential', 'true'); // before the file: the server reads the parts in order
    form.append('file', file, file.name);
    try {
      const stored = await api.upload(this.filesPath, form, { signal: entry.abort.signal, onProgress: (sent, total) => this.setUpload(entry.id, { sent, total }) });
      this.setUpload(entry.id, null);
      if (key !== this.recordKey) return;
      this._loadSeq++;
      this._files = [stored, ...(this._files || []).filter(f => f.id !== stored.id)];
      this._status = `${file.name} uploaded.`;
      this.changed();
      this._pendingSince = null;
      this.pollWhilePending();
    } catch (e) {
      if (e.name === 'AbortError') {
        this.setUpload(entry.id, null);
      } else {
        this.setUpload(entry.id, { error: e.status === 0 ? `${problemText(e)} (The server may refuse files of this size.)` : problemText(e) });
      }
    }
  }

  /** Tells the page that the record's files changed (its timeline lists uploads and deletes). */
  changed() {
    this.dispatchEvent(new CustomEvent('files-changed', { bubbles: true, composed: true }));
  }

  async preview(file) {
    this._preview = file;
    await this.updateComplete;
    this.renderRoot.querySelector('sl-dialog').show();
  }

  async remove(file) {
    const confirmed = await confirmDialog({ label: 'Delete file?', message: `Delete “${file.name}” from this record? This cannot be undone.`,
      confirmLabel: 'Delete', variant: 'danger' });
    if (!confirmed) return;
    try {
      await api.del(`files/${encodeURIComponent(file.id)}`);
      toast(`${file.name} deleted.`, 'success');
    } catch (e) {
      if (e.status !== 404) { // a 404: someone deleted it meanwhile, as was wanted
        toastError(e, `${file.name} was not deleted: `);
        return;
      }
    }
    this._loadSeq++;
    this._files = this._files.filter(f => f.id !== file.id);
    this.pollWhilePending();
    this._status = `${file.name} deleted.`;
    this.changed();
    await this.updateComplete;
    this.renderRoot.querySelector('[data-testid="files-choose"]')?.focus(); // the focused button is gone
  }

  renderDropZone() {
    return html`<div class="drop ${this._dragging ? 'over' : ''}" data-testid="files-drop">
      <sl-icon name="cloud-arrow-up"></sl-icon><span>Drop files here or</span>
      <sl-button size="small" data-testid="files-choose" @click=${() => this.fileInput.click()}>
        <sl-icon slot="prefix" name="upload"></sl-icon>Choose files</sl-button>
      <input type="file" multiple hidden data-testid="files-input" @change=${this.onChosen}>
      <sl-checkbox size="small" data-testid="files-confidential" ?checked=${this._confidential}
        @sl-change=${e => { this._confidential = e.target.checked; }}>Confidential: downloads are recorded in the audit trail</sl-checkbox>
    </div>`;
  }

  renderUpload(u) {
    const total = u.total || u.size; // the request's size: the file and its multipart headers
    const percent = total ? Math.min(100, Math.round((100 * u.sent) / total)) : 0;
    return html`<li data-testid="upload" class=${u.error ? 'failed' : 'running'}>
      <sl-icon class="upload-icon" name=${u.error ? 'exclamation-triangle' : 'upload'}></sl-icon>
      <div class="info">
        <div class="name">${u.name}</div>
        ${u.error
          ? html`<div class="error" role="alert" data-testid="upload-error">Not uploaded: ${u.error}</div>`
          : html`<sl-progress-bar value=${percent} label="Uploading ${u.name}" data-testid="upload-progress"></sl-progress-bar>
            <div class="meta">${percent < 100 ? `${formatBytes(Math.min(u.sent, u.size))} of ${formatBytes(u.size)}` : 'Sent; the server checks it…'}</div>`}
      </div>
      <div class="file-actions">${u.error
        ? html`<sl-icon-button name="x-lg" label="Dismiss the error of ${u.name}" data-testid="upload-dismiss"
            @click=${() => this.setUpload(u.id, null)}></sl-icon-button>`
        : html`<sl-icon-button name="x-lg" label="Cancel the upload of ${u.name}" data-testid="upload-cancel"
            @click=${() => u.abort.abort()}></sl-icon-button>`}</div>
    </li>`;
  }

  renderFile(f) {
    return html`<li data-testid="file" data-file-id=${f.id}>
      ${isImage(f) && f.size <= THUMBNAIL_MAX_BYTES
        ? html`<button class="thumb" type="button" aria-label="Preview ${f.name}" data-testid="file-thumbnail" @click=${() => this.preview(f)}>
            <img src=${inlineUrl(f)} alt="" loading="lazy"></button>`
        : html`<sl-icon class="file-icon" name=${iconName(f)}></sl-icon>`}
      <div class="info">
        <a class="name" href=${f.url} data-testid="file-download" title="Download ${f.name}">${f.name}</a>
        ${f.confidential ? html` <sl-badge variant="warning" pill data-testid="file-confidential"><sl-icon name="lock"></sl-icon>&nbsp;Confidential</sl-badge>` : nothing}
        <div class="meta">${formatBytes(f.size)} · <span title=${f.mediaType}>${typeName(f.mediaType)}</span> ·
          <rp-ref-name user .recordId=${f.createdBy}></rp-ref-name> · <time datetime=${f.createdAt}>${formatDateTime(f.createdAt)}</time></div>
        ${f.text === 'PENDING' ? html`<div class="hint" data-testid="file-text-pending"><sl-spinner></sl-spinner>Reading its text for the search…</div>`
          : f.text === 'FAILED' ? html`<div class="hint" data-testid="file-text-failed">Its text could not be read: the search does not find its words.</div>`
          : nothing}
      </div>
      <div class="file-actions">
        ${f.previewable ? html`<sl-icon-button name="eye" label="Preview ${f.name}" data-testid="file-preview"
          @click=${() => this.preview(f)}></sl-icon-button>` : nothing}
        ${this._mayEdit ? html`<sl-icon-button name="trash" label="Delete ${f.name}" data-testid="file-delete"
          @click=${() => this.remove(f)}></sl-icon-button>` : nothing}
      </div>
    </li>`;
  }

  renderPreview() {
    const f = this._preview;
    return html`<sl-dialog label=${f ? f.name : 'Preview'} data-testid="file-preview-dialog"
        @sl-after-hide=${e => { if (e.target === e.currentTarget) this._preview = null; }}>
      ${!f ? nothing : isImage(f)
        ? html`<img class="preview-image" src=${inlineUrl(f)} alt=${f.name} data-testid="file-preview-image">`
        : html`<iframe class="preview-frame" src=${inlineUrl(f)} title=${f.name} data-testid="file-preview-frame"></iframe>`}
      <sl-button slot="footer" href=${f ? f.url : ''}><sl-icon slot="prefix" name="download"></sl-icon>Download</sl-button>
      <sl-button slot="footer" variant="primary" data-testid="file-preview-close"
        @click=${() => this.renderRoot.querySelector('sl-dialog').hide()}>Close</sl-button>
    </sl-dialog>`;
  }

  render() {
    const files = this._files;
    const uploads = this._uploads.filter(u => u.key === this.recordKey);
    return html`<section class="card" data-testid="files-panel" aria-labelledby="files-heading"
        @dragenter=${this.onDragOver} @dragover=${this.onDragOver} @dragleave=${this.onDragLeave} @drop=${this.onDrop}>
      <h2 id="files-heading">Files ${files ? html`<sl-badge variant="neutral" pill data-testid="files-count">${files.length}</sl-badge>` : nothing}</h2>
      ${this._mayEdit ? this.renderDropZone() : nothing}
      ${uploads.length ? html`<ul class="uploads" aria-label="Uploads">${repeat(uploads, u => u.id, u => this.renderUpload(u))}</ul>` : nothing}
      ${this._error ? html`<p class="muted">${this._error}</p>` : nothing}
      ${!files ? html`<sl-spinner aria-label="Loading the files"></sl-spinner>`
        : files.length === 0 ? (this._error ? nothing : html`<p class="empty" data-testid="files-empty">No files yet.</p>`)
        : html`<ul aria-label="Files" data-testid="files-list">${repeat(files, f => f.id, f => this.renderFile(f))}</ul>`}
      <div class="visually-hidden" role="status">${this._status || ''}</div>
      ${this.renderPreview()}
    </section>`;
  }
}
customElements.define('rp-files-panel', FilesPanel);
