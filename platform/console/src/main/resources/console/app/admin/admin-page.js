// Administration (role admin): users, roles, teams, custom fields and API tokens, each at #/admin/<section>.
import { LitElement, html, css } from 'lit';
import { shared } from '../styles.js';
import { href } from '../router.js';
import './admin-users.js';
import './admin-roles.js';
import './admin-teams.js';
import './admin-fields.js';
import './admin-tokens.js';

const SECTIONS = [
  { id: 'users', label: 'Users', icon: 'people' },
  { id: 'roles', label: 'Roles', icon: 'shield-lock' },
  { id: 'teams', label: 'Teams', icon: 'grid' },
  { id: 'fields', label: 'Custom fields', icon: 'sliders' },
  { id: 'tokens', label: 'API tokens', icon: 'key' },
];

class AdminPage extends LitElement {
  static properties = { section: {}, arg: {}, user: { attribute: false } };
  static styles = [shared, css`
    nav { display: flex; flex-wrap: wrap; gap: .25rem; border-bottom: 1px solid var(--sl-color-neutral-200); margin-bottom: 1rem; }
    nav a { padding: .5rem .75rem; border-bottom: 2px solid transparent; color: var(--sl-color-neutral-700); display: inline-flex; gap: .35rem; align-items: center; }
    nav a[aria-current="page"] { border-color: var(--sl-color-primary-600); color: var(--sl-color-primary-700); font-weight: 600; }
  `];

  render() {
    if (!this.user?.roles?.includes('admin')) return html`<sl-alert variant="warning" open>Only administrators may open this page.</sl-alert>`;
    const section = SECTIONS.some(s => s.id === this.section) ? this.section : 'users';
    return html`<h1>Administration</h1>
      <nav aria-label="Administration">${SECTIONS.map(s => html`<a href=${href('admin', s.id)} data-testid="admin-tab-${s.id}"
        aria-current=${s.id === section ? 'page' : 'false'}><sl-icon name=${s.icon}></sl-icon>${s.label}</a>`)}</nav>
      ${section === 'users' ? html`<rp-admin-users .me=${this.user}></rp-admin-users>`
        : section === 'roles' ? html`<rp-admin-roles></rp-admin-roles>`
        : section === 'teams' ? html`<rp-admin-teams></rp-admin-teams>`
        : section === 'fields' ? html`<rp-admin-fields .typeName=${this.arg}></rp-admin-fields>`
        : html`<rp-admin-tokens></rp-admin-tokens>`}`;
  }
}
customElements.define('rp-admin-page', AdminPage);
