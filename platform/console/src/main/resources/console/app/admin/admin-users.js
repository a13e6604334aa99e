import { LitElement, html, css, nothing } from 'lit';
import { shared } from '../styles.js';
import { api } from '../api.js';
import { users as cachedUsers } from '../refs.js';
import { toast, toastError } from '../toast.js';

class AdminUsers extends LitElement {
  static properties = { me: { attribute: false }, _users: { state: true }, _roles: { state: true }, _teams: { state: true }, _edit: { state: true }, _errors: { state: true }, _busy: { state: true } };
  static styles = [shared, css`
    .checks { display: flex; flex-wrap: wrap; gap: .25rem 1rem; margin: .25rem 0 1rem; }
    fieldset { border: none; padding: 0; margin: 0; }
    legend { font-size: var(--sl-input-label-font-size-medium); margin-bottom: .25rem; }
    sl-input { margin-bottom: 1rem; }
    td .actions { margin: 0; }
  `];

  constructor() { super(); this._errors = {}; }
  connectedCallback() { super.connectedCallback(); this.load(); }

  async load() {
    try {
      const [u, r, t] = await Promise.all([api.get('users'), api.get('roles'), api.get('teams')]);
      this._users = Array.isArray(u) ? u : u.items;
      this._roles = r.items || [];
      this._teams = t.items || [];
      cachedUsers(true).catch(() => {});
    } catch (e) { toastError(e); this._users = []; }
  }

  open(mode, user = null) {
    this._errors = {};
    this._edit = { mode, user, roles: [...(user?.roles || [])], teamIds: [...(user?.teamIds || [])], active: user?.active !== false };
    this.updateComplete.then(() => this.renderRoot.querySelector('sl-dialog').show());
  }

  val(name) { return this.renderRoot.querySelector(`sl-dialog [name=${name}]`)?.value ?? ''; }

  async submit(e) {
    e.preventDefault();
    const { mode, user, roles, teamIds, active } = this._edit;
    this._busy = true;
    try {
      if (mode === 'create') {
        await api.post('users', { userName: this.val('userName').trim(), displayName: this.val('displayName').trim(), email: this.val('email').trim() || null,
          password: this.val('password'), roles, teamIds });
        toast('User created.', 'success');
      } else if (mode === 'edit') {
        await api.patch(`users/${encodeURIComponent(user.id)}`, { displayName: this.val('displayName').trim(), email: this.val('email').trim() || null, active, roles, teamIds });
        toast('User saved.', 'success');
      } else {
        const own = user.id === this.me?.id;
        await api.post(`users/${encodeURIComponent(user.id)}/password`,
          own ? { password: this.val('password'), currentPassword: this.val('currentPassword') } : { password: this.val('password') });
        toast(own ? 'Password changed; your other sessions were signed out and your API tokens revoked.'
          : 'Password set; the user was signed out everywhere and their API tokens were revoked.', 'success');
      }
      this.renderRoot.querySelector('sl-dialog').hide();
      this.load();
    } catch (err) {
      this._errors = err.fieldErrors?.() || {};
      if (!Object.keys(this._errors).length) toastError(err);
    } finally {
      this._busy = false;
    }
  }

  toggle(list, value, on) { const s = new Set(this._edit[list]); if (on) s.add(value); else s.delete(value); this._edit = { ...this._edit, [list]: [...s] }; }

  input(name, label, value, extra = {}) {
    return html`<sl-input name=${name} label=${label} .value=${value ?? ''} type=${extra.type || 'text'} ?required=${extra.required}
      autocomplete=${extra.autocomplete || 'off'} data-testid="user-${name}" ?password-toggle=${extra.type === 'password'}
      help-text=${this._errors[name] || ''} class=${this._errors[name] ? 'invalid' : ''}></sl-input>`;
  }

