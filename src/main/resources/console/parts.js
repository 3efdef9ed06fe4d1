// Pieces more than one screen uses: moving a job (with the move prompt), the "Link to job" picker, the request
// template form (New template), a request's items editor, and how a request's state is shown.
import * as api from './api.js';
import * as lists from './lists.js';
import { h, field, checkbox, errorBox, act, modal, badge, statusLabel, newKey, announce, when } from './ui.js';

/**
 * Moves a job to a stage. A job with unfinished client requests gets the move prompt first: it lists them and
 * asks whether to keep them linked, cancel them or unlink them (or not to move). Answers true when the job moved.
 * A refusal (a 409 for any other reason, a lost connection) is shown in the box, where the move was asked.
 */
export async function moveJob(job, toStage, box) {
  box.clear();
  try {
    await api.moveJob(job.jobId, toStage.stageId);
    announce(`${job.title} moved to ${toStage.name}`);
    return true;
  } catch (e) {
    const unfinished = api.unfinishedRequestsOf(e);
    if (unfinished.length === 0) { box.show(e); return false; }
    const decision = await movePrompt(job, toStage, unfinished);
    if (!decision) { announce('Not moved'); return false; }
    try {
      await api.moveJob(job.jobId, toStage.stageId, decision);
      announce(`${job.title} moved to ${toStage.name}`);
      return true;
    } catch (again) {
      box.show(again);
      return false;
    }
  }
}

/** The move prompt: resolves 'KEEP', 'CANCEL', 'UNLINK', or undefined (do not move). */
function movePrompt(job, toStage, unfinished) {
  return modal(`Move ${job.title} to ${toStage.name}?`, (close) => h('div', { class: 'move-prompt' },
    h('p', {}, unfinished.length === 1 ? 'This job has an unfinished client request:'
      : `This job has ${unfinished.length} unfinished client requests:`),
    h('ul', { class: 'unfinished-list' }, unfinished.map((r) => h('li', {},
      h('a', { href: `#/requests/${encodeURIComponent(r.requestId)}` }, r.title), ' ', badge(statusLabel(r.status), 'unfinished')))),
    h('p', {}, 'What should happen to ', unfinished.length === 1 ? 'it' : 'them', ' when the job moves?'),
    h('div', { class: 'actions' },
      h('button', { type: 'button', onclick: () => close('KEEP') }, 'Keep linked'),
      h('button', { type: 'button', onclick: () => close('CANCEL') }, 'Cancel requests'),
      h('button', { type: 'button', onclick: () => close('UNLINK') }, 'Unlink'),
      h('button', { type: 'button', class: 'secondary', onclick: () => close(undefined) }, 'Don\'t move')),
    h('p', { class: 'hint' }, 'Keep linked: the job waits for them in its new stage. Cancel requests: the client can no '
      + 'longer answer them. Unlink: they stay open for the client but no longer belong to this job.')), { className: 'move-dialog' });
}

/** A select listing the other stages of the pipeline, and a Move button: the keyboard's way to move a card. */
export function moveMenu(job, stages, currentStageId, onMoved) {
  const box = errorBox();
  const others = stages.filter((s) => s.stageId !== currentStageId);
  const select = h('select', { 'aria-label': `Move ${job.title} to stage` },
    others.map((s) => h('option', { value: s.stageId }, s.name)));
  const button = h('button', { type: 'button', class: 'secondary', 'aria-label': `Move ${job.title}` }, 'Move');
  button.addEventListener('click', () => act(button, null, async () => {
    const to = others.find((s) => s.stageId === select.value);
    if (to && await moveJob(job, to, box)) onMoved(to);
  }));
  return h('div', { class: 'move-menu' }, h('div', { class: 'row' }, select, button), box.el);
}

/** The jobs an account has, with their pipelines: "Tax return 2025 (Tax return, Missing info)". */
export const jobLabel = (j) => `${j.title} (${[j.pipelineName, j.stageName].filter(Boolean).join(', ')})`;

/**
 * The "Link to job" picker: the account's jobs, checked where already linked. Save answers the chosen jobIds
 * (through save(ids), whose failure is shown in the dialog and keeps it open); Escape answers undefined.
 */
export async function pickJobs(accountId, chosenIds, save) {
  const { items: jobs, degraded } = await lists.accountJobs(accountId);
  return modal('Link to job', (close) => {
    const box = errorBox();
    const checks = jobs.filter((j) => !j.archived || chosenIds.includes(j.jobId)).map((j) => ({ j,
      ...checkbox(jobLabel(j), { value: j.jobId, checked: chosenIds.includes(j.jobId) }) }));
    const saveButton = h('button', { type: 'button' }, 'Save');
    saveButton.addEventListener('click', () => act(saveButton, box, async () => {
      const ids = checks.filter((c) => c.input.checked).map((c) => c.j.jobId);
      await save(ids, checks.filter((c) => c.input.checked).map((c) => c.j));
      close(ids);
    }));
    return h('div', {},
      checks.length ? h('fieldset', {}, h('legend', {}, 'Jobs of this account'), checks.map((c) => c.el))
        : h('p', {}, 'This account has no jobs yet.'),
      degraded ? h('p', { class: 'hint' }, 'Only the jobs on the boards of the pipelines this browser knows are listed.') : null,
      box.el,
      h('div', { class: 'actions' }, saveButton,
        h('button', { type: 'button', class: 'secondary', onclick: () => close(undefined) }, 'Close')));
  });
}

