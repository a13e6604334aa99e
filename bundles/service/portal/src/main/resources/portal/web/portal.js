// The customer portal: a small page app over the generic REST API, signed in as the customer (an external principal),
// so the platform's sharing and field rules decide what it shows. No framework and no build step; routing by URL fragment.
import { choosePasswordForm, form, goTo, h, hashRoutes, input, pageClient, pageShow, passwordResetForm, quote, signInForm } from '/app/sdk/page-v1.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const statusLine = document.getElementById('status');
const state = { me: null, types: new Set() };

const client = pageClient({
  unreachable: 'The portal cannot be reached. Check your connection and try again.',
  onUnauthorized: path => {
    if (state.me && path !== 'session') signedOut('Your session has ended. Please sign in again.');
  },
});
const api = (method, path, body, headers) => client.call(method, path, body, headers);

const showPage = pageShow('Customer portal', main, nav);

function announce(text) {
  statusLine.textContent = text;
}

const formatDate = v => (v ? new Date(v).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '');

// ---- signing in and out ----

async function loadSession() {
  const s = await api('GET', 'session');
  client.csrf = s.signedIn ? s.csrfToken : null;
  state.me = null;
  if (!s.signedIn) return false;
  try {
    state.me = await api('GET', 'portal/me');
  } catch (p) {
    if (p.status === 403) { // a member of staff: the portal is not theirs
      await api('DELETE', 'session');
      client.csrf = null;
      throw p;
    }
    throw p;
  }
  // The types this customer may read (what is shared with them), not every type installed: the e-mail thread of a case,
  // for one, is the service team's.
  const access = await api('GET', 'access');
  state.types = new Set(Object.entries(access.types || {}).filter(([, a]) => a.read && a.read !== 'NONE').map(([name]) => name));
  nav.hidden = false;
  document.getElementById('nav-articles').hidden = !state.types.has('knowledgeArticle');
  return true;
}

function signedOut(message) {
  state.me = null;
  client.csrf = null;
  nav.hidden = true;
  if (message) announce(message);
  location.hash = '#/signin';
}

function signInPage(show) {
  show('Sign in',
    signInForm(client, 'E-mail address', async () => {
      await loadSession();
      announce('');
      goTo('#/cases', route);
    }),
    h('p', {}, h('a', { href: '#/forgot' }, 'Forgot your password?')));
}

function forgotPage(show) {
  show('Reset your password',
    h('p', {}, 'Enter the e-mail address you sign in with. If we know it, we send you a link to choose a new password.'),
    passwordResetForm(client, 'customer', () => show('Check your e-mail', h('p', {}, 'If an account uses this address, a link to '
      + 'choose a new password is on its way. It works once and expires soon.'), h('p', {}, h('a', { href: '#/signin' }, 'Back to sign in')))));
}

function passwordPage(token, show) {
  show('Choose your password',
    h('p', {}, 'Choose the password you will sign in with.'),
    choosePasswordForm(client, token, async () => {
      history.replaceState(null, '', '#/cases'); // the used link leaves the history
      await loadSession();
      announce('Your password is saved and you are signed in.');
      route();
    }));
}

// ---- cases ----

async function casesPage(show) {
  const filter = state.me.accountCases || !state.me.contactId ? '' : `&filter=${encodeURIComponent(`contact eq ${quote(state.me.contactId)}`)}`;
  const page = await api('GET', `cases?sort=-createdAt&limit=100${filter}`);
  const rows = (page.items || []).map(c => h('tr', {},
    h('td', {}, c.caseNumber || ''),
    h('td', {}, h('a', { href: `#/cases/${encodeURIComponent(c.id)}` }, c.subject)),
    h('td', {}, h('span', { class: 'badge' }, c.status)),
    h('td', {}, formatDate(c.updatedAt))));
  show(state.me.accountCases || !state.me.contactId ? 'Our cases' : 'My cases',
    h('p', { class: 'actions' }, h('a', { href: '#/cases/new' }, 'Open a new case')),
    rows.length
      ? h('table', {}, h('caption', { class: 'muted' }, `${rows.length} case${rows.length === 1 ? '' : 's'}, newest first`),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Number'), h('th', { scope: 'col' }, 'Subject'),
          h('th', { scope: 'col' }, 'Status'), h('th', { scope: 'col' }, 'Last change'))),
        h('tbody', {}, rows))
      : h('p', { class: 'muted' }, 'No cases yet.'));
}

