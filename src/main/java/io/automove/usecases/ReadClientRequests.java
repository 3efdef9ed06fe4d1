package io.automove.usecases;

import io.automove.model.AccessPolicy.Action;
import io.automove.model.Caller;
import io.automove.model.ClientRequest;
import io.automove.model.DomainException;
import io.automove.model.Job;
import io.automove.model.Member;
import io.automove.model.Pipeline;
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
import java.util.Objects;
import java.util.Set;

/** What the firm sees of client requests: one request with its jobs, an account's list. Reads only. */
public final class ReadClientRequests {

    /** A job as a request view shows it: with the pipeline it belongs to. */
    public record LinkedJob(Job job, Pipeline pipeline) {}

    public record RequestWithJobs(ClientRequest request, List<LinkedJob> jobs) {}

    private final Directory directory;
    private final WorkflowStore store;
    private final Access access;

    public ReadClientRequests(Directory directory, WorkflowStore store) {
        this.directory = directory;
        this.store = store;
        this.access = new Access(directory);
    }

    public RequestWithJobs card(Caller caller, String requestId) {
        Member member = access.member(caller);
        ClientRequest request = store.clientRequest(member.firmId(), requestId, Read.EVENTUAL)
                .orElseThrow(() -> DomainException.notFound("client request", requestId));
        access.require(member, request.accountId(), Action.READ);
        return withJobs(request);
    }

    /** One page of the account's requests, newest first, each with its jobs: reads only the page and its links. */
    public Page<RequestWithJobs> ofAccount(Caller caller, String accountId, PageRequest request) {
        Member member = access.member(caller);
        access.account(member, accountId, Action.READ);
        Page<ClientRequest> page = store.clientRequestsOfAccount(member.firmId(), accountId, request);
        Set<String> jobIds = new LinkedHashSet<>();
        page.items().forEach(r -> jobIds.addAll(r.jobIds()));
        Map<String, LinkedJob> byId = new LinkedHashMap<>();
        linkedJobs(member.firmId(), jobIds).forEach(j -> byId.put(j.job().jobId(), j));
        return page.map(r -> new RequestWithJobs(r, r.jobIds().stream().map(byId::get).filter(Objects::nonNull)
                .sorted(Comparator.comparing((LinkedJob j) -> j.job().createdAt())).toList()));
    }

    /** The request with its jobs, as stored now. */
    public RequestWithJobs withJobs(ClientRequest request) {
        return new RequestWithJobs(request, linkedJobs(request.firmId(), request.jobIds()));
    }

    /** The jobs with the pipelines they belong to, oldest first. */
    List<LinkedJob> linkedJobs(String firmId, Set<String> jobIds) {
        List<Job> jobs = store.jobs(firmId, jobIds, Read.EVENTUAL);
        Set<String> pipelineIds = new LinkedHashSet<>();
        jobs.forEach(j -> pipelineIds.add(j.pipelineId()));
        Map<String, Pipeline> pipelines = directory.pipelines(firmId, pipelineIds);
        return jobs.stream().sorted(Comparator.comparing(Job::createdAt))
                .map(j -> new LinkedJob(j, pipelines.get(j.pipelineId()))).toList();
    }
}
