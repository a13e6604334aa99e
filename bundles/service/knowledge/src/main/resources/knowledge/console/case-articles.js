// On case pages: the articles linked to the case, and the published articles like it (suggested by the search index),
// linked with one click.
import { LitElement, html, css, nothing } from 'lit';
import { problemText, qs, quote, toast, toastError } from '/app/sdk/v1.js';

class CaseArticles extends LitElement {
  static properties = {
    api: { attribute: false }, recordType: { attribute: false }, recordId: { attribute: false },
    _linked: { state: true }, _suggested: { state: true }, _error: { state: true },
  };

  static styles = css`
    :host { display: block; }
    ul { list-style: none; padding: 0; margin: 0 0 .75rem; }
    li { display: flex; justify-content: space-between; gap: .5rem; align-items: center; padding: .3rem 0; border-bottom: 1px solid var(--sl-color-neutral-100); }
    .muted { color: var(--sl-color-neutral-600); font-size: var(--sl-font-size-small); }
    .error { color: var(--sl-color-danger-700); }
    h4 { margin: .25rem 0; font-size: var(--sl-font-size-small); color: var(--sl-color-neutral-600); }
  `;

  updated(changed) {
    if ((changed.has('recordId') || changed.has('api')) && this.api && this.recordId) this.load();
  }

  async load() {
    const id = encodeURIComponent(this.recordId);
    try {
      const [links, suggested] = await Promise.all([
        this.api.get(`caseArticles${qs({ filter: `case eq ${quote(this.recordId)}`, limit: 50 })}`),
        this.api.get(`cases/${id}/suggestedArticles${qs({ limit: 5 })}`),
      ]);
      const titles = await Promise.all(links.items.map(l => this.api.get(`knowledgeArticles/${encodeURIComponent(l.article)}`).catch(() => null)));
      this._linked = links.items.map((l, i) => ({ link: l, article: titles[i] }));
      this._suggested = suggested.items;
      this._error = null;
    } catch (e) {
      this._error = problemText(e);
    }
  }

  async link(article) {
    try {
      await this.api.post('caseArticles', { case: this.recordId, article: article.id });
      toast(`Linked “${article.title}”.`, 'success');
      this.load();
    } catch (e) {
      toastError(e, 'Not linked');
    }
  }

  render() {
    if (this._error) return html`<p class="error" role="alert">${this._error}</p>`;
    if (!this._linked) return html`<sl-spinner aria-label="Loading"></sl-spinner>`;
    const linked = new Set(this._linked.map(l => l.link.article));
    return html`<h4>Linked</h4>
      ${this._linked.length ? html`<ul data-testid="case-linked-articles">${this._linked.map(l => html`<li>
        <span>${l.article ? l.article.title : l.link.article}</span></li>`)}</ul>` : html`<p class="muted">No article linked yet.</p>`}
      <h4>Suggested</h4>
      ${this._suggested.length ? html`<ul data-testid="case-suggested-articles">${this._suggested.map(a => html`<li>
        <span>${a.title}<br><span class="muted">${a.summary || ''}</span></span>
        ${linked.has(a.id) ? html`<span class="muted">Linked</span>`
          : html`<sl-button size="small" @click=${() => this.link(a)} data-testid="link-article">Link</sl-button>`}</li>`)}</ul>`
        : html`<p class="muted">No published article matches this case.</p>`}
      ${nothing}`;
  }
}

if (!customElements.get('rp-knowledge-case-v1')) customElements.define('rp-knowledge-case-v1', CaseArticles);
