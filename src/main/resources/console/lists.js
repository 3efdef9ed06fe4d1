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

/** {items, degraded}: the firm's pipelines, each {pipelineId, name, stages}. */
export async function pipelines() {
  try {
    const items = await api.listPipelines();
    items.forEach((p) => remember('pipelines', p.pipelineId, { name: p.name }));
    return { items, degraded: false };
  } catch (e) {
    if (!missingRoute(e)) throw e;
  }
  const items = [];
  for (const p of remembered('pipelines')) {
    try { items.push(await api.getPipeline(p.id)); } catch (e) { if (!(e instanceof api.ApiError && e.status === 404)) throw e; }
  }
  return { items, degraded: true };
}

/** {items, degraded}: the request templates, each {templateId, name}. */
export async function templates() {
  try {
    const items = await api.listTemplates();
    items.forEach((t) => remember('templates', t.templateId, { name: t.name }));
    return { items, degraded: false };
  } catch (e) {
    if (!missingRoute(e)) throw e;
  }
  return { items: remembered('templates').map((t) => ({ templateId: t.id, name: t.name })), degraded: true };
}

/** {items, degraded}: the accounts the caller may work on, each {accountId, name}. */
export async function accounts() {
  try {
    const items = await api.listAccounts();
    items.forEach((a) => remember('accounts', a.accountId, { name: a.name }));
    return { items, degraded: false };
  } catch (e) {
    if (!missingRoute(e)) throw e;
  }
  return { items: remembered('accounts').map((a) => ({ accountId: a.id, name: a.name })), degraded: true };
}

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
export async function accountJobs(accountId) {
  try {
    return { items: await api.accountJobs(accountId), degraded: false };
  } catch (e) {
    if (!missingRoute(e)) throw e;
  }
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
  return { items, degraded: true };
}

/** {items, degraded}: the firm's members, each {userId, role, rights}; owners and admins may read them. */
export async function members() {
  try {
    return { items: await api.listMembers(), degraded: false };
  } catch (e) {
    if (!missingRoute(e)) throw e;
  }
  return { items: remembered('members').map((m) => ({ userId: m.id, role: m.role, rights: m.rights ?? [] })), degraded: true };
}
