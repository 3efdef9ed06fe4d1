package io.automove.usecases.ports;

import io.automove.model.ClientRequest;
import io.automove.model.DomainEvent;
import io.automove.model.Job;
import io.automove.model.SkippedAutomation;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;

/** Jobs, client requests and the links between them. Every write is conditional; none is blind. */
public interface WorkflowStore {

    Optional<Job> job(String firmId, String jobId, Read read);
    List<Job> jobs(String firmId, Collection<String> jobIds, Read read);

    /**
     * One page of a stage's jobs, oldest first (creation time, then id: a place that never changes, so paging
     * while jobs move returns each at most once and misses none that stayed). {@code accountIds} null: every
     * account's; else only those accounts' jobs, read from their own index partitions. Archived jobs too if asked.
     * The page's jobs carry what a board card shows (ids, title, account, stage, links, archived).
     */
    Page<Job> jobsInStage(String firmId, String pipelineId, String stageId, Set<String> accountIds,
                          boolean includeArchived, PageRequest page);

    /** Active jobs per stage of the pipeline, from the counters every job write keeps (absent: none). */
    Map<String, Long> activeJobCounts(String firmId, String pipelineId);

    /** Active jobs of these accounts in the stage: a count over their index partitions, costing what they hold. */
    long activeJobCount(String firmId, String pipelineId, String stageId, Set<String> accountIds);

    Optional<ClientRequest> clientRequest(String firmId, String requestId, Read read);
    List<ClientRequest> clientRequests(String firmId, Collection<String> requestIds, Read read);

    /** One page of an account's requests, newest first. */
    Page<ClientRequest> clientRequestsOfAccount(String firmId, String accountId, PageRequest page);

    /** The account's jobs, archived ones too, oldest first; eventually consistent. */
    Page<Job> jobsOfAccount(String firmId, String accountId, PageRequest page);

    /** A request the due-work index names. */
    record DueRequest(String firmId, String requestId) {}

    /**
     * Up to {@code limit} requests whose next due work (a reminder, a due date) is at or before {@code now}, the
     * oldest first. An eventually consistent index: the caller reads each request before deciding anything.
     */
    List<DueRequest> dueRequests(Instant now, int limit);

    /**
     * All or nothing; {@link ConcurrentChangeException} if any item moved on since it was read, else
     * {@link EmailCapReachedException} if its email count would pass the firm's daily cap.
     */
    void commit(Changes changes) throws ConcurrentChangeException;

    /** The emails counted against the firm's daily cap on {@code day} (UTC) so far: 0 if none. Eventually consistent. */
    long emailsCounted(String firmId, java.time.LocalDate day);

    /** JOB_FULL: the job already links {@link Job#MAX_REQUESTS} requests; nothing was written. */
    enum StageRequestOutcome { CREATED, ALREADY_EXISTS, JOB_MOVED_ON, JOB_FULL }

    /**
     * Creates {@code request} and links it to the job in one transaction, provided the job is still in the
     * stage entry {@code stageVersion}. Needs no prior read of the job: it only adds to its links.
     */
    StageRequestOutcome createStageRequest(ClientRequest request, String jobId, long stageVersion, DomainEvent created);

    /**
     * Records on the job which automations of the stage entry {@code stageVersion} did not run, and why, provided
     * the job is still in that entry, with {@code events} (one AutomationSkipped each) in its outbox; false if it has
     * moved on. Once per entry: recording it again (a redelivered entry) changes nothing and answers true.
     */
    boolean recordSkippedAutomations(String firmId, String jobId, long stageVersion, List<SkippedAutomation> skipped,
                                     List<io.automove.model.DomainEvent> events);

    /**
     * Records that the portal's {@code portalEventId} submitted {@code requestId}, unless that event id was recorded
     * before: then returns the request it was recorded for and writes nothing. The record expires at {@code expiresAt}.
     */
    Optional<String> bindPortalEvent(String firmId, String portalEventId, String requestId, Instant expiresAt);
}
