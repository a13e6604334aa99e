// Webhook deliveries, for administrators: the subscriptions, and for one of them its delivery log from
// GET /api/v1/webhooks/{id}/deliveries (newest first, a page at a time, by status), each delivery's request and the
// receiver's answer, and the replays: one delivery, the dead letters, or everything since a point in time.
import { LitElement, html, css, nothing } from 'lit';
import { formatDateTime, href, problemText, qs, toast, toastError } from '/app/sdk/v1.js';

const STATUSES = ['Pending', 'Delivered', 'Retrying', 'Dead'];
const VARIANTS = { Pending: 'neutral', Delivered: 'success', Retrying: 'warning', Dead: 'danger' };
const PAGE = 50;

class WebhookDeliveriesPage extends LitElement {
  static properties = {
    api: { attribute: false },
    _webhooks: { state: true },
    _selected: { state: true },
    _status: { state: true },
    _items: { state: true },
    _next: { state: true },
    _open: { state: true },
    _loading: { state: true },
    _error: { state: true },
  };

  static styles = css`
    :host { display: block; }
    .layout { display: grid; grid-template-columns: minmax(14rem, 20rem) 1fr; gap: 1rem; align-items: start; }
    @media (max-width: 800px) { .layout { grid-template-columns: 1fr; } }
    .card { background: var(--sl-color-neutral-0); border: 1px solid var(--sl-color-neutral-200); border-radius: var(--sl-border-radius-large);
      padding: 1rem; min-width: 0; }
    h2 { font-size: var(--sl-font-size-large); font-weight: var(--sl-font-weight-semibold); margin: 0 0 .75rem; }
    ul { list-style: none; margin: 0; padding: 0; }
    li button { all: unset; box-sizing: border-box; display: block; width: 100%; cursor: pointer; padding: .5rem; border-radius: var(--sl-border-radius-medium); }
    li button:hover, li button:focus-visible { background: var(--sl-color-neutral-100); }
    li button[aria-current="true"] { background: var(--sl-color-primary-100); }
    .url { display: block; font-size: var(--sl-font-size-small); color: var(--sl-color-neutral-600); overflow-wrap: anywhere; }
    .muted { color: var(--sl-color-neutral-600); }
    .empty { color: var(--sl-color-neutral-600); font-style: italic; }
    .toolbar { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; margin-bottom: 1rem; }
    table { border-collapse: collapse; width: 100%; }
    th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid var(--sl-color-neutral-200); vertical-align: top; }
    th { font-size: var(--sl-font-size-small); color: var(--sl-color-neutral-700); white-space: nowrap; }
    td.num { text-align: right; font-variant-numeric: tabular-nums; }
    tr.row { cursor: pointer; }
    tr.row:hover { background: var(--sl-color-neutral-50); }
    .table-wrap { overflow-x: auto; }
    pre { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--sl-color-neutral-50); padding: .5rem; margin: .25rem 0 .75rem;
      max-height: 20rem; overflow: auto; font-size: var(--sl-font-size-x-small); }
    .detail h3 { font-size: var(--sl-font-size-small); margin: .5rem 0 0; }
  `;

  constructor() {
    super();
    this._status = '';
    this._items = [];
    this._open = null;
  }

  willUpdate(changed) {
    if (changed.has('api') && this.api) this.loadWebhooks();
  }

  async loadWebhooks() {
    try {
      const page = await this.api.get(`webhooks${qs({ limit: 200 })}`);
      this._webhooks = page.items;
      if (!this._selected && this._webhooks.length) this.select(this._webhooks[0]);
    } catch (e) {
      this._error = problemText(e);
    }
  }

  select(webhook) {
    this._selected = webhook;
    this._open = null;
    this.loadDeliveries(false);
  }

  async loadDeliveries(more) {
    const webhook = this._selected;
    if (!webhook) return;
    this._loading = true;
    this._error = null;
    try {
      const page = await this.api.get(`webhooks/${encodeURIComponent(webhook.id)}/deliveries${qs({
        status: this._status || undefined, limit: PAGE, cursor: more ? this._next : undefined })}`);
      if (webhook !== this._selected) return;
      this._items = more ? [...this._items, ...page.items] : page.items;
      this._next = page.nextCursor;
    } catch (e) {
      this._error = problemText(e);
      this._items = [];
    } finally {
      this._loading = false;
    }
  }

  async replayOne(delivery) {
    await this.replay(`webhooks/${encodeURIComponent(this._selected.id)}/deliveries/${encodeURIComponent(delivery.id)}/replay`, {});
  }

  async replayDead() {
    await this.replay(`webhooks/${encodeURIComponent(this._selected.id)}/replay`, { deadLetters: true });
  }

  async replaySince() {
    const input = this.renderRoot.querySelector('[data-testid="replay-since"]');
    if (!input.value) {
      toast('Choose the point in time to send the events again from', 'warning');
      return;
    }
    await this.replay(`webhooks/${encodeURIComponent(this._selected.id)}/replay`, { since: new Date(input.value).toISOString() });
  }

