// The ${recordType}s of a contact: counts by status, the open ones, and a form to open a new one. Served from this
// extension's console folder (${recordTypeClass}Panel) and shown on contact pages by the console shell, which sets
// `recordType` and `recordId`. Lit and Shoelace come from the shell's import map (use the bare imports, bundle
// nothing); everything else from the console SDK, /app/sdk/v1.js (docs/extensions.md in Rapport lists it).
import { LitElement, html, css } from 'lit';
import { api, problemText, qs, quote, recordHref, toast } from '/app/sdk/v1.js';

const TAG = 'rp-${recordType.toLowerCase()}-panel-v1';
const PLURAL = '${recordType}s';
const SUMMARY = '${recordType.toLowerCase()}-summary';
#[[
class RecordsPanel extends LitElement {
  static properties = {
    recordId: { attribute: false },
    recordType: { attribute: false },
    _summary: { state: true },
    _open: { state: true },
    _error: { state: true },
    _saving: { state: true },
  };

  static styles = css`
    :host { display: block; }
    .counts { display: flex; gap: 1rem; flex-wrap: wrap; margin-bottom: .5rem; }
    .count strong { font-size: var(--sl-font-size-large); }
    ul { list-style: none; padding: 0; margin: .5rem 0; }
    li { display: flex; justify-content: space-between; gap: .5rem; padding: .25rem 0; border-bottom: 1px solid var(--sl-color-neutral-100); }
    form { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; margin-top: .5rem; }
    sl-input { flex: 1 1 12rem; }
    sl-select { width: 8rem; }
    .error { color: var(--sl-color-danger-700); }
  `;

  updated(changed) {
    if (changed.has('recordId') && this.recordId) this.load();
  }

  async load() {
    const { recordId } = this;
    try {
      const filter = `contact eq ${quote(recordId)} and status ne 'Closed'`;
      const [summary, open] = await Promise.all([
        api.get(`${SUMMARY}${qs({ contact: recordId })}`),
        api.get(`${PLURAL}${qs({ filter, sort: '-createdAt', limit: 10 })}`),
      ]);
      this._summary = summary;
      this._open = open.items;
      this._error = null;
    } catch (e) {
      this._error = problemText(e);
    }
  }

  async create(event) {
    event.preventDefault();
    const form = event.target;
    this._saving = true;
    try {
      await api.post(PLURAL, {
        subject: form.querySelector('[name=subject]').value,
        priority: form.querySelector('[name=priority]').value,
        contact: this.recordId,
      });
      form.reset();
      toast('Opened.', 'success');
      await this.load();
    } catch (e) {
      this._error = problemText(e);
    } finally {
      this._saving = false;
    }
  }

  render() {
    const s = this._summary;
    if (!s && !this._error) return html`<sl-spinner></sl-spinner>`;
    return html`
      ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : ''}
      ${s ? html`
        <div class="counts" data-testid="summary">
          ${Object.entries(s.byStatus).map(([status, n]) => html`<span class="count"><strong>${n}</strong> ${status}</span>`)}
          <span class="count"><strong>${s.escalated}</strong> escalated</span>
        </div>` : ''}
      <ul>${(this._open || []).map(r => html`
        <li><a href=${recordHref(PLURAL, r.id)}>${r.subject}</a>
          <sl-badge variant=${r.escalated ? 'danger' : 'neutral'}>${r.priority}</sl-badge></li>`)}</ul>
      <form @submit=${this.create}>
        <sl-input name="subject" label="New" placeholder="Subject" required></sl-input>
        <sl-select name="priority" label="Priority" value="Normal">
          <sl-option value="Low">Low</sl-option><sl-option value="Normal">Normal</sl-option><sl-option value="High">High</sl-option>
        </sl-select>
        <sl-button type="submit" ?loading=${this._saving}>Open</sl-button>
      </form>`;
  }
}

customElements.define(TAG, RecordsPanel);
]]#
