// Search-as-you-type picker for a REFERENCE field: finds records of `referenceTo` whose name starts with the text.
import { LitElement, html, css, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { api, qs, quote } from '../api.js';
import { metadata, recordName } from '../metadata.js';
import { referenceName, rememberName } from '../refs.js';

let seq = 0;

class ReferencePicker extends LitElement {
  static properties = {
    referenceTo: { attribute: 'reference-to' },
    value: { attribute: false },
    label: {},
    required: { type: Boolean },
    disabled: { type: Boolean },
    _text: { state: true },
    _results: { state: true },
    _open: { state: true },
    _active: { state: true },
    _loading: { state: true },
  };

  static styles = css`
    :host { display: block; position: relative; }
    ul { position: absolute; z-index: 50; left: 0; right: 0; margin: .25rem 0 0; padding: .25rem 0; list-style: none;
      background: var(--sl-color-neutral-0); border: 1px solid var(--sl-color-neutral-300); border-radius: var(--sl-border-radius-medium);
      box-shadow: var(--sl-shadow-large); max-height: 16rem; overflow-y: auto; }
    li { padding: .5rem .75rem; cursor: pointer; }
    li[aria-selected="true"], li:hover { background: var(--sl-color-primary-100); }
    li.none { color: var(--sl-color-neutral-600); cursor: default; font-style: italic; }
  `;

  constructor() {
    super();
    this._text = '';
    this._results = [];
    this._open = false;
    this._active = -1;
    this._id = `rp-ref-${++seq}`;
    this._shownFor = undefined;
  }

  get type() { return metadata()?.type(this.referenceTo); }

  willUpdate(changed) {
    if ((changed.has('value') || changed.has('referenceTo')) && this.value !== this._shownFor) {
      this._shownFor = this.value;
      if (!this.value) { this._text = ''; return; }
      const id = this.value;
      referenceName(this.referenceTo, id).then(n => { if (this.value === id) this._text = n; });
    }
  }

  focus() { this.renderRoot.querySelector('sl-input')?.focus(); }

  onInput(e) {
    this._text = e.target.value;
    clearTimeout(this._timer);
    this._timer = setTimeout(() => this.search(this._text), 200);
  }

  async search(text) {
    const type = this.type;
    if (!type) return;
    const term = text.trim();
    this._loading = true;
    try {
      const filter = term ? `${type.nameField} sw ${quote(term)}` : null;
      const page = await api.get(`${type.pluralApiName}${qs({ filter, limit: 10, sort: type.nameField })}`);
      if (this._text.trim() !== term) return;
      this._results = page.items;
      this._active = page.items.length ? 0 : -1;
      this._open = true;
    } catch {
      this._results = [];
    } finally {
      this._loading = false;
    }
  }

  choose(record) {
    const type = this.type;
    const name = recordName(type, record);
    rememberName(type.apiName, record.id, name);
    this._text = name;
    this._shownFor = record.id;
    this.value = record.id;
    this._open = false;
    this.dispatchEvent(new CustomEvent('picker-change', { detail: { value: record.id } }));
  }

  clear() {
    this._text = '';
    this._shownFor = null;
    this.value = null;
    this._results = [];
    this._open = false;
    this.dispatchEvent(new CustomEvent('picker-change', { detail: { value: null } }));
  }

  onKey(e) {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!this._open) { this.search(this._text); return; }
      this._active = Math.min(this._results.length - 1, this._active + 1);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      this._active = Math.max(0, this._active - 1);
    } else if (e.key === 'Enter' && this._open && this._results[this._active]) {
      e.preventDefault();
      e.stopPropagation();
      this.choose(this._results[this._active]);
    } else if (e.key === 'Escape' && this._open) {
      e.stopPropagation();
      this._open = false;
    }
  }

  onBlur() {
    setTimeout(() => {
      this._open = false;
      if (!this._text.trim() && this.value) this.clear();
      else if (this.value) referenceName(this.referenceTo, this.value).then(n => { this._text = n; });
      else this._text = '';
    }, 150);
  }

  render() {
    const type = this.type;
    return html`
      <sl-input label=${this.label ?? ''} ?required=${this.required} ?disabled=${this.disabled} clearable autocomplete="off"
        placeholder=${type ? `Search ${type.pluralLabel.toLowerCase()}…` : ''} data-testid="ref-input"
        .value=${live(this._text)} aria-expanded=${this._open ? 'true' : 'false'} aria-controls=${this._id}
        @sl-input=${this.onInput} @sl-clear=${this.clear} @keydown=${this.onKey} @sl-blur=${this.onBlur}
        @sl-focus=${() => { if (!this.value && !this._text) this.search(''); }}>
        ${this._loading ? html`<sl-spinner slot="suffix"></sl-spinner>` : html`<sl-icon name="search" slot="prefix"></sl-icon>`}
      </sl-input>
      ${this._open ? html`<ul id=${this._id} role="listbox" aria-label=${this.label ?? 'Results'}>
        ${this._results.length === 0 ? html`<li class="none">No matches</li>` : nothing}
        ${this._results.map((r, i) => html`<li role="option" aria-selected=${i === this._active ? 'true' : 'false'}
          data-testid="ref-option" data-id=${r.id} @mousedown=${e => { e.preventDefault(); this.choose(r); }}>${recordName(type, r)}</li>`)}
      </ul>` : nothing}`;
  }
}
customElements.define('rp-reference-picker', ReferencePicker);
