// The "Workflow rules" page: the rules in the order they run, with their last run; a rule opens in the builder
// (./rule-form.js), its test mode (POST /api/v1/workflowRules/{id}/test on a record picked by name) and its run history
// (GET /api/v1/workflowRuleRuns?filter=rule eq '<id>', newest first). Rules are settings: only those who may create
// them (administrators, roles with manageSettings) get the page; the server refuses everyone else anyway.
import { LitElement, html, css, nothing } from 'lit';
import { confirmDialog, fetchAll, formatDateTime, problemText, qs, quote, recordTypes, toast, toastError } from '/app/sdk/v1.js';
import './rule-form.js';

const RUNS_SHOWN = 50;
const VIEWS = { rule: 'Rule', test: 'Try it', history: 'History' };

class WorkflowRulesPage extends LitElement {
  static properties = {
    api: { attribute: false },
    _allowed: { state: true },
    _rules: { state: true },
    _lastRuns: { state: true },
    _types: { state: true },
    _automation: { state: true },
    _triggers: { state: true },
    _selected: { state: true },
    _view: { state: true },
    _error: { state: true },
    _testRecord: { state: true },
    _testResult: { state: true },
    _testing: { state: true },
    _runs: { state: true },
    _runsError: { state: true },
  };

  static styles = css`
    :host { display: block; }
    .toolbar { display: flex; gap: .75rem; align-items: center; margin-bottom: 1rem; flex-wrap: wrap; }
    .toolbar .spacer { flex: 1; }
    table { width: 100%; border-collapse: collapse; background: var(--sl-color-neutral-0); margin-bottom: 1.25rem; }
    th, td { text-align: left; padding: .5rem .6rem; border-bottom: 1px solid var(--sl-color-neutral-200); vertical-align: top; }
    th { font-size: var(--sl-font-size-small); color: var(--sl-color-neutral-600); font-weight: var(--sl-font-weight-semibold); }
    tbody tr.rule { cursor: pointer; }
    tbody tr.rule:hover { background: var(--sl-color-neutral-50); }
    tbody tr[aria-selected="true"] { background: var(--sl-color-primary-50); }
    .empty, .muted { color: var(--sl-color-neutral-600); }
    .log { white-space: pre-wrap; margin: 0; font-size: var(--sl-font-size-small); }
    h2 { font-size: var(--sl-font-size-large); margin: 0; }
    .result { margin-top: 1rem; }
    .result ol { margin: .5rem 0 0; }
    .try { display: grid; grid-template-columns: minmax(12rem, 24rem) auto; gap: .75rem; align-items: end; }
    .scroll { overflow-x: auto; }
    @media (max-width: 700px) { .hide-narrow { display: none; } .try { grid-template-columns: 1fr; } }
  `;

  constructor() {
    super();
    this._rules = [];
    this._lastRuns = new Map();
    this._view = 'rule';
  }

  willUpdate(changed) {
    if (changed.has('api') && this.api) this.start();
  }

  async start() {
    try {
      const access = await this.api.get('access');
      this._allowed = access?.types?.workflowRule?.create === true;
      if (!this._allowed) return;
      const [types, automation] = await Promise.all([recordTypes(), this.api.get('automation')]);
      this._types = types;
      this._automation = automation;
      this._triggers = types.find(t => t.apiName === 'workflowRule')?.fields.find(f => f.apiName === 'trigger')?.picklistValues || [];
      await this.loadRules();
    } catch (e) {
      this._error = problemText(e);
    }
  }

  async loadRules() {
    const { items } = await fetchAll('workflowRules', { max: 1000 });
    this._rules = items.sort((a, b) => (a.runOrder ?? 100) - (b.runOrder ?? 100) || String(a.name).localeCompare(b.name));
    const last = await Promise.all(this._rules.map(r => this.runsOf(r.id, 1).then(runs => [r.id, runs[0]]).catch(() => [r.id, undefined])));
    this._lastRuns = new Map(last);
  }

