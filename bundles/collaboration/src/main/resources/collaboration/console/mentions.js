// Mention tokens in post texts: @[Alice Smith](user:<id>) is shown as "@Alice Smith". Shared by the feed panel and the
// notification views of the collaboration capability.
import { html } from 'lit';

const TOKEN = /@\[([^\][\r\n]{1,100})\]\((user|team):([A-Za-z0-9._-]{1,64})\)/g;

/** The text with its mention tokens as highlighted names (a Lit template; the text itself is never parsed as HTML). */
export function renderText(text) {
  const parts = [];
  let last = 0;
  for (const m of (text || '').matchAll(TOKEN)) {
    parts.push(text.slice(last, m.index));
    parts.push(html`<strong class="mention" data-kind=${m[2]} data-id=${m[3]}>@${m[1].trim()}</strong>`);
    last = m.index + m[0].length;
  }
  parts.push((text || '').slice(last));
  return parts;
}

/** The record page of a notification or followed record, or null. */
export async function recordLink(recordType, recordId, { recordType: typeOf, recordHref }) {
  if (!recordType || !recordId) return null;
  const type = await typeOf(recordType);
  return type ? recordHref(type.pluralApiName, recordId) : null;
}
