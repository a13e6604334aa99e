// <rp-offline-status>: in the header, "Offline — 2 changes waiting" while the server cannot be reached or edits
// wait to be sent; a dialog for the edits that met a conflict (per field: the value before, theirs, yours, and the
// user's choice) or were refused (with the reason).
import { LitElement, html, css, nothing } from 'lit';
import { metadata } from '../metadata.js';
import { formatText } from '../format.js';
import { CONNECTIVITY_EVENT, isOnline } from './connectivity.js';
import { OUTBOX_EVENT, CONFLICT, REFUSED, CREATE, DELETE, entries, flush, resolveConflict, discard, outboxNote, outboxCounts } from './outbox.js';

const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

class OfflineStatus extends LitElement {
  static properties = {
    _online: { state: true },
    _counts: { state: true },
    _problems: { state: true },
    _choices: { state: true },
  };

  static styles = css`
    :host { display: inline-flex; align-items: center; gap: .25rem; }
    .status { font-size: var(--sl-font-size-small); white-space: nowrap; }
    .offline { color: var(--sl-color-warning-700); font-weight: 600; }
    table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
    th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--sl-color-neutral-200); vertical-align: top; }
    .was { color: var(--sl-color-neutral-600); }
    h3 { margin: .5rem 0 .25rem; font-size: var(--sl-font-size-medium); }
    .problem { color: var(--sl-color-danger-700); }
    sl-dialog::part(panel) { max-width: calc(100vw - 1rem); width: 44rem; }
    @media (max-width: 600px) { .label { display: none; } }
  `;

  constructor() {
    super();
    this._online = isOnline();
    this._counts = { waiting: 0, conflicts: 0, refused: 0 };
    this._problems = [];
    this._choices = {};
    this._onConnectivity = e => { this._online = e.detail.online; };
    this._onOutbox = e => this.outboxChanged(e.detail);
  }

  connectedCallback() {
    super.connectedCallback();
    window.addEventListener(CONNECTIVITY_EVENT, this._onConnectivity);
    window.addEventListener(OUTBOX_EVENT, this._onOutbox);
    this._online = isOnline();
    outboxCounts().then(counts => this.outboxChanged(counts)); // the queue as it was before this header was shown
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener(CONNECTIVITY_EVENT, this._onConnectivity);
    window.removeEventListener(OUTBOX_EVENT, this._onOutbox);
  }

  async outboxChanged(counts) {
    this._counts = counts;
    const before = this._problems.length;
    this._problems = (await entries()).filter(e => e.status === CONFLICT || e.status === REFUSED);
    if (this._problems.length > before) this.openDialog(); // a new conflict or refusal asks for the user at once
    if (!this._problems.length) this.dialog?.hide();
  }

  get dialog() { return this.renderRoot.querySelector('sl-dialog'); }

  async openDialog() {
    await this.updateComplete;
    this.dialog?.show();
  }

  choose(entry, field, side) {
    this._choices = { ...this._choices, [entry.key]: { ...this._choices[entry.key], [field]: side } };
  }

  async resolve(entry) {
    const chosen = this._choices[entry.key] || {};
    const yours = Object.entries(chosen).filter(([, side]) => side === 'yours').map(([field]) => field);
    const { [entry.key]: _, ...rest } = this._choices;
    this._choices = rest;
    await resolveConflict(entry.key, yours);
  }

  render() {
    const { waiting, conflicts, refused } = this._counts;
    const attention = conflicts + refused;
    if (this._online && !waiting && !attention) return nothing;
    const queue = waiting ? `${plural(waiting, 'change', 'changes')} waiting` : '';
    const text = this._online ? queue : `Offline${queue ? ` — ${queue}` : ''}`;
    return html`
      <span class="status ${this._online ? '' : 'offline'}" role="status" data-testid="offline-status"
        title=${outboxNote() || (this._online ? 'Sent as soon as the server takes them' : 'Sent when the server can be reached again')}>
        <sl-icon name="cloud-arrow-up"></sl-icon> <span class="label">${text}</span></span>
      ${waiting && this._online ? html`<sl-icon-button name="arrow-clockwise" label="Send now" data-testid="offline-send-now"
        @click=${() => flush()}></sl-icon-button>` : nothing}
      ${attention ? html`<sl-button size="small" variant="warning" data-testid="offline-attention" @click=${() => this.openDialog()}>
        ${conflicts ? plural(conflicts, 'conflict', 'conflicts') : ''}${conflicts && refused ? ', ' : ''}${refused ? `${refused} refused` : ''}</sl-button>` : nothing}
      <sl-dialog label="Changes made offline" data-testid="conflict-dialog">
        ${this._problems.map(e => (e.status === CONFLICT ? this.renderConflict(e) : this.renderRefused(e)))}
      </sl-dialog>`;
  }

