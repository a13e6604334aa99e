// The partner programme in the partner portal: market development funds (balances per period, requests with the
// channel manager's decision and reason, claims with proof of performance uploaded to the claim), the partner's
// scorecard, the collateral published for the partner's tier (with its files to download), and the knowledge articles
// shared with partners (the published portal articles and those given the partner's tier, when the knowledge base is
// installed). partners.js hands in its page kit; sharing decides what the API answers, nothing is filtered here.
import { form, h, input } from '/app/sdk/page-v1.js';

const ACTIVITY_TYPES = ['Event', 'Webinar', 'Trade show', 'Advertising', 'Content', 'E-mail campaign', 'Training', 'Other'];
const pct = v => (v == null ? '–' : `${Math.round(v * 100)} %`);

/** The pages by the first segment of the hash (#/mdf..., #/scorecard, #/knowledge...), given partners.js's kit. */
export function partnerPages({ api, client, show, table, money, day, announce }) {
  const allocationsOf = () => api('GET', 'mdfAllocations?limit=50&sort=-period');

  async function fundsPage() {
    const [allocations, requests, claims] = await Promise.all([allocationsOf(), api('GET', 'mdfRequests?limit=100&sort=-createdAt'),
      api('GET', 'mdfClaims?limit=100&sort=-createdAt')]);
    const claimsOf = id => claims.items.filter(c => c.mdfRequest === id);
    show('Market development funds',
      h('h2', {}, 'Balance'),
      table(['Period', 'Allocated', 'Requested', 'Approved', 'Claimed', 'Paid', 'Remaining'], allocations.items.map(a => h('tr', { 'data-id': a.id },
        h('td', {}, a.period), ...['amount', 'requested', 'approved', 'claimed', 'paid', 'remaining'].map(f => h('td', { 'data-figure': f }, money(a[f]))))),
      'No funds are allocated to your company yet.'),
      allocations.items.length ? h('p', {}, h('a', { href: '#/mdf/new' }, 'Request funds for an activity')) : null,
      h('h2', {}, 'Requests'),
      table(['Activity', 'Dates', 'Requested', 'Status', 'Approved', 'Claims'], requests.items.map(r => h('tr', { 'data-id': r.id },
        h('td', {}, r.activityName, h('div', { class: 'muted' }, r.activityType)),
        h('td', {}, `${day(r.startDate)} – ${day(r.endDate)}`),
        h('td', {}, money(r.amount)),
        h('td', {}, h('span', { class: 'badge' }, r.status), r.decisionReason ? h('div', { class: 'muted' }, r.decisionReason) : null),
        h('td', {}, money(r.approvedAmount)),
        h('td', {}, claimsOf(r.id).map(c => h('div', {}, `${money(c.amount)}: ${c.status}`, c.decisionReason ? ` (${c.decisionReason})` : '')),
          r.status === 'Approved' ? h('a', { href: `#/mdf/claim/${encodeURIComponent(r.id)}` }, 'Claim costs') : null))),
      'You have requested no funds yet.'));
  }

  async function requestPage() {
    const allocations = await allocationsOf();
    if (!allocations.items.length) {
      show('Request funds', h('p', { class: 'muted' }, 'No funds are allocated to your company yet.'));
      return;
    }
    show('Request funds',
      h('p', { class: 'muted' }, 'The channel manager decides on every request, possibly for less than you ask.'),
      form([
        h('label', {}, 'Period', h('select', { name: 'allocation', required: true }, allocations.items.map(a => h('option', { value: a.id },
          `${a.period} (${money(a.remaining)} left)`)))),
        input('Activity', 'activityName', { required: true, maxlength: 200 }),
        h('label', {}, 'Type of activity', h('select', { name: 'activityType', required: true }, ACTIVITY_TYPES.map(t => h('option', { value: t }, t)))),
        h('label', {}, 'Description', h('textarea', { name: 'description', maxlength: 4000 })),
        input('Planned start', 'startDate', { type: 'date', required: true }),
        input('Planned end', 'endDate', { type: 'date', required: true }),
        input('Amount', 'amount', { type: 'number', min: 0.01, step: '0.01', required: true }),
        input('Expected leads', 'expectedLeads', { type: 'number', min: 0, step: 1 }),
        input('Expected revenue', 'expectedRevenue', { type: 'number', min: 0, step: '0.01' })],
      'Request funds', async data => {
        const allocation = allocations.items.find(a => a.id === data.get('allocation'));
        const currency = allocation.amount?.currency || 'EUR';
        const body = { allocation: allocation.id, activityName: data.get('activityName').trim(), activityType: data.get('activityType'),
          startDate: data.get('startDate'), endDate: data.get('endDate'), amount: { amount: Number(data.get('amount')), currency } };
        if (data.get('description').trim()) body.description = data.get('description').trim();
        if (data.get('expectedLeads')) body.expectedLeads = Number(data.get('expectedLeads'));
        if (data.get('expectedRevenue')) body.expectedRevenue = { amount: Number(data.get('expectedRevenue')), currency };
        await api('POST', 'mdfRequests', body);
        announce('Requested. The channel manager decides on it.');
        location.hash = '#/mdf';
      }));
  }

  async function claimPage(requestId) {
    const request = await api('GET', `mdfRequests/${encodeURIComponent(requestId)}`);
    show(`Claim costs: ${request.activityName}`,
      h('p', { class: 'muted' }, `Approved: ${money(request.approvedAmount)}. Attach proof of performance (invoices, photos, attendee lists).`),
      form([
        input('What was done', 'description', { required: true, maxlength: 500 }),
        input('Actual cost', 'amount', { type: 'number', min: 0.01, step: '0.01', required: true }),
        input('Proof of performance', 'proof', { type: 'file', required: true })],
      'Claim', async data => {
        const claim = await api('POST', 'mdfClaims', { mdfRequest: request.id, description: data.get('description').trim(),
          amount: { amount: Number(data.get('amount')), currency: request.approvedAmount.currency } });
        const upload = new FormData();
        upload.append('file', data.get('proof'), data.get('proof').name);
        const resp = await fetch(`/api/v1/mdfClaims/${encodeURIComponent(claim.id)}/files`, { method: 'POST', body: upload,
          credentials: 'same-origin', headers: { Accept: 'application/json', 'X-CSRF-Token': client.csrf } });
        announce(resp.ok ? 'Claimed. The channel manager reviews your proof.'
          : 'Claimed, but the proof could not be uploaded: add it to the claim again.');
        location.hash = '#/mdf';
      }));
  }

  async function scorecardPage() {
    const { items } = await api('GET', 'partnerScorecards');
    const s = items[0];
    if (!s) {
      show('Scorecard', h('p', { class: 'muted' }, 'No scorecard yet.'));
      return;
    }
    const row = (label, value) => h('tr', {}, h('th', { scope: 'row' }, label), h('td', {}, value));
    show('Scorecard', h('table', { 'data-testid': 'scorecard' }, h('tbody', {},
      row('Pipeline (open opportunities)', `${s.pipeline.toLocaleString()} (${s.openOpportunities})`),
      row('Win rate', `${pct(s.winRate)} (${s.wonOpportunities} of ${s.closedOpportunities} closed)`),
      row('Deal registrations won', `${s.registrationsWon} of ${s.approvedRegistrations} approved (${pct(s.registrationConversion)})`),
      row('MDF paid', s.mdfPaid.toLocaleString()),
      row('Leads from funded activities', String(s.mdfLeads)),
      row('Revenue won from funded activities', s.mdfWonRevenue.toLocaleString()),
      row('MDF return', s.mdfRoi == null ? '–' : `${s.mdfRoi}× the funds paid`))));
  }

  async function collateralPage() {
    const page = await api('GET', 'partnerCollateral?limit=100&sort=title');
    const filesOf = await Promise.all(page.items.map(c => api('GET', `partnerCollateral/${encodeURIComponent(c.id)}/files`)));
    const size = bytes => (bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} KB`
      : `${(bytes / 1024 / 1024).toFixed(1)} MB`);
    show('Collateral', table(['Title', 'Kind', 'Files'], page.items.map((c, i) => h('tr', { 'data-id': c.id },
      h('td', {}, c.title, c.description ? h('div', { class: 'muted' }, c.description) : null),
      h('td', {}, c.kind || ''),
      h('td', {}, filesOf[i].items.map(f => h('div', {},
        h('a', { href: `/api/v1/files/${encodeURIComponent(f.id)}`, download: f.name }, f.name), ` (${size(f.size)})`))))),
    'No collateral is published for your tier yet.'));
  }

  async function knowledgePage(articleId) {
    if (articleId) {
      const a = await api('GET', `knowledgeArticles/${encodeURIComponent(articleId)}`);
      show(a.title, a.summary ? h('p', { class: 'muted' }, a.summary) : null, h('div', { class: 'article' }, a.body || ''),
        h('p', {}, h('a', { href: '#/knowledge' }, 'All articles')));
      return;
    }
    let page;
    try {
      page = await api('GET', 'knowledgeArticles?limit=100');
    } catch (p) {
      if (p.status === 404 || p.status === 403) {
        show('Knowledge', h('p', { class: 'muted' }, 'No knowledge base is shared with partners.'));
        return;
      }
      throw p;
    }
    show('Knowledge', table(['Article', 'Category'], page.items.map(a => h('tr', { 'data-id': a.id },
      h('td', {}, h('a', { href: `#/knowledge/${encodeURIComponent(a.id)}` }, a.title), a.summary ? h('div', { class: 'muted' }, a.summary) : null),
      h('td', {}, a.category || ''))), 'No article is shared with partners yet.'));
  }

  return {
    collateral: () => collateralPage(),
    knowledge: parts => knowledgePage(parts[1]),
    mdf: parts => (parts[1] === 'new' ? requestPage() : parts[1] === 'claim' ? claimPage(parts[2]) : fundsPage()),
    scorecard: () => scorecardPage(),
  };
}
