// The partner portal: a partner's users register deals, follow their registrations and work the opportunities and
// leads given to their company. Signed in as an external principal, it reads and writes through the generic REST API,
// so the platform's sharing decides what it shows: it never filters by hand.
import { choosePasswordForm, form, goTo, h, hashRoutes, input, pageClient, pageShow, passwordResetForm, signInForm } from '/app/sdk/page-v1.js';
import { partnerPages } from './partner-programme.js';
import { leadsPage } from './partner-leads.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const statusLine = document.getElementById('status');
const state = { user: null };
const client = pageClient({
  unreachable: 'The partner portal cannot be reached. Check your connection and try again.',
  onUnauthorized: path => {
    if (state.user && path !== 'session') signedOut('Your session has ended. Please sign in again.');
  },
});
const api = (method, path, body) => client.call(method, path, body);

const showPage = pageShow('Partner portal', main, nav);

const announce = text => { statusLine.textContent = text; };
const day = v => (v ? new Date(`${v}T00:00:00`).toLocaleDateString(undefined, { dateStyle: 'medium' }) : '');
const money = v => (v?.amount == null ? ''
  : Number(v.amount).toLocaleString(undefined, { style: 'currency', currency: v.currency || 'EUR' }));

async function loadSession() {
  const s = await api('GET', 'session');
  client.csrf = s.signedIn ? s.csrfToken : null;
  state.user = null;
  if (!s.signedIn) return;
  if (!s.user.accountId || !(s.user.roles || []).includes('partner')) {
    await api('DELETE', 'session');
    client.csrf = null;
    throw new Error('This portal is for partners. Staff sign in to the console at /.');
  }
  state.user = s.user;
  nav.hidden = false;
}

function signedOut(message) {
  state.user = null;
  client.csrf = null;
  nav.hidden = true;
  if (message) announce(message);
  location.hash = '#/signin';
}

function signInPage(show) {
  show('Sign in',
    signInForm(client, 'User name', async () => {
      await loadSession();
      announce('');
      goTo('#/registrations', route);
    }),
    h('p', {}, h('a', { href: '#/forgot' }, 'Forgot your password?')));
}

function forgotPage(show) {
  show('Reset your password',
    h('p', {}, 'Enter the e-mail address you sign in with. If we know it, we send you a link to choose a new password.'),
    passwordResetForm(client, 'partner', () => show('Check your e-mail', h('p', {}, 'If a partner user has this address, a link to '
      + 'choose a new password is on its way. It works once and expires soon.'), h('p', {}, h('a', { href: '#/signin' }, 'Back to sign in')))));
}

/** Where the link of an invitation or reset e-mail leads: the partner chooses a password and is signed in. */
function passwordPage(token, show) {
  show('Choose your password',
    h('p', {}, 'Choose the password you will sign in to the partner portal with.'),
    choosePasswordForm(client, token, async () => {
      history.replaceState(null, '', '#/registrations'); // the used link leaves the history
      await loadSession();
      announce('Your password is saved and you are signed in.');
      route();
    }));
}

function table(headers, rows, empty) {
  if (!rows.length) return h('p', { class: 'muted' }, empty);
  return h('table', {}, h('thead', {}, h('tr', {}, headers.map(t => h('th', { scope: 'col' }, t)))), h('tbody', {}, rows));
}

async function registrationsPage(show) {
  const page = await api('GET', 'dealRegistrations?limit=100&sort=-createdAt');
  show('Deal registrations',
    h('p', {}, h('a', { href: '#/registrations/new' }, 'Register a deal')),
    table(['End customer', 'Amount', 'Close date', 'Status', 'Protected until', 'Discount'], page.items.map(r => h('tr', { 'data-id': r.id },
      h('td', {}, r.customerName, r.customerDomain ? h('div', { class: 'muted' }, r.customerDomain) : null),
      h('td', {}, money(r.amount)),
      h('td', {}, day(r.closeDate)),
      h('td', {}, h('span', { class: 'badge' }, r.status),
        r.conflict === 'Under review' ? [' ', h('span', { class: 'badge review' }, 'Conflict under review')] : null,
        r.decisionReason ? h('div', { class: 'muted' }, r.decisionReason) : null),
      h('td', {}, day(r.protectedUntil)),
      h('td', {}, r.discountPercent == null ? '' : `${r.discountPercent} %`))), 'You have registered no deal yet.'));
}

