// Roles: what each may do per record type (read, create, edit, delete with a scope), which fields it may not see or
// change, and its named permissions. Built-in roles can be changed and reset; custom roles added and deleted.
import { LitElement, html, css, nothing } from 'lit';
import { shared } from '../styles.js';
import { api } from '../api.js';
import { metadata } from '../metadata.js';
import { toast, toastError } from '../toast.js';

const SCOPES = ['NONE', 'OWN', 'TEAM', 'ALL'];
const SCOPE_LABELS = { NONE: 'None', OWN: 'Own', TEAM: 'Team', ALL: 'All' };
const PERMISSIONS = [
  { name: 'transfer', label: 'Transfer records', help: 'change owners, create records for others' },
  { name: 'export', label: 'Export', help: 'download lists as CSV or NDJSON' },
  { name: 'manageSettings', label: 'Manage settings', help: 'stages, rules, forms, products, price books' },
  { name: 'invitePortalUsers', label: 'Invite portal users', help: 'give contacts access to the customer portal' },
  { name: 'approveDealRegistrations', label: 'Approve deal registrations', help: "decide partners' deal registrations, see their conflicts" },
  { name: 'approveMarketDevelopmentFunds', label: 'Approve market development funds', help: "decide partners' MDF requests and claims, mark claims paid" },
];
const ANY = '*';

const clone = r => JSON.parse(JSON.stringify(r));
const typeLabel = t => (t === ANY ? 'Every other type' : metadata()?.type(t)?.pluralLabel || t);

class AdminRoles extends LitElement {
  static properties = { _roles: { state: true }, _edit: { state: true }, _errors: { state: true }, _busy: { state: true } };
  static styles = [shared, css`
    .roles { display: flex; flex-wrap: wrap; gap: .5rem; margin-bottom: 1rem; }
    .grid-scope sl-select { min-width: 7rem; }
    td sl-checkbox { margin-top: .4rem; }
    .add { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; margin-top: .5rem; }
    .add sl-select { min-width: 12rem; }
    .perm { display: flex; width: fit-content; margin: .25rem 0; }
    .perm .muted { font-size: var(--sl-font-size-small); }
    sl-input { margin-bottom: 1rem; max-width: 30rem; }
  `];

  constructor() { super(); this._errors = {}; }
  connectedCallback() { super.connectedCallback(); this.load(); }

  async load(select) {
    try {
      this._roles = (await api.get('roles')).items || [];
      const name = select ?? this._edit?.role.name;
      const role = this._roles.find(r => r.name === name);
      if (role) this.open(role);
    } catch (e) { toastError(e); this._roles = []; }
  }

  open(role, isNew = false) {
    this._errors = {};
    this._edit = { role: clone(role), isNew, addType: null, addField: null, fieldType: null };
  }

  newRole(from) {
    const base = from ? clone(from) : { grants: [{ recordType: ANY, read: 'ALL', create: false, edit: 'NONE', delete: 'NONE' }], fields: [], permissions: [] };
    this.open({ ...base, name: '', label: from ? `${from.label} (copy)` : '', builtIn: false, version: 0 }, true);
  }

  change(mutator) {
    const role = clone(this._edit.role);
    mutator(role);
    this._edit = { ...this._edit, role };
  }

  async save() {
    const { role, isNew } = this._edit;
    const body = { label: role.label, grants: role.grants, fields: role.fields, permissions: role.permissions };
    this._busy = true;
    this._errors = {};
    try {
      const saved = isNew ? await api.post('roles', { name: role.name, ...body })
        : await api.patch(`roles/${encodeURIComponent(role.name)}`, body, { ifMatch: role.version });
      toast(`Role ${saved.label} saved; it applies to its users at once.`, 'success');
      await this.load(saved.name);
    } catch (err) {
      this._errors = err.fieldErrors?.() || {};
      if (err.status === 409 || err.status === 412) toast('Someone changed this role meanwhile; reload it and apply your change again.', 'warning');
      else if (!Object.keys(this._errors).length) toastError(err);
    } finally { this._busy = false; }
  }

  async remove() {
    const { role } = this._edit;
    if (!confirm(`Delete the role ${role.label}?`)) return;
    try {
      await api.del(`roles/${encodeURIComponent(role.name)}`, { ifMatch: role.version });
      toast('Role deleted.', 'success');
      this._edit = null;
      this.load();
    } catch (err) { toastError(err); }
  }

  async reset() {
    const { role } = this._edit;
    try {
      await api.post(`roles/${encodeURIComponent(role.name)}/reset`);
      toast(`${role.label} is back to its defaults.`, 'success');
      this.load(role.name);
    } catch (err) { toastError(err); }
  }

  scopeSelect(grant, key, readOnly) {
    return html`<sl-select size="small" hoist value=${grant[key]} ?disabled=${readOnly} data-testid="grant-${grant.recordType}-${key}"
      aria-label="${key} ${typeLabel(grant.recordType)}" @sl-change=${e => this.change(r => { r.grants.find(g => g.recordType === grant.recordType)[key] = e.target.value; })}>
      ${SCOPES.map(s => html`<sl-option value=${s}>${SCOPE_LABELS[s]}</sl-option>`)}</sl-select>`;
  }

