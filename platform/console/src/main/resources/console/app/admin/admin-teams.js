import { LitElement, html } from 'lit';
import { shared } from '../styles.js';
import { api } from '../api.js';
import { users } from '../refs.js';
import { toast, toastError } from '../toast.js';

class AdminTeams extends LitElement {
  static properties = { _teams: { state: true }, _users: { state: true }, _error: { state: true }, _busy: { state: true } };
  static styles = shared;

  connectedCallback() { super.connectedCallback(); this.load(); }

  async load() {
    try {
      const [t, u] = await Promise.all([api.get('teams'), users(true)]);
      this._teams = t.items || [];
      this._users = u;
    } catch (e) { toastError(e); this._teams = []; }
  }

  async create(e) {
    e.preventDefault();
    const input = this.renderRoot.querySelector('[name=teamName]');
    this._busy = true;
    this._error = null;
    try {
      await api.post('teams', { name: input.value.trim() });
      input.value = '';
      toast('Team created.', 'success');
      this.load();
    } catch (err) {
      this._error = err.fieldErrors().name || err.message;
    } finally { this._busy = false; }
  }

  render() {
    const name = id => (this._users || []).find(u => u.id === id)?.displayName || id;
    return html`<form class="card" @submit=${this.create} novalidate>
        <h2>New team</h2>
        <div class="toolbar"><sl-input name="teamName" label="Team name" required data-testid="team-name" style="flex:1;min-width:12rem"
          help-text=${this._error || ''}></sl-input></div>
        <sl-button type="submit" variant="primary" ?loading=${this._busy} data-testid="team-create">Create team</sl-button>
      </form>
      ${!this._teams ? html`<sl-spinner></sl-spinner>` : this._teams.length === 0 ? html`<p class="empty">No teams yet.</p>`
        : html`<div class="card table-wrap"><table><thead><tr><th>Team</th><th>Members</th></tr></thead>
          <tbody>${this._teams.map(t => html`<tr data-testid="team-row"><td>${t.name}</td>
            <td>${(t.memberIds || []).length ? (t.memberIds || []).map(m => html`<span class="chip">${name(m)}</span>`) : html`<span class="muted">none</span>`}</td></tr>`)}</tbody>
          </table></div><p class="muted">Add people to teams on the Users page.</p>`}`;
  }
}
customElements.define('rp-admin-teams', AdminTeams);
