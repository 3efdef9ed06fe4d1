// Client requests: the create-client-request screen (with Link to job, and the jobs section once linked), an
// account's client request list (each row with Link to job: pick jobs, Save), and one request's page (its
// items and answers, due date, reminders, resend, reopen, its jobs and activity).
import * as api from '../api.js';
import * as lists from '../lists.js';
import { h, mount, field, errorBox, act, newKey, announce, when, statusLabel } from '../ui.js';
import { pickJobs, jobLabel, itemsEditor, requestBadges, requestDates } from '../parts.js';
import { activityList } from './firm.js';

const enc = encodeURIComponent;

/** The jobs section: each linked job's title, with its pipeline (and stage). */
function jobsSection(jobs, headingId) {
  return jobs.length ? h('ul', { class: 'jobs', 'aria-labelledby': headingId }, jobs.map((j) => h('li', {},
    h('a', { href: `#/jobs/${enc(j.jobId)}` }, j.title), h('span', { class: 'hint' },
      ` · ${[j.pipelineName, j.stageName].filter(Boolean).join(', ')}`))))
    : h('p', { class: 'hint' }, 'Not linked to any job.');
}

export async function createRequestScreen(root, { params, ctx }) {
  let accountId = params.get('accountId');
  const bornLinkedTo = params.get('jobId');
  const { items: accounts } = await lists.accounts();
  const { items: templates } = await lists.templates();
  const key = newKey();
  let jobs = [];
  if (bornLinkedTo) {
    const j = await api.getJob(bornLinkedTo);
    const p = await api.getPipeline(j.pipelineId);
    accountId = j.accountId;
    jobs = [{ jobId: j.jobId, title: j.title, pipelineId: j.pipelineId, pipelineName: p.name, stageName: j.stageName }];
  }
  const account = h('select', { required: true, disabled: !!bornLinkedTo }, h('option', { value: '' }, 'Choose an account…'),
    accounts.map((a) => h('option', { value: a.accountId, selected: a.accountId === accountId }, a.name)));
  if (accountId && !accounts.some((a) => a.accountId === accountId)) {
    account.append(h('option', { value: accountId, selected: true }, await lists.accountName(accountId)));
  }
  account.addEventListener('change', () => { jobs = []; drawJobs(); });

  const template = h('select', {}, h('option', { value: '' }, 'None: write it below'),
    templates.map((t) => h('option', { value: t.templateId }, t.name)));
  const title = h('input', { type: 'text' });
  const message = h('textarea', {});
  const items = itemsEditor();
  const own = h('fieldset', {}, h('legend', {}, 'Or write it'), field('Title', title), field('Message to the client', message), items.el);
  template.addEventListener('change', () => { own.hidden = !!template.value; });
  const due = h('input', { type: 'date' });
  const every = h('input', { type: 'number', min: 1, max: 60 });
  const times = h('input', { type: 'number', min: 0, max: 10 });

  const jobsBox = errorBox();
  const jobsList = h('div', {});
  const drawJobs = () => jobsList.replaceChildren(jobsSection(jobs, 'jobs-h'));
  drawJobs();
  const linkToJob = h('button', { type: 'button', class: 'secondary' }, 'Link to job');
  linkToJob.addEventListener('click', () => act(linkToJob, jobsBox, async () => {
    if (!account.value) throw new Error('Choose the account first: its jobs are the ones you can link.');
    await pickJobs(account.value, jobs.map((j) => j.jobId), async (ids, picked) => {
      jobs = picked;
      drawJobs();
    });
  }));

  const box = errorBox();
  const send = h('button', { type: 'submit' }, 'Create and send');
  const form = h('form', {}, field('Account', account), field('Template', template), own,
    h('div', { class: 'row' }, field('Due date (optional)', due), field('Remind every (days)', every), field('Reminders (times)', times)),
    h('section', { class: 'panel', 'aria-labelledby': 'jobs-h' }, h('h2', { id: 'jobs-h' }, 'Jobs'), jobsList, jobsBox.el, linkToJob),
    box.el, h('div', { class: 'actions' }, send));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    act(send, box, async () => {
      if (!account.value) throw new Error('Choose the account the request is for.');
      const draft = template.value ? { templateId: template.value }
        : { title: title.value.trim(), message: message.value, items: items.read() };
      if (due.value) draft.dueAt = new Date(`${due.value}T17:00:00`).toISOString();
      if (every.value || times.value) draft.reminders = { everyDays: Number(every.value || 3), times: Number(times.value || 1) };
      const made = await api.createClientRequest(account.value, draft, jobs.map((j) => j.jobId), key);
      announce('Client request created');
      ctx.go(`#/requests/${enc(made.requestId)}`);
    });
  });
  mount(root, h('h1', {}, 'New client request'), form);
}