  grants(role, readOnly) {
    const granted = new Set(role.grants.map(g => g.recordType));
    const missing = (metadata()?.types || []).filter(t => !granted.has(t.apiName));
    const sorted = [...role.grants].sort((a, b) => (a.recordType === ANY ? 1 : b.recordType === ANY ? -1 : typeLabel(a.recordType).localeCompare(typeLabel(b.recordType))));
    return html`<section class="card"><h2>Record types</h2>
      <p class="muted">A type without a line of its own follows “Every other type”. Settings need the Manage settings permission to be changed, whatever the grant says.</p>
      <div class="table-wrap grid-scope"><table><thead><tr><th>Record type</th><th>Read</th><th>Create</th><th>Edit</th><th>Delete</th><th><span class="visually-hidden">Remove</span></th></tr></thead>
      <tbody>${sorted.map(g => html`<tr data-testid="grant-row-${g.recordType}"><td>${typeLabel(g.recordType)}</td>
        <td>${this.scopeSelect(g, 'read', readOnly)}</td>
        <td><sl-checkbox ?checked=${g.create} ?disabled=${readOnly} data-testid="grant-${g.recordType}-create" aria-label="create ${typeLabel(g.recordType)}"
          @sl-change=${e => this.change(r => { r.grants.find(x => x.recordType === g.recordType).create = e.target.checked; })}></sl-checkbox></td>
        <td>${this.scopeSelect(g, 'edit', readOnly)}</td><td>${this.scopeSelect(g, 'delete', readOnly)}</td>
        <td>${readOnly || g.recordType === ANY ? nothing : html`<sl-icon-button name="x-lg" label="Remove ${typeLabel(g.recordType)}"
          @click=${() => this.change(r => { r.grants = r.grants.filter(x => x.recordType !== g.recordType); })}></sl-icon-button>`}</td></tr>`)}</tbody></table></div>
      ${readOnly || !missing.length ? nothing : html`<div class="add"><sl-select size="small" placeholder="Record type" data-testid="grant-add-type"
          @sl-change=${e => { this._edit = { ...this._edit, addType: e.target.value }; }}>
          ${missing.map(t => html`<sl-option value=${t.apiName}>${t.pluralLabel}</sl-option>`)}</sl-select>
        <sl-button size="small" ?disabled=${!this._edit.addType} data-testid="grant-add" @click=${() => {
          const type = this._edit.addType;
          const any = role.grants.find(g => g.recordType === ANY) || { read: 'NONE', create: false, edit: 'NONE', delete: 'NONE' };
          this.change(r => r.grants.push({ ...any, recordType: type }));
          this._edit = { ...this._edit, addType: null };
        }}>Add a line for this type</sl-button></div>`}
      ${this._errors.grants ? html`<div class="error-text">${this._errors.grants}</div>` : nothing}</section>`;
  }

  fieldRules(role, readOnly) {
    const type = this._edit.fieldType && metadata()?.type(this._edit.fieldType);
    const ruled = new Set(role.fields.map(f => `${f.recordType}.${f.field}`));
    const candidates = type ? type.fields.filter(f => !ruled.has(`${type.apiName}.${f.apiName}`)) : [];
    return html`<section class="card"><h2>Fields</h2>
      <p class="muted">Every field is visible and editable unless listed here. A hidden field is left out of records, lists, search and exports, and cannot be filtered or sorted on.</p>
      ${role.fields.length === 0 ? html`<p class="empty">No field is restricted.</p>` : html`<div class="table-wrap"><table>
        <thead><tr><th>Record type</th><th>Field</th><th>Visible</th><th>Editable</th><th><span class="visually-hidden">Remove</span></th></tr></thead>
        <tbody>${role.fields.map((f, i) => html`<tr data-testid="field-rule-${f.recordType}-${f.field}"><td>${typeLabel(f.recordType)}</td>
          <td>${metadata()?.type(f.recordType)?.fields.find(x => x.apiName === f.field)?.label || f.field}</td>
          <td><sl-checkbox ?checked=${f.read} ?disabled=${readOnly} aria-label="visible" data-testid="field-rule-${f.recordType}-${f.field}-read"
            @sl-change=${e => this.change(r => { r.fields[i].read = e.target.checked; if (!e.target.checked) r.fields[i].edit = false; })}></sl-checkbox></td>
          <td><sl-checkbox ?checked=${f.edit} ?disabled=${readOnly || !f.read} aria-label="editable" data-testid="field-rule-${f.recordType}-${f.field}-edit"
            @sl-change=${e => this.change(r => { r.fields[i].edit = e.target.checked; })}></sl-checkbox></td>
          <td>${readOnly ? nothing : html`<sl-icon-button name="x-lg" label="Remove rule" @click=${() => this.change(r => { r.fields.splice(i, 1); })}></sl-icon-button>`}</td>
        </tr>`)}</tbody></table></div>`}
      ${readOnly ? nothing : html`<div class="add">
        <sl-select size="small" placeholder="Record type" data-testid="field-rule-type" @sl-change=${e => { this._edit = { ...this._edit, fieldType: e.target.value, addField: null }; }}>
          ${(metadata()?.types || []).map(t => html`<sl-option value=${t.apiName}>${t.pluralLabel}</sl-option>`)}</sl-select>
        <sl-select size="small" placeholder="Field" ?disabled=${!type} data-testid="field-rule-field" @sl-change=${e => { this._edit = { ...this._edit, addField: e.target.value }; }}>
          ${candidates.map(f => html`<sl-option value=${f.apiName}>${f.label}</sl-option>`)}</sl-select>
        <sl-button size="small" ?disabled=${!this._edit.addField} data-testid="field-rule-add" @click=${() => {
          this.change(r => r.fields.push({ recordType: type.apiName, field: this._edit.addField, read: true, edit: false }));
          this._edit = { ...this._edit, addField: null };
        }}>Restrict this field</sl-button></div>`}
      ${this._errors.fields ? html`<div class="error-text">${this._errors.fields}</div>` : nothing}</section>`;
  }