  dialog() {
    const e = this._edit;
    if (!e) return html`<sl-dialog></sl-dialog>`;
    const u = e.user || {};
    const title = e.mode === 'create' ? 'New user' : e.mode === 'edit' ? `Edit ${u.userName}` : `Set password of ${u.userName}`;
    return html`<sl-dialog label=${title} @sl-after-hide=${ev => { if (ev.target === ev.currentTarget) this._edit = null; }}>
      <form @submit=${this.submit} novalidate id="user-form">
        ${e.mode === 'create' ? this.input('userName', 'User name', '', { required: true }) : nothing}
        ${e.mode !== 'password' ? html`${this.input('displayName', 'Display name', u.displayName, { required: true })}
          ${this.input('email', 'Email', u.email, { type: 'email' })}` : nothing}
        ${e.mode === 'password' && u.id === this.me?.id ? this.input('currentPassword', 'Current password', '', { type: 'password', required: true, autocomplete: 'current-password' }) : nothing}
        ${e.mode !== 'edit' ? this.input('password', e.mode === 'create' ? 'Initial password' : 'New password', '', { type: 'password', required: true, autocomplete: 'new-password' }) : nothing}
        ${e.mode === 'edit' ? html`<sl-switch .checked=${e.active} @sl-change=${ev => { this._edit = { ...this._edit, active: ev.target.checked }; }}>Active</sl-switch><br><br>` : nothing}
        ${e.mode !== 'password' ? html`
          <fieldset><legend>Roles</legend><div class="checks">${(this._roles || []).map(r => html`<sl-checkbox ?checked=${e.roles.includes(r.name)}
            @sl-change=${ev => this.toggle('roles', r.name, ev.target.checked)}>${r.label || r.name}</sl-checkbox>`)}</div>
            ${this._errors.roles ? html`<div class="error-text">${this._errors.roles}</div>` : nothing}</fieldset>
          <fieldset><legend>Teams</legend><div class="checks">${(this._teams || []).length === 0 ? html`<span class="muted">No teams yet.</span>` : nothing}
            ${(this._teams || []).map(t => html`<sl-checkbox ?checked=${e.teamIds.includes(t.id)}
            @sl-change=${ev => this.toggle('teamIds', t.id, ev.target.checked)}>${t.name}</sl-checkbox>`)}</div></fieldset>` : nothing}
      </form>
      <sl-button slot="footer" @click=${() => this.renderRoot.querySelector('sl-dialog').hide()}>Cancel</sl-button>
      <sl-button slot="footer" variant="primary" ?loading=${this._busy} data-testid="user-submit"
        @click=${() => this.renderRoot.querySelector('#user-form').requestSubmit()}>Save</sl-button>
    </sl-dialog>`;
  }

  render() {
    const teamName = id => (this._teams || []).find(t => t.id === id)?.name || id;
    return html`<div class="toolbar"><h2 style="margin:0">Users</h2><span class="spacer"></span>
        <sl-button variant="primary" data-testid="user-new" @click=${() => this.open('create')}><sl-icon slot="prefix" name="plus-lg"></sl-icon>New user</sl-button></div>
      ${!this._users ? html`<sl-spinner></sl-spinner>` : html`<div class="card table-wrap"><table>
        <thead><tr><th>User name</th><th>Name</th><th>Email</th><th>Roles</th><th>Teams</th><th>Active</th><th><span class="visually-hidden">Actions</span></th></tr></thead>
        <tbody>${this._users.map(u => html`<tr data-testid="user-row">
          <td>${u.userName}</td><td>${u.displayName}</td><td>${u.email || ''}</td>
          <td>${(u.roles || []).map(r => html`<span class="chip">${r}</span>`)}</td>
          <td>${(u.teamIds || []).map(t => html`<span class="chip">${teamName(t)}</span>`)}</td>
          <td>${u.active === false ? 'No' : 'Yes'}</td>
          <td><div class="actions"><sl-button size="small" @click=${() => this.open('edit', u)}>Edit</sl-button>
            <sl-button size="small" @click=${() => this.open('password', u)}>Set password</sl-button></div></td>
        </tr>`)}</tbody></table></div>`}
      ${this.dialog()}`;
  }
}
customElements.define('rp-admin-users', AdminUsers);
