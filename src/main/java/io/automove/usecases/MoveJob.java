package io.automove.usecases;

import io.automove.model.AccessPolicy.Action;
import io.automove.model.Caller;
import io.automove.model.ClientRequest;
import io.automove.model.DomainEvent.ClientRequestCancelled;
import io.automove.model.DomainEvent.JobStageChanged;
import io.automove.model.DomainEvent.MoveCause;
import io.automove.model.DomainException;
import io.automove.model.Job;
import io.automove.model.LinkedRequest;
import io.automove.model.Member;
import io.automove.model.Pipeline;
import io.automove.model.Stage;
import io.automove.usecases.ports.Changes;
import io.automove.usecases.ports.Directory;
import io.automove.usecases.ports.Read;
import io.automove.usecases.ports.WorkflowStore;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A person moves a job to another stage of its pipeline. With unfinished linked requests the caller must say what
 * becomes of them ({@link UnfinishedRequests}); without a decision the move is refused with the list, so the firm
 * can be asked. The decision and the move are one transaction; the JobStageChanged event runs the new stage's
 * automations.
 */
public final class MoveJob {

    /** What the firm decided for the job's unfinished requests when moving it by hand. */
    public enum UnfinishedRequests {
        /** They stay linked and are awaited in the new stage: their submission can automove the job from there. */
        KEEP,
        /** They are cancelled: the client can no longer submit them. */
        CANCEL,
        /** They are unlinked from this job; the requests themselves stay as they are. */
        UNLINK
    }

    private final Directory directory;
    private final WorkflowStore store;
    private final Clock clock;
    private final Access access;
    private final EmailCap cap;

    public MoveJob(Directory directory, WorkflowStore store, Clock clock) {
        this(directory, store, clock, EmailCap.none(store, clock));
    }

    /** With the firm's daily email cap: a move into a stage that would email past it is refused, nothing written. */
    public MoveJob(Directory directory, WorkflowStore store, Clock clock, EmailCap cap) {
        this.cap = cap;
        this.directory = directory;
        this.store = store;
        this.clock = clock;
        this.access = new Access(directory);
    }

    public Job move(Caller caller, String jobId, String toStageId, UnfinishedRequests decision) {
        Member member = access.member(caller);
        return ReadDecideCommit.run("job " + jobId, Read.EVENTUAL, read -> {
            Job job = store.job(member.firmId(), jobId, read).orElseThrow(() -> DomainException.notFound("job", jobId));
            access.require(member, job.accountId(), Action.MOVE_JOB);
            if (job.archived()) {
                throw DomainException.conflict("JOB_ARCHIVED", "An archived job cannot be moved: unarchive it first.");
            }
            Pipeline pipeline = directory.pipeline(job.firmId(), job.pipelineId())
                    .orElseThrow(() -> new IllegalStateException("job " + jobId + " names a missing pipeline"));
            if (job.stageId().equals(toStageId)) {
                throw DomainException.invalid("SAME_STAGE", "The job is already in this stage.");
            }
            Stage target = pipeline.stage(toStageId).orElseThrow(() -> DomainException.invalid("UNKNOWN_STAGE",
                    "toStageId: not a stage of this job's pipeline"));
            List<ClientRequest> unfinished = store.clientRequests(job.firmId(), job.requestIds(), Read.CONSISTENT).stream()
                    .filter(ClientRequest::unfinished).sorted(Comparator.comparing(ClientRequest::createdAt)).toList();
            if (!unfinished.isEmpty() && decision == null) {
                throw new DomainException(DomainException.Reason.CONFLICT, "UNFINISHED_REQUESTS",
                        "The job has unfinished client requests: say whether to KEEP, CANCEL or UNLINK them.",
                        Map.of("unfinishedRequests", unfinished.stream().map(MoveJob::summary).toList()));
            }
            cap.require(job.firmId(), () -> directory.account(job.firmId(), job.accountId(), Read.EVENTUAL)
                    .map(account -> EmailCap.ofStageEntry(target, account)).orElse(0));
            Changes changes = Changes.of();
            Set<String> linked = new LinkedHashSet<>(job.requestIds());
            Set<String> awaited = new LinkedHashSet<>();
            List<LinkedRequest> kept = new ArrayList<>();
            for (ClientRequest r : unfinished) {
                switch (decision) {
                    case KEEP -> {
                        awaited.add(r.requestId());
                        kept.add(r.asLinked());
                    }
                    case CANCEL -> changes.updateRequest(r, r.cancelled(), new ClientRequestCancelled(r.firmId(),
                            r.requestId(), r.accountId(), List.copyOf(r.jobIds()), caller.userId()));
                    case UNLINK -> {
                        Set<String> jobs = new LinkedHashSet<>(r.jobIds());
                        jobs.remove(jobId);
                        linked.remove(r.requestId());
                        changes.updateRequest(r, r.withJobs(jobs), LinkClientRequests.unlinkedEvent(job, r.requestId(),
                                caller.userId(), io.automove.model.DomainEvent.LinkVia.JOB_MOVE));
                    }
                }
            }
            Job moved = job.movedTo(target.stageId(), linked, awaited, clock.instant());
            changes.updateJob(job, moved, JobStageChanged.entering(job, moved, target, MoveCause.MANUAL, caller.userId(), kept));
            // the job or one of its requests may have changed meanwhile (a submission, a link): then decide again
            store.commit(changes);
            return moved.atRev(job.rev() + 1);
        });
    }

    private static Map<String, Object> summary(ClientRequest r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requestId", r.requestId());
        m.put("title", r.title());
        m.put("status", r.status().name());
        return m;
    }
}
