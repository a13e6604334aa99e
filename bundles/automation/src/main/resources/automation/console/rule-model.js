// A workflow rule as the builder edits it, and back: the record the REST API takes at /api/v1/workflowRules (trigger
// labels, the condition as filter text, checks and actions as JSON arrays) <-> form state with condition rows, action
// cards and durations in minutes, hours or days. No element here: only what the form needs to read and write rules.
import { conditionText, operatorsFor } from '/app/sdk/v1.js';

/** The trigger labels the server knows (its `trigger` picklist), keyed for the form by what each needs. */
export const FIELD_CHANGED = 'Field changed';
export const DATE_REACHED = 'Date reached';
export const SCHEDULE = 'Schedule';
export const EVENT = 'Capability event';

/** Whether a rule with this trigger fires on a record change, and so may test the values before it (previous.<field>). */
export function onChange(trigger) {
  return ![DATE_REACHED, SCHEDULE, EVENT].includes(trigger);
}

/** Shoelace option values cannot hold spaces: a trigger label as an option value, and back. */
export const optionKey = label => String(label).replaceAll(' ', '_');
export const fromOptionKey = key => String(key).replaceAll('_', ' ');

/** Fields every record has besides its type's own, as rules may name them. */
export const SYSTEM_FIELDS = Object.freeze([
  { apiName: 'owner', label: 'Owner', type: 'OWNER' },
  { apiName: 'createdAt', label: 'Created', type: 'DATE_TIME' },
  { apiName: 'updatedAt', label: 'Last modified', type: 'DATE_TIME' },
]);

/** The fields a rule on `type` can test: its own, then owner and the dates. */
export function ruleFields(type) {
  return [...(type?.fields || []), ...SYSTEM_FIELDS];
}

/** The fields an action may set on a record of `type`: its own, and the owner. */
export function settableFields(type) {
  return [...(type?.fields || []), SYSTEM_FIELDS[0]];
}

const UNITS = { minutes: 1, hours: 60, days: 1440 };
export const UNIT_LABELS = { minutes: 'minutes', hours: 'hours', days: 'days' };

/** Minutes as the largest unit that holds them whole: 2880 -> {amount: 2, unit: 'days'}. */
export function toDuration(minutes) {
  if (minutes === null || minutes === undefined || minutes === '') return { amount: null, unit: 'minutes' };
  const m = Math.abs(Number(minutes));
  const unit = m !== 0 && m % UNITS.days === 0 ? 'days' : m !== 0 && m % UNITS.hours === 0 ? 'hours' : 'minutes';
  return { amount: m / UNITS[unit], unit };
}

/** A duration back in minutes (null while no amount is given); a fractional amount of days or hours is kept exact. */
export function toMinutes({ amount, unit }) {
  if (amount === null || amount === undefined || amount === '') return null;
  const n = Number(amount);
  return Number.isNaN(n) ? amount : Math.round(n * UNITS[unit || 'minutes']);
}

// --- the condition: rows of field, operator and value, or the filter language as typed by an expert ---

const ROW = /^(previous\.)?([A-Za-z_][\w]*)\s+(eq|ne|sw|gt|ge|lt|le)\s+'((?:[^']|'')*)'$/;
const EMPTY_ROW = /^(previous\.)?([A-Za-z_][\w]*)\s+(empty|notempty)$/;
const IN_ROW = /^(previous\.)?([A-Za-z_][\w]*)\s+in\s+\(\s*((?:'(?:[^']|'')*'\s*,?\s*)+)\)$/;

/** Splits a filter at its top-level " and " / " or " (outside quotes and brackets); null if it mixes them. */
function splitTopLevel(text) {
  const parts = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  let combinator = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'") quoted = !quoted;
    else if (!quoted && c === '(') depth++;
    else if (!quoted && c === ')') depth--;
    else if (!quoted && depth === 0 && c === ' ') {
      const word = /^ (and|or) /i.exec(text.slice(i, i + 5));
      if (word) {
        const w = word[1].toLowerCase();
        if (combinator && combinator !== w) return null;
        combinator = w;
        parts.push(text.slice(start, i).trim());
        start = i + word[0].length;
        i = start - 1;
      }
    }
  }
  parts.push(text.slice(start).trim());
  return { parts, combinator: combinator || 'and' };
}

const unquote = s => s.replaceAll("''", "'");

/**
 * The condition as rows when every part is one the rows write (field op 'value', with previous. where the trigger
 * allows it), else null: the form then shows the text to the expert as it was saved.
 */
export function conditionRows(text, fields, allowPrevious) {
  if (!text || !text.trim()) return { rows: [], combinator: 'and' };
  const split = splitTopLevel(text.trim());
  if (!split) return null;
  const rows = [];
  for (const part of split.parts) {
    let m = ROW.exec(part);
    let row;
    if (m) row = { previous: Boolean(m[1]), field: m[2], op: m[3], value: unquote(m[4]) };
    else if ((m = EMPTY_ROW.exec(part))) row = { previous: Boolean(m[1]), field: m[2], op: m[3], value: null };
    else if ((m = IN_ROW.exec(part))) {
      const values = [...m[3].matchAll(/'((?:[^']|'')*)'/g)].map(v => unquote(v[1]));
      row = { previous: Boolean(m[1]), field: m[2], op: 'in', value: values.join(', ') };
    } else return null;
    const field = fields.find(f => f.apiName === row.field);
    if (!field || !operatorsFor(field).includes(row.op) || (row.previous && !allowPrevious)) return null;
    if (field.type === 'BOOLEAN' && row.value !== null) row.value = row.value === 'true';
    rows.push(row);
  }
  return { rows, combinator: split.combinator };
}