  async replay(path, body) {
    try {
      const result = await this.api.post(path, body);
      toast(result.replayed === 1 ? '1 delivery goes out again' : `${result.replayed} deliveries go out again`, 'success');
      this.loadDeliveries(false);
    } catch (e) {
      toastError(e, 'The replay was refused');
    }
  }

  renderWebhooks() {
    if (!this._webhooks) return html`<sl-spinner aria-label="Loading"></sl-spinner>`;
    if (!this._webhooks.length) {
      return html`<p class="empty">No subscriptions yet. <a href=${href('webhooks', 'new')}>Subscribe a URL</a>.</p>`;
    }
    return html`<ul data-testid="webhook-list">${this._webhooks.map(w => html`<li>
      <button data-testid="webhook-${w.id}" aria-current=${String(w === this._selected)} @click=${() => this.select(w)}>
        ${w.name} ${w.active ? nothing : html`<sl-badge variant="neutral">inactive</sl-badge>`}
        <span class="url">${w.url}</span></button></li>`)}</ul>`;
  }

  renderDetail(d) {
    return html`<tr><td colspan="7" class="detail" data-testid="delivery-detail">
      ${d.error ? html`<h3>Error</h3><pre>${d.error}</pre>` : nothing}
      <h3>Answer ${d.responseStatus ?? ''}</h3><pre data-testid="delivery-response">${d.response ?? '(none)'}</pre>
      <h3>Request (webhook-id ${d.id})</h3><pre data-testid="delivery-request">${d.request}</pre>
      <sl-button size="small" data-testid="replay-delivery" @click=${() => this.replayOne(d)}>Replay this delivery</sl-button>
    </td></tr>`;
  }

  renderDeliveries() {
    const w = this._selected;
    if (!w) return nothing;
    return html`<section class="card">
      <h2>${w.name} <a class="muted" href=${href('webhooks', w.id)}>settings</a></h2>
      <div class="toolbar">
        <sl-select label="Status" size="small" clearable placeholder="All" value=${this._status} data-testid="delivery-status"
          @sl-change=${e => { this._status = e.target.value; this.loadDeliveries(false); }}>
          ${STATUSES.map(s => html`<sl-option value=${s}>${s}</sl-option>`)}
        </sl-select>
        <sl-button size="small" data-testid="refresh-deliveries" @click=${() => this.loadDeliveries(false)}>Refresh</sl-button>
        <sl-button size="small" variant="warning" outline data-testid="replay-dead" @click=${() => this.replayDead()}>Replay dead letters</sl-button>
        <sl-input type="datetime-local" size="small" label="Events since" data-testid="replay-since"></sl-input>
        <sl-button size="small" data-testid="replay-since-button" @click=${() => this.replaySince()}>Replay since</sl-button>
        ${this._loading ? html`<sl-spinner aria-label="Loading"></sl-spinner>` : nothing}
      </div>
      ${this._error ? html`<sl-alert variant="warning" open data-testid="deliveries-error">${this._error}</sl-alert>` : nothing}
      <div class="table-wrap"><table data-testid="delivery-table">
        <thead><tr><th>Event</th><th>Status</th><th class="num">Attempts</th><th>Made</th><th>Last attempt</th><th>Next attempt</th><th class="num">Answer</th></tr></thead>
        <tbody>${this._items.length === 0 && !this._loading ? html`<tr><td colspan="7" class="empty">No deliveries${this._status ? ` in state ${this._status}` : ''}.</td></tr>`
          : this._items.map(d => html`
            <tr class="row" data-testid="delivery-row" data-delivery=${d.id} tabindex="0" aria-expanded=${String(this._open === d.id)}
              @click=${() => { this._open = this._open === d.id ? null : d.id; }}
              @keydown=${e => { if (e.key === 'Enter') this._open = this._open === d.id ? null : d.id; }}>
              <td>${d.event} <span class="url">${d.recordId}</span></td>
              <td><sl-badge variant=${VARIANTS[d.status] || 'neutral'} data-testid="delivery-status-badge">${d.status}</sl-badge></td>
              <td class="num">${d.attempts}</td>
              <td>${formatDateTime(d.createdAt)}</td>
              <td>${d.lastAttempt ? formatDateTime(d.lastAttempt) : '—'}</td>
              <td>${d.nextAttempt ? formatDateTime(d.nextAttempt) : '—'}</td>
              <td class="num">${d.responseStatus ?? '—'}</td>
            </tr>
            ${this._open === d.id ? this.renderDetail(d) : nothing}`)}</tbody>
      </table></div>
      ${this._next ? html`<sl-button size="small" data-testid="more-deliveries" @click=${() => this.loadDeliveries(true)}>Older deliveries</sl-button>` : nothing}
    </section>`;
  }

  render() {
    return html`<div class="layout">
      <section class="card"><h2>Subscriptions</h2>${this.renderWebhooks()}</section>
      ${this.renderDeliveries()}
    </div>`;
  }
}

if (!customElements.get('rp-webhook-deliveries-v1')) customElements.define('rp-webhook-deliveries-v1', WebhookDeliveriesPage);
