import { LitElement, html, css, nothing } from 'lit';
import { shared } from '../styles.js';
import { api, qs } from '../api.js';
import { metadata, recordName } from '../metadata.js';
import { href } from '../router.js';
import { formatValue } from '../format.js';

class SearchPage extends LitElement {
  static properties = { q: {}, _items: { state: true }, _loading: { state: true }, _error: { state: true } };
  static styles = [shared, css`
    ul { list-style: none; margin: 0; padding: 0; }
    li { padding: .5rem 0; border-bottom: 1px solid var(--sl-color-neutral-200); }
    li .sub { font-size: var(--sl-font-size-small); color: var(--sl-color-neutral-600); }
  `];

  willUpdate(changed) { if (changed.has('q')) this.load(); }

  async load() {
    const q = (this.q || '').trim();
    this._items = null;
    this._error = null;
    if (!q) { this._items = []; return; }
    this._loading = true;
    try {
      const body = await api.get(`search${qs({ q, limit: 50 })}`);
      if (q === (this.q || '').trim()) this._items = body.items || [];
    } catch (e) {
      this._error = e.message;
      this._items = [];
    } finally {
      this._loading = false;
    }
  }

  render() {
    const md = metadata();
    const groups = new Map();
    for (const it of this._items || []) {
      if (!groups.has(it.type)) groups.set(it.type, []);
      groups.get(it.type).push(it);
    }
    return html`<h1>Search results for “${this.q}”</h1>
      ${this._loading ? html`<div class="loading"><sl-spinner></sl-spinner></div>` : nothing}
      ${this._error ? html`<sl-alert variant="danger" open>${this._error}</sl-alert>` : nothing}
      ${this._items && !this._loading && this._items.length === 0 && !this._error ? html`<p class="empty" data-testid="search-empty">Nothing found.</p>` : nothing}
      ${[...groups.entries()].map(([typeName, items]) => {
        const type = md.type(typeName);
        const second = type?.fields.find(f => f.apiName !== type.nameField && ['EMAIL', 'TEXT', 'PHONE'].includes(f.type) && f.apiName !== 'firstName');
        return html`<section class="card" data-testid="search-group-${typeName}">
          <h2>${type?.pluralLabel || typeName} <sl-badge variant="neutral" pill>${items.length}</sl-badge></h2>
          <ul>${items.map(it => html`<li data-testid="search-result">
            <a href=${type ? href(type.pluralApiName, it.id) : '#'} data-testid="search-result-link">${it.name || recordName(type, it.record)}</a>
            ${second && it.record?.[second.apiName] ? html`<div class="sub">${formatValue(second, it.record[second.apiName])}</div>` : nothing}
            ${(it.files || []).length ? html`<div class="sub" data-testid="search-result-files">Found in
              ${it.files.map((f, i) => html`${i ? ', ' : ''}<a href=${f.url} download data-testid="search-result-file">${f.name}</a>`)}</div>` : nothing}
          </li>`)}</ul>
        </section>`;
      })}`;
  }
}
customElements.define('rp-search-page', SearchPage);
