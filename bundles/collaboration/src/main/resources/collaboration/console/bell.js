// The notification bell in the console's header: the unread count, the newest notifications in a dropdown, kept
// current live over Server-Sent Events (/api/v1/notifications/stream; the browser reconnects by itself and resumes
// with Last-Event-ID).
import { LitElement, html, css, nothing } from 'lit';
import { formatDateTime, href, navigate, recordType, recordHref, problemText } from '/app/sdk/v1.js';
import { recordLink } from './mentions.js';

const STREAM = '/api/v1/notifications/stream';
const SHOWN = 8;

class NotificationBell extends LitElement {
  static properties = {
    api: { attribute: false },
    _unread: { state: true },
    _items: { state: true },
    _error: { state: true },
  };

  static styles = css`
    :host { display: inline-flex; position: relative; }
    .count { position: absolute; top: 0; right: 0; pointer-events: none; }
    .panel { width: min(24rem, 92vw); max-height: 70vh; overflow-y: auto; background: var(--sl-color-neutral-0);
      border: 1px solid var(--sl-color-neutral-200); border-radius: var(--sl-border-radius-medium); box-shadow: var(--sl-shadow-large); }
    .head { display: flex; justify-content: space-between; align-items: center; padding: .5rem .75rem; border-bottom: 1px solid var(--sl-color-neutral-200); }
    ul { list-style: none; margin: 0; padding: 0; }
    li { padding: .5rem .75rem; border-bottom: 1px solid var(--sl-color-neutral-100); cursor: pointer; }
    li:hover, li:focus-visible { background: var(--sl-color-neutral-50); outline: none; }
    li.unread { border-left: 3px solid var(--sl-color-primary-600); }
    .title { font-weight: 600; }
    .body, .when { color: var(--sl-color-neutral-600); font-size: var(--sl-font-size-small); }
    .empty { padding: 1rem .75rem; color: var(--sl-color-neutral-600); }
  `;

  constructor() {
    super();
    this._unread = 0;
    this._items = [];
    this._seen = new Set();
  }

  connectedCallback() {
    super.connectedCallback();
    this.openStream();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this._source?.close();
    this._source = null;
  }

  updated(changed) {
    if (changed.has('api') && this.api) this.load();
  }

  async load() {
    try {
      const page = await this.api.get(`notifications?limit=${SHOWN}`);
      this._items = page.items;
      this._items.forEach(n => this._seen.add(n.id));
      this._unread = page.unread;
      this._error = null;
    } catch (e) {
      this._error = problemText(e);
    }
  }

  openStream() {
    if (this._source || typeof EventSource === 'undefined') return;
    const source = new EventSource(STREAM);
    source.addEventListener('notification', e => this.arrived(JSON.parse(e.data)));
    // Once the stream is open, nothing more is missed: read what came before it (at the start, or while it was down).
    source.addEventListener('open', () => { this.toggleAttribute('data-live', true); if (this.api) this.load(); });
    source.addEventListener('error', () => this.toggleAttribute('data-live', false));
    this._source = source;
  }

  arrived(n) {
    if (this._seen.has(n.id)) return;
    this._seen.add(n.id);
    this._items = [n, ...this._items].slice(0, SHOWN);
    if (!n.read) this._unread += 1;
    this.dispatchEvent(new CustomEvent('rp-notification', { detail: n, bubbles: true, composed: true }));
  }

  async open(n) {
    this.renderRoot.querySelector('sl-dropdown')?.hide();
    if (!n.read) {
      try {
        const r = await this.api.post(`notifications/${n.id}/read`, {});
        this._unread = r.unread;
        this._items = this._items.map(x => (x.id === n.id ? { ...x, read: true } : x));
      } catch { /* the link still works */ }
    }
    const link = await recordLink(n.recordType, n.recordId, { recordType, recordHref });
    if (link) location.hash = link; else navigate('page', 'notifications');
  }

  async readAll() {
    try {
      const r = await this.api.post('notifications/read-all', {});
      this._unread = r.unread;
      this._items = this._items.map(x => ({ ...x, read: true }));
    } catch (e) {
      this._error = problemText(e);
    }
  }

  render() {
    const label = this._unread ? `Notifications, ${this._unread} unread` : 'Notifications';
    return html`<sl-dropdown placement="bottom-end" distance="4" data-testid="notification-dropdown">
      <sl-icon-button slot="trigger" name=${this._unread ? 'bell-fill' : 'bell'} label=${label} data-testid="notification-bell"></sl-icon-button>
      <div class="panel" role="dialog" aria-label="Notifications">
        <div class="head"><strong>Notifications</strong>
          <span><sl-button size="small" variant="text" ?disabled=${!this._unread} @click=${this.readAll} data-testid="notification-read-all">Mark all read</sl-button>
          <sl-button size="small" variant="text" href=${href('page', 'notifications')}>All</sl-button></span></div>
        ${this._error ? html`<p class="empty" role="alert">${this._error}</p>` : nothing}
        ${this._items.length ? html`<ul data-testid="notification-list">${this._items.map(n => html`
          <li class=${n.read ? '' : 'unread'} tabindex="0" data-testid="notification-item" @click=${() => this.open(n)}
            @keydown=${e => { if (e.key === 'Enter') this.open(n); }}>
            <div class="title">${n.title}</div>${n.body ? html`<div class="body">${n.body}</div>` : nothing}
            <div class="when">${formatDateTime(n.createdAt)}</div></li>`)}</ul>`
          : html`<p class="empty">Nothing yet.</p>`}
      </div></sl-dropdown>
      ${this._unread ? html`<sl-badge class="count" variant="danger" pill data-testid="notification-count">${this._unread > 99 ? '99+' : this._unread}</sl-badge>` : nothing}`;
  }
}

customElements.define('rp-notification-bell-v1', NotificationBell);
