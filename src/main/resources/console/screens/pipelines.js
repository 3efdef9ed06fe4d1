// The pipelines, a pipeline's board (stages as columns, job cards moved by drag or by a menu), a stage's
// settings (Automove jobs, the Send client request automation, New template in place), the request templates.
import * as api from '../api.js';
import * as lists from '../lists.js';
import { h, mount, field, checkbox, errorBox, act, newKey, badge, announce } from '../ui.js';
import { moveJob, moveMenu, templateForm, newTemplateDialog, scheduleFields } from '../parts.js';

const enc = encodeURIComponent;

export async function pipelinesScreen(root, { ctx }) {
  const { items, degraded } = await lists.pipelines();
  const key = newKey();
  const name = h('input', { type: 'text', required: true });
  const stages = h('textarea', { required: true, rows: 5 }, 'Intake\nMissing info\nReview\nDone');
  const box = errorBox();
  const create = h('button', { type: 'submit' }, 'Create pipeline');
  const form = h('form', { class: 'panel' }, h('h2', {}, 'New pipeline'), field('Pipeline name', name),
    field('Stages, one per line, in order', stages), box.el, create);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    act(create, box, async () => {
      const names = stages.value.split('\n').map((s) => s.trim()).filter(Boolean);
      const p = await api.createPipeline({ name: name.value.trim(), stages: names.map((n) => ({ name: n })) }, key);
      lists.remember('pipelines', p.pipelineId, { name: name.value.trim() });
      ctx.go(`#/pipelines/${enc(p.pipelineId)}`);
    });
  });
  mount(root, h('h1', {}, 'Pipelines'),
    items.length ? h('ul', { class: 'plain pipelines' }, items.map((p) => h('li', { class: 'panel' },
      h('h2', {}, h('a', { href: `#/pipelines/${enc(p.pipelineId)}` }, p.name)),
      h('p', { class: 'hint' }, (p.stages ?? []).map((s) => s.name).join(' → ')))))
      : h('p', {}, 'No pipeline yet.'),
    degraded ? h('p', { class: 'hint' }, 'This stack cannot list pipelines: those made or opened in this browser are shown.') : null,
    form);
}

export async function boardScreen(root, { args: [pipelineId], params, ctx }) {
  const includeArchived = params.get('archived') === '1';
  const board = await api.getBoard(pipelineId, { includeArchived });
  lists.remember('pipelines', pipelineId, { name: board.name });
  const stages = board.stages;
  const boardBox = errorBox();
  const refresh = () => ctx.refresh();

  const card = (job, stage) => {
    const el = h('li', { class: 'jobcard', draggable: 'true', 'data-job-id': job.jobId });
    const account = h('span', { class: 'account' }, job.accountId);
    lists.accountName(job.accountId).then((n) => { account.textContent = n; });
    mount(el, h('h3', {}, h('a', { href: `#/jobs/${enc(job.jobId)}` }, job.title)),
      h('p', { class: 'facts' }, account),
      h('p', {}, job.unfinishedCount ? badge(`${job.unfinishedCount} unfinished`, 'unfinished') : null,
        job.overdueCount ? badge(`${job.overdueCount} overdue`, 'overdue') : null,
        job.archived ? badge('Archived', 'archived') : null),
      job.archived ? null : moveMenu(job, stages, stage.stageId, refresh));
    el.addEventListener('dragstart', (ev) => {
      ev.dataTransfer.setData('application/x-automove-job', JSON.stringify({ ...job, stageId: stage.stageId }));
      ev.dataTransfer.effectAllowed = 'move';
    });
    return el;
  };

  const column = (stage, i) => {
    const list = h('ul', { 'aria-label': `Jobs in ${stage.name}` }, stage.jobs.map((j) => card(j, stage)));
    const more = stage.nextCursor ? h('button', { type: 'button', class: 'secondary' }, 'Show more') : null;
    let cursor = stage.nextCursor;
    more?.addEventListener('click', () => act(more, boardBox, async () => {
      const next = await api.boardStagePage(pipelineId, stage.stageId, cursor);
      next.jobs.forEach((j) => list.append(card(j, stage)));
      cursor = next.nextCursor;
      if (!cursor) more.remove();
    }));
    const count = stage.jobCount ?? stage.jobs.length;
    const col = h('section', { class: 'column', 'aria-labelledby': `stage-${i}` },
      h('h2', { id: `stage-${i}` }, stage.name, ' ', h('span', { class: 'hint' }, `(${count})`)),
      h('p', {}, stage.automove ? badge('Automove jobs', 'automove') : null, ' ',
        h('a', { href: `#/pipelines/${enc(pipelineId)}/stages/${enc(stage.stageId)}`,
          'aria-label': `Settings of ${stage.name}` }, 'Stage settings')),
      list, more);
    col.addEventListener('dragover', (ev) => {
      if (ev.dataTransfer.types.includes('application/x-automove-job')) { ev.preventDefault(); col.classList.add('drop'); }
    });
    col.addEventListener('dragleave', () => col.classList.remove('drop'));
    col.addEventListener('drop', async (ev) => {
      ev.preventDefault();
      col.classList.remove('drop');
      const job = JSON.parse(ev.dataTransfer.getData('application/x-automove-job'));
      if (job.stageId === stage.stageId) return;
      if (await moveJob(job, stage, boardBox)) refresh();
    });
    return col;
  };

  const archived = checkbox('Show archived jobs', { checked: includeArchived, onchange: (ev) =>
    ctx.go(`#/pipelines/${enc(pipelineId)}${ev.target.checked ? '?archived=1' : ''}`) });
  mount(root, h('h1', {}, board.name),
    h('div', { class: 'row' }, archived.el, h('a', { href: '#/pipelines' }, 'All pipelines')),
    await newJobForm(pipelineId, stages, ctx),
    boardBox.el,
    h('div', { class: 'board' }, stages.map(column)));
}

