// Imports a CSV or NDJSON file into a record type as a background job, with a progress bar and the refused rows.
import { LitElement, html, css, nothing } from 'lit';
import { shared } from '../styles.js';
import { api } from '../api.js';

const POLL_MS = 500;

/** Rows in the file: lines, less a CSV's header. Read in chunks, so large files cost little memory. */
async function countRows(file, csv) {
  const reader = file.stream().getReader();
  let lines = 0;
  let last = 10;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    for (const byte of value) if (byte === 10) lines++;
    if (value.length) last = value[value.length - 1];
  }
  if (last !== 10) lines++;
  return Math.max(0, csv ? lines - 1 : lines);
}

class ImportDialog extends LitElement {
  static properties = {
    type: { attribute: false },
    _job: { state: true },
    _rows: { state: true },
    _errors: { state: true },
    _problem: { state: true },
    _busy: { state: true },
  };

  static styles = [shared, css`
    .stats { display: flex; gap: 1rem; flex-wrap: wrap; margin: .5rem 0; }
    ul { max-height: 12rem; overflow: auto; padding-left: 1.2rem; }
    .error { color: var(--sl-color-danger-700); }
  `];

  show() {
    this._job = null;
    this._errors = [];
    this._problem = null;
    this.renderRoot.querySelector('sl-dialog').show();
  }

  async start() {
    const file = this.renderRoot.querySelector('input[type=file]').files[0];
    if (!file) {
      this._problem = 'Choose a CSV file (a header row of field names) or an NDJSON file (one JSON object per line).';
      return;
    }
    const ndjson = /\.(ndjson|jsonl)$/i.test(file.name);
    this._busy = true;
    this._problem = null;
    try {
      this._rows = await countRows(file, !ndjson);
      this._job = await api.post(`${this.type.pluralApiName}/bulk`, file,
        { raw: true, headers: { 'Content-Type': ndjson ? 'application/x-ndjson' : 'text/csv' } });
      await this.follow();
    } catch (e) {
      this._problem = e.detail || e.message;
    } finally {
      this._busy = false;
    }
  }

  async follow() {
    while (!['COMPLETED', 'FAILED'].includes(this._job.status) && this.isConnected) {
      await new Promise(resolve => setTimeout(resolve, POLL_MS));
      this._job = await api.get(`jobs/${this._job.id}`);
    }
    if (this._job.failed > 0) this._errors = (await api.get(`jobs/${this._job.id}/errors?limit=50`)).items;
    this.dispatchEvent(new CustomEvent('imported', { bubbles: true, composed: true }));
  }

  render() {
    const job = this._job;
    const percent = job && this._rows ? Math.min(100, Math.round(100 * job.processed / this._rows)) : 0;
    return html`<sl-dialog label="Import ${this.type?.pluralLabel?.toLowerCase() ?? ''}" data-testid="import-dialog">
      <p>A CSV file with a header row of field names (${this.type?.fields.slice(0, 3).map(f => f.apiName).join(', ')}, ...)
        or an NDJSON file. Rows with mistakes are listed; all others are imported.</p>
      <input type="file" accept=".csv,.ndjson,.jsonl,text/csv" data-testid="import-file" ?disabled=${this._busy}>
      ${this._problem ? html`<p class="error" role="alert">${this._problem}</p>` : nothing}
      ${job ? html`
        <sl-progress-bar value=${job.status === 'COMPLETED' ? 100 : percent} ?indeterminate=${job.status === 'QUEUED'}
          label="Import progress" data-testid="import-progress"></sl-progress-bar>
        <div class="stats" data-testid="import-status">
          <span>${job.status.toLowerCase()}</span><span>${job.processed} of ${this._rows} rows</span>
          <span>${job.created} imported</span><span>${job.failed} refused</span></div>
        ${job.message ? html`<p class="error">${job.message}</p>` : nothing}
        ${this._errors.length ? html`<ul>${this._errors.map(e => html`<li>Row ${e.row}${e.field ? `, ${e.field}` : ''}: ${e.message}</li>`)}</ul>` : nothing}`
        : nothing}
      <sl-button slot="footer" variant="primary" ?loading=${this._busy} ?disabled=${this._busy} @click=${this.start}
        data-testid="import-start">Import</sl-button>
    </sl-dialog>`;
  }
}
customElements.define('rp-import-dialog', ImportDialog);