async function newCasePage(show) {
  const type = await api('GET', 'metadata/case');
  const categories = (type.fields || []).find(f => f.apiName === 'category')?.picklistValues || [];
  show('Open a new case',
    form([input('Subject', 'subject', { type: 'text', required: true, maxlength: 255 }),
      h('label', {}, 'Category', h('select', { name: 'category' }, h('option', { value: '' }, '(choose)'),
        categories.map(c => h('option', { value: c }, c)))),
      h('label', {}, 'Description', h('textarea', { name: 'description', maxlength: 20000 }))],
    'Open the case', async data => {
      const body = { subject: data.get('subject').trim() };
      if (data.get('category')) body.category = data.get('category');
      if (data.get('description').trim()) body.description = data.get('description');
      const created = await api('POST', 'cases', body);
      announce(`Case ${created.caseNumber || ''} is open. We will get back to you.`);
      location.hash = `#/cases/${encodeURIComponent(created.id)}`;
    }));
}

/**
 * Where a case's conversation lives: the case's e-mail thread where the service capability keeps one (a customer's
 * message joins it through the case's customerMessage action, so e-mail and portal are one conversation), else the
 * portal's own comments.
 */
const MESSAGE_KINDS = new Set(['Message', 'Acknowledgement']);
const conversations = {
  caseMessage: {
    list: c => `caseMessages?filter=${encodeURIComponent(`case eq ${quote(c.id)}`)}&sort=createdAt&limit=200`,
    shown: m => MESSAGE_KINDS.has(m.kind),
    text: m => m.textBody || '',
    when: m => m.sentAt || m.createdAt,
    author: m => m.direction === 'Outbound' ? 'Support team'
      : (state.me.email && m.fromAddress === state.me.email.toLowerCase() ? 'You' : m.fromName || m.fromAddress || 'Customer'),
    post: (c, text) => api('POST', `cases/${encodeURIComponent(c.id)}/customerMessage`, { text })
  },
  caseComment: {
    list: c => `caseComments?filter=${encodeURIComponent(`case eq ${quote(c.id)}`)}&sort=createdAt&limit=200`,
    shown: () => true,
    text: m => m.body || '',
    when: m => m.createdAt,
    author: m => m.fromCustomer ? 'You' : 'Support team',
    post: (c, text) => api('POST', 'caseComments', { case: c.id, body: text })
  }
};

function conversationOf() {
  const type = ['caseMessage', 'caseComment'].find(t => state.types.has(t));
  return type ? conversations[type] : null;
}

async function casePage(id, show) {
  const c = await api('GET', `cases/${encodeURIComponent(id)}`);
  const files = await api('GET', `cases/${encodeURIComponent(id)}/files`);
  const thread = conversationOf();
  const done = c.status === 'Closed';
  const setStatus = (status, label) => h('button', { type: 'button', class: 'secondary', onclick: async e => {
    e.target.disabled = true;
    try {
      await api('PATCH', `cases/${encodeURIComponent(id)}`, { status, version: c.version });
      announce(`The case is now ${status.toLowerCase()}.`);
      route();
    } catch (p) {
      announce('');
      e.target.after(h('span', { class: 'error', role: 'alert' }, p.message));
      e.target.disabled = false;
    }
  } }, label);
  const content = [
    h('div', { class: 'card' }, h('dl', { class: 'facts' },
      h('dt', {}, 'Number'), h('dd', {}, c.caseNumber || ''),
      h('dt', {}, 'Status'), h('dd', {}, h('span', { class: 'badge' }, c.status)),
      h('dt', {}, 'Category'), h('dd', {}, c.category || '—'),
      h('dt', {}, 'Opened'), h('dd', {}, formatDate(c.openedAt || c.createdAt)),
      h('dt', {}, 'Last change'), h('dd', {}, formatDate(c.updatedAt))),
    h('div', { class: 'actions' },
      c.status !== 'Resolved' && !done ? setStatus('Resolved', 'Mark as resolved') : null,
      !done ? setStatus('Closed', 'Close the case') : null,
      c.status === 'Resolved' ? setStatus('Open', 'Reopen') : null)),
    h('h2', {}, 'Description'),
    h('div', { class: 'card pre' }, c.description || h('span', { class: 'muted' }, 'No description.'))];
  if (thread) content.push(...await threadSection(c, thread, done));
  content.push(h('h2', {}, 'Files'), filesSection(c, files.items || [], done));
  show(c.subject, ...content);
}

