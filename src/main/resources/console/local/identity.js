// Local stack only (console/config.json {"mode":"local"}): no sign-in; the console acts as whichever member the
// "signed in as" picker names, by the local identity headers X-User-Id and X-Firm-Id. app.js loads this folder
// only in local mode, and scripts/console-deploy does not publish it.
import * as lists from '../lists.js';
import { h, announce } from '../ui.js';

const STORE = 'automove.local';

export function loadLocal() {
  try {
    return { firms: [], users: {}, ...JSON.parse(localStorage.getItem(STORE) ?? '{}') };
  } catch {
    return { firms: [], users: {} };
  }
}
export function saveLocal(state) { localStorage.setItem(STORE, JSON.stringify(state)); }

/** Local mode: who is signed in, in which firm, and the firms and users this browser knows. */
export class LocalIdentity {
  constructor() { this.mode = 'local'; this.state = loadLocal(); }
  get firmId() { return this.state.firmId ?? null; }
  get userId() { return this.state.userId ?? null; }
  get firmName() { return this.state.firms.find((f) => f.firmId === this.firmId)?.name ?? this.firmId; }
  async headers() {
    const h = {};
    if (this.userId) h['x-user-id'] = this.userId;
    if (this.firmId) h['x-firm-id'] = this.firmId;
    return h;
  }
  /** Remember a firm (made here or opened by its id) and act in it as userId. */
  useFirm(firmId, name, userId) {
    if (!this.state.firms.some((f) => f.firmId === firmId)) this.state.firms.push({ firmId, name: name || firmId });
    this.state.firmId = firmId;
    this.signInAs(userId);
  }
  signInAs(userId) {
    this.state.userId = userId;
    const known = new Set(this.state.users[this.firmId] ?? []);
    known.add(userId);
    this.state.users[this.firmId] = [...known];
    saveLocal(this.state);
  }
  /** A member added from this browser, offered by the picker even before the firm's list is read. */
  remember(userId) {
    const known = new Set(this.state.users[this.firmId] ?? []);
    known.add(userId);
    this.state.users[this.firmId] = [...known];
    saveLocal(this.state);
  }
  knownUsers() { return this.state.users[this.firmId] ?? []; }
  signOut() { delete this.state.firmId; delete this.state.userId; saveLocal(this.state); }
}

/** The header's "signed in as" picker: the firm, and the user among the firm's members. */
export async function renderPicker(box, ctx) {
  const id = ctx.identity;
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
