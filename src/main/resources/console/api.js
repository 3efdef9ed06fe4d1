// Every call the console makes to the API, and the only file that knows its paths and body shapes: a change of
// route or body is made here and nowhere else. Each function answers the body as the screens use it, or throws
// an ApiError that says in words what went wrong (the screens show its message where the call was made).

let apiBase = '';                       // '' = the page's own origin (the local stack); the API's URL deployed
let identityHeaders = async () => ({}); // the local identity headers, or the bearer token (identity.js)

export function configure({ baseUrl = '', headers }) {
  apiBase = baseUrl.replace(/\/$/, '');
  identityHeaders = headers;
}

export class ApiError extends Error {
  constructor(status, code, message, body) {
    super(message);
    this.status = status;   // 0: no answer at all
    this.code = code;
    this.body = body;
  }
}

export const CONNECTION_LOST = 'CONNECTION_LOST';

async function call(method, path, body, { idempotencyKey, local = false } = {}) {
  const headers = local ? {} : { ...(await identityHeaders()) };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  let response;
  try {
    response = await fetch((local ? '' : apiBase) + path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, CONNECTION_LOST, 'Lost connection: the server did not answer. Check that it is running '
      + 'and your network, then try again.');
  }
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!response.ok) {
    const error = json && json.error;
    // an API Gateway 404 with no error code: the route itself is missing (a stack older than this console)
    const message = error?.message ?? (response.status === 404
      ? 'Not found (404): this stack has no such route; it may be older than this console.'
      : json?.message ?? `The server answered ${response.status}.`);
    throw new ApiError(response.status, error?.code ?? `HTTP_${response.status}`, message, json);
  }
  return json;
}

const q = (params) => {
  const s = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ''));
  return s.toString() ? `?${s}` : '';
};
const id = (value) => encodeURIComponent(value);
/** A list's page, whatever its wrapper: {things: [...], nextCursor} (a bare array is one last page). */
const page = (body, key) => Array.isArray(body) ? { items: body, nextCursor: null }
  : { items: body?.[key] ?? [], nextCursor: body?.nextCursor ?? null };

/** Every page of a list, for the short lists a picker shows (members, accounts, pipelines, templates). */
async function all(path, key, params = {}) {
  const items = [];
  let cursor = null;
  do {
    const p = page(await call('GET', path + q({ ...params, limit: 200, cursor })), key);
    items.push(...p.items);
    cursor = p.nextCursor;
  } while (cursor);
  return items;
}

// ---- firm and team
export const createFirm = (name, idempotencyKey) => call('POST', '/firms', { name }, { idempotencyKey });
export const listMembers = () => all('/members', 'members');
export const addMember = ({ userId, role, rights = [] }) => call('POST', '/members', { userId, role, rights });
export const changeMember = (userId, { role, rights }) => call('PATCH', `/members/${id(userId)}`, { role, rights });
export const removeMember = (userId) => call('DELETE', `/members/${id(userId)}`);
export const firmActivity = (cursor) => call('GET', `/activity${q({ cursor })}`).then((b) => page(b, 'activity'));

// ---- accounts
export const listAccounts = () => all('/accounts', 'accounts');
export const getAccount = (accountId) => call('GET', `/accounts/${id(accountId)}`);
export const createAccount = ({ name, contacts, teamMemberIds = [], tags = [] }, idempotencyKey) =>
  call('POST', '/accounts', { name, contacts, teamMemberIds, tags }, { idempotencyKey });
export const changeAccount = (accountId, patch) => call('PATCH', `/accounts/${id(accountId)}`, patch);
/** The account's jobs, each {jobId, title, pipelineId, pipelineName, stageId, stageName, archived}. */
export const accountJobs = (accountId) => all(`/accounts/${id(accountId)}/jobs`, 'jobs');

// ---- request templates
export const listTemplates = () => all('/request-templates', 'requestTemplates');
export const getTemplate = (templateId) => call('GET', `/request-templates/${id(templateId)}`);
export const createTemplate = ({ name, subject, message, items, reminders, dueInDays }, idempotencyKey) =>
  call('POST', '/request-templates', { name, subject, message, items, reminders, dueInDays }, { idempotencyKey });

// ---- pipelines and the board
export const listPipelines = () => all('/pipelines', 'pipelines');
export const getPipeline = (pipelineId) => call('GET', `/pipelines/${id(pipelineId)}`);
export const createPipeline = ({ name, stages }, idempotencyKey) =>
  call('POST', '/pipelines', { name, stages }, { idempotencyKey });
/** patch: {name?, automove?, automations?: [{type, templateId, reminders?, dueInDays?, conditions?}]} */
export const updateStage = (pipelineId, stageId, patch) =>
  call('PATCH', `/pipelines/${id(pipelineId)}/stages/${id(stageId)}`, patch);

