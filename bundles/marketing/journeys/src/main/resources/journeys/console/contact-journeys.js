// On contact pages: the contact's journeys, where it is now or how it left, the steps it took with their times, and
// moving it on past the wait it is in.
import { LitElement, html, css, nothing } from 'lit';
import { formatDateTime, problemText, toast, toastError } from '/app/sdk/v1.js';

class ContactJourneys extends LitElement {
  static properties = { api: { attribute: false }, recordType: { attribute: false }, recordId: { attribute: false },
    _items: { state: true }, _error: { state: true } };

  static styles = css`section { margin-bottom: .75rem; } ol { margin: .25rem 0; padding-left: 1.2rem; }
    .muted { color: var(--sl-color-neutral-600); }`;

  updated(changed) {
    if ((changed.has('recordId') || changed.has('api')) && this.api && this.recordId) this.load();
  }

  async load() {
    try {
      this._items = (await this.api.get(`contacts/${encodeURIComponent(this.recordId)}/journeys`)).items;
      this._error = null;
    } catch (e) {
      this._error = problemText(e);
    }
  }

  async moveOn(item) {
    try {
      await this.api.post(`journeys/${encodeURIComponent(item.journey)}/enrolments/${encodeURIComponent(item.id)}/advance`, {});
      toast('Moved on');
      this.load();
    } catch (e) {
      toastError(e);
    }
  }

  render() {
    if (this._error) return html`<p class="error" role="alert">${this._error}</p>`;
    if (!this._items) return html`<sl-spinner aria-label="Loading"></sl-spinner>`;
    if (!this._items.length) return html`<p>In no journey.</p>`;
    return html`${this._items.map((i) => html`<section data-testid="contact-journey">
      <strong>${i.journeyName || i.journey}</strong>:
      ${i.state === 'Active' ? html`at <em>${i.step}</em>, due ${formatDateTime(i.dueAt)}
        <sl-button size="small" @click=${() => this.moveOn(i)}>Move on now</sl-button>`
        : html`${i.state.toLowerCase()} ${formatDateTime(i.endedAt)} <span class="muted">(${i.endReason || ''})</span>`}
      ${i.history.length ? html`<ol>${i.history.map((h) => html`<li>${h.step}: ${h.outcome || ''}
        <span class="muted">${formatDateTime(h.at)}</span></li>`)}</ol>` : nothing}</section>`)}`;
  }
}

if (!customElements.get('rp-contact-journeys-v1')) customElements.define('rp-contact-journeys-v1', ContactJourneys);
