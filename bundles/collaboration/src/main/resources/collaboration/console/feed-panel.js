// The Feed panel of every record page: posts and comments with @-mentions, the record's changes, and following.
// The shell sets `api`, `recordType` and `recordId`.
import { LitElement, html, css, nothing } from 'lit';
import { formatDateTime, problemText, recordType as typeOf, toast, confirmDialog } from '/app/sdk/v1.js';
import { renderText } from './mentions.js';
import './mention-input.js';

class FeedPanel extends LitElement {
  static properties = {
    api: { attribute: false },
    recordType: { attribute: false },
    recordId: { attribute: false },
    _items: { state: true },
    _next: { state: true },
    _following: { state: true },
    _error: { state: true },
    _posting: { state: true },
    _commentOn: { state: true },
    _editing: { state: true },
  };

  static styles = css`
    :host { display: block; }
    .bar { display: flex; justify-content: flex-end; margin-bottom: .5rem; }
    form { display: grid; gap: .5rem; margin-bottom: .75rem; }
    form .actions { display: flex; justify-content: flex-end; gap: .5rem; }
    ol { list-style: none; margin: 0; padding: 0; }
    li.entry { padding: .6rem 0; border-top: 1px solid var(--sl-color-neutral-100); }
    .meta { color: var(--sl-color-neutral-600); font-size: var(--sl-font-size-small); display: flex; gap: .5rem; flex-wrap: wrap; align-items: center; }
    .text { white-space: pre-wrap; overflow-wrap: anywhere; margin: .2rem 0; }
    .change { color: var(--sl-color-neutral-700); font-size: var(--sl-font-size-small); }
    .comments { margin: .25rem 0 0 1rem; padding-left: .75rem; border-left: 2px solid var(--sl-color-neutral-200); }
    .comments li { padding: .3rem 0; }
    .mention { color: var(--sl-color-primary-700); }
    .system { font-style: italic; }
    .error { color: var(--sl-color-danger-700); }
  `;

  updated(changed) {
    if ((changed.has('recordId') || changed.has('recordType') || changed.has('api')) && this.api && this.recordId && this.recordType) this.load();
  }

  async base() {
    const type = await typeOf(this.recordType);
    return `${type.pluralApiName}/${encodeURIComponent(this.recordId)}/feed`;
  }

  async load(more = false) {
    try {
      const page = await this.api.get(`${await this.base()}?limit=20${more && this._next ? `&cursor=${encodeURIComponent(this._next)}` : ''}`);
      this._items = more ? [...this._items, ...page.items] : page.items;
      this._next = page.nextCursor;
      this._following = page.following;
      this._error = null;
    } catch (e) {
      this._error = problemText(e);
    }
  }

  async write(path, input, method = 'post') {
    const text = input.value.trim();
    if (!text) return;
    this._posting = true;
    try {
      const r = method === 'post' ? await this.api.post(path, { text }) : await this.api.patch(path, { text });
      input.value = '';
      if (r.notNotified?.length) {
        toast(`Not notified, as they may not read this record: ${r.notNotified.map(p => p.name).join(', ')}`, 'warning');
      }
      this._commentOn = null;
      this._editing = null;
      await this.load();
    } catch (e) {
      toast(problemText(e), 'danger');
    } finally {
      this._posting = false;
    }
  }

  async post(e) {
    e.preventDefault();
    await this.write(await this.base(), this.renderRoot.querySelector('form.new rp-mention-input-v1'));
  }

  async comment(e, post) {
    e.preventDefault();
    await this.write(`${await this.base()}/posts/${post.id}/comments`, e.target.querySelector('rp-mention-input-v1'));
  }

  async saveEdit(e, entry) {
    e.preventDefault();
    await this.write(`${await this.base()}/posts/${entry.id}`, e.target.querySelector('rp-mention-input-v1'), 'patch');
  }

  async remove(entry) {
    if (!(await confirmDialog({ label: 'Delete post?', message: 'Delete this post (and its comments)?', confirmLabel: 'Delete', variant: 'danger' }))) return;
    try {
      await this.api.del(`${await this.base()}/posts/${entry.id}`);
      await this.load();
    } catch (e) {
      toast(problemText(e), 'danger');
    }
  }

