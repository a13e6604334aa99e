// Shows the name of a referenced record (optionally as a link) or of a user, resolved through the refs cache.
import { LitElement, html, css } from 'lit';
import { referenceName, userName } from '../refs.js';
import { metadata } from '../metadata.js';
import { href } from '../router.js';

class RefName extends LitElement {
  static properties = {
    recordType: { attribute: 'record-type' },
    recordId: { attribute: 'record-id' },
    user: { type: Boolean },
    link: { type: Boolean },
    _name: { state: true },
  };
  static styles = css`:host { display: inline; } a { color: var(--sl-color-primary-700); text-decoration: none; } a:hover { text-decoration: underline; }`;

  willUpdate(changed) {
    if (changed.has('recordId') || changed.has('recordType') || changed.has('user')) {
      const id = this.recordId;
      this._name = null;
      const p = this.user ? userName(id) : referenceName(this.recordType, id);
      p.then(n => { if (this.recordId === id) this._name = n; });
    }
  }

  render() {
    const text = this._name ?? '…';
    if (this.link && !this.user) {
      const type = metadata()?.type(this.recordType);
      if (type) return html`<a href=${href(type.pluralApiName, this.recordId)}>${text}</a>`;
    }
    return text;
  }
}
customElements.define('rp-ref-name', RefName);