const boardJob = (j) => ({ jobId: j.jobId, title: j.title, accountId: j.accountId,
  unfinishedCount: j.unfinishedCount ?? 0, overdueCount: j.overdueCount ?? 0, archived: !!j.archived });
/** {pipelineId, name, stages: [{stageId, name, automove, jobs: [boardJob], nextCursor, jobCount}]} */
export async function getBoard(pipelineId, { includeArchived = false } = {}) {
  const b = await call('GET', `/pipelines/${id(pipelineId)}/jobs${q({ includeArchived: includeArchived || undefined })}`);
  return { pipelineId: b.pipelineId, name: b.name, stages: b.stages.map((s) => ({
    stageId: s.stageId, name: s.name, automove: !!s.automove, jobs: (s.jobs ?? []).map(boardJob),
    nextCursor: s.nextCursor ?? null, jobCount: s.counts?.jobs ?? s.jobCount ?? null,
    unfinishedCount: s.counts?.unfinished ?? null, overdueCount: s.counts?.overdue ?? null,
  })) };
}
/** One more page of one stage of the board. */
export async function boardStagePage(pipelineId, stageId, cursor) {
  const b = await call('GET', `/pipelines/${id(pipelineId)}/jobs${q({ stageId, cursor })}`);
  const stage = b.stages ? b.stages.find((s) => s.stageId === stageId) : b;
  return { jobs: (stage?.jobs ?? []).map(boardJob), nextCursor: stage?.nextCursor ?? null };
}

// ---- jobs
export const createJob = ({ accountId, pipelineId, title, stageId }, idempotencyKey) =>
  call('POST', '/jobs', { accountId, pipelineId, title, stageId }, { idempotencyKey });
export const getJob = (jobId) => call('GET', `/jobs/${id(jobId)}`);
/** Moves the job; a job with unfinished requests needs decision KEEP, CANCEL or UNLINK (else an ApiError 409
 *  whose unfinishedRequests() lists them). */
export const moveJob = (jobId, toStageId, decision) =>
  call('POST', `/jobs/${id(jobId)}/move`, decision ? { toStageId, unfinishedRequests: decision } : { toStageId });
/** The unfinished requests a refused move lists ([] for any other error). */
export const unfinishedRequestsOf = (error) =>
  error instanceof ApiError && error.status === 409 ? error.body?.unfinishedRequests ?? [] : [];
export const archiveJob = (jobId) => call('POST', `/jobs/${id(jobId)}/archive`);
export const unarchiveJob = (jobId) => call('POST', `/jobs/${id(jobId)}/unarchive`);
export const jobActivity = (jobId, cursor) => call('GET', `/jobs/${id(jobId)}/activity${q({ cursor })}`)
  .then((b) => page(b, 'activity'));

// ---- client requests and their links
export const linkRequest = (jobId, requestId) => call('POST', `/jobs/${id(jobId)}/client-requests`, { requestId });
export const unlinkRequest = (jobId, requestId) =>
  call('DELETE', `/jobs/${id(jobId)}/client-requests/${id(requestId)}`);
/** draft: {templateId} or {title, message, items}; with reminders?, dueInDays?, dueAt? */
export const createClientRequest = (accountId, draft, jobIds, idempotencyKey) =>
  call('POST', '/client-requests', { accountId, ...draft, jobIds }, { idempotencyKey });
export const listClientRequests = (accountId, cursor) =>
  call('GET', `/client-requests${q({ accountId, cursor })}`).then((b) => page(b, 'clientRequests'));
export const getClientRequest = (requestId) => call('GET', `/client-requests/${id(requestId)}`);
export const setRequestJobs = (requestId, jobIds) => call('PUT', `/client-requests/${id(requestId)}/jobs`, { jobIds });
export const changeClientRequest = (requestId, patch) => call('PATCH', `/client-requests/${id(requestId)}`, patch);
export const resendClientRequest = (requestId) => call('POST', `/client-requests/${id(requestId)}/resend`);
export const reopenClientRequest = (requestId, message) =>
  call('POST', `/client-requests/${id(requestId)}/reopen`, message ? { message } : {});
export const requestActivity = (requestId, cursor) =>
  call('GET', `/client-requests/${id(requestId)}/activity${q({ cursor })}`).then((b) => page(b, 'activity'));

// ---- the local stack's own endpoints (local mode only)
export const localOutbox = () => call('GET', '/_local/outbox', undefined, { local: true });
export const localClock = () => call('GET', '/_local/clock', undefined, { local: true });
export const advanceLocalClock = (days) => call('POST', '/_local/clock', { advance: `P${days}D` }, { local: true });
