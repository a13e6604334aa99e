// The one field-display formatter: every list, form read-out, related list and timeline formats values here.
import { html, nothing } from 'lit';
import './components/ref-name.js';

const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 6 });

function isEmpty(v) { return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0); }

/** A number in the user's locale ("1,234.5"); text that is not a number as it is. */
export function formatNumber(value) {
  if (value === null || value === undefined || value === '') return '';
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isNaN(n) ? String(value) : numberFormat.format(n);
}

const BYTE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'];

/** A size in bytes for people, in decimal units in the user's locale: "820 bytes", "1.4 MB". */
export function formatBytes(bytes) {
  if (bytes === null || bytes === undefined || bytes === '' || Number.isNaN(Number(bytes))) return '';
  let value = Number(bytes);
  let unit = 0;
  while (value >= 999.5 && unit < BYTE_UNITS.length - 1) { value /= 1000; unit++; }
  return new Intl.NumberFormat(undefined, { style: 'unit', unit: BYTE_UNITS[unit], unitDisplay: unit ? 'short' : 'long',
    maximumFractionDigits: unit && value < 10 ? 1 : 0 }).format(value);
}

/** "2024-05-31" as a local date in the user's locale, without a time zone shift. */
export function formatDate(value) {
  if (value === null || value === undefined || value === '') return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value));
  if (!m) return String(value);
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).toLocaleDateString();
}

/** An instant ("2024-05-31T08:00:00Z") as local date and time in the user's locale. */
export function formatDateTime(value) {
  if (value === null || value === undefined || value === '') return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? String(value) : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** A money value ({amount, currency}) in the user's locale, "€1,234.50"; `compact`: "€1.2K". */
export function formatMoney(value, { compact = false } = {}) {
  if (!value || value.amount === null || value.amount === undefined || value.amount === '') return '';
  const amount = Number(value.amount);
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency: value.currency || 'EUR',
      ...(compact ? { notation: 'compact', maximumFractionDigits: 1 } : {}) }).format(amount);
  } catch {
    return `${amount} ${value.currency || ''}`.trim();
  }
}

/** A value as plain text (for history entries, titles and tests). References are given as their ids. */
export function formatText(field, value) {
  if (isEmpty(value)) return '';
  switch (field?.type) {
    case 'INTEGER': case 'DECIMAL': return formatNumber(value);
    case 'PERCENT': return `${formatNumber(value)} %`;
    case 'MONEY': return typeof value === 'object' ? formatMoney(value) : String(value);
    case 'DATE': return formatDate(value);
    case 'DATE_TIME': return formatDateTime(value);
    case 'BOOLEAN': return value === true || value === 'true' ? 'Yes' : 'No';
    case 'MULTI_PICKLIST': return Array.isArray(value) ? value.join(', ') : String(value);
    default: return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

function safeUrl(value) {
  try {
    const u = new URL(String(value).includes('://') ? value : `https://${value}`);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** A value as a template: links for e-mail, phone, web and references; names for users. */
export function formatValue(field, value) {
  if (isEmpty(value)) return nothing;
  switch (field?.type) {
    case 'EMAIL': return html`<a href="mailto:${value}">${value}</a>`;
    case 'PHONE': return html`<a href="tel:${String(value).replace(/[^+\d]/g, '')}">${value}</a>`;
    case 'URL': {
      const url = safeUrl(value);
      return url ? html`<a href=${url} target="_blank" rel="noopener noreferrer">${value}</a>` : String(value);
    }
    case 'REFERENCE': return html`<rp-ref-name .recordType=${field.referenceTo} .recordId=${value} link></rp-ref-name>`;
    case 'OWNER': return html`<rp-ref-name user .recordId=${value}></rp-ref-name>`;
    case 'MULTI_PICKLIST': return Array.isArray(value) ? value.map(v => html`<span class="chip">${v}</span>`) : String(value);
    case 'BOOLEAN': return value === true || value === 'true' ? 'Yes' : 'No';
    default: return formatText(field, value);
  }
}
