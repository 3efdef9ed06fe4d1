package io.automove.usecases;

import io.automove.model.AccessPolicy;
import io.automove.model.Account;
import io.automove.model.Caller;
import io.automove.model.ClientRequest;
import io.automove.model.DomainException;
import io.automove.model.Job;
import io.automove.model.Member;
import io.automove.model.Pipeline;
import io.automove.model.Stage;
import io.automove.model.AccessPolicy.Action;
import io.automove.model.DomainEvent.ClientRequestCancelled;
import io.automove.model.DomainEvent.ClientRequestUnlinked;
import io.automove.model.DomainEvent.JobStageChanged;
import io.automove.model.DomainEvent.MoveCause;
import io.automove.usecases.ports.Changes;
import io.automove.usecases.ports.ConcurrentChangeException;
import io.automove.usecases.ports.Directory;
import io.automove.usecases.ports.Ids;
import io.automove.usecases.ports.WorkflowStore;
import io.automove.usecases.ports.WorkflowStore.Read;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Creating, moving and reading jobs. */
public final class Jobs {
    static final int ATTEMPTS = 4;

    private final Directory directory;
    private final WorkflowStore store;
    private final NewIds ids;
    private final Clock clock;
    private final Access access;

    public Jobs(Directory directory, WorkflowStore store, Ids ids, Clock clock) {
        this.directory = directory;
        this.store = store;
        this.ids = new NewIds(ids);
        this.clock = clock;
        this.access = new Access(directory);
    }

    /** The job enters the pipeline's first stage (or {@code stageId}); that stage's automations run as on any entry. */
    public Created<Job> create(Caller caller, String accountId, String pipelineId, String title, String stageId,
                               String idempotencyKey) {
        Member member = access.member(caller);
        access.account(member, accountId, Action.CREATE_JOB);
        Pipeline pipeline = directory.pipeline(member.firmId(), pipelineId)
                .orElseThrow(() -> DomainException.invalid("UNKNOWN_PIPELINE", "pipelineId: no pipeline with id " + pipelineId));
        Stage stage = stageId == null ? pipeline.firstStage() : pipeline.stage(stageId)
                .orElseThrow(() -> DomainException.invalid("UNKNOWN_STAGE", "stageId: not a stage of pipeline " + pipelineId));
        String jobId = ids.forCreate("job", caller, "POST /jobs", idempotencyKey);
        Job job = Job.open(member.firmId(), jobId, accountId, pipelineId, title, stage.stageId(), clock.instant());
        try {
            store.commit(Changes.of().createJob(job,
                    JobStageChanged.entering(null, job, stage, MoveCause.CREATED, caller.userId())));
            return new Created<>(job, false);
        } catch (ConcurrentChangeException exists) {
            return new Created<>(store.job(member.firmId(), jobId, Read.CONSISTENT).orElseThrow(), true);
        }
    }

    /** What the firm decided for the job's unfinished requests when moving it by hand. */
    public enum PendingDecision { KEEP, CANCEL, UNLINK }

