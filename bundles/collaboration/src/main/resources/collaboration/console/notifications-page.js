// The notifications page: all my notifications (unread first or newest first, or only unread), mark read, and how I
// hear of each kind (in Rapport, in the e-mail digest).
import { LitElement, html, css, nothing } from 'lit';
import { formatDateTime, problemText, recordType, recordHref, toast } from '/app/sdk/v1.js';
import { recordLink } from './mentions.js';

class NotificationsPage extends LitElement {
  static properties = {
    api: { attribute: false },
    _items: { state: true },
    _next: { state: true },
    _unread: { state: true },
    _onlyUnread: { state: true },
    _prefs: { state: true },
    _error: { state: true },
  };

  static styles = css`
    :host { display: block; }
    .bar { display: flex; gap: .75rem; align-items: center; flex-wrap: wrap; margin-bottom: .75rem; }
    ul { list-style: none; padding: 0; margin: 0; }
    li { padding: .6rem .5rem; border-bottom: 1px solid var(--sl-color-neutral-100); display: flex; justify-content: space-between; gap: .75rem; }
    li.unread { border-left: 3px solid var(--sl-color-primary-600); }
    .body, .when { color: var(--sl-color-neutral-600); font-size: var(--sl-font-size-small); }
    table { border-collapse: collapse; margin-top: .5rem; }
    td, th { text-align: left; padding: .35rem .75rem .35rem 0; }
    .error { color: var(--sl-color-danger-700); }
  `;

  constructor() {
    super();
    this._onlyUnread = false;
    this._onNotification = () => this.load();
  }

  connectedCallback() {
    super.connectedCallback();
    window.addEventListener('rp-notification', this._onNotification);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener('rp-notification', this._onNotification);
  }

  updated(changed) {
    if (changed.has('api') && this.api) { this.load(); this.loadPrefs(); }
  }

  async load(more = false) {
    try {
      const order = this._onlyUnread ? 'unread=true' : 'order=unreadFirst';
      const page = await this.api.get(`notifications?${order}&limit=25${more && this._next ? `&cursor=${this._next}` : ''}`);
      this._items = more ? [...this._items, ...page.items] : page.items;
      this._next = page.nextCursor;
      this._unread = page.unread;
      this._error = null;
    } catch (e) { this._error = problemText(e); }
  }

  async loadPrefs() {
    try { this._prefs = (await this.api.get('notifications/preferences')).items; } catch (e) { this._error = problemText(e); }
  }

  async open(n) {
    if (!n.read) await this.api.post(`notifications/${n.id}/read`, {}).catch(() => null);
    const link = await recordLink(n.recordType, n.recordId, { recordType, recordHref });
    if (link) location.hash = link; else this.load();
  }

  async readAll() {
    try { await this.api.post('notifications/read-all', {}); await this.load(); } catch (e) { toast(problemText(e), 'danger'); }
  }

  async choose(kind, channel, value) {
    try {
      this._prefs = (await this.api.put('notifications/preferences', { [kind]: { [channel]: value } })).items;
      toast('Saved.', 'success');
    } catch (e) { toast(problemText(e), 'danger'); }
  }

  render() {
    return html`
      <div class="bar">
        <sl-switch ?checked=${this._onlyUnread} @sl-change=${e => { this._onlyUnread = e.target.checked; this.load(); }}>Only unread</sl-switch>
        <sl-button size="small" ?disabled=${!this._unread} @click=${this.readAll}>Mark all read</sl-button>
        <span>${this._unread ?? 0} unread</span>
      </div>
      ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : nothing}
      ${this._items ? html`<ul data-testid="notifications-page-list">${this._items.map(n => html`
        <li class=${n.read ? '' : 'unread'}><div><a href="#" @click=${e => { e.preventDefault(); this.open(n); }}>${n.title}</a>
          ${n.body ? html`<div class="body">${n.body}</div>` : nothing}</div><span class="when">${formatDateTime(n.createdAt)}</span></li>`)}</ul>
        ${this._items.length ? nothing : html`<p>No notifications.</p>`}
        ${this._next ? html`<sl-button size="small" @click=${() => this.load(true)}>More</sl-button>` : nothing}` : html`<sl-spinner></sl-spinner>`}
      <h2>Preferences</h2>
      ${this._prefs ? html`<table data-testid="notification-preferences"><thead><tr><th>Tell me when</th><th>In Rapport</th><th>E-mail digest</th></tr></thead>
        <tbody>${this._prefs.map(p => html`<tr><td>${p.label}</td>
          <td><sl-checkbox ?checked=${p.inApp} @sl-change=${e => this.choose(p.kind, 'inApp', e.target.checked)} aria-label="${p.label} in Rapport"></sl-checkbox></td>
          <td><sl-checkbox ?checked=${p.email} @sl-change=${e => this.choose(p.kind, 'email', e.target.checked)} aria-label="${p.label} by e-mail"></sl-checkbox></td></tr>`)}</tbody></table>` : nothing}`;
  }
}

customElements.define('rp-notifications-page-v1', NotificationsPage);
