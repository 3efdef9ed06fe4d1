package io.automove.usecases;

import io.automove.model.Automove;
import io.automove.model.ClientRequest;
import io.automove.model.DomainEvent.ClientRequestSubmitted;
import io.automove.model.DomainEvent.JobStageChanged;
import io.automove.model.DomainEvent.MoveCause;
import io.automove.model.Job;
import io.automove.model.Pipeline;
import io.automove.model.Stage;
import io.automove.usecases.ports.Changes;
import io.automove.usecases.ports.Directory;
import io.automove.usecases.ports.Read;
import io.automove.usecases.ports.WorkflowStore;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * On a client's submission, applies the {@link Automove} rule to every job linked to the request. Reads are
 * strongly consistent so that of two submissions stored one after the other, the later one's automove sees both;
 * the move is conditional on the job's revision, so two of them deciding at once move the job once, and a
 * redelivered submission finds the job no longer awaiting it.
 */
public final class AutomoveJobs {

    public record Moved(String jobId, String fromStageId, String toStageId) {}

    private final Directory directory;
    private final WorkflowStore store;
    private final Clock clock;

    public AutomoveJobs(Directory directory, WorkflowStore store, Clock clock) {
        this.directory = directory;
        this.store = store;
        this.clock = clock;
    }

    public List<Moved> onSubmitted(ClientRequestSubmitted event) {
        List<Moved> moved = new ArrayList<>();
        for (String jobId : new LinkedHashSet<>(event.jobIds())) {
            tryMove(event, jobId).ifPresent(moved::add);
        }
        return moved;
    }

    private Optional<Moved> tryMove(ClientRequestSubmitted event, String jobId) {
        return ReadDecideCommit.run("job " + jobId, Read.CONSISTENT, read -> {
            Optional<Job> found = store.job(event.firmId(), jobId, read);
            // checked before reading the pipeline and the other requests: a redelivery costs one read
            if (found.isEmpty() || !Automove.counts(found.get(), event.requestId())) return Optional.empty();
            Job job = found.get();
            Optional<Pipeline> pipeline = directory.pipeline(job.firmId(), job.pipelineId());
            if (pipeline.isEmpty()) return Optional.empty();
            Set<String> others = new LinkedHashSet<>(job.requestIds());
            others.remove(event.requestId());
            List<ClientRequest> otherRequests = store.clientRequests(job.firmId(), others, read);
            Optional<Stage> next = Automove.nextStage(pipeline.get(), job, event.requestId(), otherRequests);
            if (next.isEmpty()) return Optional.empty();
            Job after = job.movedTo(next.get().stageId(), job.requestIds(), Set.of(), clock.instant());
            // another submission or a person may change the job first: then the rule, read again, stops a second move
            store.commit(Changes.of().updateJob(job, after,
                    JobStageChanged.entering(job, after, next.get(), MoveCause.AUTOMOVE, event.requestId(),
                            List.of()))); // the rule moves a job only when nothing linked is unfinished
            return Optional.of(new Moved(jobId, job.stageId(), after.stageId()));
        });
    }
}
