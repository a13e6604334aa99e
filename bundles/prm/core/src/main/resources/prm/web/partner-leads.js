// The partner portal's leads: the offers waiting for the partner's answer (accept, or reject with a reason, before the
// time to answer runs out), the leads the partner holds, whose status it updates, and the offers it no longer holds.
// What shows is what the platform shares with the partner's account: its own offers, and a lead only once accepted.
import { h } from '/app/sdk/page-v1.js';

// The lead's own statuses a partner sets; "Converted" is the sales team's conversion.
const PARTNER_STATUSES = ['Working', 'Nurturing', 'Qualified', 'Unqualified'];
const when = v => (v ? new Date(v).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '');

function table(headers, rows, empty) {
  if (!rows.length) return h('p', { class: 'muted' }, empty);
  return h('table', {}, h('thead', {}, h('tr', {}, headers.map(t => h('th', { scope: 'col' }, t)))), h('tbody', {}, rows));
}

/** The page at #/leads; `reload()` shows it again after an answer. */
export async function leadsPage({ api, show, announce, reload }) {
  const [offers, leads] = await Promise.all([api('GET', 'leadOffers?limit=100&sort=-offeredAt'), api('GET', 'leads?limit=100&sort=-createdAt')]);
  const waiting = offers.items.filter(o => o.status === 'Offered');
  const past = offers.items.filter(o => o.status === 'Rejected' || o.status === 'Recalled');

  const answer = async (offer, kind, body) => {
    try {
      await api('POST', `leadOffers/${encodeURIComponent(offer.id)}/${kind}`, body);
      announce(kind === 'acceptance' ? `Accepted: ${offer.leadSummary} is now in your leads.` : `Rejected: ${offer.leadSummary}.`);
      await reload();
    } catch (p) {
      announce(p.message);
    }
  };
  const offerRow = o => {
    const reason = h('input', { name: 'reason', maxlength: 4000, 'aria-label': `Why you reject ${o.leadSummary}`, placeholder: 'Reason to reject' });
    return h('tr', { 'data-id': o.id },
      h('td', {}, o.leadSummary),
      h('td', {}, when(o.offeredAt)),
      h('td', {}, when(o.respondBy)),
      h('td', {}, h('div', { class: 'actions' },
        h('button', { type: 'button', 'data-action': 'accept', onclick: () => answer(o, 'acceptance', {}) }, 'Accept'),
        reason,
        h('button', { type: 'button', class: 'secondary', 'data-action': 'reject', onclick: () => {
          if (!reason.value.trim()) {
            reason.setAttribute('aria-invalid', 'true');
            announce('Tell the channel manager why you reject this lead.');
            reason.focus();
            return;
          }
          answer(o, 'rejection', { reason: reason.value.trim() });
        } }, 'Reject'))));
  };
  const leadRow = l => {
    const statuses = PARTNER_STATUSES.includes(l.status) ? PARTNER_STATUSES : [l.status, ...PARTNER_STATUSES];
    const select = h('select', { 'aria-label': `Status of ${l.lastName}`, disabled: l.status === 'Converted' },
      statuses.map(s => h('option', { value: s, selected: s === l.status }, s)));
    let version = l.version;
    select.addEventListener('change', async () => {
      try {
        const saved = await api('PATCH', `leads/${encodeURIComponent(l.id)}`, { status: select.value, version });
        version = saved.version;
        announce(`${l.lastName}: ${select.value}`);
      } catch (p) {
        announce(p.message);
      }
    });
    return h('tr', { 'data-id': l.id }, h('td', {}, [l.firstName, l.lastName].filter(Boolean).join(' ')), h('td', {}, l.company || ''),
      h('td', {}, l.email || ''), h('td', {}, l.phone || ''), h('td', {}, select));
  };

  const pastRow = o => h('tr', { 'data-id': o.id }, h('td', {}, o.leadSummary), h('td', {}, h('span', { class: 'badge' }, o.status)),
    h('td', {}, o.reason || ''));

  show('Leads',
    h('h2', {}, 'Offered to you'),
    h('p', { class: 'muted' }, 'Accept a lead to see who it is and work it; reject it with a reason. An offer not answered in '
      + 'time goes to another partner.'),
    table(['Lead', 'Offered', 'Answer by', ''], waiting.map(offerRow), 'No lead is waiting for your answer.'),
    h('h2', {}, 'Your leads'),
    table(['Lead', 'Company', 'E-mail', 'Phone', 'Status'], leads.items.map(leadRow), 'No lead is given to your company.'),
    h('section', {}, past.length ? [h('h2', {}, 'No longer yours'), table(['Lead', 'Status', 'Reason'], past.map(pastRow), '')] : null));
}