  async toggleFollow() {
    try {
      const path = `${await this.base()}/followers/me`;
      if (this._following) await this.api.del(path); else await this.api.post(path, {});
      this._following = !this._following;
    } catch (e) {
      toast(problemText(e), 'danger');
    }
  }

  editor(entry, onSubmit, label, value = '') {
    return html`<form @submit=${onSubmit}>
      <rp-mention-input-v1 .api=${this.api} placeholder=${label} .value=${value}></rp-mention-input-v1>
      <div class="actions"><sl-button size="small" @click=${() => { this._commentOn = null; this._editing = null; }}>Cancel</sl-button>
        <sl-button size="small" type="submit" variant="primary" ?loading=${this._posting}>Save</sl-button></div></form>`;
  }

  postBody(p) {
    if (this._editing === p.id) {
      const ed = this.editor(p, e => this.saveEdit(e, p), 'Change your text', p.text);
      this.updateComplete.then(() => { const i = this.renderRoot.querySelector(`[data-edit="${p.id}"] rp-mention-input-v1`); if (i && !i.value) i.value = p.text; });
      return html`<div data-edit=${p.id}>${ed}</div>`;
    }
    return html`<div class="text ${p.system ? 'system' : ''}" data-testid="feed-text">${renderText(p.text)}</div>`;
  }

  meta(p) {
    return html`<div class="meta"><strong>${p.authorName || 'Rapport'}</strong><span>${formatDateTime(p.at)}</span>
      ${p.editedAt ? html`<span>(edited)</span>` : nothing}
      ${p.mine ? html`<sl-button size="small" variant="text" @click=${() => { this._editing = p.id; }}>Edit</sl-button>
        <sl-button size="small" variant="text" @click=${() => this.remove(p)}>Delete</sl-button>` : nothing}</div>`;
  }

  entry(e) {
    if (e.type === 'change') {
      const verb = { CREATE: 'created this record', DELETE: 'deleted this record', FILE_ADD: 'added a file', FILE_DEL: 'deleted a file' }[e.operation];
      return html`<li class="entry change" data-testid="feed-change"><div class="meta"><strong>${e.actorName || 'Rapport'}</strong>
        <span>${formatDateTime(e.at)}</span></div>
        ${verb ? html`<div>${verb}${e.changes[0]?.newValue && e.operation.startsWith('FILE') ? html` “${e.changes[0].newValue}”` : nothing}</div>`
          : e.changes.map(c => html`<div data-testid="feed-field-change">changed <strong>${c.label}</strong>${c.oldValue ? html` from “${c.oldValue}”` : nothing} to “${c.newValue ?? ''}”</div>`)}</li>`;
    }
    return html`<li class="entry post" data-testid="feed-post">${this.meta(e)}${this.postBody(e)}
      ${e.comments.length ? html`<ol class="comments">${e.comments.map(c => html`<li data-testid="feed-comment">${this.meta(c)}${this.postBody(c)}</li>`)}</ol>` : nothing}
      ${this._commentOn === e.id ? this.editor(e, ev => this.comment(ev, e), 'Comment… (@ to mention)')
        : html`<sl-button size="small" variant="text" data-testid="feed-comment-button" @click=${() => { this._commentOn = e.id; }}>Comment</sl-button>`}</li>`;
  }

  render() {
    return html`
      <div class="bar"><sl-button size="small" data-testid="feed-follow" @click=${this.toggleFollow}>${this._following ? 'Following' : 'Follow'}</sl-button></div>
      <form class="new" @submit=${this.post}>
        <rp-mention-input-v1 .api=${this.api} placeholder="Write a post… (@ to mention someone)"></rp-mention-input-v1>
        <div class="actions"><sl-button type="submit" size="small" variant="primary" ?loading=${this._posting} data-testid="feed-post-button">Post</sl-button></div>
      </form>
      ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : nothing}
      ${this._items ? html`<ol data-testid="feed-list">${this._items.map(e => this.entry(e))}</ol>
        ${this._next ? html`<sl-button size="small" @click=${() => this.load(true)}>Older</sl-button>` : nothing}` : html`<sl-spinner></sl-spinner>`}`;
  }
}

customElements.define('rp-feed-panel-v1', FeedPanel);