export async function accountRequestsScreen(root, { args: [accountId], ctx }) {
  const name = await lists.accountName(accountId);
  const tbody = h('tbody', {});
  const box = errorBox();
  const row = (r) => {
    const jobsCell = h('td', {}, jobsSection(r.jobs ?? []));
    const rowBox = errorBox();
    const link = h('button', { type: 'button', class: 'secondary', 'aria-label': `Link to job: ${r.title}` }, 'Link to job');
    link.addEventListener('click', () => act(link, rowBox, async () => {
      await pickJobs(accountId, (r.jobs ?? []).map((j) => j.jobId), async (ids) => {
        const updated = await api.setRequestJobs(r.requestId, ids);
        r.jobs = updated.jobs;
        jobsCell.replaceChildren(jobsSection(r.jobs));
        announce(`${r.title}: jobs saved`);
      });
    }));
    return h('tr', { 'data-request-id': r.requestId }, h('td', {}, h('a', { href: `#/requests/${enc(r.requestId)}` }, r.title)),
      h('td', {}, requestBadges(r)), h('td', {}, requestDates(r)), jobsCell, h('td', {}, link, rowBox.el));
  };
  const first = await api.listClientRequests(accountId);
  first.items.forEach((r) => tbody.append(row(r)));
  let cursor = first.nextCursor;
  const more = h('button', { type: 'button', class: 'secondary', hidden: !cursor }, 'Show more');
  more.addEventListener('click', () => act(more, box, async () => {
    const next = await api.listClientRequests(accountId, cursor);
    next.items.forEach((r) => tbody.append(row(r)));
    cursor = next.nextCursor;
    more.hidden = !cursor;
  }));
  mount(root, h('h1', {}, `${name}: client requests`),
    h('p', {}, h('a', { class: 'button', href: `#/requests/new?accountId=${enc(accountId)}` }, 'New client request')),
    first.items.length ? h('table', { 'aria-label': `Client requests of ${name}` },
      h('thead', {}, h('tr', {}, h('th', {}, 'Title'), h('th', {}, 'Status'), h('th', {}, 'Due'), h('th', {}, 'Jobs'),
        h('th', {}, h('span', { class: 'visually-hidden' }, 'Actions')))), tbody)
      : h('p', {}, 'This account has no client request yet.'),
    more, box.el);
}