/** The rows as one filter: each row's condition, on the value before the change for "previous" rows. */
export function conditionFromRows(rows, combinator, fields) {
  const parts = rows.map(r => {
    const field = fields.find(f => f.apiName === r.field);
    return field ? conditionText(r.previous ? { ...field, apiName: `previous.${field.apiName}` } : field, r.op, r.value) : null;
  }).filter(Boolean);
  return parts.join(` ${combinator === 'or' ? 'or' : 'and'} `);
}

// --- the rule record <-> the form ---

function parseSteps(text) {
  if (!text) return [];
  try {
    const list = JSON.parse(text);
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

/** Field values as rows of the form, in their order: {"stage": "Won"} -> [{field: 'stage', value: 'Won'}]. */
const valueRows = values => Object.entries(values && typeof values === 'object' ? values : {}).map(([field, value]) => ({ field, value }));
const rowValues = rows => Object.fromEntries(rows.filter(r => r.field).map(r => [r.field, r.value ?? null]));

/** A step of the form as the API writes it; record.update and record.create keep their fields as rows. */
export function actionToForm(step) {
  const parameters = step.parameters && typeof step.parameters === 'object' ? step.parameters : {};
  if (step.action === 'record.update') return { action: step.action, rows: valueRows(parameters), parameters: {} };
  if (step.action === 'record.create') {
    const { type, values, ...rest } = parameters;
    return { action: step.action, createType: type ?? null, rows: valueRows(values), parameters: rest };
  }
  return { action: step.action, rows: [], parameters: { ...parameters } };
}

export function actionFromForm(a) {
  if (a.action === 'record.update') return { action: a.action, parameters: rowValues(a.rows) };
  if (a.action === 'record.create') return { action: a.action, parameters: { ...a.parameters, type: a.createType, values: rowValues(a.rows) } };
  const parameters = Object.fromEntries(Object.entries(a.parameters).filter(([, v]) => v !== null && v !== undefined && v !== ''));
  return { action: a.action, parameters };
}

/** A new rule, or a saved one as the form edits it. */
export function ruleToForm(record, typeOf) {
  const r = record || {};
  const type = typeOf(r.recordType);
  const fields = ruleFields(type);
  const trigger = r.trigger || 'Record created';
  const parsed = conditionRows(r.condition || '', fields, onChange(trigger));
  const offset = toDuration(r.offsetMinutes);
  return {
    id: r.id || null,
    version: r.version ?? null,
    name: r.name || '',
    recordType: r.recordType || null,
    trigger,
    triggerField: r.triggerField || null,
    fromValue: r.fromValue ?? null,
    toValue: r.toValue ?? null,
    offset: { ...offset, before: Number(r.offsetMinutes) < 0 },
    every: toDuration(r.everyMinutes ?? 60),
    event: r.event || null,
    expert: parsed === null,
    conditionText: r.condition || '',
    rows: parsed?.rows || [],
    combinator: parsed?.combinator || 'and',
    checks: parseSteps(r.checks).map(c => ({ condition: c.condition, parameters: { ...(c.parameters || {}) } })),
    actions: parseSteps(r.actions).map(actionToForm),
    runOrder: r.runOrder ?? 100,
    active: r.active ?? true,
    description: r.description || '',
  };
}

/** The form as the record the REST API takes: only what the trigger uses, steps as JSON text. */
export function formToRule(form, typeOf) {
  const fields = ruleFields(typeOf(form.recordType));
  const t = form.trigger;
  const text = v => (v === null || v === undefined || v === '' ? null : String(v));
  const offset = toMinutes(form.offset);
  return {
    name: form.name,
    recordType: form.recordType,
    trigger: t,
    triggerField: t === FIELD_CHANGED || t === DATE_REACHED ? form.triggerField : null,
    fromValue: t === FIELD_CHANGED ? text(form.fromValue) : null,
    toValue: t === FIELD_CHANGED ? text(form.toValue) : null,
    offsetMinutes: t === DATE_REACHED ? (offset === null ? null : (form.offset.before ? -offset : offset)) : null,
    everyMinutes: t === SCHEDULE ? toMinutes(form.every) : null,
    event: t === EVENT ? form.event : null,
    condition: (form.expert ? form.conditionText.trim() : conditionFromRows(form.rows, form.combinator, fields)) || null,
    checks: form.checks.length ? JSON.stringify(form.checks.map(c => ({ condition: c.condition, parameters: c.parameters }))) : null,
    actions: JSON.stringify(form.actions.map(actionFromForm)),
    runOrder: form.runOrder === '' || form.runOrder === null ? 100 : form.runOrder,
    active: form.active,
    description: form.description || null,
  };
}
