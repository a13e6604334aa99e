// The knowledge base page: articles by status and category, the editor with the workflow actions (submit for review,
// publish, archive, revise a published article) and the version history with restore.
import { LitElement, html, css, nothing } from 'lit';
import { problemText, qs, quote, toast, toastError, formatDateTime, confirmDialog } from '/app/sdk/v1.js';

const STATUSES = ['Draft', 'In review', 'Published', 'Archived'];
const CONTENT = ['title', 'summary', 'body', 'category', 'keywords', 'visibility'];
// Shoelace option values cannot hold spaces ("In review", "How-to guides"): options carry the value's position instead.
const position = (values, value) => (values.indexOf(value) >= 0 ? String(values.indexOf(value)) : '');

class KnowledgeBase extends LitElement {
  static properties = {
    api: { attribute: false }, _status: { state: true }, _articles: { state: true }, _article: { state: true },
    _versions: { state: true }, _categories: { state: true }, _error: { state: true }, _text: { state: true },
  };

  static styles = css`
    :host { display: block; }
    .layout { display: grid; grid-template-columns: minmax(16rem, 1fr) 2fr; gap: 1.25rem; }
    @media (max-width: 800px) { .layout { grid-template-columns: 1fr; } }
    .bar { display: flex; gap: .5rem; align-items: end; flex-wrap: wrap; margin-bottom: .75rem; }
    ul { list-style: none; padding: 0; margin: 0; }
    li button { all: unset; cursor: pointer; display: block; width: 100%; padding: .45rem .5rem; border-bottom: 1px solid var(--sl-color-neutral-100); }
    li button[aria-current="true"] { background: var(--sl-color-primary-50); }
    .muted { color: var(--sl-color-neutral-600); font-size: var(--sl-font-size-small); }
    .error { color: var(--sl-color-danger-700); }
    form { display: grid; gap: .6rem; }
    .actions { display: flex; gap: .5rem; flex-wrap: wrap; }
    .preview { border: 1px solid var(--sl-color-neutral-200); border-radius: var(--sl-border-radius-medium); padding: .5rem .75rem; }
    table { width: 100%; border-collapse: collapse; }
    td, th { text-align: left; padding: .3rem .4rem; border-bottom: 1px solid var(--sl-color-neutral-100); }
  `;

  updated(changed) {
    if (changed.has('api') && this.api) this.init();
  }

  async init() {
    try {
      const type = await this.api.get('metadata/knowledgeArticle');
      this._categories = (type.fields.find(f => f.apiName === 'category') || {}).picklistValues || [];
      await this.load();
    } catch (e) {
      this._error = problemText(e);
    }
  }

  async load() {
    const parts = [];
    if (this._status) parts.push(`status eq ${quote(this._status)}`);
    if (this._text) parts.push(`title sw ${quote(this._text)}`);
    try {
      this._articles = await this.api.get(`knowledgeArticles${qs({ filter: parts.join(' and ') || undefined, limit: 200, count: 'true' })}`);
      this._error = null;
    } catch (e) {
      this._error = problemText(e);
    }
  }

  async open(id) {
    try {
      this._article = await this.api.get(`knowledgeArticles/${encodeURIComponent(id)}`);
      const base = this._article.revisionOf || this._article.id;
      this._versions = (await this.api.get(`knowledgeArticleVersions${qs({ filter: `article eq ${quote(base)}`, limit: 100 })}`)).items
        .sort((a, b) => b.versionNumber - a.versionNumber);
    } catch (e) {
      toastError(e, 'Could not open the article');
    }
  }

  blank() {
    this._article = { title: '', summary: '', body: '', category: null, keywords: '', visibility: 'Internal', status: 'Draft' };
    this._versions = [];
  }

  values() {
    const form = this.renderRoot.querySelector('form');
    const values = {};
    for (const field of CONTENT) {
      const input = form.querySelector(`[name="${field}"]`);
      if (input) values[field] = input.value === '' ? null : input.value;
    }
    values.category = values.category === null ? null : this._categories[Number(values.category)];
    return values;
  }

  async save(extra = {}) {
    const a = this._article;
    try {
      const body = { ...this.values(), ...extra };
      this._article = a.id ? await this.api.patch(`knowledgeArticles/${encodeURIComponent(a.id)}`, body, { ifMatch: a.version })
        : await this.api.post('knowledgeArticles', body);
      toast('Saved.', 'success');
      await this.load();
      await this.open(this._article.id);
    } catch (e) {
      toastError(e, 'Not saved');
    }
  }

  async action(name, body = {}) {
    try {
      const result = await this.api.post(`knowledgeArticles/${encodeURIComponent(this._article.id)}/${name}`, body);
      toast(name === 'publish' ? 'Published.' : name === 'revise' ? 'Revision opened: readers still see the published text.' : 'Done.', 'success');
      await this.load();
      await this.open(result.id);
    } catch (e) {
      toastError(e, 'Not done');
    }
  }

  async restore(version) {
    if (await confirmDialog({ label: 'Restore', message: `Bring back the text of version ${version}? It becomes a draft to review.`, confirmLabel: 'Restore' })) {
      this.action('restore', { version });
    }
  }

