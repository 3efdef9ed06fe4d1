// The short lists the screens pick from (pipelines, accounts, request templates, an account's jobs), read from
// the API's list routes. Where a stack has no such route yet (an older deployment answers 404 with no error code),
// the console degrades instead of failing: it lists what this browser made or opened, remembered per firm in
// local storage (ids and names only), and says so on the screen.
import * as api from './api.js';

const KEY = 'automove.remembered';

function load() {
  try { return JSON.parse(localStorage.getItem(KEY) ?? '{}'); } catch { return {}; }
}

let firm = () => 'none';
/** Which firm's memory to use: the signed-in firm (identity.js). */
export function useFirm(firmIdOf) { firm = firmIdOf; }

function bucket(kind) {
  const all = load();
  return all[firm()]?.[kind] ?? {};
}

/** Remembers an id and its name (and a little more, e.g. an account's id for a job) for this firm. */
export function remember(kind, id, value) {
  if (!id) return;
  const all = load();
  const f = (all[firm()] ??= {});
  (f[kind] ??= {})[id] = { ...(f[kind][id] ?? {}), ...value };
  try { localStorage.setItem(KEY, JSON.stringify(all)); } catch { /* storage full or off: only the fallback suffers */ }
}

export const remembered = (kind) => Object.entries(bucket(kind)).map(([id, v]) => ({ id, ...v }));

/** True when the error says the route does not exist on this stack (as opposed to a refusal of the call). */
export const missingRoute = (e) => e instanceof api.ApiError && e.status === 404 && e.code === 'HTTP_404';

/**
 * {items, degraded}: a list route's every page, each item remembered; where the stack has no such route, what
 * fallback() finds from what this browser remembers.
 */
async function listOr(read, kind, idOf, valueOf, fallback) {
  try {
    const items = await read();
    if (kind) items.forEach((x) => remember(kind, idOf(x), valueOf(x)));
    return { items, degraded: false };
  } catch (e) {
    if (!missingRoute(e)) throw e;
  }
  return { items: await fallback(), degraded: true };
}

/** The firm's pipelines, each {pipelineId, name, stages}. */
export const pipelines = () => listOr(api.listPipelines, 'pipelines', (p) => p.pipelineId, (p) => ({ name: p.name }),
  async () => {
    const items = [];
    for (const p of remembered('pipelines')) {
      try {
        items.push(await api.getPipeline(p.id));
      } catch (e) {
        if (!(e instanceof api.ApiError && e.status === 404)) throw e;
      }
    }
    return items;
  });

/** The request templates, each {templateId, name}. */
export const templates = () => listOr(api.listTemplates, 'templates', (t) => t.templateId, (t) => ({ name: t.name }),
  () => remembered('templates').map((t) => ({ templateId: t.id, name: t.name })));

/** The accounts the caller may work on, each {accountId, name}. */
export const accounts = () => listOr(api.listAccounts, 'accounts', (a) => a.accountId, (a) => ({ name: a.name }),
  () => remembered('accounts').map((a) => ({ accountId: a.id, name: a.name })));

const names = new Map();
/** An account's name (its id if the stack cannot say). Cached for the page's life. */
export function accountName(accountId) {
  if (!names.has(accountId)) {
    names.set(accountId, api.getAccount(accountId).then((a) => {
      remember('accounts', accountId, { name: a.name });
      return a.name;
    }).catch(() => bucket('accounts')[accountId]?.name ?? accountId));
  }
  return names.get(accountId);
}

/**
 * {items, degraded}: the account's jobs, each {jobId, title, pipelineId, pipelineName, stageId, stageName,
 * archived}. Without the account's jobs route, the jobs of the boards of the pipelines above.
 */
export const accountJobs = (accountId) => listOr(() => api.accountJobs(accountId), null, null, null, async () => {
  const items = [];
  for (const p of (await pipelines()).items) {
    const board = await api.getBoard(p.pipelineId);
    for (const s of board.stages) {
      for (const j of s.jobs) {
        if (j.accountId === accountId) {
          items.push({ jobId: j.jobId, title: j.title, pipelineId: p.pipelineId, pipelineName: board.name,
            stageId: s.stageId, stageName: s.name, archived: j.archived });
        }
      }
    }
  }
  return items;
});

/** The firm's members, each {userId, role, rights}; owners and admins may read them. */
export const members = () => listOr(api.listMembers, 'members', (m) => m.userId, (m) => ({ role: m.role, rights: m.rights }),
  () => remembered('members').map((m) => ({ userId: m.id, role: m.role, rights: m.rights ?? [] })));