export async function requestScreen(root, { args: [requestId], ctx }) {
  const r = await api.getClientRequest(requestId);
  const name = await lists.accountName(r.accountId);
  const box = errorBox();
  const done = h('p', { class: 'notice', role: 'status' });
  const lifecycle = [];
  if (r.status === 'PENDING') {
    const resend = h('button', { type: 'button', class: 'secondary' }, 'Resend');
    resend.addEventListener('click', () => act(resend, box, async () => {
      await api.resendClientRequest(requestId);
      done.textContent = 'Sent again to the account\'s contacts.';
    }));
    const due = h('input', { type: 'date', value: r.dueAt ? r.dueAt.slice(0, 10) : '' });
    const saveDue = h('button', { type: 'button', class: 'secondary' }, 'Save due date');
    saveDue.addEventListener('click', () => act(saveDue, box, async () => {
      await api.changeClientRequest(requestId, { dueAt: due.value ? new Date(`${due.value}T17:00:00`).toISOString() : null });
      ctx.refresh();
    }));
    const every = h('input', { type: 'number', min: 1, max: 60, value: r.reminders?.everyDays ?? '' });
    const times = h('input', { type: 'number', min: 0, max: 10, value: r.reminders?.times ?? '' });
    const saveReminders = h('button', { type: 'button', class: 'secondary' }, 'Save reminders');
    saveReminders.addEventListener('click', () => act(saveReminders, box, async () => {
      await api.changeClientRequest(requestId, { reminders: { everyDays: Number(every.value || 3), times: Number(times.value || 0) } });
      ctx.refresh();
    }));
    lifecycle.push(h('div', { class: 'row' }, field('Due date', due), saveDue),
      h('div', { class: 'row' }, field('Remind every (days)', every), field('Reminders (times)', times), saveReminders),
      h('div', { class: 'actions' }, resend));
  } else if (r.status === 'SUBMITTED') {
    const note = h('textarea', {});
    const reopen = h('button', { type: 'button', class: 'secondary' }, 'Reopen');
    reopen.addEventListener('click', () => act(reopen, box, async () => {
      await api.reopenClientRequest(requestId, note.value.trim() || undefined);
      ctx.refresh();
    }));
    lifecycle.push(field('Note to the client (optional)', note), h('div', { class: 'actions' }, reopen));
  }
  const jobsBox = errorBox();
  const jobsHolder = h('div', {}, jobsSection(r.jobs ?? [], 'req-jobs-h'));
  const link = h('button', { type: 'button', class: 'secondary' }, 'Link to job');
  link.addEventListener('click', () => act(link, jobsBox, async () => {
    await pickJobs(r.accountId, (r.jobs ?? []).map((j) => j.jobId), async (ids) => {
      const updated = await api.setRequestJobs(requestId, ids);
      r.jobs = updated.jobs;
      jobsHolder.replaceChildren(jobsSection(r.jobs, 'req-jobs-h'));
    });
  }));
  const answers = new Map((r.answers ?? []).map((a) => [a.label, a.value]));
  mount(root, h('h1', {}, r.title),
    h('p', {}, requestBadges(r), ' ', requestDates(r)),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Account'), h('dd', {}, h('a', { href: `#/accounts/${enc(r.accountId)}/requests` }, name)),
      h('dt', {}, 'Status'), h('dd', {}, statusLabel(r.status)),
      h('dt', {}, 'Email'), h('dd', {}, `${r.delivery?.toLowerCase() ?? ''}${r.lastEmail ? ` (${r.lastEmail.kind.toLowerCase()} ${r.lastEmail.number})` : ''}`),
      h('dt', {}, 'Subject'), h('dd', {}, r.subject),
      r.submittedAt ? [h('dt', {}, 'Submitted'), h('dd', {}, when(r.submittedAt))] : null),
    h('h2', {}, 'Message'), h('p', { class: 'message' }, r.message),
    h('h2', {}, 'Items'), h('ol', {}, (r.items ?? []).map((i) => h('li', {}, i.label,
      h('span', { class: 'hint' }, ` · ${i.kind === 'FILE_UPLOAD' ? 'file upload' : 'question'}${i.required ? '' : ', optional'}`),
      answers.has(i.label) ? h('div', {}, 'Answer: ', h('strong', {}, answers.get(i.label))) : null))),
    lifecycle.length ? h('section', { class: 'panel' }, h('h2', {}, 'Reminders and due date'), lifecycle) : null,
    box.el, done,
    h('section', { class: 'panel', 'aria-labelledby': 'req-jobs-h' }, h('h2', { id: 'req-jobs-h' }, 'Jobs'), jobsHolder, jobsBox.el, link),
    await activityList(() => api.requestActivity(requestId)));
}
