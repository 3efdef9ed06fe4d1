package io.automove.usecases;

import io.automove.model.ClientRequest;
import io.automove.model.DomainEvent;
import io.automove.model.Job;
import io.automove.usecases.ports.Changes;
import io.automove.usecases.ports.ConcurrentChangeException;
import io.automove.usecases.ports.Page;
import io.automove.usecases.ports.PageRequest;
import io.automove.usecases.ports.Read;
import io.automove.usecases.ports.WorkflowStore;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An in-memory {@link WorkflowStore} with the store's write rules: a write of an item read at revision r
 * succeeds only if the item is still at r (a new item: if none exists), stores r + 1, and all writes of one
 * commit happen or none does. Events of stored writes are kept in {@link #events}.
 */
final class FakeWorkflowStore implements WorkflowStore {
    final Map<String, Job> jobs = new HashMap<>();
    final Map<String, ClientRequest> requests = new HashMap<>();
    final List<DomainEvent> events = new ArrayList<>();
    final List<Read> requestReads = new ArrayList<>();
    final Map<String, String> portalEvents = new HashMap<>();
    /** Request ids an EVENTUAL read does not see yet (replication lag). */
    final Set<String> laggingForEventualReads = new HashSet<>();
    int commits;
    int stageRequestCalls;
    private Runnable beforeNextCommit;

    private static String key(String firmId, String id) { return firmId + "/" + id; }

    /** Runs {@code change} once, just before the next commit is applied: a concurrent writer. */
    void beforeNextCommit(Runnable change) { this.beforeNextCommit = change; }

    /** Stores the value as it is, rev included (test set-up, no conditions). */
    ClientRequest put(ClientRequest r) { requests.put(key(r.firmId(), r.requestId()), r); return r; }

    Job put(Job j) { jobs.put(key(j.firmId(), j.jobId()), j); return j; }

    ClientRequest request(String firmId, String requestId) { return requests.get(key(firmId, requestId)); }

    Job job(String firmId, String jobId) { return jobs.get(key(firmId, jobId)); }

    @Override
    public Optional<Job> job(String firmId, String jobId, Read read) { return Optional.ofNullable(job(firmId, jobId)); }

    @Override
    public List<Job> jobs(String firmId, Collection<String> jobIds, Read read) {
        List<Job> out = new ArrayList<>();
        for (String id : new LinkedHashSet<>(jobIds)) {
            Job j = job(firmId, id);
            if (j != null) out.add(j);
        }
        return out;
    }

    @Override
    public Page<Job> jobsInStage(String firmId, String pipelineId, String stageId, Set<String> accountIds,
                                 boolean includeArchived, PageRequest page) {
        // the store's order (creation, then id) and its cursor (the last job id seen), without the index
        List<Job> stage = jobs.values().stream().filter(j -> j.firmId().equals(firmId) && j.pipelineId().equals(pipelineId)
                        && j.stageId().equals(stageId) && (includeArchived || !j.archived())
                        && (accountIds == null || accountIds.contains(j.accountId())))
                .sorted(java.util.Comparator.comparing(Job::createdAt).thenComparing(Job::jobId)).toList();
        int from = 0;
        if (page.after() != null) {
            while (from < stage.size() && !stage.get(from).jobId().equals(page.after())) from++;
            from++;
        }
        List<Job> items = stage.subList(Math.min(from, stage.size()), Math.min(stage.size(), from + page.limit()));
        boolean more = from + page.limit() < stage.size();
        return new Page<>(items, more ? items.get(items.size() - 1).jobId() : null);
    }

    @Override
    public Map<String, Long> activeJobCounts(String firmId, String pipelineId) {
        Map<String, Long> counts = new java.util.HashMap<>();
        jobs.values().stream().filter(j -> j.firmId().equals(firmId) && j.pipelineId().equals(pipelineId) && !j.archived())
                .forEach(j -> counts.merge(j.stageId(), 1L, Long::sum));
        return counts;
    }

    @Override
    public long activeJobCount(String firmId, String pipelineId, String stageId, Set<String> accountIds) {
        return jobs.values().stream().filter(j -> j.firmId().equals(firmId) && j.pipelineId().equals(pipelineId)
                && j.stageId().equals(stageId) && !j.archived() && accountIds.contains(j.accountId())).count();
    }

    @Override
    public Optional<ClientRequest> clientRequest(String firmId, String requestId, Read read) {
        requestReads.add(read);
        if (read == Read.EVENTUAL && laggingForEventualReads.contains(requestId)) return Optional.empty();
        return Optional.ofNullable(request(firmId, requestId));
    }

    @Override
    public List<ClientRequest> clientRequests(String firmId, Collection<String> requestIds, Read read) {
        List<ClientRequest> out = new ArrayList<>();
        for (String id : new LinkedHashSet<>(requestIds)) {
            ClientRequest r = request(firmId, id);
            if (r != null) out.add(r);
        }
        return out;
    }

    @Override
    public Page<ClientRequest> clientRequestsOfAccount(String firmId, String accountId, PageRequest page) {
        List<ClientRequest> all = requests.values().stream()
                .filter(r -> r.firmId().equals(firmId) && r.accountId().equals(accountId))
                .sorted(java.util.Comparator.comparing(ClientRequest::createdAt).reversed()).toList();
        int from = 0;
        if (page.after() != null) {
            while (from < all.size() && !all.get(from).requestId().equals(page.after())) from++;
            from++;
        }
        List<ClientRequest> items = all.subList(Math.min(from, all.size()), Math.min(all.size(), from + page.limit()));
        return new Page<>(items, from + page.limit() < all.size() ? items.get(items.size() - 1).requestId() : null);
    }

    @Override
    public io.automove.usecases.ports.Page<Job> jobsOfAccount(String firmId, String accountId,
                                                              io.automove.usecases.ports.PageRequest page) {
        return io.automove.usecases.ports.Page.last(jobs.values().stream()
                .filter(j -> j.firmId().equals(firmId) && j.accountId().equals(accountId)).toList());
    }

    /** Emails counted per firm and UTC day, as the table's email counters would hold them. */
    final Map<String, Long> emailCounts = new java.util.HashMap<>();

    @Override
    public long emailsCounted(String firmId, java.time.LocalDate day) {
        return emailCounts.getOrDefault(firmId + "/" + day, 0L);
    }

    @Override
    public void commit(Changes changes) {
        if (beforeNextCommit != null) {
            Runnable change = beforeNextCommit;
            beforeNextCommit = null;
            change.run();
        }
        for (Changes.Write w : changes.writes()) {
            Object current = stored(w.after());
            if (w.before() == null ? current != null : current == null || rev(current) != rev(w.before())) {
                throw new ConcurrentChangeException("item changed meanwhile");
            }
        }
        changes.emailCount().ifPresent(c -> {
            long now = emailsCounted(c.firmId(), c.day());
            if (c.emails() > 0 && c.cap() > 0 && now + c.emails() > c.cap()) {
                throw new io.automove.usecases.ports.EmailCapReachedException("cap");
            }
        });
        changes.emailCount().ifPresent(c -> emailCounts.merge(c.firmId() + "/" + c.day(), (long) c.emails(), Long::sum));
        for (Changes.Write w : changes.writes()) {
            long next = w.before() == null ? 1 : rev(w.before()) + 1;
            if (w.after() instanceof Job j) put(j.atRev(next));
            else put(((ClientRequest) w.after()).atRev(next));
            events.addAll(w.events());
        }
        commits++;
    }

    @Override
    public StageRequestOutcome createStageRequest(ClientRequest request, String jobId, long stageVersion,
                                                  DomainEvent created) {
        stageRequestCalls++;
        if (request(request.firmId(), request.requestId()) != null) return StageRequestOutcome.ALREADY_EXISTS;
        Job job = job(request.firmId(), jobId);
        if (job == null || job.stageVersion() != stageVersion) return StageRequestOutcome.JOB_MOVED_ON;
        put(request.atRev(1));
        put(job.linked(request.requestId(), true).atRev(job.rev() + 1));
        events.add(created);
        return StageRequestOutcome.CREATED;
    }

    @Override
    public boolean recordSkippedAutomations(String firmId, String jobId, long stageVersion,
                                            List<io.automove.model.SkippedAutomation> skipped,
                                            List<io.automove.model.DomainEvent> skippedEvents) {
        Job job = job(firmId, jobId);
        if (job == null || job.stageVersion() != stageVersion) return false;
        if (!job.skippedAutomations().isEmpty()) return true; // once per entry, like the table's condition
        events.addAll(skippedEvents);
        put(new Job(job.firmId(), job.jobId(), job.accountId(), job.pipelineId(), job.title(), job.stageId(),
                job.stageVersion(), job.requestIds(), job.awaitedRequestIds(), job.createdAt(), job.stageEnteredAt(),
                skipped, job.archived(), job.rev() + 1));
        return true;
    }

    /** Requests whose next due work has come, oldest first, as the due-work index would name them. */
    @Override
    public List<DueRequest> dueRequests(java.time.Instant now, int limit) {
        return requests.values().stream().filter(r -> r.nextDueWorkAt() != null && !r.nextDueWorkAt().isAfter(now))
                .sorted(java.util.Comparator.comparing(ClientRequest::nextDueWorkAt)).limit(limit)
                .map(r -> new DueRequest(r.firmId(), r.requestId())).toList();
    }

    private Object stored(Object value) {
        if (value instanceof Job j) return job(j.firmId(), j.jobId());
        ClientRequest r = (ClientRequest) value;
        return request(r.firmId(), r.requestId());
    }

    private static long rev(Object value) {
        return value instanceof Job j ? j.rev() : ((ClientRequest) value).rev();
    }

    @Override
    public java.util.Optional<String> bindPortalEvent(String firmId, String portalEventId, String requestId,
                                                      java.time.Instant expiresAt) {
        String previous = portalEvents.putIfAbsent(firmId + "/" + portalEventId, requestId);
        return java.util.Optional.ofNullable(previous);
    }
}
