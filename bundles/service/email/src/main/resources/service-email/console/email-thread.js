// On case pages: the case's e-mail thread, oldest first and newest last (customer's messages, acknowledgements, agents'
// replies, bounces), HTML shown as the server sanitised it inside a sandboxed frame (no scripts, no forms), and a
// reply box: text, a macro to start from, and the case's status after the reply.
import { LitElement, html, css, nothing } from 'lit';
import { formatDateTime, problemText, quote, toast } from '/app/sdk/v1.js';

// Shoelace option values cannot hold spaces: statuses are written with '_' in the select.
const STATUSES = ['Open', 'Waiting on customer', 'Waiting on third party', 'Resolved', 'Closed'];

class EmailThread extends LitElement {
  static properties = { api: { attribute: false }, recordType: { attribute: false }, recordId: { attribute: false },
    _messages: { state: true }, _macros: { state: true }, _error: { state: true }, _sending: { state: true },
    _text: { state: true }, _status: { state: true }, _formatted: { state: true } };

  static styles = css`
    :host { display: block; }
    .muted, .empty { color: var(--sl-color-neutral-600); }
    .error { color: var(--sl-color-danger-700); }
    ol { list-style: none; margin: 0; padding: 0; display: grid; gap: .75rem; }
    li { border: 1px solid var(--sl-color-neutral-200); border-radius: var(--sl-border-radius-medium); padding: .5rem .75rem; }
    li.Outbound { background: var(--sl-color-primary-50); margin-left: 2rem; }
    li.Inbound { margin-right: 2rem; }
    li.Bounce, li.Automated { border-style: dashed; }
    header { display: flex; flex-wrap: wrap; gap: .25rem .75rem; align-items: baseline; font-size: var(--sl-font-size-small); }
    .subject { font-weight: var(--sl-font-weight-semibold); }
    .body { white-space: pre-wrap; overflow-wrap: anywhere; margin: .5rem 0 0; font-family: inherit; }
    iframe { width: 100%; min-height: 12rem; border: 0; background: white; }
    form { display: grid; gap: .5rem; margin-top: 1rem; }
    .row { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; }
  `;

  updated(changed) {
    if ((changed.has('recordId') || changed.has('api')) && this.api && this.recordId) this.load();
  }

  async load() {
    try {
      const [page, macros] = await Promise.all([
        this.api.get(`caseMessages?limit=200&sort=createdAt&filter=${encodeURIComponent(`case eq ${quote(this.recordId)}`)}`),
        this.api.get(`replyMacros?limit=100&sort=name&filter=${encodeURIComponent('active eq true')}`).catch(() => ({ items: [] })),
      ]);
      this._messages = page.items;
      this._macros = macros.items;
      this._error = null;
    } catch (e) {
      this._error = problemText(e);
    }
  }

  async useMacro(id) {
    if (!id) return;
    try {
      const draft = await this.api.get(`cases/${encodeURIComponent(this.recordId)}/reply/draft?macro=${encodeURIComponent(id)}`);
      this._text = draft.text ?? '';
      if (draft.status) this._status = draft.status.replaceAll(' ', '_');
    } catch (e) {
      toast(problemText(e), 'danger');
    }
  }

  async send(event) {
    event.preventDefault();
    this._sending = true;
    try {
      await this.api.post(`cases/${encodeURIComponent(this.recordId)}/reply`, { text: this._text ?? '', status: this._status ? this._status.replaceAll('_', ' ') : null });
      this._text = '';
      this._status = '';
      toast('Reply sent', 'success');
      await this.load();
      this.dispatchEvent(new CustomEvent('record-changed', { bubbles: true, composed: true }));
    } catch (e) {
      toast(problemText(e), 'danger');
    } finally {
      this._sending = false;
    }
  }

  message(m) {
    const formatted = this._formatted?.[m.id] && m.htmlBody;
    return html`<li class="${m.direction} ${m.kind}" data-testid="case-message">
      <header><span class="subject">${m.subject ?? '(no subject)'}</span>
        <span>${m.direction === 'Inbound' ? 'from' : 'to'} ${m.direction === 'Inbound' ? (m.fromName ? `${m.fromName} <${m.fromAddress}>` : m.fromAddress) : m.toAddresses}</span>
        <span class="muted">${formatDateTime(m.sentAt)}</span>
        ${m.kind !== 'Message' ? html`<sl-tag size="small" variant="${m.kind === 'Bounce' ? 'danger' : 'neutral'}">${m.kind}</sl-tag>` : nothing}
        ${m.htmlBody ? html`<sl-button size="small" variant="text" @click=${() => { this._formatted = { ...this._formatted, [m.id]: !this._formatted?.[m.id] }; }}>
          ${formatted ? 'Show text' : 'Show formatted'}</sl-button>` : nothing}</header>
      ${m.deliveryStatus ? html`<p class="error">${m.deliveryStatus}</p>` : nothing}
      ${formatted ? html`<iframe sandbox="" referrerpolicy="no-referrer" title="Message ${m.subject ?? ''}" srcdoc=${m.htmlBody}></iframe>`
        : html`<pre class="body">${m.textBody ?? ''}</pre>`}
      ${m.attachments ? html`<p>${m.attachments.split(',').map((id, i) => html`<a href="/api/v1/files/${encodeURIComponent(id)}" download>Attachment ${i + 1}</a> `)}</p>` : nothing}
    </li>`;
  }

  render() {
    if (this._error) return html`<p class="error" role="alert">${this._error}</p>`;
    if (!this._messages) return html`<sl-spinner aria-label="Loading"></sl-spinner>`;
    return html`${this._messages.length ? html`<ol>${this._messages.map((m) => this.message(m))}</ol>`
      : html`<p class="empty">No e-mails on this case yet.</p>`}
      <form @submit=${this.send} aria-label="Reply by e-mail">
        <sl-textarea label="Reply to the customer" rows="5" required .value=${this._text ?? ''} data-testid="reply-text"
          @sl-input=${(e) => { this._text = e.target.value; }}></sl-textarea>
        <div class="row">
          ${this._macros?.length ? html`<sl-select label="Start from a macro" clearable hoist data-testid="reply-macro"
            @sl-change=${(e) => this.useMacro(e.target.value)}>
            ${this._macros.map((m) => html`<sl-option value=${m.id}>${m.name}</sl-option>`)}</sl-select>` : nothing}
          <sl-select label="Status after the reply" clearable hoist .value=${this._status ?? ''} data-testid="reply-status"
            @sl-change=${(e) => { this._status = e.target.value; }}>
            ${STATUSES.map((s) => html`<sl-option value=${s.replaceAll(' ', '_')}>${s}</sl-option>`)}</sl-select>
          <sl-button type="submit" variant="primary" ?loading=${this._sending} data-testid="reply-send">Send reply</sl-button>
        </div>
      </form>`;
  }
}

if (!customElements.get('rp-service-email-thread-v1')) customElements.define('rp-service-email-thread-v1', EmailThread);
