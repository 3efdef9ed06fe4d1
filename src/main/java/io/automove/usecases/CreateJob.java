package io.automove.usecases;

import io.automove.model.AccessPolicy.Action;
import io.automove.model.Account;
import io.automove.model.Caller;
import io.automove.model.DomainEvent.JobStageChanged;
import io.automove.model.DomainEvent.MoveCause;
import io.automove.model.DomainException;
import io.automove.model.Job;
import io.automove.model.Member;
import io.automove.model.Pipeline;
import io.automove.model.Stage;
import io.automove.usecases.ports.Changes;
import io.automove.usecases.ports.ConcurrentChangeException;
import io.automove.usecases.ports.Directory;
import io.automove.usecases.ports.Ids;
import io.automove.usecases.ports.Read;
import io.automove.usecases.ports.WorkflowStore;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * A new job for an account enters the pipeline's first stage (or the one asked for). Its JobStageChanged event
 * runs that stage's automations exactly as any later entry does ({@link RunStageAutomations}).
 */
public final class CreateJob {
    private final Directory directory;
    private final WorkflowStore store;
    private final NewIds ids;
    private final Clock clock;
    private final Access access;
    private final EmailCap cap;

    public CreateJob(Directory directory, WorkflowStore store, Ids ids, Clock clock) {
        this(directory, store, ids, clock, EmailCap.none(store, clock));
    }

    /** With the firm's daily email cap: a job whose stage would email past it is refused before anything is written. */
    public CreateJob(Directory directory, WorkflowStore store, Ids ids, Clock clock, EmailCap cap) {
        this.cap = cap;
        this.directory = directory;
        this.store = store;
        this.ids = new NewIds(ids);
        this.clock = clock;
        this.access = new Access(directory);
    }

    public Created<Job> create(Caller caller, String accountId, String pipelineId, String title, String stageId,
                               IdempotencyKey key) {
        Member member = access.member(caller);
        Account account = access.account(member, accountId, Action.CREATE_JOB);
        Pipeline pipeline = directory.pipeline(member.firmId(), pipelineId)
                .orElseThrow(() -> DomainException.invalid("UNKNOWN_PIPELINE", "pipelineId: no pipeline with id " + pipelineId));
        Stage stage = stageId == null ? pipeline.firstStage() : pipeline.stage(stageId)
                .orElseThrow(() -> DomainException.invalid("UNKNOWN_STAGE", "stageId: not a stage of pipeline " + pipelineId));
        String jobId = ids.forCreate("job", caller, key);
        Job job = Job.open(member.firmId(), jobId, accountId, pipelineId, title, stage.stageId(), clock.instant());
        try {
            cap.require(member.firmId(), () -> EmailCap.ofStageEntry(stage, account));
        } catch (DomainException capped) {
            // a replayed Idempotency-Key emails nothing: it answers with the job its first call made
            Optional<Job> made = key.given() ? store.job(member.firmId(), jobId, Read.CONSISTENT) : Optional.empty();
            if (made.isPresent()) return new Created<>(made.get(), true);
            throw capped;
        }
        try {
            store.commit(Changes.of().createJob(job,
                    JobStageChanged.entering(null, job, stage, MoveCause.CREATED, caller.userId(), List.of())));
            return new Created<>(job.atRev(1), false);
        } catch (ConcurrentChangeException exists) {
            // only a replayed Idempotency-Key names an existing job: answer with the one its first call made
            return new Created<>(store.job(member.firmId(), jobId, Read.CONSISTENT).orElseThrow(), true);
        }
    }
}