    /**
     * Moves the job by hand. With unfinished linked requests the caller must say what becomes of them; the
     * decision and the move are one transaction.
     */
    public Job move(Caller caller, String jobId, String toStageId, PendingDecision decision) {
        Member member = access.member(caller);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Job job = store.job(member.firmId(), jobId, attempt == 0 ? Read.EVENTUAL : Read.CONSISTENT)
                    .orElseThrow(() -> DomainException.notFound("job", jobId));
            access.require(member, job.accountId(), Action.MOVE_JOB);
            Pipeline pipeline = pipelineOf(job);
            if (job.stageId().equals(toStageId)) {
                throw DomainException.invalid("SAME_STAGE", "The job is already in this stage.");
            }
            Stage target = pipeline.stage(toStageId).orElseThrow(() -> DomainException.invalid("UNKNOWN_STAGE",
                    "toStageId: not a stage of this job's pipeline"));
            List<ClientRequest> pending = store.clientRequests(job.firmId(), job.requestIds(), Read.CONSISTENT).stream()
                    .filter(ClientRequest::unfinished).sorted(Comparator.comparing(ClientRequest::createdAt)).toList();
            if (!pending.isEmpty() && decision == null) {
                List<Map<String, Object>> list = pending.stream().map(Jobs::summary).toList();
                throw new DomainException(DomainException.Reason.CONFLICT, "PENDING_REQUESTS",
                        "The job has unfinished client requests: say whether to KEEP, CANCEL or UNLINK them.",
                        Map.of("pendingRequests", list));
            }
            Changes changes = Changes.of();
            Set<String> linked = new LinkedHashSet<>(job.requestIds());
            Set<String> awaited = new LinkedHashSet<>();
            for (ClientRequest r : pending) {
                PendingDecision d = decision;
                if (d == PendingDecision.KEEP) {
                    awaited.add(r.requestId());
                } else if (d == PendingDecision.CANCEL) {
                    changes.updateRequest(r, r.cancelled(), new ClientRequestCancelled(r.firmId(), r.requestId(),
                            r.accountId(), List.copyOf(r.jobIds())));
                } else {
                    Set<String> jobs = new LinkedHashSet<>(r.jobIds());
                    jobs.remove(jobId);
                    linked.remove(r.requestId());
                    changes.updateRequest(r, r.withJobs(jobs), new ClientRequestUnlinked(r.firmId(), r.requestId(),
                            jobId, r.accountId(), job.rev() + 1));
                }
            }
            Job moved = job.movedTo(target.stageId(), linked, awaited, clock.instant());
            changes.updateJob(job, moved, JobStageChanged.entering(job, moved, target, MoveCause.MANUAL, caller.userId()));
            try {
                store.commit(changes);
                return moved;
            } catch (ConcurrentChangeException e) {
                // the job or one of its requests changed meanwhile (a submission, a link): decide again
            }
        }
        throw DomainException.conflict("CONCURRENT_UPDATE", "The job is being changed by someone else; try again.");
    }

    public record JobCard(Job job, Pipeline pipeline, List<ClientRequest> requests) {
        public long unfinishedCount() { return requests.stream().filter(ClientRequest::unfinished).count(); }
        public String stageName() { return pipeline.stage(job.stageId()).map(Stage::name).orElse(null); }
    }

    public JobCard card(Caller caller, String jobId) {
        Member member = access.member(caller);
        Job job = store.job(member.firmId(), jobId, Read.EVENTUAL).orElseThrow(() -> DomainException.notFound("job", jobId));
        access.require(member, job.accountId(), Action.READ);
        List<ClientRequest> requests = new ArrayList<>(store.clientRequests(job.firmId(), job.requestIds(), Read.EVENTUAL));
        requests.sort(Comparator.comparing(ClientRequest::createdAt));
        return new JobCard(job, pipelineOf(job), requests);
    }

    public record BoardJob(Job job, long unfinishedCount) {}

    public record Board(Pipeline pipeline, Map<String, List<BoardJob>> jobsByStage) {}

    /** The pipeline's jobs grouped by stage, limited to the accounts the caller may see. */
    public Board board(Caller caller, String pipelineId) {
        Member member = access.member(caller);
        Pipeline pipeline = directory.pipeline(member.firmId(), pipelineId)
                .orElseThrow(() -> DomainException.notFound("pipeline", pipelineId));
        List<Job> jobs = store.jobsInPipeline(member.firmId(), pipelineId);
        if (!AccessPolicy.seesEveryAccount(member)) {
            Set<String> accountIds = new LinkedHashSet<>();
            jobs.forEach(j -> accountIds.add(j.accountId()));
            Map<String, Account> accounts = directory.accounts(member.firmId(), accountIds);
            jobs = jobs.stream().filter(j -> {
                Account a = accounts.get(j.accountId());
                return a != null && AccessPolicy.canWorkOn(member, a);
            }).toList();
        }
        Set<String> requestIds = new LinkedHashSet<>();
        jobs.forEach(j -> requestIds.addAll(j.requestIds()));
        Set<String> unfinished = new LinkedHashSet<>();
        store.clientRequests(member.firmId(), requestIds, Read.EVENTUAL).stream()
                .filter(ClientRequest::unfinished).forEach(r -> unfinished.add(r.requestId()));
        Map<String, List<BoardJob>> byStage = new LinkedHashMap<>();
        pipeline.stages().forEach(s -> byStage.put(s.stageId(), new ArrayList<>()));
        for (Job j : jobs) {
            long count = j.requestIds().stream().filter(unfinished::contains).count();
            byStage.computeIfAbsent(j.stageId(), k -> new ArrayList<>()).add(new BoardJob(j, count));
        }
        return new Board(pipeline, byStage);
    }

    public record LinkedJob(Job job, Pipeline pipeline) {}

    public record RequestCard(ClientRequest request, List<LinkedJob> jobs) {}

    public RequestCard requestCard(Caller caller, String requestId) {
        Member member = access.member(caller);
        ClientRequest request = store.clientRequest(member.firmId(), requestId, Read.EVENTUAL)
                .orElseThrow(() -> DomainException.notFound("client request", requestId));
        access.require(member, request.accountId(), Action.READ);
        return new RequestCard(request, linkedJobs(member.firmId(), request.jobIds()));
    }

    /** The jobs with the pipelines they belong to, for the request views. */
    public List<LinkedJob> linkedJobs(String firmId, Set<String> jobIds) {
        List<Job> jobs = store.jobs(firmId, jobIds, Read.EVENTUAL);
        Set<String> pipelineIds = new LinkedHashSet<>();
        jobs.forEach(j -> pipelineIds.add(j.pipelineId()));
        Map<String, Pipeline> pipelines = directory.pipelines(firmId, pipelineIds);
        return jobs.stream().sorted(Comparator.comparing(Job::createdAt))
                .map(j -> new LinkedJob(j, pipelines.get(j.pipelineId()))).toList();
    }

    static Map<String, Object> summary(ClientRequest r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requestId", r.requestId());
        m.put("title", r.title());
        m.put("status", r.status().name());
        return m;
    }

    private Pipeline pipelineOf(Job job) {
        return directory.pipeline(job.firmId(), job.pipelineId())
                .orElseThrow(() -> new IllegalStateException("job " + job.jobId() + " names a missing pipeline"));
    }
}
