// The social inbox: posts by channel, filtered by status and sentiment, newest first; the chosen post with its author,
// assigning it, replying on its network (POST socialPosts/{id}/reply) and marking it done.
import { LitElement, html, css, nothing } from 'lit';
import { formatDateTime, problemText, qs, quote, toast, toastError, recordHref } from '/app/sdk/v1.js';

const STATUSES = ['New', 'Assigned', 'Replied', 'Done'];
const SENTIMENTS = ['Positive', 'Neutral', 'Negative', 'Not scored'];

class SocialInbox extends LitElement {
  static properties = { api: { attribute: false }, _channels: { state: true }, _posts: { state: true }, _selected: { state: true },
    _filter: { state: true }, _error: { state: true }, _busy: { state: true } };

  static styles = css`
    :host { display: grid; grid-template-columns: minmax(16rem, 2fr) 3fr; gap: 1rem; }
    .filters { grid-column: 1 / -1; display: flex; gap: .5rem; flex-wrap: wrap; }
    ul { list-style: none; padding: 0; margin: 0; } li button { width: 100%; text-align: left; background: none; border: 0;
      border-bottom: 1px solid var(--sl-color-neutral-200); padding: .4rem; cursor: pointer; font: inherit; }
    li button[aria-current="true"] { background: var(--sl-color-neutral-100); }
    .meta { color: var(--sl-color-neutral-600); font-size: .85rem; } .Negative { color: var(--sl-color-danger-700); }
    .Positive { color: var(--sl-color-success-700); } textarea { width: 100%; box-sizing: border-box; font: inherit; min-height: 5rem; }
    .actions { display: flex; gap: .5rem; margin-top: .5rem; flex-wrap: wrap; } .text { white-space: pre-wrap; }
    .error { color: var(--sl-color-danger-700); }`;

  constructor() {
    super();
    this._filter = { channel: '', status: 'New', sentiment: '' };
  }

  updated(changed) {
    if (changed.has('api') && this.api) this.load();
  }

  async load() {
    try {
      this._channels = (await this.api.get('socialChannels?limit=200')).items;
      // Feeds and webhook sources take no replies: the reply form shows only where the network has them.
      this._replying = new Set((await this.api.get('social/networks')).filter((n) => n.replies).map((n) => n.network));
      const f = this._filter;
      const parts = [];
      if (f.channel) parts.push(`channel eq ${quote(f.channel)}`);
      if (f.status) parts.push(`status eq ${quote(f.status)}`);
      if (f.sentiment) parts.push(`sentiment eq ${quote(f.sentiment)}`);
      parts.push(`direction eq 'Inbound'`);
      this._posts = (await this.api.get(`socialPosts${qs({ filter: parts.join(' and '), sort: '-postedAt', limit: 100 })}`)).items;
      this._error = null;
    } catch (e) {
      this._error = problemText(e);
    }
  }

  setFilter(name, value) {
    this._filter = { ...this._filter, [name]: value };
    this._selected = null;
    this.load();
  }

  async change(values, message) {
    const post = this._selected;
    try {
      this._selected = await this.api.patch(`socialPosts/${encodeURIComponent(post.id)}`, values, { ifMatch: post.version });
      toast(message);
      this.load();
    } catch (e) {
      toastError(e);
    }
  }

  async reply(event) {
    event.preventDefault();
    const text = new FormData(event.target).get('text');
    this._busy = true;
    try {
      await this.api.post(`socialPosts/${encodeURIComponent(this._selected.id)}/reply`, { text });
      toast('Reply published');
      event.target.reset();
      this._selected = await this.api.get(`socialPosts/${encodeURIComponent(this._selected.id)}`);
      this.load();
    } catch (e) {
      toastError(e);
    } finally {
      this._busy = false;
    }
  }

  renderPost(p) {
    return html`<h2>${p.author}</h2>
      <p class="meta">${formatDateTime(p.postedAt)} · ${p.language || '?'} · <span class=${p.sentiment}>${p.sentiment}</span>
        ${p.sentimentScore != null ? html`(${p.sentimentScore})` : nothing} · ${p.status}${p.assignedTo ? html` · assigned to ${p.assignedTo}` : nothing}
        ${p.buyingIntent ? html` · buying intent` : nothing}</p>
      <p class="text" data-testid="post-text">${p.text}</p>
      <p class="meta">${p.url ? html`<a href=${p.url} target="_blank" rel="noopener">On the network</a> · ` : nothing}
        <a href=${recordHref('socialProfiles', p.profile)}>Author's profile</a>
        ${p.contact ? html` · <a href=${recordHref('contacts', p.contact)}>Contact</a>` : nothing}
        ${p.caseId ? html` · <a href=${recordHref('cases', p.caseId)}>Case</a>` : nothing}
        ${p.leadId ? html` · <a href=${recordHref('leads', p.leadId)}>Lead</a>` : nothing}</p>
      <div class="actions">
        <form @submit=${(e) => { e.preventDefault(); this.change({ status: 'Assigned', assignedTo: new FormData(e.target).get('assignee') }, 'Assigned'); }}>
          <input name="assignee" aria-label="Assign to (user name)" placeholder="user name" required value=${p.assignedTo || ''}>
          <sl-button type="submit" size="small" data-testid="assign">Assign</sl-button></form>
        <sl-button size="small" @click=${() => this.change({ status: 'Done' }, 'Marked done')} data-testid="mark-done">Mark done</sl-button>
      </div>
      ${this._replying?.has(p.network) ? html`<form @submit=${(e) => this.reply(e)}>
        <label for="reply">Reply on ${p.network}</label>
        <textarea id="reply" name="text" required maxlength="5000"></textarea>
        <sl-button type="submit" variant="primary" size="small" ?loading=${this._busy} data-testid="send-reply">Reply</sl-button>
      </form>` : html`<p class="meta" data-testid="no-reply">Posts from ${p.network} cannot be answered from Rapport.</p>`}`;
  }

  render() {
    if (this._error) return html`<p class="error" role="alert">${this._error}</p>`;
    if (!this._posts) return html`<sl-spinner aria-label="Loading"></sl-spinner>`;
    const select = (name, label, values, format = (v) => v) => html`<select aria-label=${label} @change=${(e) => this.setFilter(name, e.target.value)}>
      <option value="">${label}: all</option>${values.map((v) => html`<option value=${v.id ?? v} ?selected=${this._filter[name] === (v.id ?? v)}>${format(v)}</option>`)}</select>`;
    return html`<div class="filters">
        ${select('channel', 'Channel', this._channels, (c) => c.name)}
        ${select('status', 'Status', STATUSES)}
        ${select('sentiment', 'Sentiment', SENTIMENTS)}
        <sl-button size="small" @click=${() => this.load()}>Refresh</sl-button>
      </div>
      <ul data-testid="social-posts">${this._posts.length ? this._posts.map((p) => html`<li><button aria-current=${this._selected?.id === p.id}
          @click=${() => { this._selected = p; }}><strong>${p.author}</strong> <span class=${p.sentiment}>${p.sentiment}</span><br>
          ${p.title}<br><span class="meta">${formatDateTime(p.postedAt)} · ${p.status}</span></button></li>`) : html`<li>No posts.</li>`}</ul>
      <section>${this._selected ? this.renderPost(this._selected) : html`<p>Choose a post.</p>`}</section>`;
  }
}

if (!customElements.get('rp-social-inbox-v1')) customElements.define('rp-social-inbox-v1', SocialInbox);
