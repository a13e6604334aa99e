// The console SDK, version 1: what capability modules (pages, record panels, dashboard widgets) use from the console.
// Import it as `import { api, formatMoney, toast } from '/app/sdk/v1.js';` next to the bare `lit` and
// `@shoelace-style/shoelace` imports. Its names and their behaviour are a contract: they stay as documented in
// docs/extensions.md for as long as v1 is served (additions only); the shell's other files are internal and change
// without notice. An incompatible change comes as /app/sdk/v2.js, with v1 kept beside it.
import { api as client, Problem, fetchAll as fetchAllRecords, problemText, qs, quote } from '../api.js';
import { formatBytes, formatDate, formatDateTime, formatMoney, formatNumber, formatText, formatValue } from '../format.js';
import { loadMetadata, recordName } from '../metadata.js';
import { referenceName, userName } from '../refs.js';
import { href, navigate } from '../router.js';
import { toast, toastError } from '../toast.js';
import { confirmDialog, formDialog } from '../components/dialogs.js';
import { OPS, conditionText, operatorsFor } from '../components/filter-builder.js';
// Defines <rp-field-input> (with <rp-reference-picker> and <rp-user-picker>), <rp-form-dialog> and <rp-confirm-dialog>.
import '../components/field-input.js';

/** The SDK's version: "1.<additions>". */
export const version = '1.2';

// --- the API client ---
/**
 * The client of the REST API at /api/v1/: api.get(path, {signal}), api.post(path, body), api.put, api.patch(path,
 * body, {ifMatch}), api.del(path), api.upload(path, formDataOrFile, {onProgress, signal}) (1.1: a POST that reports
 * onProgress(sentBytes, totalBytes) as the body goes out). Paths are relative to /api/v1/ ("contacts?limit=5"). Requests carry the session
 * and its CSRF token; answers are parsed JSON (null for 204); failures throw a Problem (RFC 9457: status, title,
 * detail, errors, fieldErrors()), status 0 when the server cannot be reached. The same object is handed to every
 * contributed element as its `api` property.
 */
export const api = client;
export { Problem, problemText, qs, quote };

/** Every record of a list, page by page: resolves to {items, complete, total}; options filter, sort, pageSize, max, signal. */
export function fetchAll(plural, options) {
  return fetchAllRecords(plural, options);
}

// --- formatting, in the user's locale ---
/** formatBytes(size) (1.1): "820 bytes", "1.4 MB". */
export { formatBytes, formatDate, formatDateTime, formatMoney, formatNumber, formatText, formatValue };

// --- metadata, records and links ---
/** The record types with their fields (GET /api/v1/metadata), cached and kept current by the console. */
export async function recordTypes() {
  return (await loadMetadata()).types;
}

/** One record type by its api name, or undefined. */
export async function recordType(apiName) {
  return (await loadMetadata()).type(apiName);
}

/** The name the console shows for a record of a type (first and last name of a contact, else the name field). */
export { recordName };

/** The display name of record `id` of type `typeApiName`, fetched once; the id when it cannot be read. */
export { referenceName };

/** The display name of a user by id. */
export { userName };

/** The link to a record's page: "#/contacts/<id>". */
export function recordHref(plural, id) {
  return href(plural, id);
}

/** Opens a record's page. */
export function openRecord(plural, id) {
  navigate(plural, id);
}

/**
 * The filter language as the console's filter builder writes it (1.2): filterOperators maps each operator to its label
 * ({eq: 'equals', sw: 'starts with', ...}); operatorsFor(field) lists those that suit a field's type;
 * conditionText(field, op, value) is one condition as filter text ("stage eq 'Won'"), null while incomplete.
 */
export { OPS as filterOperators, operatorsFor, conditionText };

/** The link to any console route: href('contacts'), href('contacts', 'new', { account: id }), href('page', pageId). */
export { href, navigate };

// --- feedback ---
/** toast(message, variant = 'primary' | 'success' | 'warning' | 'danger'); toastError(error, prefix) for a failure. */
export { toast, toastError };

/** confirmDialog({label, message, confirmLabel, variant}) → true or false; formDialog({...}) → saved result or null. */
export { confirmDialog, formDialog };
