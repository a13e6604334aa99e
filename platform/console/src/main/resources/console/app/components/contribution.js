// Hosts a console contribution from a capability bundle: imports its module and creates its custom element,
// handing it the `api` helper (and recordType/recordId for record panels).
import { LitElement, html, css, nothing } from 'lit';
import { api } from '../api.js';

class Contribution extends LitElement {
  static properties = {
    item: { attribute: false },
    recordType: { attribute: false },
    recordId: { attribute: false },
    _error: { state: true },
    _ready: { state: true },
  };
  static styles = css`:host { display: block; } .error { color: var(--sl-color-danger-700); }`;

  willUpdate(changed) {
    if (changed.has('item') && this.item) {
      const { moduleUrl, tagName } = this.item;
      this._error = null;
      this._ready = Boolean(customElements.get(tagName));
      if (!this._ready) {
        import(moduleUrl)
          .then(() => customElements.whenDefined(tagName))
          .then(() => { if (this.item?.tagName === tagName) this._ready = true; })
          .catch(e => { this._error = `${this.item?.label || tagName} could not be loaded: ${e.message}`; });
      }
    }
  }

  updated() {
    if (!this._ready || !this.item) return;
    const tag = this.item.tagName;
    let el = this.renderRoot.querySelector('.host')?.firstElementChild;
    if (!el || el.localName !== tag) {
      el = document.createElement(tag);
      this.renderRoot.querySelector('.host').replaceChildren(el);
    }
    el.api = api;
    if (this.recordType !== undefined) el.recordType = this.recordType;
    if (this.recordId !== undefined) el.recordId = this.recordId;
  }

  render() {
    if (this._error) return html`<p class="error" role="alert">${this._error}</p>`;
    return html`${this._ready ? nothing : html`<sl-spinner aria-label="Loading"></sl-spinner>`}<div class="host"></div>`;
  }
}
customElements.define('rp-contribution', Contribution);
