// The 360° timeline of a record: activities pointing at it merged with its history of field changes and files, newest first.
import { LitElement, html, css, nothing } from 'lit';
import { shared } from '../styles.js';
import { api, qs, quote } from '../api.js';
import { metadata, recordName } from '../metadata.js';
import { formatText, formatDateTime } from '../format.js';
import { href } from '../router.js';

const ACTIVITY = 'activity';
/** History entries of the record's files: the file's name is their new value. */
const FILE_VERBS = { FILE_ADD: 'added the file', FILE_DEL: 'deleted the file', FILE_READ: 'downloaded the confidential file' };

class Timeline extends LitElement {
  static properties = { type: { attribute: false }, recordId: {}, version: {}, _entries: { state: true }, _error: { state: true } };
  static styles = [shared, css`
    ol { list-style: none; margin: 0; padding: 0; border-left: 2px solid var(--sl-color-neutral-200); }
    li { position: relative; padding: 0 0 1rem 1.25rem; }
    li::before { content: ''; position: absolute; left: -.45rem; top: .3rem; width: .75rem; height: .75rem; border-radius: 50%;
      background: var(--sl-color-neutral-400); }
    li.activity::before { background: var(--sl-color-primary-600); }
    .when { font-size: var(--sl-font-size-small); color: var(--sl-color-neutral-600); }
    .changes { margin: .25rem 0 0; padding-left: 1rem; font-size: var(--sl-font-size-small); overflow-wrap: anywhere; }
    del { color: var(--sl-color-neutral-500); }
  `];

  willUpdate(changed) { if (changed.has('recordId') || changed.has('version')) this.load(); }

  async load() {
    const md = metadata();
    const type = this.type;
    const id = this.recordId;
    this._error = null;
    const activityType = md.type(ACTIVITY);
    const refFields = activityType && type.apiName !== ACTIVITY
      ? activityType.fields.filter(f => f.type === 'REFERENCE' && f.referenceTo === type.apiName) : [];
    const activities = refFields.length
      ? api.get(`${activityType.pluralApiName}${qs({ filter: refFields.map(f => `${f.apiName} eq ${quote(id)}`).join(' or '), sort: '-createdAt', limit: 50 })}`)
        .then(b => b.items).catch(() => [])
      : Promise.resolve([]);
    const history = api.get(`${type.pluralApiName}/${encodeURIComponent(id)}/history${qs({ limit: 50 })}`).then(b => b.items || []).catch(e => {
      this._error = e.status === 403 ? null : e.message;
      return [];
    });
    const [acts, hist] = await Promise.all([activities, history]);
    if (id !== this.recordId) return;
    // one entry per change (a change may touch several fields)
    const changes = new Map();
    for (const h of hist) {
      const key = `${h.version}|${h.operation}|${h.at}`;
      if (!changes.has(key)) {
        changes.set(key, { kind: 'change', at: h.at, actor: h.actorName || h.actorId, operation: h.operation, fields: [],
          fileName: FILE_VERBS[h.operation] ? h.newValue : null });
      }
      if (h.field) changes.get(key).fields.push(h);
    }
    const entries = [
      ...acts.map(a => ({ kind: 'activity', at: a.dueAt || a.createdAt, record: a })),
      ...changes.values(),
    ];
    entries.sort((a, b) => String(b.at).localeCompare(String(a.at)));
    this._entries = entries;
  }

  change(e) {
    const type = this.type;
    const verb = FILE_VERBS[e.operation] ? `${FILE_VERBS[e.operation]} “${e.fileName}”`
      : { CREATE: 'created the record', UPDATE: 'changed', DELETE: 'deleted the record' }[e.operation] || e.operation;
    return html`<li data-testid="timeline-change"><div class="when">${formatDateTime(e.at)}</div>
      <div><strong>${e.actor || 'Someone'}</strong> ${verb}</div>
      ${e.operation === 'UPDATE' && e.fields.length ? html`<ul class="changes">${e.fields.map(h => {
        const f = metadata().field(type, h.field) || { label: h.field, type: 'TEXT' };
        return html`<li>${f.label}: ${h.oldValue !== null && h.oldValue !== undefined ? html`<del>${formatText(f, h.oldValue)}</del> → ` : nothing}${formatText(f, h.newValue) || '(empty)'}</li>`;
      })}</ul>` : nothing}</li>`;
  }

  activity(e) {
    const t = metadata().type(ACTIVITY);
    const a = e.record;
    return html`<li class="activity" data-testid="timeline-activity"><div class="when">${formatDateTime(e.at)}
      ${a.activityType ? html` · ${a.activityType}` : nothing}${a.status ? html` · ${a.status}` : nothing}</div>
      <div><a href=${href(t.pluralApiName, a.id)}>${recordName(t, a)}</a></div></li>`;
  }

  render() {
    return html`<section class="card" data-testid="timeline"><h2>Timeline</h2>
      ${this._error ? html`<p class="muted">${this._error}</p>` : nothing}
      ${!this._entries ? html`<sl-spinner aria-label="Loading"></sl-spinner>`
        : this._entries.length === 0 ? html`<p class="empty">Nothing has happened yet.</p>`
        : html`<ol>${this._entries.map(e => (e.kind === 'activity' ? this.activity(e) : this.change(e)))}</ol>`}
    </section>`;
  }
}
customElements.define('rp-timeline', Timeline);
