// On survey pages: the survey's figures (GET /api/v1/surveys/{id}/results) as a bar per score, and for an NPS survey
// the button that sends a new wave to its audience (POST /api/v1/surveys/{id}/send).
import { LitElement, html, css, nothing } from 'lit';
import { confirmDialog, problemText, toast, toastError } from '/app/sdk/v1.js';

const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 });

class SurveyResultsPanel extends LitElement {
  static properties = { api: { attribute: false }, recordType: { attribute: false }, recordId: { attribute: false },
    _survey: { state: true }, _results: { state: true }, _error: { state: true }, _sending: { state: true } };

  static styles = css`
    .headline { display: flex; gap: 1.5rem; flex-wrap: wrap; margin-bottom: .75rem; }
    .figure strong { font-size: var(--sl-font-size-large); display: block; font-variant-numeric: tabular-nums; }
    .bars { display: grid; grid-template-columns: 2rem 1fr 3rem; gap: .2rem .5rem; align-items: center; }
    .bar { height: .8rem; background: var(--sl-color-primary-500); border-radius: 2px; min-width: 1px; }
    .count { text-align: right; font-variant-numeric: tabular-nums; }
    .error { color: var(--sl-color-danger-700); }
  `;

  updated(changed) {
    if ((changed.has('recordId') || changed.has('api')) && this.api && this.recordId) this.load();
  }

  async load() {
    try {
      const id = encodeURIComponent(this.recordId);
      [this._survey, this._results] = await Promise.all([this.api.get(`surveys/${id}`), this.api.get(`surveys/${id}/results`)]);
      this._error = null;
    } catch (e) {
      this._error = problemText(e);
    }
  }

  async send() {
    if (!(await confirmDialog({ label: 'Send this survey?', message: 'Every contact of its audience who was not asked recently gets an e-mail.', confirmLabel: 'Send' }))) return;
    this._sending = true;
    try {
      const wave = await this.api.post(`surveys/${encodeURIComponent(this.recordId)}/send`, {});
      toast(`Wave ${wave.wave} is being sent to up to ${wave.audience} contacts`);
      await this.load();
    } catch (e) {
      toastError(e);
    } finally {
      this._sending = false;
    }
  }

  render() {
    if (this._error) return html`<p class="error" role="alert">${this._error}</p>`;
    const r = this._results;
    const s = this._survey;
    if (!r || !s) return html`<sl-spinner aria-label="Loading"></sl-spinner>`;
    const most = Math.max(1, ...Object.values(r.scores));
    const headline = r.kind === 'NPS' ? ['NPS', r.nps ?? '—'] : ['CSAT', r.csat === null ? '—' : percent.format(r.csat)];
    return html`<div class="headline">
        <div class="figure" data-testid="survey-headline">${headline[0]}<strong>${headline[1]}</strong></div>
        <div class="figure">Answers<strong data-testid="survey-answered">${r.answered}</strong></div>
        <div class="figure">Invited<strong>${r.invited}</strong></div>
        <div class="figure">Response rate<strong>${r.responseRate === null ? '—' : percent.format(r.responseRate)}</strong></div>
      </div>
      <div class="bars" role="table" aria-label="Answers by score">
        ${Object.entries(r.scores).map(([score, n]) => html`<span role="cell">${score}</span>
          <div role="cell"><div class="bar" style="width:${(100 * n) / most}%"></div></div><span class="count" role="cell">${n}</span>`)}
      </div>
      ${s.kind === 'NPS' ? html`<p><sl-button size="small" ?loading=${this._sending} ?disabled=${s.sendState === 'Sending' || !s.active}
          @click=${this.send} data-testid="survey-send">Send to audience</sl-button> ${s.sendState === 'Sending' ? 'Sending…' : nothing}</p>` : nothing}`;
  }
}

if (!customElements.get('rp-survey-results-v1')) customElements.define('rp-survey-results-v1', SurveyResultsPanel);