async function newRegistrationPage(show) {
  show('Register a deal',
    h('p', { class: 'muted' }, 'A channel manager reviews every registration. Once approved, the deal is protected for you '
      + 'with your tier\'s discount.'),
    form([input('End customer', 'customerName', { required: true, maxlength: 200 }),
      input('Customer e-mail domain or website', 'customerDomain', { maxlength: 200, placeholder: 'example.com' }),
      input('Amount', 'amount', { type: 'number', min: 0, step: '0.01' }),
      input('Currency', 'currency', { maxlength: 3, value: 'EUR', pattern: '[A-Za-z]{3}' }),
      input('Expected close date', 'closeDate', { type: 'date', required: true }),
      h('label', {}, 'Description', h('textarea', { name: 'description', maxlength: 4000 }))],
    'Register', async data => {
      const body = { customerName: data.get('customerName').trim(), closeDate: data.get('closeDate') };
      for (const f of ['customerDomain', 'description']) if (data.get(f).trim()) body[f] = data.get(f).trim();
      if (data.get('amount')) body.amount = { amount: Number(data.get('amount')), currency: data.get('currency').trim().toUpperCase() };
      const created = await api('POST', 'dealRegistrations', body);
      announce(created.conflict === 'Under review'
        ? 'Registered. It overlaps with another deal: the channel manager reviews the conflict.'
        : 'Registered. The channel manager reviews it.');
      location.hash = '#/registrations';
    }));
}

async function opportunitiesPage(show) {
  const page = await api('GET', 'opportunities?limit=100&sort=closeDate');
  show('Opportunities', table(['Opportunity', 'Amount', 'Close date', 'Stage', 'Protected until', 'Discount'], page.items.map(o => h('tr', {},
    h('td', {}, o.name), h('td', {}, money(o.amount)), h('td', {}, day(o.closeDate)), h('td', {}, o.stage),
    h('td', {}, day(o.protectedUntil)), h('td', {}, o.partnerDiscountPercent == null ? '' : `${o.partnerDiscountPercent} %`))),
  'No opportunity is given to your company.'));
}

const route = hashRoutes(showPage, async show => {
  const parts = (location.hash || '#/').slice(1).split('?')[0].split('/').filter(Boolean);
  const morePages = partnerPages({ api, client, show, table, money, day, announce });
  try {
    if (parts[0] === 'password' && parts[1]) return passwordPage(parts[1], show);
    if (!state.user) return parts[0] === 'forgot' ? forgotPage(show) : signInPage(show);
    if (parts[0] === 'registrations' && parts[1] === 'new') return await newRegistrationPage(show);
    if (parts[0] === 'opportunities') return await opportunitiesPage(show);
    if (parts[0] === 'leads') return await leadsPage({ api, show, announce, reload: route });
    if (morePages[parts[0]]) return await morePages[parts[0]](parts);
    return await registrationsPage(show);
  } catch (p) {
    show('Something went wrong', h('p', { class: 'error', role: 'alert' }, p.message),
      h('p', {}, h('a', { href: '#/registrations' }, 'Back to my registrations')));
  }
});

document.getElementById('sign-out').addEventListener('click', async () => {
  await api('DELETE', 'session').catch(() => {});
  signedOut('You are signed out.');
});

(async () => {
  try {
    await loadSession();
  } catch (p) {
    announce(p.message);
  }
  route();
})();
