// The console: reads config.json, sets up who it acts as (identity.js), and shows the screen the address names.
// Each screen has an address after '#', so a deep link opens it directly:
//   #/pipelines                          the pipelines
//   #/pipelines/{pipelineId}             a pipeline's board
//   #/pipelines/{pipelineId}/stages/{stageId}   a stage's settings
//   #/jobs/{jobId}                       a job card
//   #/accounts                           the accounts
//   #/accounts/{accountId}/requests      an account's client request list
//   #/requests/new?accountId=&jobId=     the create-client-request screen (jobId: born linked to that job)
//   #/requests/{requestId}               a client request
//   #/templates, #/team, #/activity      request templates, team administration, the firm's activity
//   #/outbox                             the local outbox (local stack only)
import * as api from './api.js';
import { h, errorBox, announce } from './ui.js';
import { LocalIdentity, OidcIdentity } from './identity.js';
import * as lists from './lists.js';
import { pipelinesScreen, boardScreen, stageScreen, templatesScreen } from './screens/pipelines.js';
import { jobScreen } from './screens/job.js';
import { createRequestScreen, accountRequestsScreen, requestScreen } from './screens/requests.js';
import { accountsScreen, teamScreen, activityScreen, startScreen } from './screens/firm.js';
import { outboxScreen } from './screens/outbox.js';

const routes = [
  [/^\/pipelines$/, pipelinesScreen],
  [/^\/pipelines\/([^/]+)$/, boardScreen],
  [/^\/pipelines\/([^/]+)\/stages\/([^/]+)$/, stageScreen],
  [/^\/jobs\/([^/]+)$/, jobScreen],
  [/^\/accounts$/, accountsScreen],
  [/^\/accounts\/([^/]+)\/requests$/, accountRequestsScreen],
  [/^\/requests\/new$/, createRequestScreen],
  [/^\/requests\/([^/]+)$/, requestScreen],
  [/^\/templates$/, templatesScreen],
  [/^\/team$/, teamScreen],
  [/^\/activity$/, activityScreen],
  [/^\/outbox$/, outboxScreen],
  [/^\/start$/, startScreen],
];

const ctx = {
  identity: null,
  go(hash) { if (window.location.hash === hash) render(); else window.location.hash = hash; },
  refresh: () => render(),
  identityChanged: () => { renderIdentity(); render(); },
  local: false,
};

async function start() {
  const main = document.getElementById('main');
  let config;
  try {
    config = await (await fetch(new URL('config.json', import.meta.url))).json();
  } catch {
    config = { mode: 'local' };
  }
  if (config.mode === 'oidc') {
    ctx.identity = new OidcIdentity(config.oidc);
    try {
      await ctx.identity.start();
    } catch (e) {
      const box = errorBox();
      main.replaceChildren(h('h1', { tabindex: '-1' }, 'Sign-in failed'), box.el);
      box.show(e);
      return;
    }
  } else {
    ctx.identity = new LocalIdentity();
    ctx.local = true;
  }
  document.body.classList.toggle('local', ctx.local);
  api.configure({ baseUrl: config.apiBaseUrl ?? '', headers: () => ctx.identity.headers() });
  lists.useFirm(() => ctx.identity.firmId ?? 'none');
  renderIdentity();
  window.addEventListener('hashchange', () => render());
  render();
}

