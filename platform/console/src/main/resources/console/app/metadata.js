// The metadata cache: record types and their fields, loaded once and reloaded when an admin adds a field.
import { api } from './api.js';

/** Fields every record has; not in a type's `fields`. User ids are shown as users (type OWNER). */
export const SYSTEM_FIELDS = Object.freeze([
  { apiName: 'owner', label: 'Owner', type: 'OWNER', system: true, writable: true },
  { apiName: 'createdAt', label: 'Created', type: 'DATE_TIME', system: true },
  { apiName: 'updatedAt', label: 'Last modified', type: 'DATE_TIME', system: true },
  { apiName: 'createdBy', label: 'Created by', type: 'OWNER', system: true },
  { apiName: 'updatedBy', label: 'Modified by', type: 'OWNER', system: true },
]);

export const CHANGED_EVENT = 'rapport-metadata-changed';

let current = null;
let loading = null;

class Metadata {
  constructor(types) {
    this.types = types;
    this.byName = new Map(types.map(t => [t.apiName, t]));
    this.byPlural = new Map(types.map(t => [t.pluralApiName, t]));
  }
  type(apiName) { return this.byName.get(apiName); }
  typeByPlural(plural) { return this.byPlural.get(plural); }
  /** The type's own fields followed by the system fields. */
  allFields(type) { return [...type.fields, ...SYSTEM_FIELDS]; }
  field(type, apiName) { return this.allFields(type).find(f => f.apiName === apiName); }
  /** [ {type, field} ] for every REFERENCE field pointing at `type`: the related lists of its records. */
  referencesTo(type) {
    const out = [];
    for (const t of this.types) for (const f of t.fields) if (f.type === 'REFERENCE' && f.referenceTo === type.apiName) out.push({ type: t, field: f });
    return out;
  }
}

/** The loaded metadata (after `loadMetadata` resolved once). */
export function metadata() { return current; }

export async function loadMetadata(force = false) {
  if (current && !force) return current;
  if (!loading) {
    loading = api.get('metadata').then(body => {
      current = new Metadata(body.types || []);
      window.dispatchEvent(new CustomEvent(CHANGED_EVENT, { detail: current }));
      return current;
    }).finally(() => { loading = null; });
  }
  return loading;
}

export function clearMetadata() { current = null; }

/** The name shown for a record: first + last name for contacts, else the type's name field. */
export function recordName(type, record) {
  if (!record) return '';
  if (type?.apiName === 'contact') {
    const n = [record.firstName, record.lastName].filter(Boolean).join(' ');
    if (n) return n;
  }
  const v = type ? record[type.nameField] : null;
  return v === null || v === undefined || v === '' ? `${type?.label || 'Record'} ${String(record.id).slice(0, 8)}` : String(v);
}

/**
 * The navigation's sections, in order: the platform's own record types ("Records"), one section per capability with
 * its pages (in their order) and record types (by label), from each type's and page's `capability`, and pages of no
 * capability ("Apps").
 * Child types (those with a `parentField`) are left out: their records are listed on their parent's page.
 */
export function navigationSections(types, pages) {
  const RECORDS = 'Records';
  const APPS = 'Apps';
  const sections = new Map([[RECORDS, { label: RECORDS, types: [], pages: [] }]]);
  const section = label => {
    if (!sections.has(label)) sections.set(label, { label, types: [], pages: [] });
    return sections.get(label);
  };
  for (const t of types) if (!t.parentField) section(t.capability || RECORDS).types.push(t);
  for (const p of pages) section(p.capability || APPS).pages.push(p);
  const rank = s => (s.label === RECORDS ? 0 : s.label === APPS ? 2 : 1);
  for (const s of sections.values()) s.types.sort((a, b) => String(a.pluralLabel).localeCompare(b.pluralLabel));
  return [...sections.values()].filter(s => s.types.length || s.pages.length)
    .sort((a, b) => rank(a) - rank(b) || a.label.localeCompare(b.label));
}

/**
 * Whether lists of `type` are offered sorted by `field`: the server names the orders it serves without sorting the
 * whole table (on a large table, those an index holds). Money is not offered: amounts in different currencies do not compare.
 */
export function isSortable(type, field) {
  return field.type !== 'MONEY' && (type?.sortableFields || []).includes(field.apiName);
}