async function threadSection(c, thread, done) {
  const messages = await api('GET', thread.list(c));
  const list = (messages.items || []).filter(thread.shown).map(m => h('div', { class: 'message' },
    h('p', { class: 'muted' }, `${thread.author(m)} · ${formatDate(thread.when(m))}`),
    h('div', { class: 'pre' }, thread.text(m))));
  const reply = done ? [] : [form([h('label', {}, 'Your reply', h('textarea', { name: 'reply', required: true, maxlength: 20000 }))],
    'Send the reply', async data => {
      await thread.post(c, data.get('reply'));
      announce('Your reply is sent.');
      route();
    })];
  return [h('h2', {}, 'Conversation'), list.length ? h('div', { class: 'card' }, list) : h('p', { class: 'muted' }, 'No messages yet.'), ...reply];
}

function filesSection(c, files, done) {
  const list = files.length
    ? h('ul', { class: 'plain' }, files.map(f => h('li', {}, h('a', { href: `/api/v1/files/${encodeURIComponent(f.id)}` }, f.name),
      ' ', h('span', { class: 'muted' }, `${Math.max(1, Math.round(f.size / 1024))} KB, ${formatDate(f.createdAt)}`))))
    : h('p', { class: 'muted' }, 'No files yet.');
  if (done) return list;
  const upload = form([h('label', {}, 'Add a file', h('input', { type: 'file', name: 'file', required: true }))], 'Upload', async data => {
    const file = data.get('file');
    await api('POST', `cases/${encodeURIComponent(c.id)}/files`, file, {
      'Content-Type': file.type || 'application/octet-stream',
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    });
    announce(`${file.name} is uploaded.`);
    route();
  });
  return h('div', {}, list, upload);
}

// ---- articles and profile ----

async function articlesPage(q, show) {
  const results = h('div', {});
  const search = form([input('Search help articles', 'q', { type: 'search', required: true, maxlength: 200, value: q || '' })], 'Search',
    async data => {
      location.hash = `#/articles?q=${encodeURIComponent(data.get('q').trim())}`;
    });
  show('Help articles', search, results);
  if (!q) return;
  const found = await api('GET', `search?q=${encodeURIComponent(q)}&limit=20`);
  const articles = (found.items || []).filter(i => i.type === 'knowledgeArticle');
  results.replaceChildren(articles.length
    ? h('ul', { class: 'plain' }, articles.map(a => h('li', {}, h('h2', {}, a.name),
      h('div', { class: 'pre' }, a.record.summary || a.record.body || a.record.content || ''))))
    : h('p', { class: 'muted' }, 'No article matches. You can open a case and we will help.'));
}

function profilePage(show) {
  const me = state.me;
  show('My profile',
    h('div', { class: 'card' }, h('dl', { class: 'facts' }, h('dt', {}, 'Name'), h('dd', {}, me.displayName),
      h('dt', {}, 'E-mail'), h('dd', {}, me.email || '—'), h('dt', {}, 'Signs in as'), h('dd', {}, me.userName))),
    h('h2', {}, 'Change your password'),
    form([input('Current password', 'currentPassword', { type: 'password', autocomplete: 'current-password', required: true, maxlength: 200 }),
      input('New password', 'password', { type: 'password', autocomplete: 'new-password', required: true, maxlength: 200 })],
    'Change password', async data => {
      await api('POST', `users/${encodeURIComponent(me.userId)}/password`,
        { currentPassword: data.get('currentPassword'), password: data.get('password') });
      announce('Your password is changed; your other sessions have ended.');
      profilePage(show);
    }));
}

// ---- routing ----

const route = hashRoutes(showPage, async show => {
  const hash = location.hash || '#/';
  const [path, query] = hash.slice(1).split('?');
  const parts = path.split('/').filter(Boolean);
  try {
    if (parts[0] === 'password' && parts[1]) return passwordPage(parts[1], show);
    if (parts[0] === 'forgot') return forgotPage(show);
    if (!state.me) return signInPage(show);
    if (parts[0] === 'cases' && parts[1] === 'new') return await newCasePage(show);
    if (parts[0] === 'cases' && parts[1]) return await casePage(decodeURIComponent(parts[1]), show);
    if (parts[0] === 'articles') return await articlesPage(new URLSearchParams(query || '').get('q'), show);
    if (parts[0] === 'profile') return profilePage(show);
    return await casesPage(show);
  } catch (p) {
    show(p.status === 404 ? 'Not found' : 'Something went wrong', h('p', { class: 'error', role: 'alert' },
      p.status === 404 ? 'There is nothing here, or it is not shared with you.' : p.message),
    h('p', {}, h('a', { href: '#/cases' }, 'Back to my cases')));
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
    announce(p.status === 403 ? 'This portal is for customers. Staff sign in to the console at /.' : p.message);
  }
  route();
})();
