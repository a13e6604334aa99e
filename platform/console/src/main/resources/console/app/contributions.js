// Console contributions of capability bundles (pages, record panels, dashboard widgets), re-read on navigation so
// bundles installed or removed at run time show up without a reload.
import { api } from './api.js';

let last = [];

export async function loadContributions() {
  try {
    const body = await api.get('console/contributions');
    last = (body.items || []).slice().sort((a, b) => (a.order ?? 100) - (b.order ?? 100) || String(a.label).localeCompare(b.label));
  } catch {
    // keep what we had: a failing endpoint must not break the console
  }
  return last;
}

/** The contributions of a placement; for a record type, its own panels and those for every type ('*'). */
export function contributions(placement, recordType) {
  return last.filter(c => c.placement === placement
    && (recordType === undefined || c.recordType === recordType || c.recordType === '*'));
}
