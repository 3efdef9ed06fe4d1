package io.automove.usecases;

import io.automove.model.AccessPolicy;
import io.automove.model.AccessPolicy.Action;
import io.automove.model.Caller;
import io.automove.model.ClientRequest;
import io.automove.model.DomainException;
import io.automove.model.Job;
import io.automove.model.Member;
import io.automove.model.Pipeline;
import io.automove.model.Stage;
import io.automove.usecases.ports.Directory;
import io.automove.usecases.ports.Page;
import io.automove.usecases.ports.PageRequest;
import io.automove.usecases.ports.Read;
import io.automove.usecases.ports.WorkflowStore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the firm sees of jobs: a pipeline's board, a job's card. Reads only, eventually consistent. */
public final class ReadJobs {

    public record JobCard(Job job, Pipeline pipeline, List<ClientRequest> requests) {
        public long unfinishedCount() { return requests.stream().filter(ClientRequest::unfinished).count(); }
        public String stageName() { return pipeline.stage(job.stageId()).map(Stage::name).orElse(null); }
    }

    public record BoardJob(Job job, long unfinishedCount, long overdueCount) {}

    /**
     * What a stage shows before its jobs: {@code jobs} counts its active jobs the caller may see. Per-stage counts of
     * unfinished and overdue jobs are not kept yet (null): each card carries its own.
     */
    public record Counts(long jobs, Long unfinished, Long overdue) {}

    /** A stage on the board: its counts and its first page of jobs. */
    public record Column(Stage stage, Counts counts, Page<BoardJob> jobs) {}

    public record Board(Pipeline pipeline, List<Column> stages) {}

    /** One page of one stage, for the stage's "more" button. */
    public record StagePage(Pipeline pipeline, String stageId, Page<BoardJob> jobs) {}

    private final Directory directory;
    private final WorkflowStore store;
    private final Access access;

    public ReadJobs(Directory directory, WorkflowStore store) {
        this.directory = directory;
        this.store = store;
        this.access = new Access(directory);
    }

    public JobCard card(Caller caller, String jobId) {
        Member member = access.member(caller);
        Job job = store.job(member.firmId(), jobId, Read.EVENTUAL).orElseThrow(() -> DomainException.notFound("job", jobId));
        access.require(member, job.accountId(), Action.READ);
        List<ClientRequest> requests = new ArrayList<>(store.clientRequests(job.firmId(), job.requestIds(), Read.EVENTUAL));
        requests.sort(Comparator.comparing(ClientRequest::createdAt));
        Pipeline pipeline = directory.pipeline(job.firmId(), job.pipelineId())
                .orElseThrow(() -> new IllegalStateException("job " + jobId + " names a missing pipeline"));
        return new JobCard(job, pipeline, requests);
    }

    /**
     * The board's first screen: every stage with its counts and its first page of jobs ({@code limit} per stage),
     * limited to the accounts the caller may see, archived jobs too if asked. Costs one page per stage and the
     * stage counters, however many jobs the pipeline holds.
     */
    public Board board(Caller caller, String pipelineId, boolean includeArchived, int limit) {
        Member member = access.member(caller);
        Pipeline pipeline = directory.pipeline(member.firmId(), pipelineId)
                .orElseThrow(() -> DomainException.notFound("pipeline", pipelineId));
        Set<String> accounts = visibleAccounts(member);
        Map<String, Long> counted = accounts == null ? store.activeJobCounts(member.firmId(), pipelineId) : Map.of();
        List<Column> columns = new ArrayList<>();
        for (Stage s : pipeline.stages()) {
            long jobs = accounts == null ? Math.max(0, counted.getOrDefault(s.stageId(), 0L))
                    : store.activeJobCount(member.firmId(), pipelineId, s.stageId(), accounts);
            Page<Job> page = accounts != null && accounts.isEmpty() ? Page.last(List.of())
                    : store.jobsInStage(member.firmId(), pipelineId, s.stageId(), accounts, includeArchived, PageRequest.first(limit));
            columns.add(new Column(s, new Counts(jobs, null, null), cards(member.firmId(), page)));
        }
        return new Board(pipeline, columns);
    }

    /** One page of one stage of the board, after the cursor's place. */
    public StagePage stage(Caller caller, String pipelineId, String stageId, boolean includeArchived, PageRequest request) {
        Member member = access.member(caller);
        Pipeline pipeline = directory.pipeline(member.firmId(), pipelineId)
                .orElseThrow(() -> DomainException.notFound("pipeline", pipelineId));
        if (pipeline.stage(stageId).isEmpty()) throw DomainException.notFound("stage", stageId);
        Set<String> accounts = visibleAccounts(member);
        Page<Job> page = accounts != null && accounts.isEmpty() ? Page.last(List.of())
                : store.jobsInStage(member.firmId(), pipelineId, stageId, accounts, includeArchived, request);
        return new StagePage(pipeline, stageId, cards(member.firmId(), page));
    }

    /**
     * Null: every account (the member's role or rights decide alone). Otherwise the accounts whose team has the
     * member: the assignments name them, the accounts themselves confirm it (an assignment is an index, the
     * account's team the truth), so the read costs what the member works on.
     */
    private Set<String> visibleAccounts(Member member) {
        if (AccessPolicy.seesEveryAccount(member)) return null;
        Set<String> ids = directory.accountIdsOf(member.firmId(), member.userId());
        Set<String> visible = new java.util.TreeSet<>();
        directory.accounts(member.firmId(), ids).values().forEach(a -> {
            if (AccessPolicy.canWorkOn(member, a)) visible.add(a.accountId());
        });
        return visible;
    }

    /** The page's jobs with their unfinished and overdue requests counted: reads only the page's links. */
    private Page<BoardJob> cards(String firmId, Page<Job> page) {
        Set<String> requestIds = new LinkedHashSet<>();
        page.items().forEach(j -> requestIds.addAll(j.requestIds()));
        Set<String> unfinished = new LinkedHashSet<>();
        Set<String> overdue = new LinkedHashSet<>();
        for (ClientRequest r : store.clientRequests(firmId, requestIds, Read.EVENTUAL)) {
            if (!r.unfinished()) continue;
            unfinished.add(r.requestId());
            if (r.overdue()) overdue.add(r.requestId());
        }
        return page.map(j -> new BoardJob(j, j.requestIds().stream().filter(unfinished::contains).count(),
                j.requestIds().stream().filter(overdue::contains).count()));
    }

    /** A pipeline as configured, for any member of the firm. */
    public Pipeline pipeline(Caller caller, String pipelineId) {
        Member member = access.member(caller);
        return directory.pipeline(member.firmId(), pipelineId)
                .orElseThrow(() -> DomainException.notFound("pipeline", pipelineId));
    }
}