  editor() {
    const { role, isNew } = this._edit;
    const readOnly = role.name === 'admin';
    return html`<form @submit=${e => { e.preventDefault(); this.save(); }} novalidate data-testid="role-editor">
      <section class="card"><h2>${isNew ? 'New role' : role.label} ${role.builtIn ? html`<span class="chip">built-in</span>` : nothing}</h2>
        ${readOnly ? html`<sl-alert variant="primary" open>Administrators may always do everything; create another role for narrower rights.</sl-alert><br>` : nothing}
        ${isNew ? html`<sl-input label="Name" help-text=${this._errors.name || 'lower-case letters, digits and -, e.g. field-sales'} data-testid="role-name"
          class=${this._errors.name ? 'invalid' : ''} .value=${role.name} @sl-input=${e => this.change(r => { r.name = e.target.value.trim(); })}></sl-input>`
          : html`<p class="muted">Name: ${role.name}${this._errors.name ? html` <span class="error-text">${this._errors.name}</span>` : nothing}</p>`}
        <sl-input label="Label" .value=${role.label} ?disabled=${readOnly} data-testid="role-label" help-text=${this._errors.label || ''}
          @sl-input=${e => this.change(r => { r.label = e.target.value; })}></sl-input>
        <fieldset style="border:none;padding:0;margin:0"><legend>Permissions</legend>
          ${PERMISSIONS.map(p => html`<sl-checkbox class="perm" ?checked=${readOnly || role.permissions.includes(p.name)} ?disabled=${readOnly}
            data-testid="permission-${p.name}" @sl-change=${e => this.change(r => {
              r.permissions = e.target.checked ? [...new Set([...r.permissions, p.name])] : r.permissions.filter(x => x !== p.name);
            })}>${p.label} <span class="muted">(${p.help})</span></sl-checkbox>`)}
          ${this._errors.permissions ? html`<div class="error-text">${this._errors.permissions}</div>` : nothing}</fieldset>
      </section>
      ${this.grants(role, readOnly)}
      ${this.fieldRules(role, readOnly)}
      ${readOnly ? nothing : html`<div class="actions">
        <sl-button type="submit" variant="primary" ?loading=${this._busy} data-testid="role-save">${isNew ? 'Create role' : 'Save'}</sl-button>
        ${!isNew && role.builtIn && role.version > 1 ? html`<sl-button data-testid="role-reset" @click=${() => this.reset()}>Reset to defaults</sl-button>` : nothing}
        ${!isNew && !role.builtIn ? html`<sl-button variant="danger" outline data-testid="role-delete" @click=${() => this.remove()}>Delete</sl-button>` : nothing}
        <sl-button data-testid="role-copy" ?hidden=${isNew} @click=${() => this.newRole(role)}>Copy as a new role</sl-button>
      </div>`}
    </form>`;
  }

  render() {
    if (!this._roles) return html`<sl-spinner></sl-spinner>`;
    return html`<div class="toolbar"><h2 style="margin:0">Roles</h2><span class="spacer"></span>
        <sl-button variant="primary" data-testid="role-new" @click=${() => this.newRole()}><sl-icon slot="prefix" name="plus-lg"></sl-icon>New role</sl-button></div>
      <div class="roles" role="tablist">${this._roles.map(r => html`<sl-button size="small" data-testid="role-${r.name}"
        variant=${this._edit?.role.name === r.name && !this._edit.isNew ? 'primary' : 'default'} @click=${() => this.open(r)}>${r.label || r.name}</sl-button>`)}</div>
      ${this._edit ? this.editor() : html`<p class="muted">Choose a role to see and change what it may do.</p>`}`;
  }
}
customElements.define('rp-admin-roles', AdminRoles);
