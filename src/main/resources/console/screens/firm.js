// The firm: its accounts, its team, its activity trail.
import * as api from '../api.js';
import * as lists from '../lists.js';
import { h, mount, field, checkbox, errorBox, act, newKey, announce, when } from '../ui.js';

const enc = encodeURIComponent;

/**
 * Deployed: the user signed in, but the token carries no firmId (403 NO_FIRM). POST /firms needs none: it makes
 * the firm, owned by the caller; the identity provider must then put that firmId in the user's tokens
 * (docs/deploy.md, "What the tokens must carry"), and the next sign-in opens it.
 */
export async function noFirmScreen(root, { ctx }) {
  const key = newKey();
  const name = h('input', { type: 'text', required: true });
  const box = errorBox();
  const made = h('p', { class: 'notice', role: 'status' });
  const create = h('button', { type: 'submit' }, 'Create firm');
  const form = h('form', { class: 'panel' }, field('Firm name', name), box.el, create, made);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    act(create, box, async () => {
      const firm = await api.createFirm(name.value.trim(), key);
      made.textContent = `Firm created, id ${firm.firmId}. Your identity provider must now add the claim firmId `
        + `${firm.firmId} to your sign-in; then sign out and in again.`;
    });
  });
  mount(root, h('h1', {}, 'No firm yet'),
    h('p', {}, 'Your sign-in does not name a firm. Create one (you become its owner), or ask the owner of yours to add you.'),
    form, h('button', { type: 'button', class: 'secondary', onclick: () => ctx.identity.signOut() }, 'Sign out'));
}

export async function accountsScreen(root, { ctx }) {
  const { items, degraded } = await lists.accounts();
  const key = newKey();
  const name = h('input', { type: 'text', required: true });
  const contactName = h('input', { type: 'text', required: true });
  const contactEmail = h('input', { type: 'email', required: true });
  const team = h('input', { type: 'text' });
  const tags = h('input', { type: 'text' });
  const box = errorBox();
  const create = h('button', { type: 'submit' }, 'Create account');
  const split = (s) => s.split(',').map((x) => x.trim()).filter(Boolean);
  const form = h('form', { class: 'panel' }, h('h2', {}, 'New account'), field('Account name', name),
    field('Contact name', contactName), field('Contact email', contactEmail),
    field('Team members (user ids, comma separated)', team), field('Tags (comma separated)', tags), box.el, create);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    act(create, box, async () => {
      const a = await api.createAccount({ name: name.value.trim(),
        contacts: [{ name: contactName.value.trim(), email: contactEmail.value.trim() }],
        teamMemberIds: split(team.value), tags: split(tags.value) }, key);
      lists.remember('accounts', a.accountId, { name: name.value.trim() });
      announce(`Account ${name.value.trim()} created`);
      ctx.refresh();
    });
  });
  mount(root, h('h1', {}, 'Accounts'),
    items.length ? h('table', { 'aria-label': 'Accounts' }, h('thead', {}, h('tr', {}, h('th', {}, 'Account'), h('th', {}, 'Tags'),
      h('th', {}, h('span', { class: 'visually-hidden' }, 'Actions')))),
    h('tbody', {}, items.map((a) => h('tr', {}, h('td', {}, a.name), h('td', {}, (a.tags ?? []).join(', ')),
      h('td', {}, h('a', { href: `#/accounts/${enc(a.accountId)}/requests`, 'aria-label': `Client requests of ${a.name}` }, 'Client requests'),
        ' · ', h('a', { href: `#/requests/new?accountId=${enc(a.accountId)}`, 'aria-label': `New client request for ${a.name}` }, 'New client request'))))))
      : h('p', {}, 'No account yet.'),
    degraded ? h('p', { class: 'hint' }, 'This stack cannot list accounts: those made in this browser are shown.') : null,
    form);
}

