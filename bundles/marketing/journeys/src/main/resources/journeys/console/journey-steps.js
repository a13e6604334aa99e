// On journey pages: the steps in their order, what each does, how many contacts are at it now and how many passed it.
import { LitElement, html, css } from 'lit';
import { problemText } from '/app/sdk/v1.js';

function describe(step) {
  switch (step.type) {
    case 'send': return `Send template ${step.template}`;
    case 'wait': return `Wait ${step.duration}`;
    case 'waitFor': return `Wait until ${step.event} (at most ${step.timeout})`;
    case 'branch': return step.on === 'filter' ? `If ${step.filter}` : `If ${step.on}`;
    case 'action': return `Run ${step.action}`;
    case 'moveTo': return `Move to journey ${step.journey}`;
    case 'exit': return 'Exit';
    default: return step.type || '';
  }
}

function following(step) {
  const names = { next: 'then', timeoutNext: 'else', yes: 'yes', no: 'no' };
  return Object.entries(names).filter(([key]) => step[key]).map(([key, label]) => `${label} → ${step[key]}`).join(', ');
}

class JourneySteps extends LitElement {
  static properties = { api: { attribute: false }, recordType: { attribute: false }, recordId: { attribute: false },
    _rows: { state: true }, _error: { state: true } };

  static styles = css`table { border-collapse: collapse; width: 100%; } td, th { text-align: left; padding: .2rem .4rem; }
    td.n { text-align: right; font-variant-numeric: tabular-nums; } .muted { color: var(--sl-color-neutral-600); }`;

  updated(changed) {
    if ((changed.has('recordId') || changed.has('api')) && this.api && this.recordId) this.load();
  }

  async load() {
    try {
      const id = encodeURIComponent(this.recordId);
      const [journey, counts] = await Promise.all([this.api.get(`journeys/${id}`), this.api.get(`journeys/${id}/steps`)]);
      let defined = [];
      try {
        defined = JSON.parse(journey.steps || '[]');
      } catch (e) {
        defined = [];
      }
      this._rows = counts.steps.map((c) => ({ ...c, definition: defined.find((d) => d.id === c.id) }));
      this._error = null;
    } catch (e) {
      this._error = problemText(e);
    }
  }

  render() {
    if (this._error) return html`<p class="error" role="alert">${this._error}</p>`;
    if (!this._rows) return html`<sl-spinner aria-label="Loading"></sl-spinner>`;
    if (!this._rows.length) return html`<p>No steps yet: write them in the Steps field (see the README's Journeys section).</p>`;
    return html`<table data-testid="journey-steps"><thead><tr><th>Step</th><th>Does</th><th>Next</th><th>At it</th><th>Passed</th></tr></thead>
      <tbody>${this._rows.map((r) => html`<tr data-step=${r.id}><td>${r.id}</td>
        <td>${r.definition ? describe(r.definition) : html`<span class="muted">removed</span>`}</td>
        <td class="muted">${r.definition ? following(r.definition) : ''}</td>
        <td class="n">${r.at}</td><td class="n">${r.passed}</td></tr>`)}</tbody></table>`;
  }
}

if (!customElements.get('rp-journey-steps-v1')) customElements.define('rp-journey-steps-v1', JourneySteps);
