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
//   #/outbox, #/start                    the local outbox, choosing a firm (local stack only: local/)
import * as api from './api.js';
import { h, errorBox, announce } from './ui.js';
import { OidcIdentity } from './identity.js';
import * as lists from './lists.js';
import { pipelinesScreen, boardScreen, stageScreen, templatesScreen } from './screens/pipelines.js';
import { jobScreen } from './screens/job.js';
import { createRequestScreen, accountRequestsScreen, requestScreen } from './screens/requests.js';
import { accountsScreen, teamScreen, activityScreen, noFirmScreen } from './screens/firm.js';

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
];

let local = null;

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
    // the local stack only: the picker, the start screen and the outbox; never loaded (nor published) deployed
    local = await import('./local/local.js');
    ctx.identity = new local.LocalIdentity();
    ctx.local = true;
    routes.push([/^\/outbox$/, local.outboxScreen], [/^\/start$/, local.startScreen]);
  }
  document.body.classList.toggle('local', ctx.local);
  if (!ctx.local) document.querySelectorAll('.local-only').forEach((el) => el.remove());
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
  local.renderPicker(box, ctx);
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
    screen = local.startScreen;
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
    if (e?.code === 'NO_FIRM' && !ctx.local) {
      // signed in, but the token names no firm yet: the one thing such a user can do is make one
      content.replaceChildren();
      await noFirmScreen(content, { ctx });
      if (turn === rendering) main.replaceChildren(content);
      return;
    }
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