export async function teamScreen(root, { ctx }) {
  const { items, degraded } = await lists.members();
  const box = errorBox();
  const userId = h('input', { type: 'text', required: true, autocomplete: 'off' });
  const role = h('select', {}, ['EMPLOYEE', 'ADMIN', 'OWNER'].map((r) => h('option', { value: r }, r.toLowerCase())));
  const viewAll = checkbox('May see every account (VIEW_ALL_ACCOUNTS)');
  const add = h('button', { type: 'submit' }, 'Add member');
  const form = h('form', { class: 'panel' }, h('h2', {}, 'Add a member'), field('User id', userId), field('Role', role),
    viewAll.el, box.el, add);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    act(add, box, async () => {
      const m = await api.addMember({ userId: userId.value.trim(), role: role.value,
        rights: viewAll.input.checked ? ['VIEW_ALL_ACCOUNTS'] : [] });
      lists.remember('members', m.userId, { role: m.role, rights: m.rights });
      ctx.identity.remember?.(m.userId);
      announce(`${m.userId} added`);
      ctx.identityChanged();
    });
  });
  const row = (m) => {
    const rowBox = errorBox();
    if (degraded) {
      return h('tr', {}, h('td', {}, m.userId), h('td', {}, (m.role ?? '').toLowerCase()), h('td', {}, (m.rights ?? []).join(', ')), h('td', {}));
    }
    // the owner and admins change a member's role and rights, or remove them (PATCH, DELETE /members/{userId})
    const roleSelect = h('select', { 'aria-label': `Role of ${m.userId}` }, ['EMPLOYEE', 'ADMIN', 'OWNER'].map((r) =>
      h('option', { value: r, selected: r === m.role }, r.toLowerCase())));
    const all = checkbox('Every account', { checked: (m.rights ?? []).includes('VIEW_ALL_ACCOUNTS'),
      'aria-label': `${m.userId} may see every account` });
    const save = h('button', { type: 'button', class: 'secondary', 'aria-label': `Save ${m.userId}` }, 'Save');
    save.addEventListener('click', () => act(save, rowBox, async () => {
      await api.changeMember(m.userId, { role: roleSelect.value, rights: all.input.checked ? ['VIEW_ALL_ACCOUNTS'] : [] });
      announce(`${m.userId} saved`);
      ctx.refresh();
    }));
    const remove = h('button', { type: 'button', class: 'secondary', 'aria-label': `Remove ${m.userId}` }, 'Remove');
    remove.addEventListener('click', () => act(remove, rowBox, async () => { await api.removeMember(m.userId); ctx.refresh(); }));
    return h('tr', {}, h('td', {}, m.userId), h('td', {}, roleSelect), h('td', {}, all.el),
      h('td', {}, h('div', { class: 'row' }, save, remove), rowBox.el));
  };
  mount(root, h('h1', {}, 'Team'),
    h('table', { 'aria-label': 'Members' }, h('thead', {}, h('tr', {}, h('th', {}, 'User'), h('th', {}, 'Role'), h('th', {}, 'Rights'),
      h('th', {}, h('span', { class: 'visually-hidden' }, 'Actions')))), h('tbody', {}, items.map(row))),
    degraded ? h('p', { class: 'hint' }, 'This stack cannot list members: those added from this browser are shown.') : null,
    form);
}

export async function activityScreen(root) {
  mount(root, h('h1', {}, 'Activity'), await activityList(() => api.firmActivity(), { heading: false }));
}

// who or what made the change: a member's user id, a stage's automation, the client, or Automove itself
const who = (a) => ({ MEMBER: a.actor?.id, AUTOMATION: 'automation', CLIENT: 'the client' })[a.actor?.type] ?? 'Automove';

// the kind, with the one detail that says most: a move's cause, a link's screen, a skip's reason
const what = (a) => {
  const d = a.details ?? {};
  const extra = d.cause ?? d.via ?? d.reason ?? d.emailKind;
  return extra ? `${a.kind} (${String(extra).toLowerCase().replaceAll('_', ' ')})` : a.kind;
};

/**
 * An activity trail (a job's or a request's oldest first, the firm's newest first) with Show more; nothing where
 * the stack has no such route. Errors other than a missing route are shown in place.
 */
export async function activityList(read, { heading = true } = {}) {
  let first;
  try {
    first = await read();
  } catch (e) {
    if (lists.missingRoute(e)) return heading ? null : h('p', {}, 'This stack keeps no activity trail yet.');
    const box = errorBox();
    box.show(e);
    return h('section', { class: 'panel' }, heading ? h('h2', {}, 'Activity') : null, box.el);
  }
  const list = h('ol', { class: 'activity' });
  const add = (items) => items.forEach((a) => list.append(h('li', {}, h('span', { class: 'hint' }, when(a.at)), ' ',
    what(a), ' by ', who(a), a.requestId ? h('span', {}, ' · ', h('a', { href: `#/requests/${enc(a.requestId)}` }, 'request')) : null,
    ...(a.jobIds ?? []).map((j) => h('span', {}, ' · ', h('a', { href: `#/jobs/${enc(j)}` }, 'job'))))));
  add(first.items);
  let cursor = first.nextCursor;
  const box = errorBox();
  const more = h('button', { type: 'button', class: 'secondary', hidden: !cursor }, 'Show more');
  more.addEventListener('click', () => act(more, box, async () => {
    const next = await read(cursor);
    add(next.items);
    cursor = next.nextCursor;
    more.hidden = !cursor;
  }));
  return h('section', { class: 'panel' }, heading ? h('h2', {}, 'Activity') : null,
    first.items.length ? list : h('p', {}, 'Nothing yet.'), more, box.el);
}
