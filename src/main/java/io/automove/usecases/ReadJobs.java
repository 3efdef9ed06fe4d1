package io.automove.usecases;

import io.automove.model.AccessPolicy;
import io.automove.model.AccessPolicy.Action;
import io.automove.model.Account;
import io.automove.model.Caller;
import io.automove.model.ClientRequest;
import io.automove.model.DomainException;
import io.automove.model.Job;
import io.automove.model.Member;
import io.automove.model.Pipeline;
import io.automove.model.Stage;
import io.automove.usecases.ports.Directory;
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

    public record Board(Pipeline pipeline, Map<String, List<BoardJob>> jobsByStage) {}

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

    /** The pipeline's jobs grouped by stage, limited to the accounts the caller may see; archived ones if asked. */
    public Board board(Caller caller, String pipelineId, boolean includeArchived) {
        Member member = access.member(caller);
        Pipeline pipeline = directory.pipeline(member.firmId(), pipelineId)
                .orElseThrow(() -> DomainException.notFound("pipeline", pipelineId));
        List<Job> jobs = store.jobsInPipeline(member.firmId(), pipelineId).stream()
                .filter(j -> includeArchived || !j.archived()).toList();
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
        Set<String> overdue = new LinkedHashSet<>();
        for (ClientRequest r : store.clientRequests(member.firmId(), requestIds, Read.EVENTUAL)) {
            if (!r.unfinished()) continue;
            unfinished.add(r.requestId());
            if (r.overdue()) overdue.add(r.requestId());
        }
        Map<String, List<BoardJob>> byStage = new LinkedHashMap<>();
        pipeline.stages().forEach(s -> byStage.put(s.stageId(), new ArrayList<>()));
        for (Job j : jobs) {
            long count = j.requestIds().stream().filter(unfinished::contains).count();
            long late = j.requestIds().stream().filter(overdue::contains).count();
            byStage.computeIfAbsent(j.stageId(), k -> new ArrayList<>()).add(new BoardJob(j, count, late));
        }
        return new Board(pipeline, byStage);
    }

    /** A pipeline as configured, for any member of the firm. */
    public Pipeline pipeline(Caller caller, String pipelineId) {
        Member member = access.member(caller);
        return directory.pipeline(member.firmId(), pipelineId)
                .orElseThrow(() -> DomainException.notFound("pipeline", pipelineId));
    }
}