  runsOf(ruleId, limit) {
    return this.api.get(`workflowRuleRuns${qs({ filter: `rule eq ${quote(ruleId)}`, sort: '-createdAt', limit })}`).then(p => p.items || []);
  }

  typeLabel(apiName) { return this._types?.find(t => t.apiName === apiName)?.label || apiName; }

  open(rule) {
    this._selected = rule;
    this._view = 'rule';
    this._testRecord = null;
    this._testResult = null;
    this._runs = null;
  }

  showView(view) {
    this._view = view;
    if (view === 'history') this.loadRuns();
  }

  async saved(rule) {
    this._selected = rule;
    await this.loadRules();
  }

  async remove(rule) {
    const sure = await confirmDialog({ label: 'Delete the rule', message: `Delete “${rule.name}” and its run history? Set it inactive to keep them.`,
      confirmLabel: 'Delete', variant: 'danger' });
    if (!sure) return;
    try {
      await this.api.del(`workflowRules/${encodeURIComponent(rule.id)}`, { ifMatch: rule.version });
      toast(`Rule “${rule.name}” deleted`, 'success');
      this._selected = undefined;
      await this.loadRules();
    } catch (e) {
      toastError(e);
    }
  }

  async tryRule() {
    this._testing = true;
    this._testResult = null;
    try {
      const result = await this.api.post(`workflowRules/${encodeURIComponent(this._selected.id)}/test`, { recordId: this._testRecord });
      this._testResult = { ...result };
    } catch (e) {
      this._testResult = { error: problemText(e) };
    } finally {
      this._testing = false;
    }
  }

  async loadRuns() {
    const id = this._selected?.id;
    this._runsError = null;
    try {
      const runs = await this.runsOf(id, RUNS_SHOWN);
      if (this._selected?.id === id) this._runs = runs;
    } catch (e) {
      this._runsError = problemText(e);
    }
  }

  render() {
    if (this._error) return html`<sl-alert variant="danger" open>${this._error}</sl-alert>`;
    if (this._allowed === undefined) return html`<sl-spinner aria-label="Loading"></sl-spinner>`;
    if (!this._allowed) {
      return html`<p class="muted" data-testid="rules-not-allowed">Workflow rules are settings: only administrators and roles with the
        permission to manage settings build them.</p>`;
    }
    return html`${this.list()}${this._selected !== undefined ? this.detail() : nothing}`;
  }

  list() {
    const lastRun = id => {
      const run = this._lastRuns.get(id);
      return run ? html`${run.status} <span class="muted">${formatDateTime(run.createdAt)}</span>` : html`<span class="muted">never ran</span>`;
    };
    return html`<div class="toolbar">
        <span class="muted">Rules run in their order, lowest first, once a change is saved.</span><span class="spacer"></span>
        <sl-button variant="primary" data-testid="rule-new" @click=${() => this.open(null)}><sl-icon slot="prefix" name="plus-lg"></sl-icon>New rule</sl-button>
      </div>
      ${this._rules.length === 0 ? html`<p class="empty" data-testid="rules-empty">No rules yet.</p>` : html`<div class="scroll"><table data-testid="rules">
        <thead><tr><th>Name</th><th>Record type</th><th>When</th><th>Active</th><th class="hide-narrow">Order</th><th>Last run</th></tr></thead>
        <tbody>${this._rules.map(r => html`<tr class="rule" data-testid="rule-${r.name}" aria-selected=${this._selected?.id === r.id ? 'true' : 'false'}
          tabindex="0" @click=${() => this.open(r)} @keydown=${e => { if (e.key === 'Enter') this.open(r); }}>
          <td>${r.name}</td><td>${this.typeLabel(r.recordType)}</td>
          <td>${r.trigger}${r.triggerField ? html` <span class="muted">(${r.triggerField})</span>` : nothing}</td>
          <td>${r.active ? 'Yes' : 'No'}</td><td class="hide-narrow">${r.runOrder ?? ''}</td>
          <td data-testid="rule-last-run">${lastRun(r.id)}</td>
        </tr>`)}</tbody>
      </table></div>`}`;
  }

