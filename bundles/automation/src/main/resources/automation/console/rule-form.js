// The rule builder: a workflow rule written through a form, no JSON. The record type and its fields come from the
// metadata, actions, capability checks and events from GET /api/v1/automation (their settings as field definitions,
// shown with the console's own inputs). Saving sends exactly the record /api/v1/workflowRules takes; a 422 shows each
// error next to the input it names (`triggerField`, `actions[1].parameters.stage`, ...), and the rest above the form.
import { LitElement, html, css, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { filterOperators, operatorsFor, problemText, toast } from '/app/sdk/v1.js';
import {
  DATE_REACHED, EVENT, FIELD_CHANGED, SCHEDULE, UNIT_LABELS, conditionRows, formToRule, fromOptionKey, onChange, optionKey, ruleFields,
  ruleToForm, settableFields,
} from './rule-model.js';

const DATE_TYPES = ['DATE', 'DATE_TIME'];

/** A field as the input for a value to compare or set: money as its amount, lists as text. */
function valueField(field, apiName, label) {
  const type = field?.type === 'MONEY' ? 'DECIMAL' : field?.type === 'MULTI_PICKLIST' ? 'TEXT' : field?.type || 'TEXT';
  return { ...(field || {}), apiName, label, type, required: false, maxLength: null };
}

class RuleForm extends LitElement {
  static properties = {
    api: { attribute: false },
    rule: { attribute: false },
    types: { attribute: false },
    automation: { attribute: false },
    triggers: { attribute: false },
    _form: { state: true },
    _errors: { state: true },
    _saving: { state: true },
  };

  static styles = css`
    :host { display: block; }
    section { border: 1px solid var(--sl-color-neutral-200); border-radius: var(--sl-border-radius-large); padding: 1rem; margin-bottom: 1rem;
      background: var(--sl-color-neutral-0); }
    h3 { margin: 0 0 .75rem; font-size: var(--sl-font-size-medium); font-weight: var(--sl-font-weight-semibold); }
    .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); gap: .75rem; align-items: end; }
    .row { display: grid; grid-template-columns: minmax(8rem, 1fr) minmax(9rem, 1.2fr) minmax(8rem, 1fr) minmax(10rem, 1.5fr) auto; gap: .5rem;
      align-items: end; margin-bottom: .5rem; }
    .pair { display: grid; grid-template-columns: minmax(9rem, 1fr) minmax(10rem, 2fr) auto; gap: .5rem; align-items: end; margin-bottom: .5rem; }
    .card { border: 1px solid var(--sl-color-neutral-300); border-radius: var(--sl-border-radius-medium); padding: .75rem; margin-bottom: .75rem; }
    .card-head { display: flex; gap: .5rem; align-items: end; margin-bottom: .5rem; }
    .card-head sl-select { flex: 1; }
    .number { font-weight: var(--sl-font-weight-semibold); padding-bottom: .5rem; }
    .error { color: var(--sl-color-danger-700); font-size: var(--sl-font-size-small); margin: .25rem 0; }
    .help { color: var(--sl-color-neutral-600); font-size: var(--sl-font-size-small); margin: .25rem 0 .5rem; }
    .buttons { display: flex; gap: .5rem; flex-wrap: wrap; }
    sl-icon-button { font-size: 1.15rem; }
    sl-alert { margin-bottom: 1rem; }
    @media (max-width: 700px) {
      .row, .pair { grid-template-columns: 1fr; border-bottom: 1px solid var(--sl-color-neutral-200); padding-bottom: .5rem; }
    }
  `;

  constructor() {
    super();
    this.types = [];
    this.automation = { actions: [], conditions: [], triggers: [] };
    this.triggers = [];
    this._errors = {};
  }

  willUpdate(changed) {
    if (changed.has('rule') || !this._form) {
      this._form = ruleToForm(this.rule, name => this.type(name));
      this._errors = {};
    }
  }

  type(apiName) { return this.types.find(t => t.apiName === apiName); }

  get recordType() { return this.type(this._form.recordType); }

  set(patch) { this._form = { ...this._form, ...patch }; }

  // --- errors: each shown once, next to the input whose path it names; those no input takes go above the form ---

  err(...paths) {
    const messages = paths.filter(p => this._errors[p]).map(p => { this._placed.add(p); return this._errors[p]; });
    return messages.length ? messages.join(' ') : undefined;
  }

  errorText(...paths) {
    const m = this.err(...paths);
    return m ? html`<div class="error" role="alert" data-testid="error-${paths[0]}">${m}</div>` : nothing;
  }

  // --- editing lists: conditions, checks, actions ---

  setItem(list, i, patch) {
    this.set({ [list]: this._form[list].map((x, j) => (j === i ? { ...x, ...patch } : x)) });
  }

  removeItem(list, i) { this.set({ [list]: this._form[list].filter((_, j) => j !== i) }); }

  moveItem(list, i, by) {
    const items = [...this._form[list]];
    const j = i + by;
    if (j < 0 || j >= items.length) return;
    [items[i], items[j]] = [items[j], items[i]];
    this.set({ [list]: items });
  }

  // --- saving ---

  async save() {
    const body = formToRule(this._form, name => this.type(name));
    this._saving = true;
    this._errors = {};
    try {
      const saved = this._form.id
        ? await this.api.patch(`workflowRules/${encodeURIComponent(this._form.id)}`, body, { ifMatch: this._form.version })
        : await this.api.post('workflowRules', body);
      toast(`Rule “${saved.name}” saved`, 'success');
      this.dispatchEvent(new CustomEvent('rule-saved', { detail: { rule: saved }, bubbles: true, composed: true }));
    } catch (error) {
      const fields = typeof error.fieldErrors === 'function' ? error.fieldErrors() : {};
      this._errors = Object.keys(fields).length ? fields : { '': problemText(error) };
    } finally {
      this._saving = false;
    }
  }

  render() {
    this._placed = new Set();
    const body = html`
      ${this.general()}${this.trigger()}${this.condition()}${this.checks()}${this.actions()}`;
    const loose = Object.entries(this._errors).filter(([path]) => !this._placed.has(path));
    return html`<form @submit=${e => e.preventDefault()} aria-label="Workflow rule">
      ${loose.length ? html`<sl-alert variant="danger" open data-testid="rule-errors">
        <sl-icon slot="icon" name="exclamation-octagon"></sl-icon>The rule was not saved.
        <ul>${loose.map(([path, m]) => html`<li>${path ? html`<code>${path}</code>: ` : nothing}${m}</li>`)}</ul></sl-alert>` : nothing}
      ${body}
      <div class="buttons">
        <sl-button variant="primary" data-testid="rule-save" ?loading=${this._saving} @click=${this.save}>Save rule</sl-button>
        <sl-button data-testid="rule-cancel" @click=${() => this.dispatchEvent(new CustomEvent('rule-cancel', { bubbles: true, composed: true }))}>Cancel</sl-button>
      </div>
    </form>`;
  }

  general() {
    const f = this._form;
    const types = [...this.types].sort((a, b) => String(a.label).localeCompare(b.label));
    return html`<section aria-label="Rule">
      <div class="grid">
        <sl-input label="Name" required data-testid="rule-name" .value=${live(f.name)} maxlength="200"
          @sl-input=${e => this.set({ name: e.target.value })}></sl-input>
        <sl-select label="Record type" required hoist data-testid="rule-record-type" .value=${live(f.recordType || '')}
          @sl-change=${e => this.set({ recordType: e.target.value || null, triggerField: null, fromValue: null, toValue: null, rows: [],
            actions: f.actions.map(a => (a.action === 'record.update' ? { ...a, rows: [] } : a)) })}>
          ${types.map(t => html`<sl-option value=${t.apiName}>${t.label}</sl-option>`)}
        </sl-select>
        <sl-input label="Order (lower runs first)" type="number" step="1" data-testid="rule-order" .value=${live(String(f.runOrder ?? ''))}
          @sl-input=${e => this.set({ runOrder: e.target.value === '' ? null : Number(e.target.value) })}></sl-input>
        <sl-switch data-testid="rule-active" .checked=${live(Boolean(f.active))} @sl-change=${e => this.set({ active: e.target.checked })}>Active</sl-switch>
      </div>
      ${this.errorText('name')}${this.errorText('recordType')}${this.errorText('runOrder')}
      <sl-textarea label="Description" rows="2" resize="auto" data-testid="rule-description" .value=${live(f.description)}
        @sl-input=${e => this.set({ description: e.target.value })}></sl-textarea>
    </section>`;
  }

  fieldSelect(testId, label, fields, value, onPick, error) {
    return html`<sl-select label=${label} hoist data-testid=${testId} .value=${live(value || '')} help-text=${error || ''}
      @sl-change=${e => onPick(e.target.value || null)}>
      ${fields.map(f => html`<sl-option value=${f.apiName}>${f.label}</sl-option>`)}
    </sl-select>`;
  }

  duration(testId, value, onValue) {
    return html`<sl-input type="number" step="any" min="0" label="Amount" data-testid="${testId}-amount" .value=${live(value.amount ?? '')}
        @sl-input=${e => onValue({ ...value, amount: e.target.value === '' ? null : e.target.value })}></sl-input>
      <sl-select label="Unit" hoist data-testid="${testId}-unit" .value=${live(value.unit)} @sl-change=${e => onValue({ ...value, unit: e.target.value })}>
        ${Object.entries(UNIT_LABELS).map(([k, l]) => html`<sl-option value=${k}>${l}</sl-option>`)}
      </sl-select>`;
  }

  trigger() {
    const f = this._form;
    const type = this.recordType;
    const fields = ruleFields(type);
    const field = fields.find(x => x.apiName === f.triggerField);
    let details = nothing;
    if (f.trigger === FIELD_CHANGED) {
      details = html`<div class="grid">
        ${this.fieldSelect('rule-trigger-field', 'Field', settableFields(type), f.triggerField,
          v => this.set({ triggerField: v, fromValue: null, toValue: null }), this.err('triggerField'))}
        ${field ? html`
          <rp-field-input data-testid="rule-from" .field=${valueField(field, 'fromValue', 'Changed from (empty: any value)')}
            .value=${f.fromValue} .error=${this.err('fromValue')} @value-change=${e => this.set({ fromValue: e.detail.value })}></rp-field-input>
          <rp-field-input data-testid="rule-to" .field=${valueField(field, 'toValue', 'Changed to (empty: any value)')}
            .value=${f.toValue} .error=${this.err('toValue')} @value-change=${e => this.set({ toValue: e.detail.value })}></rp-field-input>` : nothing}
      </div>`;
    } else if (f.trigger === DATE_REACHED) {
      details = html`<div class="grid">
        ${this.fieldSelect('rule-trigger-field', 'Date field', fields.filter(x => DATE_TYPES.includes(x.type)), f.triggerField,
          v => this.set({ triggerField: v }), this.err('triggerField'))}
        ${this.duration('rule-offset', f.offset, v => this.set({ offset: v }))}
        <sl-select label="When" hoist data-testid="rule-offset-direction" .value=${live(f.offset.before ? 'before' : 'after')}
          @sl-change=${e => this.set({ offset: { ...f.offset, before: e.target.value === 'before' } })}>
          <sl-option value="after">after the date</sl-option><sl-option value="before">before the date</sl-option>
        </sl-select>
      </div>${this.errorText('offsetMinutes')}`;
    } else if (f.trigger === SCHEDULE) {
      details = html`<div class="grid"><span class="number">Every</span>${this.duration('rule-every', f.every, v => this.set({ every: v }))}</div>
        ${this.errorText('everyMinutes')}`;
    } else if (f.trigger === EVENT) {
      const events = (this.automation.triggers || []).filter(t => !t.recordTypes?.length || t.recordTypes.includes(f.recordType));
      details = html`<sl-select label="Capability event" hoist data-testid="rule-event" .value=${live(f.event || '')}
        help-text=${this.err('event') || (events.length ? '' : 'No installed capability offers events for this record type.')}
        @sl-change=${e => this.set({ event: e.target.value || null })}>
        ${events.map(t => html`<sl-option value=${t.id}>${t.label}</sl-option>`)}
      </sl-select>`;
    }
    return html`<section aria-label="When">
      <h3>When</h3>
      <sl-select label="The rule runs when" hoist data-testid="rule-trigger" .value=${live(optionKey(f.trigger))}
        @sl-change=${e => {
          const trigger = fromOptionKey(e.target.value);
          this.set({ trigger, triggerField: null, rows: onChange(trigger) ? f.rows : f.rows.map(r => ({ ...r, previous: false })) });
        }}>
        ${this.triggers.map(t => html`<sl-option value=${optionKey(t)}>${t}</sl-option>`)}
      </sl-select>
      ${this.errorText('trigger')}
      ${details}
    </section>`;
  }

  condition() {
    const f = this._form;
    const fields = ruleFields(this.recordType);
    const previousAllowed = onChange(f.trigger);
    const conditionRow = (r, i) => {
      const field = fields.find(x => x.apiName === r.field);
      const ops = operatorsFor(field);
      const needsValue = r.op !== 'empty' && r.op !== 'notempty';
      const asText = r.op === 'in' || r.op === 'sw';
      return html`<div class="row" data-testid="condition-${i}">
        <sl-select label="Value" hoist data-testid="condition-${i}-when" .value=${live(r.previous ? 'previous' : 'now')} ?disabled=${!previousAllowed}
          @sl-change=${e => this.setItem('rows', i, { previous: e.target.value === 'previous' })}>
          <sl-option value="now">now</sl-option><sl-option value="previous">before the change</sl-option>
        </sl-select>
        ${this.fieldSelect(`condition-${i}-field`, 'Field', fields, r.field,
          v => this.setItem('rows', i, { field: v, op: operatorsFor(fields.find(x => x.apiName === v))[0], value: null }))}
        <sl-select label="Operator" hoist data-testid="condition-${i}-op" .value=${live(r.op || '')}
          @sl-change=${e => this.setItem('rows', i, { op: e.target.value, value: null })}>
          ${ops.map(o => html`<sl-option value=${o}>${filterOperators[o]}</sl-option>`)}
        </sl-select>
        ${needsValue && field ? html`<rp-field-input data-testid="condition-${i}-value"
          .field=${asText ? valueField({ type: 'TEXT' }, `condition${i}`, r.op === 'in' ? 'Values (comma-separated)' : 'Value') : valueField(field, `condition${i}`, 'Value')}
          .value=${r.value} @value-change=${e => { e.stopPropagation(); this.setItem('rows', i, { value: e.detail.value }); }}></rp-field-input>` : html`<span></span>`}
        <sl-icon-button name="x-lg" label="Remove this condition" data-testid="condition-${i}-remove" @click=${() => this.removeItem('rows', i)}></sl-icon-button>
      </div>`;
    };
    const addRow = () => {
      const field = fields[0];
      this.set({ rows: [...f.rows, { previous: false, field: field?.apiName, op: operatorsFor(field)[0], value: null }] });
    };
    return html`<section aria-label="Only if">
      <h3>Only if</h3>
      ${f.expert ? html`<sl-textarea label="Filter" rows="2" resize="auto" data-testid="rule-condition-text" .value=${live(f.conditionText)}
          help-text="The lists' filter language, for example: employees ge 1000 and previous.industry ne 'Banking'"
          @sl-input=${e => this.set({ conditionText: e.target.value })}></sl-textarea>`
        : html`${f.rows.length > 1 ? html`<sl-radio-group label="Match" size="small" data-testid="condition-combinator" value=${f.combinator}
            @sl-change=${e => this.set({ combinator: e.target.value })}>
            <sl-radio-button value="and">all conditions</sl-radio-button><sl-radio-button value="or">any condition</sl-radio-button>
          </sl-radio-group>` : nothing}
          ${f.rows.length ? nothing : html`<p class="help">No condition: the rule runs on every ${f.trigger.toLowerCase()}.</p>`}
          ${f.rows.map(conditionRow)}
          <sl-button size="small" data-testid="condition-add" ?disabled=${!this.recordType} @click=${addRow}>
            <sl-icon slot="prefix" name="plus-lg"></sl-icon>Add a condition</sl-button>`}
      <sl-button size="small" variant="text" data-testid="condition-expert"
        @click=${this.toggleExpert}>${f.expert ? 'Build it with rows' : 'Write the filter as text'}</sl-button>
      ${this.errorText('condition')}
    </section>`;
  }

  /** Rows to text keeps the condition; text back to rows only when the rows can say what the text says. */
  toggleExpert() {
    const f = this._form;
    if (!f.expert) {
      this.set({ expert: true, conditionText: formToRule(f, n => this.type(n)).condition || '' });
      return;
    }
    const parsed = conditionRows(f.conditionText, ruleFields(this.recordType), onChange(f.trigger));
    if (!parsed) {
      toast('This filter cannot be shown as rows: it stays as text.', 'warning');
      return;
    }
    this.set({ expert: false, rows: parsed.rows, combinator: parsed.combinator });
  }

  /** A step's settings from its field definitions; a setting named `field` picks one of the rule type's fields. */
  parameterInputs(kind, i, definitions, values, onValue) {
    const testId = `${kind === 'actions' ? 'action' : 'check'}-${i}-param`;
    return html`<div class="grid">${(definitions || []).map(p => {
      const path = `${kind}[${i}].parameters.${p.apiName}`;
      if (p.apiName === 'field' && p.type === 'TEXT') {
        return this.fieldSelect(`${testId}-field`, p.label, ruleFields(this.recordType), values.field,
          v => onValue('field', v), this.err(path));
      }
      return html`<rp-field-input data-testid="${testId}-${p.apiName}" .field=${{ ...p, apiName: `${kind}${i}-${p.apiName}` }}
        .value=${values[p.apiName] ?? null} .error=${this.err(path)}
        @value-change=${e => { e.stopPropagation(); onValue(p.apiName, e.detail.value); }}></rp-field-input>`;
    })}</div>`;
  }

  checks() {
    const f = this._form;
    const conditions = this.automation.conditions || [];
    return html`<section aria-label="Also only if">
      <h3>Also only if (checks of capabilities)</h3>
      ${f.checks.map((c, i) => {
        const def = conditions.find(x => x.id === c.condition);
        return html`<div class="card" data-testid="check-${i}">
          <div class="card-head">
            <sl-select label="Check" hoist data-testid="check-${i}-condition" .value=${live(c.condition || '')}
              @sl-change=${e => this.setItem('checks', i, { condition: e.target.value, parameters: {} })}>
              ${conditions.map(x => html`<sl-option value=${x.id}>${x.label}</sl-option>`)}
            </sl-select>
            <sl-icon-button name="trash" label="Remove this check" data-testid="check-${i}-remove" @click=${() => this.removeItem('checks', i)}></sl-icon-button>
          </div>
          ${this.errorText(`checks[${i}]`, `checks[${i}].parameters`)}
          ${this.parameterInputs('checks', i, def?.parameters, c.parameters,
            (name, v) => this.setItem('checks', i, { parameters: { ...c.parameters, [name]: v } }))}
        </div>`;
      })}
      ${this.errorText('checks')}
      <sl-button size="small" data-testid="check-add" ?disabled=${!conditions.length}
        @click=${() => this.set({ checks: [...f.checks, { condition: conditions[0]?.id, parameters: {} }] })}>
        <sl-icon slot="prefix" name="plus-lg"></sl-icon>Add a check</sl-button>
    </section>`;
  }

  /** Rows of field and value, for record.update (fields of the rule's type) and record.create (of the type it creates). */
  valueRows(i, a, type, errorPrefix) {
    const fields = settableFields(type);
    return html`${a.rows.map((r, j) => {
      const field = fields.find(x => x.apiName === r.field);
      const setRow = patch => this.setItem('actions', i, { rows: a.rows.map((x, k) => (k === j ? { ...x, ...patch } : x)) });
      const error = r.field ? this.err(`${errorPrefix}.${r.field}`) : undefined;
      return html`<div class="pair" data-testid="action-${i}-row-${j}">
        ${this.fieldSelect(`action-${i}-row-${j}-field`, 'Field', fields, r.field, v => setRow({ field: v, value: null }))}
        ${field ? html`<rp-field-input data-testid="action-${i}-row-${j}-value" .field=${valueField(field, `action${i}-${j}`, 'Value')}
          .value=${r.value} .error=${error} @value-change=${e => { e.stopPropagation(); setRow({ value: e.detail.value }); }}></rp-field-input>`
          : html`<span class="error">${error || ''}</span>`}
        <sl-icon-button name="x-lg" label="Remove this field" data-testid="action-${i}-row-${j}-remove"
          @click=${() => this.setItem('actions', i, { rows: a.rows.filter((_, k) => k !== j) })}></sl-icon-button>
      </div>`;
    })}
    <sl-button size="small" data-testid="action-${i}-row-add" ?disabled=${!type}
      @click=${() => this.setItem('actions', i, { rows: [...a.rows, { field: null, value: null }] })}>
      <sl-icon slot="prefix" name="plus-lg"></sl-icon>Set a field</sl-button>
    <p class="help">Text values may name the record's values as {{field}}, for example “Call {{name}}”.</p>`;
  }

  actionSettings(a, i) {
    const def = (this.automation.actions || []).find(x => x.id === a.action);
    if (a.action === 'record.update') return this.valueRows(i, a, this.recordType, `actions[${i}].parameters`);
    if (a.action === 'record.create') {
      const types = [...this.types].sort((x, y) => String(x.label).localeCompare(y.label));
      return html`<sl-select label="Record type to create" hoist data-testid="action-${i}-create-type" .value=${live(a.createType || '')}
          help-text=${this.err(`actions[${i}].parameters.type`) || ''}
          @sl-change=${e => this.setItem('actions', i, { createType: e.target.value || null, rows: [] })}>
          ${types.map(t => html`<sl-option value=${t.apiName}>${t.label}</sl-option>`)}
        </sl-select>
        ${this.errorText(`actions[${i}].parameters.values`)}
        ${this.valueRows(i, a, this.type(a.createType), `actions[${i}].parameters.values`)}`;
    }
    return this.parameterInputs('actions', i, def?.parameters, a.parameters,
      (name, v) => this.setItem('actions', i, { parameters: { ...a.parameters, [name]: v } }));
  }

  actions() {
    const f = this._form;
    const actions = this.automation.actions || [];
    return html`<section aria-label="Then">
      <h3>Then, in this order</h3>
      ${f.actions.map((a, i) => html`<div class="card" data-testid="action-${i}">
        <div class="card-head">
          <span class="number">${i + 1}.</span>
          <sl-select label="Action" hoist data-testid="action-${i}-type" .value=${live(a.action || '')}
            @sl-change=${e => this.setItem('actions', i, { action: e.target.value, rows: [], parameters: {}, createType: null })}>
            ${actions.map(x => html`<sl-option value=${x.id}>${x.label}</sl-option>`)}
          </sl-select>
          <sl-icon-button name="arrow-up" label="Move up" data-testid="action-${i}-up" ?disabled=${i === 0} @click=${() => this.moveItem('actions', i, -1)}></sl-icon-button>
          <sl-icon-button name="arrow-down" label="Move down" data-testid="action-${i}-down" ?disabled=${i === f.actions.length - 1}
            @click=${() => this.moveItem('actions', i, 1)}></sl-icon-button>
          <sl-icon-button name="trash" label="Remove this action" data-testid="action-${i}-remove" @click=${() => this.removeItem('actions', i)}></sl-icon-button>
        </div>
        ${this.errorText(`actions[${i}]`, `actions[${i}].parameters`)}
        ${this.actionSettings(a, i)}
      </div>`)}
      ${this.errorText('actions')}
      <sl-button size="small" data-testid="action-add" ?disabled=${!actions.length}
        @click=${() => this.set({ actions: [...f.actions, { action: actions[0]?.id, rows: [], parameters: {}, createType: null }] })}>
        <sl-icon slot="prefix" name="plus-lg"></sl-icon>Add an action</sl-button>
    </section>`;
  }
}
customElements.define('rp-workflow-rule-form-v1', RuleForm);
