// Local stack only: choose a firm, make one (its creator becomes its owner) or open one by id, as a given user.
import * as api from '../api.js';
import * as lists from '../lists.js';
import { h, mount, field, errorBox, act, newKey, announce } from '../ui.js';

/** Local stack only: make a firm (its creator becomes its owner) or open one by id, as a given user. */
export async function startScreen(root, { ctx }) {
  const id = ctx.identity;
  const key = newKey();
  const firmName = h('input', { type: 'text', required: true });
  const owner = h('input', { type: 'text', required: true, value: 'anna', autocomplete: 'off' });
  const box = errorBox();
  const create = h('button', { type: 'submit' }, 'Create firm');
  const createForm = h('form', { class: 'panel' }, h('h2', {}, 'Create a firm'), field('Firm name', firmName),
    field('Your user id', owner, 'Locally the user id is all there is to signing in: the firm\'s creator is its owner.'),
    box.el, create);
  createForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    act(create, box, async () => {
      id.state.userId = owner.value.trim();
      delete id.state.firmId;
      const firm = await api.createFirm(firmName.value.trim(), key);
      id.useFirm(firm.firmId, firmName.value.trim(), owner.value.trim());
      lists.remember('members', owner.value.trim(), { role: 'OWNER' });
      announce(`Signed in to ${firmName.value.trim()} as ${owner.value.trim()}`);
      ctx.identityChanged();
      ctx.go('#/pipelines');
    });
  });
  const firmId = h('input', { type: 'text', required: true });
  const user = h('input', { type: 'text', required: true });
  const open = h('button', { type: 'submit' }, 'Open firm');
  const openForm = h('form', { class: 'panel' }, h('h2', {}, 'Open a firm by its id'), field('Firm id', firmId),
    field('Signed in as (user id)', user), open);
  openForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    id.useFirm(firmId.value.trim(), null, user.value.trim());
    ctx.identityChanged();
    ctx.go('#/pipelines');
  });
  mount(root, h('h1', {}, 'Choose a firm'),
    h('p', {}, 'This is the local stack: there is no sign-in, the console acts as whichever member you pick.'),
    id.state.firms.length ? h('ul', {}, id.state.firms.map((f) => h('li', {}, h('button', { type: 'button', class: 'secondary',
      onclick: () => { id.useFirm(f.firmId, f.name, (id.state.users[f.firmId] ?? [])[0] ?? 'anna'); ctx.identityChanged(); ctx.go('#/pipelines'); } },
    `Open ${f.name}`)))) : null,
    createForm, openForm);
}

