// Administration > Capabilities: lists the capability features with their state, bundles and contributions, and lets
// administrators install, upgrade and uninstall them. Uses the console SDK; the API refuses non-administrators anyway,
// the page only spares them buttons that cannot work.
import { LitElement, html, css, nothing } from 'lit';
import { api, confirmDialog, problemText } from '/app/sdk/v1.js';

const BASE = 'admin/capabilities';
const STATE_VARIANT = { ACTIVE: 'success', FAILED: 'danger', AVAILABLE: 'neutral' };

class CapabilitiesPage extends LitElement {
  static properties = {
    _items: { state: true },
    _admin: { state: true },
    _busy: { state: true },
    _error: { state: true },
    _message: { state: true },
  };

  static styles = css`
    :host { display: block; }
    h1 { font-size: var(--sl-font-size-x-large); margin: 0 0 1rem; }
    table { width: 100%; border-collapse: collapse; background: var(--sl-color-neutral-0); }
    th, td { text-align: left; vertical-align: top; padding: .5rem .75rem; border-bottom: 1px solid var(--sl-color-neutral-200); }
    th { font-weight: 600; color: var(--sl-color-neutral-700); }
    .desc { color: var(--sl-color-neutral-600); font-size: var(--sl-font-size-small); }
    ul { margin: 0; padding-left: 1rem; font-size: var(--sl-font-size-small); }
    .failed { color: var(--sl-color-danger-700); font-weight: 600; }
    .actions { white-space: nowrap; display: flex; gap: .5rem; flex-wrap: wrap; }
    .problem { margin-bottom: 1rem; }
    .empty { color: var(--sl-color-neutral-600); }
    @media (max-width: 700px) { .bundles { display: none; } }
  `;

  connectedCallback() {
    super.connectedCallback();
    if (this._items === undefined) this.load();
  }

  async load() {
    this._error = null;
    try {
      if (this._admin === undefined) {
        const session = await api.get('session');
        this._admin = (session?.user?.roles || []).includes('admin');
      }
      if (!this._admin) { this._items = []; return; }
      this._items = (await api.get(BASE)).items || [];
    } catch (e) {
      this._items = this._items || [];
      this._error = problemText(e);
    }
  }

  async act(item, method) {
    if (method === 'del' && !await confirmDialog({ label: `Uninstall ${item.name}?`, confirmLabel: 'Uninstall', variant: 'danger',
      message: 'Its bundles stop and its pages and endpoints go away; its data is kept.' })) return;
    this._busy = item.name;
    this._error = null;
    this._message = null;
    try {
      const path = `${BASE}/${encodeURIComponent(item.name)}`;
      const result = method === 'del' ? await api.del(path) : await api.post(path, {});
      this._message = method === 'del' ? `${item.name} uninstalled.` : `${result.name} ${result.version} is ${result.state.toLowerCase()}.`;
    } catch (e) {
      this._error = problemText(e);
    } finally {
      this._busy = null;
      await this.load();
    }
  }

  render() {
    return html`
      <h1>Capabilities</h1>
      ${this._error ? html`<sl-alert class="problem" variant="danger" open>${this._error}</sl-alert>` : nothing}
      ${this._message ? html`<sl-alert class="problem" variant="success" open closable>${this._message}</sl-alert>` : nothing}
      ${this._items === undefined ? html`<sl-spinner aria-label="Loading"></sl-spinner>`
        : this._admin === false ? html`<p class="empty">Only administrators can manage capabilities.</p>`
        : this._items.length === 0 ? html`<p class="empty">No capabilities are available in the feature repositories.</p>`
        : this.table()}`;
  }

  table() {
    return html`<table>
      <thead><tr><th>Capability</th><th>Version</th><th>State</th><th>Contributes</th><th class="bundles">Bundles</th><th>Actions</th></tr></thead>
      <tbody>${this._items.map(c => this.row(c))}</tbody>
    </table>`;
  }

  row(c) {
    const contributes = [
      ...c.contributes.recordTypes.map(t => `record type ${t}`),
      ...c.contributes.restResources.map(r => `endpoint ${r}`),
      ...c.contributes.consoleContributions.map(p => `console ${p}`),
    ];
    const busy = this._busy === c.name;
    return html`<tr>
      <td><strong>${c.name}</strong>${c.description ? html`<div class="desc">${c.description}</div>` : nothing}</td>
      <td>${c.version}${c.upgradable ? html`<div class="desc">${c.latestVersion} available</div>` : nothing}</td>
      <td><sl-badge variant=${STATE_VARIANT[c.state] || 'warning'}>${c.state}</sl-badge></td>
      <td>${contributes.length ? html`<ul>${contributes.map(x => html`<li>${x}</li>`)}</ul>` : html`<span class="empty">—</span>`}</td>
      <td class="bundles">${c.bundles.length ? html`<ul>${c.bundles.map(b => html`<li class=${b.state === 'FAILED' || b.state === 'MISSING' ? 'failed' : ''}>
        ${b.symbolicName} ${b.version || ''}: ${b.state}</li>`)}</ul>` : html`<span class="empty">—</span>`}</td>
      <td class="actions">
        ${!c.installed ? html`<sl-button size="small" variant="primary" ?loading=${busy} ?disabled=${this._busy} @click=${() => this.act(c, 'post')}>Install</sl-button>` : nothing}
        ${c.upgradable ? html`<sl-button size="small" variant="primary" ?loading=${busy} ?disabled=${this._busy} @click=${() => this.act(c, 'post')}>Upgrade to ${c.latestVersion}</sl-button>` : nothing}
        ${c.installed ? html`<sl-button size="small" variant="danger" outline ?loading=${busy} ?disabled=${this._busy} @click=${() => this.act(c, 'del')}>Uninstall</sl-button>` : nothing}
      </td>
    </tr>`;
  }
}

if (!customElements.get('rp-capabilities-page-v1')) customElements.define('rp-capabilities-page-v1', CapabilitiesPage);
