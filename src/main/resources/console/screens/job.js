// The job card: its stage (and a move menu), the Linked section with its Client requests and each one's status,
// Link (one of the account's requests), New (a request born linked), unlink; archive; the job's activity.
import * as api from '../api.js';
import * as lists from '../lists.js';
import { h, mount, errorBox, act, modal, announce, field } from '../ui.js';
import { moveMenu, requestBadges, requestDates } from '../parts.js';
import { activityList } from './firm.js';

const enc = encodeURIComponent;

export async function jobScreen(root, { args: [jobId], ctx }) {
  const job = await api.getJob(jobId);
  const pipeline = await api.getPipeline(job.pipelineId);
  const accountName = await lists.accountName(job.accountId);
  const box = errorBox();

  const linkedBox = errorBox();
  const requests = job.linked?.clientRequests ?? [];
  const rows = requests.map((r) => {
    const unlink = h('button', { type: 'button', class: 'secondary', 'aria-label': `Unlink ${r.title}` }, 'Unlink');
    unlink.addEventListener('click', () => act(unlink, linkedBox, async () => {
      await api.unlinkRequest(jobId, r.requestId);
      announce(`${r.title} unlinked`);
      ctx.refresh();
    }));
    return h('tr', {}, h('td', {}, h('a', { href: `#/requests/${enc(r.requestId)}` }, r.title)),
      h('td', {}, requestBadges(r)), h('td', {}, requestDates(r)), h('td', {}, unlink));
  });
  const link = h('button', { type: 'button' }, 'Link');
  link.addEventListener('click', () => act(link, linkedBox, async () => {
    if (await linkDialog(job, requests)) ctx.refresh();
  }));
  const newRequest = h('a', { class: 'button', href: `#/requests/new?accountId=${enc(job.accountId)}&jobId=${enc(jobId)}` }, 'New');

  const archive = h('button', { type: 'button', class: 'secondary' }, job.archived ? 'Unarchive' : 'Archive');
  archive.addEventListener('click', () => act(archive, box, async () => {
    await (job.archived ? api.unarchiveJob(jobId) : api.archiveJob(jobId));
    ctx.refresh();
  }));

  const skipped = job.skippedAutomations ?? [];
  mount(root, h('h1', {}, job.title),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Pipeline'), h('dd', {}, h('a', { href: `#/pipelines/${enc(job.pipelineId)}` }, pipeline.name)),
      h('dt', {}, 'Stage'), h('dd', { class: 'stage-name' }, job.stageName, job.status === 'DONE' ? ' (done)' : ''),
      h('dt', {}, 'Account'), h('dd', {}, h('a', { href: `#/accounts/${enc(job.accountId)}/requests` }, accountName)),
      job.archived ? [h('dt', {}, 'Archived'), h('dd', {}, 'Yes')] : null),
    job.archived ? null : h('div', { class: 'panel' }, h('h2', {}, 'Move'),
      moveMenu(job, pipeline.stages, job.stageId, () => ctx.refresh())),
    h('section', { class: 'panel linked', 'aria-labelledby': 'linked-h' },
      h('h2', { id: 'linked-h' }, 'Linked'),
      h('h3', { id: 'linked-requests-h' }, 'Client requests',
        job.linked?.unfinishedCount ? h('span', { class: 'hint' }, ` (${job.linked.unfinishedCount} unfinished)`) : null),
      requests.length ? h('table', { 'aria-labelledby': 'linked-requests-h' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Title'), h('th', {}, 'Status'), h('th', {}, 'Due date and reminders'), h('th', {}, h('span', { class: 'visually-hidden' }, 'Actions')))),
        h('tbody', {}, rows))
        : h('p', {}, 'No client request is linked to this job.'),
      linkedBox.el,
      h('div', { class: 'actions' }, link, newRequest)),
    skipped.length ? h('section', { class: 'panel' }, h('h2', {}, 'Automations skipped'),
      h('ul', {}, skipped.map((s) => h('li', {}, `Send client request (${s.reason.toLowerCase().replaceAll('_', ' ')})`)))) : null,
    h('div', { class: 'actions' }, archive), box.el,
    await activityList(() => api.jobActivity(jobId)));
}

/** Link: choose one of the account's client requests not linked yet. Answers true once linked. */
async function linkDialog(job, linked) {
  const page = await api.listClientRequests(job.accountId);
  const taken = new Set(linked.map((r) => r.requestId));
  const candidates = page.items.filter((r) => !taken.has(r.requestId) && r.status !== 'CANCELLED');
  return modal('Link a client request', (close) => {
    const box = errorBox();
    const select = h('select', {}, candidates.map((r) => h('option', { value: r.requestId },
      `${r.title} (${r.status === 'PENDING' ? 'unfinished' : r.status.toLowerCase()})`)));
    const go = h('button', { type: 'button' }, 'Link');
    go.addEventListener('click', () => act(go, box, async () => {
      await api.linkRequest(job.jobId, select.value);
      announce('Client request linked');
      close(true);
    }));
    return h('div', {},
      candidates.length ? field('Client request', select) : h('p', {}, 'This account has no other client request.'),
      box.el,
      h('div', { class: 'actions' }, candidates.length ? go : null,
        h('button', { type: 'button', class: 'secondary', onclick: () => close(false) }, 'Close')));
  });
}