  fieldLabel(entry, field) {
    const type = metadata()?.type(entry.type);
    return (type && metadata().field(type, field)?.label) || field;
  }

  show(entry, field, value) {
    const type = metadata()?.type(entry.type);
    const def = type && metadata().field(type, field);
    if (value === null || value === undefined || value === '') return html`<em>empty</em>`;
    return def ? formatText(def, value) : String(value);
  }

  renderDeleteConflict(e) {
    return html`<section data-testid="conflict-${e.id}">
      <h3>${e.label || e.type}</h3>
      <p>You deleted it while you were offline, and someone changed it meanwhile. Delete it anyway, or keep it with their changes?</p>
      <sl-button variant="danger" data-testid="conflict-delete" @click=${() => resolveConflict(e.key, [DELETE])}>Delete it</sl-button>
      <sl-button data-testid="conflict-keep" @click=${() => resolveConflict(e.key, [])}>Keep it</sl-button>
    </section>`;
  }

  renderConflict(e) {
    if (e.action === DELETE) return this.renderDeleteConflict(e);
    const c = e.conflict || {};
    const fields = c.fields || [];
    const chosen = this._choices[e.key] || {};
    const complete = fields.every(f => chosen[f]);
    return html`<section data-testid="conflict-${e.id}">
      <h3>${e.label || e.type}</h3>
      <p>Someone changed the same ${fields.length === 1 ? 'field' : 'fields'} while you were offline. Choose which value to keep.
        ${c.merged?.length ? html`Your other changes (${c.merged.map(f => this.fieldLabel(e, f)).join(', ')}) were saved.` : nothing}</p>
      <table>
        <thead><tr><th>Field</th><th>Before</th><th>Keep</th></tr></thead>
        <tbody>${fields.map(f => html`<tr>
          <td>${this.fieldLabel(e, f)}</td>
          <td class="was" data-testid="conflict-base-${f}">${this.show(e, f, c.base?.[f])}</td>
          <td><sl-radio-group size="small" label="Keep for ${this.fieldLabel(e, f)}" value=${chosen[f] || ''} data-testid="conflict-choice-${f}"
            @sl-change=${ev => this.choose(e, f, ev.target.value)}>
            <sl-radio-button value="theirs" data-testid="conflict-theirs-${f}">Theirs: ${this.show(e, f, c.theirs?.[f])}</sl-radio-button>
            <sl-radio-button value="yours" data-testid="conflict-yours-${f}">Yours: ${this.show(e, f, e.fields?.[f])}</sl-radio-button>
          </sl-radio-group></td></tr>`)}</tbody>
      </table>
      <sl-button variant="primary" ?disabled=${!complete} data-testid="conflict-resolve" @click=${() => this.resolve(e)}>Save my choices</sl-button>
    </section>`;
  }

  renderRefused(e) {
    const p = e.problem || {};
    const errors = (p.errors || []).map(x => `${this.fieldLabel(e, x.field)}: ${x.message}`);
    return html`<section data-testid="refused-${e.id}">
      <h3>${e.label || e.type}</h3>
      <p class="problem">Not saved: ${p.detail || p.title || 'the server refused the change'}${errors.length ? ` (${errors.join('; ')})` : ''}</p>
      <p>${e.action === DELETE ? 'You deleted it.' : html`Your ${e.action === CREATE ? 'new record' : 'change'}:
        ${Object.entries(e.fields || {}).map(([f, v]) => html`${this.fieldLabel(e, f)} = ${this.show(e, f, v)}; `)}`}</p>
      <sl-button data-testid="refused-dismiss" @click=${() => discard(e.key)}>Dismiss</sl-button>
    </section>`;
  }
}
customElements.define('rp-offline-status', OfflineStatus);
