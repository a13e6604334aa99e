import { LitElement, html } from 'lit';
import { shared } from '../styles.js';
import { api } from '../api.js';
import { metadata } from '../metadata.js';
import { toastError } from '../toast.js';

const show = v => (v === true ? 'Yes' : v === false ? 'No' : String(v ?? '').toLowerCase().replace(/^./, c => c.toUpperCase()));

class AdminRoles extends LitElement {
  static properties = { _roles: { state: true } };
  static styles = shared;

  connectedCallback() { super.connectedCallback(); api.get('roles').then(b => { this._roles = b.items || []; }).catch(e => { toastError(e); this._roles = []; }); }

  render() {
    if (!this._roles) return html`<sl-spinner></sl-spinner>`;
    const typeLabel = t => (t === '*' ? 'All types' : metadata().type(t)?.pluralLabel || t);
    return html`<p class="muted">Roles are built in; this page shows what each may do.</p>
      ${this._roles.map(r => html`<section class="card" data-testid="role-${r.name}"><h2>${r.label || r.name} <span class="muted">(${r.name})</span></h2>
        <div class="table-wrap"><table><thead><tr><th>Record type</th><th>Read</th><th>Create</th><th>Edit</th><th>Delete</th></tr></thead>
        <tbody>${(r.grants || []).map(g => html`<tr><td>${typeLabel(g.recordType)}</td><td>${show(g.read)}</td><td>${show(g.create)}</td>
          <td>${show(g.edit)}</td><td>${show(g.delete)}</td></tr>`)}</tbody></table></div></section>`)}`;
  }
}
customElements.define('rp-admin-roles', AdminRoles);