async function newJobForm(pipelineId, stages, ctx) {
  const { items: accounts } = await lists.accounts();
  const key = newKey();
  const title = h('input', { type: 'text', required: true });
  const account = h('select', { required: true }, accounts.map((a) => h('option', { value: a.accountId }, a.name)));
  const stage = h('select', {}, stages.map((s) => h('option', { value: s.stageId }, s.name)));
  const box = errorBox();
  const create = h('button', { type: 'submit' }, 'Create job');
  const form = h('form', {}, h('div', { class: 'row' }, field('Job title', title), field('Account', account),
    field('Starts in stage', stage), create), box.el,
  accounts.length ? null : h('p', { class: 'hint' }, 'Make an account first: ', h('a', { href: '#/accounts' }, 'Accounts')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    act(create, box, async () => {
      await api.createJob({ accountId: account.value, pipelineId, title: title.value.trim(),
        stageId: stage.value === stages[0].stageId ? undefined : stage.value }, key);
      announce(`Job ${title.value.trim()} created`);
      ctx.refresh();
    });
  });
  return h('details', { class: 'panel' }, h('summary', {}, 'New job'), form);
}

export async function stageScreen(root, { args: [pipelineId, stageId], ctx }) {
  const pipeline = await api.getPipeline(pipelineId);
  const index = pipeline.stages.findIndex((s) => s.stageId === stageId);
  if (index < 0) throw new Error('This pipeline has no such stage.');
  const stage = pipeline.stages[index];
  const last = index === pipeline.stages.length - 1;
  let { items: templates } = await lists.templates();
  let automations = [...(stage.automations ?? [])];

  const name = h('input', { type: 'text', value: stage.name, required: true });
  const lastReason = 'The last stage has no next stage to move jobs to, so Automove jobs cannot be on here.';
  const automove = checkbox('Automove jobs', { checked: stage.automove, disabled: last,
    'aria-describedby': 'automove-hint' });
  const automoveHint = h('p', { class: 'hint', id: 'automove-hint' }, last ? lastReason
    : 'When every unfinished client request linked to a job in this stage is submitted, the job moves to the next stage by itself.');
  const box = errorBox();
  const list = h('ul', { class: 'plain automations' });
  const templateName = (id) => templates.find((t) => t.templateId === id)?.name ?? id;
  const drawList = () => list.replaceChildren(...(automations.length ? automations.map((a, i) => h('li', { class: 'panel' },
    h('strong', {}, a.type === 'SEND_CLIENT_REQUEST' ? 'Send client request' : a.type), ': ', templateName(a.templateId),
    a.reminders ? ` · reminder every ${a.reminders.everyDays} days, ${a.reminders.times} times` : '',
    a.dueInDays ? ` · due in ${a.dueInDays} days` : '',
    a.conditions?.accountTags?.length ? ` · only accounts tagged ${a.conditions.accountTags.join(', ')}` : '',
    ' ', h('button', { type: 'button', class: 'secondary', 'aria-label': `Remove Send client request ${templateName(a.templateId)}`,
      onclick: () => { automations.splice(i, 1); drawList(); } }, 'Remove')))
    : [h('li', {}, 'No automation.')]));
  drawList();

  // adding Send client request: a template (or New template, made in place), reminders and due date
  const templateSelect = h('select', {});
  const drawTemplates = (selected) => templateSelect.replaceChildren(h('option', { value: '' }, 'Choose a template…'),
    ...templates.map((t) => h('option', { value: t.templateId, selected: t.templateId === selected }, t.name)));
  drawTemplates();
  const newTemplate = h('button', { type: 'button', class: 'secondary' }, 'New template');
  newTemplate.addEventListener('click', async () => {
    const t = await newTemplateDialog();
    if (t) { templates = [...templates, t]; drawTemplates(t.templateId); templateSelect.focus(); }
  });
  const schedule = scheduleFields();
  const addBox = errorBox();
  const add = h('button', { type: 'button', class: 'secondary' }, 'Add');
  add.addEventListener('click', () => {
    addBox.clear();
    if (!templateSelect.value) { addBox.show(new Error('Choose a template, or make one with New template.')); return; }
    automations.push({ type: 'SEND_CLIENT_REQUEST', templateId: templateSelect.value, ...schedule.read() });
    drawList();
    announce('Send client request added: save the stage to keep it');
  });

  const save = h('button', { type: 'submit' }, 'Save');
  const saved = h('p', { class: 'notice', role: 'status' });
  const form = h('form', {}, field('Stage name', name), automove.el, automoveHint,
    h('h2', {}, 'Automations'), list,
    h('fieldset', { class: 'panel' }, h('legend', {}, 'Send client request'),
      h('div', { class: 'row' }, field('Template', templateSelect), newTemplate), schedule.el, addBox.el, add),
    box.el, saved, h('div', { class: 'actions' }, save,
      h('a', { class: 'button secondary', href: `#/pipelines/${enc(pipelineId)}` }, 'Back to the board')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    saved.textContent = '';
    act(save, box, async () => {
      const body = { name: name.value.trim(), automations: automations.map((a) => ({ type: a.type, templateId: a.templateId,
        reminders: a.reminders ?? undefined, dueInDays: a.dueInDays ?? undefined,
        conditions: a.conditions?.accountTags?.length ? { accountTags: a.conditions.accountTags } : undefined })) };
      if (!last || automove.input.checked) body.automove = automove.input.checked;
      const s = await api.updateStage(pipelineId, stageId, body);
      automations = [...(s.automations ?? [])];
      drawList();
      saved.textContent = `Saved ${s.name}.`;
    });
  });
  mount(root, h('h1', {}, `${stage.name}: stage settings`),
    h('p', {}, 'Pipeline ', h('a', { href: `#/pipelines/${enc(pipelineId)}` }, pipeline.name),
      `, stage ${index + 1} of ${pipeline.stages.length}`), form);
}

export async function templatesScreen(root, { ctx }) {
  const { items, degraded } = await lists.templates();
  mount(root, h('h1', {}, 'Request templates'),
    items.length ? h('ul', {}, items.map((t) => h('li', {}, t.name, t.subject ? h('span', { class: 'hint' }, ` · ${t.subject}`) : null)))
      : h('p', {}, 'No template yet.'),
    degraded ? h('p', { class: 'hint' }, 'This stack cannot list templates: those made in this browser are shown.') : null,
    h('section', { class: 'panel' }, h('h2', {}, 'New template'), templateForm(() => ctx.refresh())));
}
