package io.automove.model;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A piece of work for one account, sitting in one stage of one pipeline.
 *
 * <p>{@code stageVersion} counts stage entries: every move adds one, so an event about an older entry is
 * recognisably stale. {@code rev} is the stored revision this value was read at: the store writes the next
 * revision only if nobody wrote in between. {@code awaitedRequestIds} are the linked requests whose submission counts for automove in the current
 * stage: those that were unfinished when the job entered it or that were linked while unfinished since.
 * A request submitted before the job entered its stage therefore never moves it on again.
 * {@code skippedAutomations} are the automations of the current stage entry that did not run, and why. An
 * {@code archived} job leaves the board, never moves (by hand or by automove) and reminds no client.
 */
public record Job(String firmId, String jobId, String accountId, String pipelineId, String title,
                  String stageId, long stageVersion, Set<String> requestIds, Set<String> awaitedRequestIds,
                  Instant createdAt, Instant stageEnteredAt, List<SkippedAutomation> skippedAutomations,
                  boolean archived, long rev) {

    public Job(String firmId, String jobId, String accountId, String pipelineId, String title, String stageId,
               long stageVersion, Set<String> requestIds, Set<String> awaitedRequestIds, Instant createdAt,
               Instant stageEnteredAt, long rev) {
        this(firmId, jobId, accountId, pipelineId, title, stageId, stageVersion, requestIds, awaitedRequestIds,
                createdAt, stageEnteredAt, List.of(), false, rev);
    }

    public Job {
        Check.id(firmId, "firmId");
        Check.id(jobId, "jobId");
        Check.id(accountId, "accountId");
        Check.id(pipelineId, "pipelineId");
        title = Check.text(title, "title", 300);
        Check.id(stageId, "stageId");
        requestIds = Set.copyOf(requestIds == null ? Set.of() : requestIds);
        awaitedRequestIds = Set.copyOf(awaitedRequestIds == null ? Set.of() : awaitedRequestIds);
        skippedAutomations = skippedAutomations == null ? List.of() : List.copyOf(skippedAutomations);
    }

    public static Job open(String firmId, String jobId, String accountId, String pipelineId, String title,
                           String stageId, Instant now) {
        return new Job(firmId, jobId, accountId, pipelineId, title, stageId, 1, Set.of(), Set.of(), now, now, 0);
    }

    public boolean isLinkedTo(String requestId) { return requestIds.contains(requestId); }

    public boolean awaits(String requestId) { return awaitedRequestIds.contains(requestId); }

    /**
     * The job entered {@code toStageId}; it now awaits exactly {@code stillUnfinished} of its linked requests, and
     * the new stage's automations have not run yet.
     */
    public Job movedTo(String toStageId, Set<String> stillLinked, Set<String> stillUnfinished, Instant now) {
        Set<String> awaited = new LinkedHashSet<>(stillUnfinished);
        awaited.retainAll(stillLinked);
        return new Job(firmId, jobId, accountId, pipelineId, title, toStageId, stageVersion + 1, stillLinked, awaited,
                createdAt, now, List.of(), archived, rev);
    }

    /** A job links to at most this many client requests over its life (docs/data-model.md, "Bounds"). */
    public static final int MAX_REQUESTS = 100;

    public Job linked(String requestId, boolean unfinished) {
        if (!requestIds.contains(requestId) && requestIds.size() >= MAX_REQUESTS) {
            throw DomainException.invalid("TOO_MANY_LINKED_REQUESTS", "A job can be linked to at most " + MAX_REQUESTS
                    + " client requests: unlink finished ones, or create a new job.");
        }
        Set<String> ids = new LinkedHashSet<>(requestIds);
        ids.add(requestId);
        Set<String> awaited = new LinkedHashSet<>(awaitedRequestIds);
        if (unfinished) awaited.add(requestId);
        return new Job(firmId, jobId, accountId, pipelineId, title, stageId, stageVersion, ids, awaited, createdAt,
                stageEnteredAt, skippedAutomations, archived, rev);
    }

    public Job unlinked(String requestId) {
        Set<String> ids = new LinkedHashSet<>(requestIds);
        ids.remove(requestId);
        Set<String> awaited = new LinkedHashSet<>(awaitedRequestIds);
        awaited.remove(requestId);
        return new Job(firmId, jobId, accountId, pipelineId, title, stageId, stageVersion, ids, awaited, createdAt,
                stageEnteredAt, skippedAutomations, archived, rev);
    }

    /** This value as the store holds it after a write: the write made revision {@code newRev}. */
    public Job atRev(long newRev) {
        return new Job(firmId, jobId, accountId, pipelineId, title, stageId, stageVersion, requestIds, awaitedRequestIds,
                createdAt, stageEnteredAt, skippedAutomations, archived, newRev);
    }

    /** The same job, archived or back on the board. */
    public Job withArchived(boolean on) {
        return new Job(firmId, jobId, accountId, pipelineId, title, stageId, stageVersion, requestIds, awaitedRequestIds,
                createdAt, stageEnteredAt, skippedAutomations, on, rev);
    }

    /** The job awaits {@code requestId} in its current stage, as if it had been linked there: a reopened request. */
    public Job awaiting(String requestId) {
        if (!requestIds.contains(requestId)) return this;
        Set<String> awaited = new LinkedHashSet<>(awaitedRequestIds);
        awaited.add(requestId);
        return new Job(firmId, jobId, accountId, pipelineId, title, stageId, stageVersion, requestIds, awaited,
                createdAt, stageEnteredAt, skippedAutomations, archived, rev);
    }
}