/** A request's items: rows of label, kind (Question / File upload) and Required; "Add item" adds one. */
export function itemsEditor(initial = [{ kind: 'QUESTION', label: '', required: true }]) {
  const list = h('ol', { class: 'items' });
  const add = (item) => {
    const label = h('input', { type: 'text', value: item.label, required: true });
    const kind = h('select', {}, h('option', { value: 'QUESTION', selected: item.kind === 'QUESTION' }, 'Question'),
      h('option', { value: 'FILE_UPLOAD', selected: item.kind === 'FILE_UPLOAD' }, 'File upload'));
    const required = checkbox('Required', { checked: item.required });
    const li = h('li', {}, h('div', { class: 'row' }, field('Item', label), field('Kind', kind), required.el,
      h('button', { type: 'button', class: 'secondary', onclick: () => { li.remove(); } }, 'Remove item')));
    li.read = () => ({ kind: kind.value, label: label.value.trim(), required: required.input.checked });
    list.append(li);
  };
  initial.forEach(add);
  const el = h('fieldset', {}, h('legend', {}, 'Items'), list,
    h('button', { type: 'button', class: 'secondary', onclick: () => add({ kind: 'QUESTION', label: '', required: true }) }, 'Add item'));
  return { el, read: () => [...list.children].map((li) => li.read()) };
}

/** Reminders (every N days, N times) and a due date in days, as a template or an automation has them. */
export function scheduleFields(defaults = {}) {
  const every = h('input', { type: 'number', min: 1, max: 60, value: defaults.reminders?.everyDays ?? '' });
  const times = h('input', { type: 'number', min: 0, max: 10, value: defaults.reminders?.times ?? '' });
  const due = h('input', { type: 'number', min: 1, max: 365, value: defaults.dueInDays ?? '' });
  const el = h('div', { class: 'row' }, field('Remind every (days)', every), field('Reminders (times)', times),
    field('Due in (days)', due));
  const num = (input) => (input.value === '' ? undefined : Number(input.value));
  return { el, read: () => ({
    reminders: every.value === '' && times.value === '' ? undefined : { everyDays: num(every) ?? 3, times: num(times) ?? 1 },
    dueInDays: num(due),
  }) };
}

/**
 * The New template form. created(template) is called with {templateId, name} once the API made it; errors are
 * shown above its Save button.
 */
export function templateForm(created) {
  const key = newKey();
  const name = h('input', { type: 'text', required: true });
  const subject = h('input', { type: 'text', required: true });
  const message = h('textarea', { required: true });
  const items = itemsEditor();
  const schedule = scheduleFields();
  const box = errorBox();
  const save = h('button', { type: 'submit' }, 'Save template');
  const form = h('form', { class: 'template-form' }, field('Template name', name), field('Email subject', subject),
    field('Message to the client', message), items.el, schedule.el, box.el, h('div', { class: 'actions' }, save));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    act(save, box, async () => {
      const body = { name: name.value.trim(), subject: subject.value.trim(), message: message.value,
        items: items.read(), ...schedule.read() };
      const t = await api.createTemplate(body, key);
      lists.remember('templates', t.templateId, { name: body.name });
      announce(`Template ${body.name} saved`);
      await created({ templateId: t.templateId, name: body.name });
    });
  });
  return form;
}

/** Opens New template in a dialog; answers the template made, or undefined. */
export const newTemplateDialog = () => modal('New template', (close) => templateForm((t) => close(t)));

/** A client request's state in badges: status, overdue, the email's delivery. */
export function requestBadges(r) {
  return [badge(statusLabel(r.status), r.status === 'PENDING' ? 'unfinished' : r.status === 'SUBMITTED' ? 'submitted' : ''),
    r.overdue ? badge('Overdue', 'overdue') : null,
    r.delivery && r.delivery !== 'SENT' ? badge(`Email ${r.delivery.toLowerCase()}`) : null];
}

/** Due date and next reminder, in words. */
export function requestDates(r) {
  const parts = [];
  if (r.dueAt) parts.push(`Due ${when(r.dueAt)}`);
  if (r.reminders?.nextAt && r.status === 'PENDING') parts.push(`next reminder ${when(r.reminders.nextAt)}`);
  return parts.join(' · ');
}
