// A textarea that offers users and teams after "@" (GET /api/v1/mentions?q=) and inserts the chosen one as a
// mention token. The value is the text with tokens, as the feed API takes it.
import { LitElement, html, css, nothing } from 'lit';

class MentionInput extends LitElement {
  static properties = {
    api: { attribute: false },
    label: {},
    placeholder: {},
    _candidates: { state: true },
    _active: { state: true },
  };

  static styles = css`
    :host { display: block; position: relative; }
    ul { position: absolute; z-index: 30; left: 0; right: 0; margin: 0; padding: .25rem 0; list-style: none; max-height: 14rem; overflow-y: auto;
      background: var(--sl-color-neutral-0); border: 1px solid var(--sl-color-neutral-300); border-radius: var(--sl-border-radius-medium); box-shadow: var(--sl-shadow-medium); }
    li { padding: .35rem .75rem; cursor: pointer; }
    li[aria-selected="true"], li:hover { background: var(--sl-color-primary-50); }
    small { color: var(--sl-color-neutral-600); }
  `;

  constructor() {
    super();
    this._candidates = [];
    this._active = 0;
  }

  get value() { return this.renderRoot.querySelector('sl-textarea')?.value || ''; }

  set value(v) { const t = this.renderRoot.querySelector('sl-textarea'); if (t) t.value = v; }

  focus() { this.renderRoot.querySelector('sl-textarea')?.focus(); }

  /** The "@word" right before the caret, if any. */
  query() {
    const area = this.renderRoot.querySelector('sl-textarea');
    const caret = area?.input?.selectionStart ?? this.value.length;
    const before = this.value.slice(0, caret);
    const m = /(^|\s)@([^\s@[\]()]{0,40})$/.exec(before);
    return m ? { q: m[2], start: caret - m[2].length - 1, end: caret } : null;
  }

  async onInput() {
    const found = this.query();
    if (!found) { this._candidates = []; return; }
    const asked = found.q;
    try {
      const r = await this.api.get(`mentions?q=${encodeURIComponent(asked)}&limit=8`);
      if (this.query()?.q === asked) { this._candidates = r.items; this._active = 0; }
    } catch { this._candidates = []; }
  }

  onKeyDown(e) {
    if (!this._candidates.length) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const n = this._candidates.length;
      this._active = (this._active + (e.key === 'ArrowDown' ? 1 : n - 1)) % n;
    } else if (e.key === 'Enter' || e.key === 'Tab') {
      e.preventDefault();
      this.choose(this._candidates[this._active]);
    } else if (e.key === 'Escape') {
      this._candidates = [];
    }
  }

  choose(c) {
    const found = this.query();
    if (!found) return;
    const text = this.value;
    const inserted = `${c.token} `;
    this.value = text.slice(0, found.start) + inserted + text.slice(found.end);
    this._candidates = [];
    const area = this.renderRoot.querySelector('sl-textarea');
    const caret = found.start + inserted.length;
    area.updateComplete.then(() => { area.focus(); area.setSelectionRange(caret, caret); });
  }

  render() {
    return html`<sl-textarea rows="2" resize="auto" label=${this.label || nothing} placeholder=${this.placeholder || ''}
        data-testid="mention-input" @sl-input=${this.onInput} @keydown=${this.onKeyDown}></sl-textarea>
      ${this._candidates.length ? html`<ul role="listbox" data-testid="mention-candidates">${this._candidates.map((c, i) => html`
        <li role="option" aria-selected=${i === this._active ? 'true' : 'false'} data-testid="mention-candidate"
          @mousedown=${e => { e.preventDefault(); this.choose(c); }}>
          ${c.kind === 'team' ? 'Team ' : ''}<strong>${c.name}</strong> <small>${c.detail || ''}</small></li>`)}</ul>` : nothing}`;
  }
}

if (!customElements.get('rp-mention-input-v1')) customElements.define('rp-mention-input-v1', MentionInput);
