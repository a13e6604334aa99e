// Helpers shared by the sales console modules: names of referenced records and users, money sums per currency, dates
// and periods. The API client, formatting, toasts, dialogs and field inputs come from the console SDK.
import { css } from 'lit';
import { formatMoney, qs, quote, recordTypes } from '/app/sdk/v1.js';

/**
 * Look-ups one element makes while it is shown: user names and names of referenced records, each fetched once. Kept
 * per element, not per page, so a later sign-in as someone else shows on the next page without a reload. Record types
 * are the console's own (kept current when an administrator adds a field).
 */
export class Lookups {
  constructor(api) {
    this.api = api;
    this._users = null;
    this._names = new Map();
  }

  /** The record types of the metadata, as the console keeps them. */
  recordTypes() {
    return recordTypes();
  }

  /** The field definitions of a record type, by api name. */
  async fieldsOf(typeName) {
    const type = (await this.recordTypes()).find(t => t.apiName === typeName);
    return new Map((type?.fields || []).map(f => [f.apiName, f]));
  }

  /** User id -> display name (every signed-in user may list users); empty when they cannot be read. */
  userNames() {
    if (!this._users) {
      this._users = this.api.get('users')
        .then(b => new Map((Array.isArray(b) ? b : b.items || []).map(u => [u.id, u.displayName || u.userName])))
        .catch(() => new Map());
    }
    return this._users;
  }

  /**
   * Display names of records of one type by id, fetched in batches with an `id in (...)` filter. An id that cannot
   * be read gets an empty name (the caller shows nothing rather than an id).
   */
  async recordNames(plural, nameField, ids) {
    const wanted = [...new Set(ids.filter(Boolean))];
    const missing = wanted.filter(id => !this._names.has(`${plural}:${id}`));
    for (let i = 0; i < missing.length; i += 100) {
      const batch = missing.slice(i, i + 100);
      const lookup = this.api.get(`${plural}${qs({ filter: `id in (${batch.map(quote).join(',')})`, limit: batch.length })}`)
        .then(page => new Map(page.items.map(r => [r.id, displayName(r, nameField)])))
        .catch(() => new Map());
      for (const id of batch) this._names.set(`${plural}:${id}`, lookup.then(m => m.get(id) ?? ''));
    }
    const names = await Promise.all(wanted.map(id => this._names.get(`${plural}:${id}`)));
    return new Map(wanted.map((id, i) => [id, names[i]]));
  }
}

/** The name of a record: first and last name for people, else its name field. */
export function displayName(record, nameField = 'name') {
  if (!record) return '';
  const person = [record.firstName, record.lastName].filter(Boolean).join(' ');
  return person || String(record[nameField] ?? '');
}

export function isEmptyValue(v) {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)
    || (typeof v === 'object' && !Array.isArray(v) && 'amount' in v && (v.amount === null || v.amount === undefined || v.amount === ''));
}

/** Sum of the money field of records, per currency: Map currency -> amount (records without an amount left out). */
export function sumByCurrency(records, field = 'amount') {
  const sums = new Map();
  for (const r of records) {
    const m = r[field];
    if (!m || m.amount === null || m.amount === undefined) continue;
    const c = m.currency || 'EUR';
    sums.set(c, (sums.get(c) || 0) + Number(m.amount));
  }
  return sums;
}

/** "€12,300.00 · $5,000.00"; empty sums as an em dash. */
export function formatSums(sums, options) {
  if (!sums.size) return '—';
  return [...sums.entries()].sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, amount]) => formatMoney({ amount, currency }, options)).join(' · ');
}

function p2(n) { return String(n).padStart(2, '0'); }

/** A local date as YYYY-MM-DD. */
export function isoDate(d) {
  return `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())}`;
}

export function addDays(d, days) {
  const out = new Date(d);
  out.setDate(out.getDate() + days);
  return out;
}

/** The period key of a date: "2026-11" (month), "2026-Q4" (quarter) or "2026" (year). */
export function periodOf(kind, d = new Date()) {
  if (kind === 'month') return `${d.getFullYear()}-${p2(d.getMonth() + 1)}`;
  if (kind === 'year') return String(d.getFullYear());
  return `${d.getFullYear()}-Q${Math.floor(d.getMonth() / 3) + 1}`;
}

/** The first and last day of a period key, as local dates. */
export function periodRange(period) {
  let m = /^(\d{4})-Q([1-4])$/.exec(period);
  if (m) { const y = +m[1]; const q = +m[2]; return [new Date(y, (q - 1) * 3, 1), new Date(y, q * 3, 0)]; }
  m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) { const y = +m[1]; const mo = +m[2]; return [new Date(y, mo - 1, 1), new Date(y, mo, 0)]; }
  m = /^(\d{4})$/.exec(period);
  if (m) return [new Date(+m[1], 0, 1), new Date(+m[1], 11, 31)];
  throw new Error(`Not a period: ${period}`);
}

/** The period `steps` periods after `period` (negative: before). */
export function shiftPeriod(period, steps) {
  const [start] = periodRange(period);
  const kind = period.includes('Q') ? 'quarter' : period.length === 4 ? 'year' : 'month';
  const d = new Date(start);
  if (kind === 'year') d.setFullYear(d.getFullYear() + steps);
  else d.setMonth(d.getMonth() + steps * (kind === 'quarter' ? 3 : 1));
  return periodOf(kind, d);
}

/** "Q4 2026", "November 2026", "2026". */
export function periodLabel(period) {
  const [start] = periodRange(period);
  if (period.includes('Q')) return `Q${period.slice(-1)} ${start.getFullYear()}`;
  if (period.length === 4) return period;
  return start.toLocaleDateString(undefined, { month: 'long', year: 'numeric' });
}

/** The styles every sales element starts from (the console's look: Shoelace tokens only). */
export const baseStyles = css`
  :host { display: block; }
  [hidden] { display: none !important; }
  a { color: var(--sl-color-primary-700); text-decoration: none; }
  a:hover, a:focus-visible { text-decoration: underline; }
  .muted { color: var(--sl-color-neutral-600); }
  .empty { color: var(--sl-color-neutral-600); font-style: italic; margin: .5rem 0; }
  .error { color: var(--sl-color-danger-700); }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid var(--sl-color-neutral-200); vertical-align: top; }
  th { font-size: var(--sl-font-size-small); color: var(--sl-color-neutral-700); font-weight: var(--sl-font-weight-semibold); white-space: nowrap; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
  .table-wrap { overflow-x: auto; }
`;
