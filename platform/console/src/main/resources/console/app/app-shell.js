// The console shell: first-run setup, sign-in, header with global search and user menu, navigation (a drawer at
// phone width) generated from metadata and contributions, and hash routing to the pages.
import { LitElement, html, css, nothing } from 'lit';
import { api, setCsrfToken, onUnauthorized } from './api.js';
import { loadMetadata, metadata, clearMetadata, navigationSections, CHANGED_EVENT } from './metadata.js';
import { loadContributions, contributions } from './contributions.js';
import { currentRoute, href, navigate } from './router.js';
import { forgetNames } from './refs.js';
import { setSignedInUser } from './access.js';
import { toastError } from './toast.js';
import './pages/login-page.js';
import './pages/setup-page.js';
import './pages/home-page.js';
import './pages/search-page.js';
import './pages/list-page.js';
import './pages/record-page.js';
import './pages/new-record-page.js';
import './admin/admin-page.js';
import './components/contribution.js';
import './components/health-banner.js';
import './offline/offline-status.js';
import { serviceWorkerSignedIn, serviceWorkerSignedOut } from './offline/sw-client.js';
import { setOutboxUser, flush, outboxCounts, discardAll } from './offline/outbox.js';

const TYPE_ICONS = { account: 'building', contact: 'person', activity: 'calendar-event' };

class RapportApp extends LitElement {
  static properties = { _state: { state: true }, _user: { state: true }, _route: { state: true }, _error: { state: true } };

  static styles = css`
    :host { display: block; min-height: 100vh; }
    header { position: sticky; top: 0; z-index: 20; height: var(--rp-header-height); display: flex; align-items: center; gap: .75rem;
      padding: 0 1rem; background: var(--sl-color-neutral-0); border-bottom: 1px solid var(--sl-color-neutral-200); }
    .brand { font-weight: 700; font-size: var(--sl-font-size-large); color: var(--sl-color-primary-700); text-decoration: none; }
    .menu-btn { display: none; font-size: 1.5rem; }
    form.search { flex: 1; max-width: 32rem; margin-left: auto; }
    .layout { display: grid; grid-template-columns: var(--rp-sidebar-width) minmax(0, 1fr); min-height: calc(100vh - var(--rp-header-height)); }
    nav.sidebar { border-right: 1px solid var(--sl-color-neutral-200); background: var(--sl-color-neutral-0); padding: .75rem 0;
      position: sticky; top: var(--rp-header-height); height: calc(100vh - var(--rp-header-height)); overflow-y: auto; }
    main { padding: 1.25rem 1.5rem 3rem; min-width: 0; outline: none; }
    .nav a { display: flex; align-items: center; gap: .6rem; padding: .55rem 1.25rem; color: var(--sl-color-neutral-800); text-decoration: none; }
    .nav a:hover { background: var(--sl-color-neutral-100); }
    .nav a:focus-visible { outline: 2px solid var(--sl-color-primary-600); outline-offset: -2px; }
    .nav a[aria-current="page"] { background: var(--sl-color-primary-50); color: var(--sl-color-primary-700); font-weight: 600;
      box-shadow: inset 3px 0 0 var(--sl-color-primary-600); }
    .nav .section { font-size: var(--sl-font-size-x-small); text-transform: uppercase; letter-spacing: .06em; color: var(--sl-color-neutral-500);
      padding: 1rem 1.25rem .25rem; }
    rp-contribution.header-item { display: inline-flex; align-items: center; }
    .user-name { max-width: 12rem; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; display: inline-block; vertical-align: bottom; }
    .center { display: grid; place-items: center; min-height: 60vh; }
    sl-drawer::part(body) { padding: 0; }
    @media (max-width: 900px) {
      .menu-btn { display: inline-flex; }
      .layout { grid-template-columns: minmax(0, 1fr); }
      nav.sidebar { display: none; }
      main { padding: 1rem .75rem 3rem; }
      header { gap: .5rem; padding: 0 .5rem; }
      .user-name { display: none; }
    }
    @media (max-width: 480px) { .brand { display: none; } }
  `;

  constructor() {
    super();
    this._state = 'loading';
    this._route = currentRoute();
    this._onHash = () => this.routeChanged();
    this._onMetadata = () => this.requestUpdate();
    onUnauthorized(() => {
      if (this._state === 'ready') { this._state = 'login'; this._user = null; setSignedInUser(null); }
    });
  }