  editor() {
    const a = this._article;
    const published = a.status === 'Published';
    return html`<form @submit=${e => { e.preventDefault(); this.save(); }} data-testid="article-editor">
      ${a.revisionOf ? html`<sl-alert variant="primary" open>A revision of a published article: publishing it replaces the published text.</sl-alert>` : nothing}
      ${published ? html`<sl-alert variant="neutral" open>Published version ${a.versionNumber}. Changes go into a revision, which a reviewer publishes.</sl-alert>` : nothing}
      <sl-input name="title" label="Title" required value=${a.title || ''} ?readonly=${published} data-testid="article-title"></sl-input>
      <sl-input name="summary" label="Summary" value=${a.summary || ''} ?readonly=${published}></sl-input>
      <sl-select name="category" label="Category" value=${position(this._categories || [], a.category)} ?disabled=${published} hoist>
        ${(this._categories || []).map((c, i) => html`<sl-option value=${String(i)}>${c}</sl-option>`)}</sl-select>
      <sl-input name="keywords" label="Keywords" value=${a.keywords || ''} ?readonly=${published}></sl-input>
      <sl-select name="visibility" label="Visibility" value=${a.visibility || 'Internal'} ?disabled=${published} hoist>
        <sl-option value="Internal">Internal</sl-option><sl-option value="Portal">Portal (customers)</sl-option></sl-select>
      <sl-textarea name="body" label="Body (HTML)" rows="8" value=${a.body || ''} ?readonly=${published}></sl-textarea>
      ${a.id ? html`<div class="muted">As saved (sanitised by the server: scripts and event handlers removed)</div>
        <div class="preview" .innerHTML=${a.body || ''}></div>` : nothing}
      <div class="actions">
        ${published ? nothing : html`<sl-button type="submit" variant="primary" data-testid="article-save">Save</sl-button>`}
        ${a.id && a.status === 'Draft' ? html`<sl-button @click=${() => this.save({ status: 'In review' })}>Submit for review</sl-button>` : nothing}
        ${a.id && a.status === 'In review' ? html`<sl-button @click=${() => this.save({ status: 'Draft' })}>Back to draft</sl-button>` : nothing}
        ${a.id && !published && a.status !== 'Archived' ? html`<sl-button variant="success" data-testid="article-publish" @click=${() => this.action('publish')}>Publish</sl-button>` : nothing}
        ${published ? html`<sl-button variant="primary" @click=${() => this.action('revise')}>Revise</sl-button>
          <sl-button @click=${() => this.save({ status: 'Archived' })}>Archive</sl-button>` : nothing}
        ${a.status === 'Archived' ? html`<sl-button @click=${() => this.save({ status: 'Draft' })}>Rework as draft</sl-button>` : nothing}
      </div>
      ${published ? html`<p class="muted">${a.linkedCases} linked cases · ${a.views} views · helpful ${a.helpfulYes} / not helpful ${a.helpfulNo}</p>` : nothing}
    </form>
    ${this._versions && this._versions.length ? html`<h3>Version history</h3><table data-testid="article-versions">
      <thead><tr><th>Version</th><th>Title</th><th>Published</th><th></th></tr></thead>
      <tbody>${this._versions.map(v => html`<tr><td>${v.versionNumber}</td><td>${v.title}</td><td>${formatDateTime(v.publishedAt)}</td>
        <td><sl-button size="small" @click=${() => this.restore(v.versionNumber)}>Restore</sl-button></td></tr>`)}</tbody></table>` : nothing}`;
  }

  render() {
    if (this._error) return html`<p class="error" role="alert">${this._error}</p>`;
    if (!this._articles) return html`<sl-spinner aria-label="Loading"></sl-spinner>`;
    return html`<h2>Knowledge base</h2><div class="layout"><div>
      <div class="bar">
        <sl-select label="Status" value=${position(STATUSES, this._status)} hoist data-testid="kb-status"
          @sl-change=${e => { this._status = e.target.value === '' ? null : STATUSES[Number(e.target.value)]; this.load(); }}>
          <sl-option value="">Every status</sl-option>${STATUSES.map((s, i) => html`<sl-option value=${String(i)}>${s}</sl-option>`)}</sl-select>
        <sl-input label="Title starts with" clearable @sl-change=${e => { this._text = e.target.value || null; this.load(); }}></sl-input>
        <sl-button @click=${() => this.blank()} data-testid="kb-new">New article</sl-button>
      </div>
      <p class="muted">${this._articles.total ?? this._articles.items.length} articles</p>
      <ul data-testid="kb-articles">${this._articles.items.map(a => html`<li><button aria-current=${String(this._article?.id === a.id)}
        @click=${() => this.open(a.id)}><div>${a.title}${a.revisionOf ? ' (revision)' : ''}</div>
        <div class="muted">${a.status} · ${a.category || 'No category'} · ${a.visibility}</div></button></li>`)}</ul></div>
      <div>${this._article ? this.editor() : html`<p class="muted">Pick an article, or write a new one.</p>`}</div></div>`;
  }
}

if (!customElements.get('rp-knowledge-base-v1')) customElements.define('rp-knowledge-base-v1', KnowledgeBase);
