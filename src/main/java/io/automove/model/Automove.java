package io.automove.model;

import java.util.Collection;
import java.util.Optional;

/**
 * The automove rule. When the client submits {@code submitted}, a job linked to it moves to the next stage if
 * and only if: the job is not archived, the submission counts in its current stage (the job awaits it), that stage has automove
 * on, there is a next stage, and none of the job's linked requests is still unfinished.
 *
 * <p>Only a submission can trigger a move, so entering a stage with nothing unfinished never moves a job on
 * by itself, and a redelivered submission that an earlier move already used is no longer awaited.
 */
public final class Automove {
    private Automove() {}

    /** Whether a submission of {@code submitted} counts for the job in its current stage at all. */
    public static boolean counts(Job job, String submitted) {
        return !job.archived() && job.isLinkedTo(submitted) && job.awaits(submitted);
    }

    /** @param otherLinked the job's other linked requests, as read after the submission was stored */
    public static Optional<Stage> nextStage(Pipeline pipeline, Job job, String submitted,
                                            Collection<ClientRequest> otherLinked) {
        if (!counts(job, submitted)) return Optional.empty();
        Optional<Stage> current = pipeline.stage(job.stageId());
        if (current.isEmpty() || !current.get().automove()) return Optional.empty();
        for (String id : job.requestIds()) {
            if (id.equals(submitted)) continue; // SUBMITTED is final: the event is proof enough
            ClientRequest r = otherLinked.stream().filter(x -> x.requestId().equals(id)).findFirst().orElse(null);
            // A linked request we cannot see yet is not known to be finished: wait for it.
            if (r == null || r.unfinished()) return Optional.empty();
        }
        return pipeline.nextStage(job.stageId());
    }
}
