// Picks a user (record owner): the list comes from GET /api/v1/users, which every signed-in user may read.
import { LitElement, html, css } from 'lit';
import { live } from 'lit/directives/live.js';
import { users } from '../refs.js';

class UserPicker extends LitElement {
  static properties = {
    value: { attribute: false },
    label: {},
    required: { type: Boolean },
    disabled: { type: Boolean },
    _users: { state: true },
  };
  static styles = css`:host { display: block; }`;

  constructor() { super(); this._users = []; }

  connectedCallback() {
    super.connectedCallback();
    users().then(list => { this._users = list; }).catch(() => { this._users = []; });
  }

  focus() { this.renderRoot.querySelector('sl-select')?.focus(); }

  render() {
    const list = [...this._users];
    if (this.value && !list.some(u => u.id === this.value)) list.push({ id: this.value, displayName: this.value });
    const key = this.value ? `u${list.findIndex(u => u.id === this.value)}` : '';
    return html`<sl-select label=${this.label ?? 'Owner'} ?required=${this.required} ?disabled=${this.disabled} hoist
      .value=${live(key)} data-testid="user-select"
      @sl-change=${e => {
        const k = e.target.value;
        const id = k ? list[Number(String(k).slice(1))]?.id ?? null : null;
        this.value = id;
        this.dispatchEvent(new CustomEvent('picker-change', { detail: { value: id } }));
      }}>
      ${list.map((u, i) => html`<sl-option value="u${i}">${u.displayName || u.userName}${u.active === false ? ' (inactive)' : ''}</sl-option>`)}
    </sl-select>`;
  }
}
customElements.define('rp-user-picker', UserPicker);
