// The kit of the small pages capabilities serve outside the console (the customer portal at /portal/, the partner
// portal at /partners/): a client of the REST API that carries the session's CSRF token, an element builder that
// never parses server text as HTML, and forms that show RFC 9457 problems next to the fields they name. No framework,
// no import map: import it as `import { pageClient, h, form, input, Problem } from '/app/sdk/page-v1.js';`. A contract
// like v1.js: additions only.

/** An RFC 9457 problem: its detail, and messages by field. */
export class Problem extends Error {
  constructor(status, body) {
    const errors = Array.isArray(body?.errors) ? body.errors : [];
    super(body?.detail || errors.map(e => e.message).join(' ') || body?.title || `Request failed (${status})`);
    this.status = status;
    this.errors = errors;
  }

  field(name) {
    return this.errors.find(e => e.field === name);
  }
}

/**
 * A client of /api/v1/: `call(method, path, body, headers)` resolves to the parsed JSON answer or throws a Problem
 * (status 0 when the server cannot be reached: `unreachable` is its text). Set `csrf` once signed in; `onUnauthorized(path)`
 * hears every 401.
 */
export function pageClient({ unreachable = 'The server cannot be reached. Check your connection and try again.', onUnauthorized = () => {} } = {}) {
  const client = {
    csrf: null,
    async call(method, path, body, headers = {}) {
      const sent = { Accept: 'application/json', ...headers };
      let payload = body;
      if (body !== undefined && !(body instanceof Blob)) {
        sent['Content-Type'] = 'application/json';
        payload = JSON.stringify(body);
      }
      if (client.csrf && method !== 'GET') sent['X-CSRF-Token'] = client.csrf;
      let resp;
      try {
        resp = await fetch(`/api/v1/${path}`, { method, headers: sent, body: payload, credentials: 'same-origin' });
      } catch {
        throw new Problem(0, { detail: unreachable });
      }
      const json = (resp.headers.get('Content-Type') || '').includes('json') ? await resp.json() : null;
      if (!resp.ok) {
        if (resp.status === 401) onUnauthorized(path);
        throw new Problem(resp.status, json);
      }
      return json;
    },
  };
  return client;
}

/** Builds an element; strings become text nodes, so nothing from the server is ever parsed as HTML. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v == null) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, v);
  }
  for (const c of children.flat()) if (c != null && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

/** A form whose submit runs `action`; a Problem is shown next to the fields it names, or above the button. */
export function form(fields, submitLabel, action) {
  const error = h('p', { class: 'error', role: 'alert' });
  const button = h('button', { type: 'submit' }, submitLabel);
  const el = h('form', { class: 'stack', novalidate: true }, fields, error, h('div', { class: 'actions' }, button));
  el.addEventListener('submit', async e => {
    e.preventDefault();
    error.textContent = '';
    for (const m of el.querySelectorAll('.field-error')) m.remove();
    for (const i of el.querySelectorAll('[aria-invalid]')) i.removeAttribute('aria-invalid');
    const invalid = [...el.elements].find(i => i.willValidate && !i.checkValidity());
    if (invalid) {
      invalid.setAttribute('aria-invalid', 'true');
      error.textContent = `${invalid.closest('label')?.firstChild?.textContent || 'A field'}: ${invalid.validationMessage}`;
      invalid.focus();
      return;
    }
    button.disabled = true;
    try {
      await action(new FormData(el));
    } catch (p) {
      let shown = false;
      for (const fe of p.errors || []) {
        const field = fe.field && el.elements[fe.field];
        if (field) {
          field.setAttribute('aria-invalid', 'true');
          field.closest('label').append(h('span', { class: 'error field-error' }, fe.message));
          shown = true;
        }
      }
      if (!shown || p.status !== 422) error.textContent = p.message;
    } finally {
      button.disabled = false;
    }
  });
  return el;
}

/** A labelled input. */
export const input = (label, name, attrs = {}) => h('label', {}, label, h('input', { name, ...attrs }));

/** A value quoted for the lists' filter language. */
export const quote = v => `'${String(v).replace(/'/g, "''")}'`;

/**
 * What shows a page of the app: `show(title, ...content)` puts the title (an h1, and in the tab after `appName`) and
 * the content into `main`, moves the focus there and marks the link of `nav` to the current fragment.
 */
export function pageShow(appName, main, nav) {
  return (title, ...content) => {
    document.title = `${title} · ${appName}`;
    main.replaceChildren(h('h1', {}, title), ...content);
    main.focus();
    for (const a of nav.querySelectorAll('a')) {
      if (a.getAttribute('href') === location.hash) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
  };
}

/**
 * Routing by URL fragment: `route(show)` runs at every change of the fragment and whenever the returned function is
 * called (at start, or after a change the fragment does not show), each time with a `show` of its own that does nothing
 * once a later navigation has started: a page still loading when the user moves on never covers the page they went to.
 */
export function hashRoutes(show, route) {
  let latest = 0;
  const navigate = () => {
    const mine = ++latest;
    return route((title, ...content) => {
      if (mine === latest) show(title, ...content);
    });
  };
  window.addEventListener('hashchange', navigate);
  return navigate;
}

/** Goes to `hash`, or runs `route` when the URL is there already (setting the same fragment fires no hashchange). */
export function goTo(hash, route) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

/** The platform's session sign-in (throttling and password rules included) as a form; `signedIn()` runs after it. */
export function signInForm(client, userLabel, signedIn) {
  return form([input(userLabel, 'userName', { type: 'text', autocomplete: 'username', required: true, maxlength: 100 }),
    input('Password', 'password', { type: 'password', autocomplete: 'current-password', required: true, maxlength: 200 })],
  'Sign in', async data => {
    await client.call('POST', 'session', { userName: data.get('userName').trim(), password: data.get('password') });
    await signedIn();
  });
}

/**
 * Choosing a password with the token of an invitation or reset link (`#/password/<token>`), then signing in with it;
 * `signedIn()` runs after. A link that is invalid, used or expired is said above the form.
 */
export function choosePasswordForm(client, token, signedIn) {
  return form([input('New password', 'password', { type: 'password', autocomplete: 'new-password', required: true, maxlength: 200 }),
    input('Repeat the password', 'repeat', { type: 'password', autocomplete: 'new-password', required: true, maxlength: 200 })],
  'Save password', async data => {
    if (data.get('password') !== data.get('repeat')) {
      throw new Problem(422, { errors: [{ field: 'repeat', message: 'The passwords differ' }] });
    }
    let answer;
    try {
      answer = await client.call('POST', 'invitations/password', { token, password: data.get('password') });
    } catch (p) {
      const t = p.field && p.field('token');
      if (t) throw new Problem(422, { detail: t.message });
      throw p;
    }
    await client.call('POST', 'session', { userName: answer.userName, password: data.get('password') });
    await signedIn();
  });
}

/** Asking for a password reset link of the portal named `portal` (`customer`, `partner`); `sent()` runs after. */
export function passwordResetForm(client, portal, sent) {
  return form([input('E-mail address', 'email', { type: 'email', autocomplete: 'email', required: true, maxlength: 254 })],
    'Send the link', async data => {
      await client.call('POST', 'invitations/passwordReset', { portal, email: data.get('email').trim() });
      await sent();
    });
}