  connectedCallback() {
    super.connectedCallback();
    window.addEventListener('hashchange', this._onHash);
    window.addEventListener(CHANGED_EVENT, this._onMetadata);
    this.start();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this._onHash);
    window.removeEventListener(CHANGED_EVENT, this._onMetadata);
  }

  async start() {
    try {
      const setup = await api.get('setup');
      if (setup && setup.setUp === false) { this._state = 'setup'; return; }
    } catch { /* an older server without the endpoint: go on */ }
    try {
      const session = await api.get('session');
      if (session?.signedIn === false) { this._state = 'login'; return; }
      await this.enter(session);
    } catch (e) {
      if (e.status === 401) { this._state = 'login'; return; }
      this._error = e.message;
      this._state = 'error';
    }
  }

  async enter(session) {
    // A customer (an external principal of an account) belongs in the customer portal, signed in there by the same session.
    if (session.user?.accountId) { location.replace('/portal/'); return; }
    setCsrfToken(session.csrfToken); // none when opened offline: asked again before anything is sent
    await serviceWorkerSignedIn(session.user);
    this._user = session.user;
    setSignedInUser(session.user);
    setOutboxUser(session.user.id);
    await Promise.all([loadMetadata(true), loadContributions()]);
    this._state = 'ready';
  }

  async routeChanged() {
    this._route = currentRoute();
    this.renderRoot.querySelector('sl-drawer')?.hide();
    window.scrollTo(0, 0);
    this.updateComplete.then(() => this.renderRoot.querySelector('main')?.focus({ preventScroll: true }));
    if (this._state === 'ready') {
      await loadContributions();
      this.requestUpdate();
    }
  }

  async signOut() {
    // edits made offline stay on the device only while their user is signed in: sent first if they can be, else confirmed lost
    await flush();
    const { waiting, conflicts, refused } = await outboxCounts();
    const unsent = waiting + conflicts + refused;
    if (unsent && !window.confirm(`${unsent} ${unsent === 1 ? 'change' : 'changes'} made offline could not be saved yet. Sign out and discard ${unsent === 1 ? 'it' : 'them'}?`)) return;
    if (unsent) await discardAll();
    try { await api.del('session'); } catch (e) { if (e.status !== 401) toastError(e); }
    setOutboxUser(null);
    await serviceWorkerSignedOut();
    setCsrfToken(null);
    clearMetadata();
    forgetNames();
    setSignedInUser(null);
    this._user = null;
    this._state = 'login';
    if (location.hash && location.hash !== '#/') navigate('');
  }

  search(e) {
    e.preventDefault();
    const input = this.renderRoot.querySelector('form.search sl-input');
    const q = input.value.trim();
    if (q) navigate('search', { q });
  }

  nav(prefix) {
    const path = this._route.segments;
    const cur = (first, second) => (path[0] === first && (second === undefined || path[1] === second) ? 'page' : 'false');
    const admin = this._user?.roles?.includes('admin');
    const section = s => html`<div class="section" role="presentation" data-testid="${prefix}-section-${s.label}">${s.label}</div>
      ${s.pages.map(p => html`<a role="listitem" href=${href('page', p.id)} aria-current=${cur('page', p.id)}
        data-testid="${prefix}-page-${p.id}"><sl-icon name="puzzle"></sl-icon>${p.label}</a>`)}
      ${s.types.map(t => html`<a role="listitem" href=${href(t.pluralApiName)} aria-current=${cur(t.pluralApiName)} data-testid="${prefix}-${t.pluralApiName}">
        <sl-icon name=${TYPE_ICONS[t.apiName] || 'grid'}></sl-icon>${t.pluralLabel}</a>`)}`;
    return html`<div class="nav" role="list">
      <a role="listitem" href="#/" aria-current=${path.length === 0 ? 'page' : 'false'} data-testid="${prefix}-home"><sl-icon name="house"></sl-icon>Home</a>
      ${navigationSections(metadata().types, contributions('NAVIGATION')).map(section)}
      ${admin ? html`<div class="section" role="presentation">Settings</div><a role="listitem" href=${href('admin', 'users')} aria-current=${cur('admin')} data-testid="${prefix}-admin">
        <sl-icon name="gear"></sl-icon>Administration</a>` : nothing}
    </div>`;
  }

  page() {
    const { segments: [a, b, c], params } = this._route;
    const md = metadata();
    if (!a) return html`<rp-home-page .user=${this._user}></rp-home-page>`;
    if (a === 'search') return html`<rp-search-page .q=${params.get('q') || ''}></rp-search-page>`;
    if (a === 'admin') return html`<rp-admin-page .section=${b} .arg=${c} .user=${this._user}></rp-admin-page>`;
    if (a === 'page') {
      const item = contributions('NAVIGATION').find(p => p.id === b);
      return item ? html`<h1>${item.label}</h1><rp-contribution .item=${item}></rp-contribution>`
        : html`<p class="empty">This page is not installed (any more).</p>`;
    }
    const type = md.typeByPlural(a);
    if (!type) return html`<h1>Not found</h1><p>There is no page at “${this._route.path}”. <a href="#/">Go home</a></p>`;
    if (!b) return html`<rp-list-page .plural=${a} .params=${params}></rp-list-page>`;
    if (b === 'new') return html`<rp-new-record-page .plural=${a} .params=${params}></rp-new-record-page>`;
    return html`<rp-record-page .plural=${a} .recordId=${b}></rp-record-page>`;
  }

  render() {
    return html`<rp-health-banner></rp-health-banner>${this.body()}`;
  }

  body() {
    switch (this._state) {
      case 'loading': return html`<div class="center"><sl-spinner style="font-size:2rem" aria-label="Loading"></sl-spinner></div>`;
      case 'error': return html`<div class="center"><sl-alert variant="danger" open>The console could not start: ${this._error}
        <sl-button size="small" @click=${() => location.reload()}>Retry</sl-button></sl-alert></div>`;
      case 'setup': return html`<rp-setup-page @set-up=${() => { this._state = 'login'; }}></rp-setup-page>`;
      case 'login': return html`<rp-login-page @signed-in=${e => this.enter(e.detail).catch(err => { this._error = err.message; this._state = 'error'; })}></rp-login-page>`;
      default: break;
    }
    const u = this._user;
    return html`
      <header>
        <sl-icon-button class="menu-btn" name="list" label="Open navigation" data-testid="menu-button"
          @click=${() => this.renderRoot.querySelector('sl-drawer').show()}></sl-icon-button>
        <a class="brand" href="#/">Rapport</a>
        <form class="search" role="search" @submit=${this.search}>
          <sl-input type="search" size="small" placeholder="Search records…" aria-label="Search records" data-testid="global-search"
            .value=${this._route.segments[0] === 'search' ? this._route.params.get('q') || '' : ''}>
            <sl-icon name="search" slot="prefix"></sl-icon></sl-input>
        </form>
        <rp-offline-status></rp-offline-status>
        ${contributions('HEADER_ITEM').map(item => html`<rp-contribution class="header-item" .item=${item}
          data-testid="header-${item.id}"></rp-contribution>`)}
        <sl-dropdown placement="bottom-end">
          <sl-button slot="trigger" variant="text" caret data-testid="user-menu" aria-label="Account of ${u.displayName || u.userName}">
            <sl-icon slot="prefix" name="person-circle"></sl-icon><span class="user-name" data-testid="user-name">${u.displayName || u.userName}</span></sl-button>
          <sl-menu>
            <sl-menu-item disabled>${u.userName}${u.email ? ` · ${u.email}` : ''}</sl-menu-item>
            <sl-menu-item data-testid="sign-out" @click=${this.signOut}><sl-icon slot="prefix" name="box-arrow-right"></sl-icon>Sign out</sl-menu-item>
          </sl-menu>
        </sl-dropdown>
      </header>
      <div class="layout">
        <nav class="sidebar" aria-label="Main">${this.nav('nav')}</nav>
        <main id="main" tabindex="-1">${this.page()}</main>
      </div>
      <sl-drawer placement="start" label="Rapport" data-testid="nav-drawer"><nav aria-label="Main">${this.nav('drawer')}</nav></sl-drawer>`;
  }
}
customElements.define('rapport-app', RapportApp);
