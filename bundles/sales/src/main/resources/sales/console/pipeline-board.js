// The pipeline board: one column per active stage of a sales process, with its opportunities, their count and total
// amount (per currency). Dragging a card to another column moves the opportunity there (PATCH with If-Match); when
// the stage requires fields the opportunity lacks, a dialog asks for them first, and a 422 from the server asks for
// the fields it names. A 409 (changed meanwhile) reloads the columns and says so.
//
// Drag and drop is SortableJS in its pointer-event fallback mode (forceFallback): it works with touch, inside shadow
// roots, and with WebDriver's pointer actions, which native HTML5 drag and drop does not.
import { LitElement, html, css, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import Sortable from './vendor/sortablejs/sortable.esm.js';
import { fetchAll, formatDate, formatMoney, problemText, quote, recordHref, toast } from '/app/sdk/v1.js';
import { Lookups, addDays, baseStyles, formatSums, isEmptyValue, sumByCurrency } from './sales-common.js';

const PROCESS_KEY = 'rapport.sales.pipeline.process';
/** Cards rendered per column at first; "Show more" adds as many. Totals always cover every loaded card. */
const SHOWN = 50;
/** Opportunities loaded per column at most (for the total); the count always covers all. */
const MAX_PER_COLUMN = 2000;
/** Closed columns show only recent deals; the rest of history is in the lists and reports. */
const CLOSED_DAYS = 30;

function requiredFieldsOf(stage) {
  return String(stage?.requiredFields || '').split(',').map(s => s.trim()).filter(Boolean);
}

class PipelineBoard extends LitElement {
  static properties = {
    api: { attribute: false },
    _processes: { state: true },
    _process: { state: true },
    _stages: { state: true },
    _columns: { state: true },
    _error: { state: true },
    _ask: { state: true },
    _names: { state: true },
    _users: { state: true },
  };

  static styles = [baseStyles, css`
    .toolbar { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; margin-bottom: 1rem; }
    .toolbar .spacer { flex: 1; }
    .board { display: flex; gap: .75rem; overflow-x: auto; padding-bottom: .75rem; scroll-snap-type: x proximity;
      -webkit-overflow-scrolling: touch; align-items: flex-start; }
    .column { flex: 0 0 17rem; min-width: 0; background: var(--sl-color-neutral-100); border-radius: var(--sl-border-radius-large);
      display: flex; flex-direction: column; scroll-snap-align: start; }
    .column header { padding: .6rem .75rem .4rem; border-bottom: 1px solid var(--sl-color-neutral-200); }
    .column h2 { font-size: var(--sl-font-size-medium); font-weight: var(--sl-font-weight-semibold); margin: 0;
      display: flex; align-items: center; gap: .4rem; }
    .column h2 .name { flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .total { font-size: var(--sl-font-size-small); color: var(--sl-color-neutral-700); font-variant-numeric: tabular-nums; margin-top: .15rem; }
    .hint { font-size: var(--sl-font-size-x-small); color: var(--sl-color-neutral-500); }
    .won { box-shadow: inset 0 3px 0 var(--sl-color-success-500); }
    .lost { box-shadow: inset 0 3px 0 var(--sl-color-neutral-400); }
    .cards { display: flex; flex-direction: column; gap: .5rem; padding: .5rem; min-height: 5rem; }
    @media (min-width: 700px) { .cards { max-height: calc(100vh - 15rem); overflow-y: auto; } }
    .card { background: var(--sl-color-neutral-0); border: 1px solid var(--sl-color-neutral-200); border-radius: var(--sl-border-radius-medium);
      padding: .5rem .6rem; cursor: grab; user-select: none; touch-action: manipulation; box-shadow: var(--sl-shadow-x-small); }
    .card:hover { border-color: var(--sl-color-primary-300); }
    .card .title { font-weight: var(--sl-font-weight-semibold); overflow-wrap: anywhere; }
    .card .account { font-size: var(--sl-font-size-small); color: var(--sl-color-neutral-700); overflow-wrap: anywhere; }
    .card .row { display: flex; justify-content: space-between; gap: .5rem; font-size: var(--sl-font-size-small); margin-top: .25rem; }
    .card .amount { font-weight: var(--sl-font-weight-semibold); font-variant-numeric: tabular-nums; }
    .card .owner { font-size: var(--sl-font-size-x-small); color: var(--sl-color-neutral-600); margin-top: .15rem; }
    .card.pending { opacity: .6; cursor: progress; }
    .card.ghost { opacity: .35; border-style: dashed; }
    .card.dragging { box-shadow: var(--sl-shadow-large); transform: rotate(2deg); }
    .more { margin: 0 .5rem .5rem; }
    .column .state { padding: .5rem .75rem; }
    @media (max-width: 640px) {
      .column { flex-basis: min(85vw, 20rem); }
    }
  `];

  constructor() {
    super();
    this._columns = {};
    this._names = new Map();
    this._users = new Map();
    this._sortables = new Map();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    for (const s of this._sortables.values()) s.destroy();
    this._sortables.clear();
  }

  updated(changed) {
    if (changed.has('api') && this.api) this.start();
    this.bindSortables();
  }

  async start() {
    this._lookups = new Lookups(this.api);
    try {
      const [stages, users] = await Promise.all([
        fetchAll('salesStages', { filter: 'active eq true', sort: 'position' }),
        this._lookups.userNames(),
      ]);
      this._users = users;
      this._allStages = stages.items;
      const processes = [...new Set(stages.items.map(s => s.process).filter(Boolean))].sort();
      this._processes = processes;
      const remembered = localStorage.getItem(PROCESS_KEY);
      this.selectProcess(processes.includes(remembered) ? remembered : processes.includes('Standard') ? 'Standard' : processes[0]);
    } catch (e) {
      this._error = problemText(e);
    }
  }

  selectProcess(process) {
    this._process = process;
    if (process) localStorage.setItem(PROCESS_KEY, process);
    this._stages = (this._allStages || []).filter(s => s.process === process).sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
    this._columns = {};
    for (const s of this._stages) this.loadColumn(s.name);
  }

  stage(name) { return this._stages?.find(s => s.name === name); }

  isClosed(stage) { return stage?.outcome === 'Won' || stage?.outcome === 'Lost'; }

  columnFilter(stage) {
    let f = `salesProcess eq ${quote(this._process)} and stage eq ${quote(stage.name)}`;
    if (this.isClosed(stage)) f += ` and closedAt ge ${quote(addDays(new Date(), -CLOSED_DAYS).toISOString())}`;
    return f;
  }

  setColumn(name, patch) {
    const old = this._columns[name] || { items: [], shown: SHOWN, gen: 0 };
    this._columns = { ...this._columns, [name]: { ...old, ...patch } };
  }

  async loadColumn(name) {
    const stage = this.stage(name);
    if (!stage) return;
    const process = this._process;
    this.setColumn(name, { loading: true, error: null });
    try {
      const page = await fetchAll('opportunities', {
        filter: this.columnFilter(stage), sort: this.isClosed(stage) ? '-closedAt' : 'closeDate', max: MAX_PER_COLUMN });
      if (process !== this._process) return;
      const old = this._columns[name];
      this.setColumn(name, { items: page.items, total: page.total, complete: page.complete, loading: false, gen: (old?.gen || 0) + 1 });
      this.resolveNames(page.items);
    } catch (e) {
      if (process === this._process) this.setColumn(name, { loading: false, error: problemText(e) });
    }
  }

  async resolveNames(items) {
    const names = await this._lookups.recordNames('accounts', 'name', items.map(o => o.account));
    this._names = new Map([...this._names, ...names]);
  }

  // --- drag and drop ---

  bindSortables() {
    for (const [el, s] of this._sortables) {
      if (!el.isConnected) { s.destroy(); this._sortables.delete(el); }
    }
    for (const el of this.renderRoot.querySelectorAll('.cards')) {
      if (this._sortables.has(el)) continue;
      this._sortables.set(el, Sortable.create(el, {
        group: 'rp-sales-pipeline',
        sort: false,
        forceFallback: true,
        fallbackOnBody: false,
        fallbackTolerance: 4,
        // on touch screens a short press starts a drag, so a swipe still scrolls the board
        delay: 150,
        delayOnTouchOnly: true,
        animation: 120,
        draggable: '.card',
        filter: '.pending',
        preventOnFilter: false,
        emptyInsertThreshold: 24,
        ghostClass: 'ghost',
        dragClass: 'dragging',
        onEnd: e => this.dropped(e),
      }));
    }
  }

  dropped(e) {
    const from = e.from.dataset.stage;
    const to = e.to.dataset.stage;
    if (from === to) return;
    const id = e.item.dataset.id;
    // Sortable moved the element itself; the lists are Lit's: rebuild both columns from the data instead.
    this.moveLocal(id, from, to, { pending: true });
    const opportunity = this._columns[to].items.find(o => o.id === id);
    this.changeStage(opportunity, from, to);
  }

  /** Moves a card between columns in the data (and the DOM with it); adjusts counts. */
  moveLocal(id, from, to, flags = {}) {
    const src = this._columns[from];
    const dst = this._columns[to];
    const card = src.items.find(o => o.id === id);
    if (!card) return;
    const moved = { ...card, ...flags };
    this.setColumn(from, { items: src.items.filter(o => o.id !== id), total: Math.max(0, (src.total ?? 1) - 1), gen: src.gen + 1 });
    this.setColumn(to, { items: [moved, ...dst.items], total: (dst.total ?? 0) + 1, gen: dst.gen + 1 });
  }

  replaceLocal(stageName, record) {
    const col = this._columns[stageName];
    this.setColumn(stageName, { items: col.items.map(o => (o.id === record.id ? record : o)), gen: col.gen + 1 });
  }

  /** Without the metadata the board cannot ask for fields; the server still checks them, and the card goes back. */
  opportunityFields() {
    return this._lookups.fieldsOf('opportunity').catch(() => new Map());
  }

  async changeStage(opportunity, from, to) {
    const fields = await this.opportunityFields();
    const missing = requiredFieldsOf(this.stage(to)).filter(f => fields.has(f) && isEmptyValue(opportunity[f]));
    if (missing.length) {
      this.ask(opportunity, from, to, missing.map(f => fields.get(f)));
    } else {
      await this.save(opportunity, from, to, {});
    }
  }

  async save(opportunity, from, to, values) {
    try {
      const updated = await this.api.patch(`opportunities/${encodeURIComponent(opportunity.id)}`, { stage: to, ...values },
        { ifMatch: opportunity.version });
      this.replaceLocal(to, updated);
      if (this._ask) { this.dialog.done(); this._ask = null; }
      toast(`“${updated.name}” moved to ${to}.`, 'success');
    } catch (e) {
      await this.failed(e, opportunity, from, to, values);
    }
  }

  async failed(e, opportunity, from, to, values) {
    if (e.status === 422) {
      const fields = await this.opportunityFields();
      const named = (e.errors || []).filter(x => x.field && x.field !== 'stage' && fields.has(x.field));
      if (named.length && named.length === (e.errors || []).length) {
        const asked = this._ask?.fields?.map(f => f.apiName) || [];
        const all = [...new Set([...asked, ...named.map(x => x.field)])];
        const errors = Object.fromEntries(named.filter(x => asked.includes(x.field)).map(x => [x.field, x.message]));
        this.ask(opportunity, from, to, all.map(f => fields.get(f)), { values, errors });
        return;
      }
    }
    if (this._ask) { this.dialog.done(); this._ask = null; }
    if (e.status === 409 || e.status === 412) {
      toast(`“${opportunity.name}” was changed by someone else meanwhile, so it was not moved. The board shows it as it is now; try again.`, 'warning');
      this.loadColumn(from);
      this.loadColumn(to);
      return;
    }
    this.moveLocal(opportunity.id, to, from, { pending: false });
    toast(`“${opportunity.name}” could not be moved to ${to}: ${problemText(e)}`, 'danger');
  }

  get dialog() { return this.renderRoot.querySelector('rp-form-dialog'); }

  async ask(opportunity, from, to, fields, { values = {}, errors = {} } = {}) {
    const open = Boolean(this._ask);
    this._ask = { opportunity, from, to, fields, values, errors, busy: false };
    if (!open) {
      window.getSelection()?.removeAllRanges(); // a drag across text leaves it selected
      await this.updateComplete;
      this.dialog.show();
    }
  }

  async submitAsked(e) {
    const { opportunity, from, to } = this._ask;
    this._ask = { ...this._ask, values: e.detail.values, busy: true };
    await this.save(opportunity, from, to, e.detail.values);
    if (this._ask) this._ask = { ...this._ask, busy: false };
  }

  cancelAsked() {
    const { opportunity, from, to } = this._ask;
    this._ask = null;
    this.moveLocal(opportunity.id, to, from, { pending: false });
  }

  // --- rendering ---

  renderCard(o) {
    const account = o.account ? this._names.get(o.account) : '';
    return html`<div class="card ${o.pending ? 'pending' : ''}" data-id=${o.id} data-testid="card-${o.id}">
      <div class="title"><a href=${recordHref('opportunities', o.id)} draggable="false">${o.name}</a></div>
      ${account ? html`<div class="account">${account}</div>` : nothing}
      <div class="row"><span class="amount">${formatMoney(o.amount)}</span><span class="date" title="Close date">${formatDate(o.closeDate)}</span></div>
      ${o.owner ? html`<div class="owner">${this._users.get(o.owner) || ''}</div>` : nothing}
    </div>`;
  }

  renderColumn(stage) {
    const col = this._columns[stage.name] || { items: [], shown: SHOWN, gen: 0, loading: true };
    const cls = stage.outcome === 'Won' ? 'won' : stage.outcome === 'Lost' ? 'lost' : '';
    const shown = col.items.slice(0, col.shown);
    return html`<section class="column ${cls}" data-testid="stage-${stage.name}" aria-label=${stage.name}>
      <header>
        <h2><span class="name" title=${stage.name}>${stage.name}</span>
          <sl-badge variant="neutral" pill data-testid="count-${stage.name}">${col.total ?? col.items.length}</sl-badge></h2>
        <div class="total" data-testid="total-${stage.name}">${formatSums(sumByCurrency(col.items))}${col.complete === false ? ' +' : ''}</div>
        ${this.isClosed(stage) ? html`<div class="hint">closed in the last ${CLOSED_DAYS} days</div>`
          : html`<div class="hint">${stage.probability ?? ''}${stage.probability !== undefined && stage.probability !== null ? ' %' : ''}</div>`}
      </header>
      ${col.error ? html`<div class="state error" role="alert">${col.error}</div>` : nothing}
      <div class="cards" data-stage=${stage.name} data-testid="stage-cards-${stage.name}">${keyed(col.gen, shown.map(o => this.renderCard(o)))}</div>
      ${col.loading && !col.items.length ? html`<div class="state"><sl-spinner aria-label="Loading"></sl-spinner></div>` : nothing}
      ${col.items.length > col.shown ? html`<sl-button class="more" size="small" variant="text"
        @click=${() => this.setColumn(stage.name, { shown: col.shown + SHOWN, gen: col.gen + 1 })}>Show ${Math.min(SHOWN, col.items.length - col.shown)} more</sl-button>` : nothing}
    </section>`;
  }

  renderDialog() {
    const a = this._ask;
    return html`<rp-form-dialog label=${a ? `Move to ${a.to}` : ''} submit-label=${a ? `Move to ${a.to}` : 'Save'}
      intro=${a ? `To move “${a.opportunity.name}” to ${a.to}, fill in:` : ''}
      .fields=${(a?.fields || []).map(f => ({ ...f, required: true }))} .values=${a?.values || {}} .errors=${a?.errors || {}} ?busy=${a?.busy}
      @form-submit=${this.submitAsked} @form-cancel=${this.cancelAsked}></rp-form-dialog>`;
  }

  render() {
    if (this._error) return html`<sl-alert variant="danger" open>The pipeline cannot be shown: ${this._error}</sl-alert>`;
    if (!this._stages) return html`<sl-spinner aria-label="Loading"></sl-spinner>`;
    const processes = this._processes || [];
    return html`
      <div class="toolbar">
        ${processes.length > 1 ? html`<sl-select label="Sales process" size="small" data-testid="process-picker"
            value=${`p${processes.indexOf(this._process)}`} @sl-change=${e => this.selectProcess(processes[Number(e.target.value.slice(1))])}>
            ${processes.map((p, i) => html`<sl-option value="p${i}" data-testid="process-${p}">${p}</sl-option>`)}</sl-select>`
          : html`<span class="muted">Sales process: ${this._process || '—'}</span>`}
        <span class="spacer"></span>
        <sl-button size="small" data-testid="pipeline-reload" @click=${() => this.selectProcess(this._process)}>
          <sl-icon slot="prefix" name="arrow-clockwise"></sl-icon>Reload</sl-button>
      </div>
      ${this._stages.length === 0 ? html`<p class="empty">This sales process has no active stages.</p>` : nothing}
      <div class="board" data-testid="pipeline-board">${this._stages.map(s => this.renderColumn(s))}</div>
      ${this.renderDialog()}`;
  }
}

if (!customElements.get('rp-sales-pipeline-v1')) customElements.define('rp-sales-pipeline-v1', PipelineBoard);