  detail() {
    const rule = this._selected;
    return html`<div class="toolbar">
        <h2 data-testid="rule-title">${rule ? rule.name : 'New rule'}</h2><span class="spacer"></span>
        ${rule ? html`<sl-radio-group size="small" data-testid="rule-views" value=${this._view} @sl-change=${e => this.showView(e.target.value)}>
          ${Object.entries(VIEWS).map(([k, l]) => html`<sl-radio-button value=${k} data-testid="rule-view-${k}">${l}</sl-radio-button>`)}
        </sl-radio-group>
        <sl-button size="small" variant="danger" outline data-testid="rule-delete" @click=${() => this.remove(rule)}>
          <sl-icon slot="prefix" name="trash"></sl-icon>Delete</sl-button>` : nothing}
      </div>
      ${this._view === 'test' && rule ? this.test(rule) : this._view === 'history' && rule ? this.history() : html`
        <rp-workflow-rule-form-v1 .api=${this.api} .rule=${rule} .types=${this._types} .automation=${this._automation}
          .triggers=${this._triggers} @rule-saved=${e => this.saved(e.detail.rule)}
          @rule-cancel=${() => { this._selected = undefined; }}></rp-workflow-rule-form-v1>`}`;
  }

  test(rule) {
    const r = this._testResult;
    const recordField = { apiName: 'testRecord', label: `A ${this.typeLabel(rule.recordType)} to try the rule on`, type: 'REFERENCE', referenceTo: rule.recordType };
    return html`<p class="muted">Shows what the rule, as saved, would do to the record as it is now. Nothing is changed.</p>
      <div class="try">
        <rp-field-input data-testid="rule-test-record" .field=${recordField} .value=${this._testRecord}
          @value-change=${e => { this._testRecord = e.detail.value; this._testResult = null; }}></rp-field-input>
        <sl-button variant="primary" data-testid="rule-test-run" ?disabled=${!this._testRecord} ?loading=${this._testing}
          @click=${this.tryRule}>Try it</sl-button>
      </div>
      ${r ? html`<div class="result" data-testid="rule-test-result" role="status">
        ${r.error ? html`<sl-alert variant="danger" open>${r.error}</sl-alert>`
          : r.conditionHolds ? html`<strong>The condition holds.</strong> The rule would:
            <ol>${(r.wouldDo || []).map(step => html`<li data-testid="rule-test-step">${step}</li>`)}</ol>`
          : html`<strong>The condition does not hold:</strong> the rule would do nothing to this record.`}
      </div>` : nothing}`;
  }

  history() {
    const runs = this._runs;
    return html`<div class="toolbar"><span class="muted">The last ${RUNS_SHOWN} runs, newest first.</span><span class="spacer"></span>
        <sl-button size="small" data-testid="rule-runs-refresh" @click=${this.loadRuns}><sl-icon slot="prefix" name="arrow-clockwise"></sl-icon>Refresh</sl-button>
      </div>
      ${this._runsError ? html`<sl-alert variant="danger" open>${this._runsError}</sl-alert>` : nothing}
      ${!runs ? html`<sl-spinner aria-label="Loading"></sl-spinner>` : runs.length === 0 ? html`<p class="empty" data-testid="rule-runs-empty">The rule has not run yet.</p>`
        : html`<div class="scroll"><table data-testid="rule-runs">
          <thead><tr><th>When</th><th>Status</th><th>Cause</th><th>What it did</th><th>Error</th><th>Attempts</th></tr></thead>
          <tbody>${runs.map(run => html`<tr data-testid="rule-run">
            <td>${formatDateTime(run.finishedAt || run.createdAt)}</td><td data-testid="rule-run-status">${run.status}</td><td>${run.cause || ''}</td>
            <td><pre class="log">${run.log || ''}</pre></td><td>${run.error || ''}</td><td>${run.attempts ?? ''}</td>
          </tr>`)}</tbody>
        </table></div>`}`;
  }
}
customElements.define('rp-workflow-rules-v1', WorkflowRulesPage);
