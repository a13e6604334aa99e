// On contact pages: the contact's current answer per consent purpose and channel, and recording a new one (the
// ledger keeps every answer; the full history is the Consents list below the contact).
import { LitElement, html, css, nothing } from 'lit';
import { formatDateTime, problemText, toast, toastError } from '/app/sdk/v1.js';

const CHANNELS = ['Email', 'SMS', 'Phone', 'Post'];

class ConsentPanel extends LitElement {
  static properties = { api: { attribute: false }, recordType: { attribute: false }, recordId: { attribute: false },
    _states: { state: true }, _purposes: { state: true }, _error: { state: true } };

  static styles = css`table { border-collapse: collapse; width: 100%; } td, th { text-align: left; padding: .2rem .4rem; }
    .given { color: var(--sl-color-success-700); } .withdrawn { color: var(--sl-color-danger-700); } form { display: flex; gap: .5rem; flex-wrap: wrap; margin-top: .5rem; }`;

  updated(changed) {
    if ((changed.has('recordId') || changed.has('api')) && this.api && this.recordId) this.load();
  }

  async load() {
    try {
      this._purposes = (await this.api.get('consentPurposes?limit=200')).items;
      this._states = (await this.api.get(`consents/contacts/${encodeURIComponent(this.recordId)}`)).items;
      this._error = null;
    } catch (e) {
      this._error = problemText(e);
    }
  }

  async record(event) {
    event.preventDefault();
    const f = new FormData(event.target);
    try {
      await this.api.post('consents', { contactId: this.recordId, purposeId: f.get('purpose'), channel: f.get('channel'),
        given: f.get('given') === 'true', source: f.get('source') || 'Console' });
      toast('Consent recorded');
      this.load();
    } catch (e) {
      toastError(e);
    }
  }

  render() {
    if (this._error) return html`<p class="error" role="alert">${this._error}</p>`;
    if (!this._states) return html`<sl-spinner aria-label="Loading"></sl-spinner>`;
    const name = (id) => this._purposes.find((p) => p.id === id)?.name || id;
    return html`${this._states.length ? html`<table data-testid="consents"><tbody>${this._states.map((s) => html`<tr>
        <td>${name(s.purposeId)}</td><td>${s.channel}</td><td class=${s.given ? 'given' : 'withdrawn'}>${s.given ? 'given' : 'withdrawn'}</td>
        <td>${formatDateTime(s.at)}</td><td>${s.source || ''}</td></tr>`)}</tbody></table>` : html`<p>No consent recorded.</p>`}
      ${this._purposes.length ? html`<form @submit=${(e) => this.record(e)}>
        <select name="purpose" aria-label="Purpose">${this._purposes.map((p) => html`<option value=${p.id}>${p.name}</option>`)}</select>
        <select name="channel" aria-label="Channel">${CHANNELS.map((c) => html`<option>${c}</option>`)}</select>
        <select name="given" aria-label="Answer"><option value="true">given</option><option value="false">withdrawn</option></select>
        <input name="source" placeholder="Source (call, fair...)" aria-label="Source">
        <sl-button type="submit" size="small">Record</sl-button></form>` : nothing}`;
  }
}

if (!customElements.get('rp-marketing-consents-v1')) customElements.define('rp-marketing-consents-v1', ConsentPanel);