/** The header's right side: the local "signed in as" picker, or the signed-in user and Sign out. */
async function renderIdentity() {
  const box = document.getElementById('identity');
  const id = ctx.identity;
  if (!ctx.local) {
    box.replaceChildren(id.signedIn
      ? h('span', {}, 'Signed in as ', h('strong', {}, id.claims.email ?? id.userId), ' ',
        h('button', { type: 'button', onclick: () => id.signOut() }, 'Sign out'))
      : h('button', { type: 'button', onclick: () => id.signIn() }, 'Sign in'));
    return;
  }
  if (!id.firmId) {
    box.replaceChildren(h('a', { href: '#/start' }, 'Choose a firm'));
    return;
  }
  const firmSelect = h('select', { id: 'local-firm', onchange: (e) => {
    if (e.target.value === '') { ctx.go('#/start'); return; }
    const users = id.state.users[e.target.value] ?? [];
    id.useFirm(e.target.value, null, users[0] ?? id.userId);
    announce(`Firm ${id.firmName}`);
    ctx.identityChanged();
  } }, id.state.firms.map((f) => h('option', { value: f.firmId, selected: f.firmId === id.firmId }, f.name)),
  h('option', { value: '' }, 'Another firm…'));
  const userSelect = h('select', { id: 'local-user', onchange: (e) => {
    id.signInAs(e.target.value);
    announce(`Signed in as ${e.target.value}`);
    ctx.identityChanged();
  } }, h('option', { value: id.userId, selected: true }, id.userId));
  box.replaceChildren(
    h('span', { class: 'local-flag', title: 'Local stack only: the identity is two headers, nothing is checked' }, 'Local'),
    h('label', { for: 'local-firm' }, 'Firm'), firmSelect,
    h('label', { for: 'local-user' }, 'Signed in as'), userSelect);
  // the picker lists the firm's members (owners and admins may read them); others see who they know here
  // (an employee may not read them: then the users this browser knows, as on a stack without the route)
  let members = [];
  try {
    members = (await lists.members()).items;
  } catch {
    members = [];
  }
  const ids = [...new Set([...members.map((m) => m.userId), ...id.knownUsers(), id.userId])];
  const roles = Object.fromEntries(members.map((m) => [m.userId, m.role]));
  userSelect.replaceChildren(...ids.map((u) => h('option', { value: u, selected: u === id.userId },
    roles[u] ? `${u} (${roles[u].toLowerCase()})` : u)));
}

let rendering = 0;
async function render() {
  const main = document.getElementById('main');
  const raw = window.location.hash.replace(/^#/, '');
  if (raw && !raw.startsWith('/')) return; // an in-page anchor, not a screen
  const [path, query] = (raw || '/').split('?');
  const params = new URLSearchParams(query ?? '');
  const turn = ++rendering;
  const needsFirm = ctx.local && !ctx.identity.firmId && path !== '/start' && path !== '/outbox';
  const needsSignIn = !ctx.local && !ctx.identity.signedIn;
  let screen = null;
  let args = [];
  if (needsSignIn) {
    main.replaceChildren(h('h1', { tabindex: '-1' }, 'Automove'),
      h('p', {}, 'Sign in to see your firm\'s pipelines and client requests.'),
      h('button', { type: 'button', onclick: () => ctx.identity.signIn() }, 'Sign in'));
    return;
  }
  if (needsFirm) {
    screen = startScreen;
  } else if (path === '/') {
    screen = pipelinesScreen;
  } else {
    for (const [pattern, s] of routes) {
      const m = path.match(pattern);
      if (m) { screen = s; args = m.slice(1).map(decodeURIComponent); break; }
    }
  }
  for (const a of document.querySelectorAll('header nav a')) {
    if (path.startsWith(a.getAttribute('href').slice(1))) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const view = h('div', { class: 'screen' });
  if (!screen) {
    view.append(h('h1', { tabindex: '-1' }, 'Not found'), h('p', {}, 'No screen at this address. ',
      h('a', { href: '#/pipelines' }, 'Go to the pipelines')));
  } else {
    view.append(h('p', { class: 'loading' }, 'Loading…'));
  }
  main.replaceChildren(view);
  if (!screen) return;
  const content = h('div', { class: 'screen' });
  try {
    await screen(content, { args, params, ctx });
  } catch (e) {
    const box = errorBox();
    content.replaceChildren(h('h1', { tabindex: '-1' }, 'This screen could not be shown'), box.el,
      h('p', {}, h('button', { type: 'button', onclick: () => render() }, 'Try again')));
    box.show(e);
  }
  if (turn !== rendering) return; // the user went elsewhere meanwhile
  main.replaceChildren(content);
  const heading = content.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    document.title = `${heading.textContent} · Automove`;
    if (document.activeElement === document.body || !main.contains(document.activeElement)) heading.focus({ preventScroll: true });
  }
}

start();
