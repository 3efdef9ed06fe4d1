package io.automove.usecases;

import io.automove.model.AccessPolicy.Action;
import io.automove.model.Caller;
import io.automove.model.ClientRequest;
import io.automove.model.DomainEvent.ClientRequestLinked;
import io.automove.model.DomainEvent.ClientRequestUnlinked;
import io.automove.model.DomainEvent.LinkVia;
import io.automove.model.DomainException;
import io.automove.model.Job;
import io.automove.model.Member;
import io.automove.usecases.ReadClientRequests.RequestWithJobs;
import io.automove.usecases.ports.Changes;
import io.automove.usecases.ports.Directory;
import io.automove.usecases.ports.Read;
import io.automove.usecases.ports.WorkflowStore;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Linking client requests to jobs by hand: from the job card (link, unlink) or from the account's request list
 * (the request's links become exactly the jobs picked). A link made by hand counts for automove exactly like one
 * made by an automation: a request linked while unfinished is awaited by the job in its current stage. Both
 * sides of a link change in one transaction, conditional on what was read.
 */
public final class LinkClientRequests {
    /** One transaction holds at most 100 items: the request and its jobs. */
    public static final int MAX_JOBS = 50;
    /** DynamoDB writes at most 100 items in one transaction. */
    static final int MAX_ITEMS_AT_ONCE = 100;

    private final WorkflowStore store;
    private final Access access;
    private final ReadClientRequests views;

    public LinkClientRequests(Directory directory, WorkflowStore store) {
        this.store = store;
        this.access = new Access(directory);
        this.views = new ReadClientRequests(directory, store);
    }

    /** Links an existing request to the job. Linking the same pair again changes nothing. */
    public ClientRequest link(Caller caller, String jobId, String requestId) {
        return changePair(caller, jobId, requestId, Action.LINK, (job, request) -> {
            requireSameAccount(job, request);
            if (job.isLinkedTo(requestId) && request.jobIds().contains(jobId)) return request;
            ClientRequest after = request.withJobs(plus(request.jobIds(), jobId));
            store.commit(Changes.of()
                    .updateJob(job, job.linked(requestId, request.unfinished()),
                            linkedEvent(job, request, caller.userId(), LinkVia.JOB_CARD))
                    .updateRequest(request, after));
            return after;
        });
    }

    /** Removes the link; the request itself survives. Unlinking a pair that is not linked changes nothing. */
    public void unlink(Caller caller, String jobId, String requestId) {
        changePair(caller, jobId, requestId, Action.UNLINK, (job, request) -> {
            if (!job.isLinkedTo(requestId) && !request.jobIds().contains(jobId)) return request;
            ClientRequest after = request.withJobs(minus(request.jobIds(), jobId));
            store.commit(Changes.of()
                    .updateJob(job, job.unlinked(requestId),
                            unlinkedEvent(job, requestId, caller.userId(), LinkVia.JOB_CARD))
                    .updateRequest(request, after));
            return after;
        });
    }

    /** Makes the request's links exactly {@code jobIds}: links the new ones, unlinks the others, in one go. */
    public RequestWithJobs setJobs(Caller caller, String requestId, List<String> jobIds) {
        Member member = access.member(caller);
        Set<String> wanted = new LinkedHashSet<>(jobIds);
        requireAtMostMaxJobs(wanted);
        ClientRequest result = ReadDecideCommit.run("client request " + requestId, Read.EVENTUAL, read -> {
            ClientRequest request = store.clientRequest(member.firmId(), requestId, read)
                    .orElseThrow(() -> DomainException.notFound("client request", requestId));
            access.require(member, request.accountId(), Action.LINK);
            Set<String> added = minus(wanted, request.jobIds());
            Set<String> removed = minus(request.jobIds(), wanted);
            if (added.isEmpty() && removed.isEmpty()) return request;
            if (1 + added.size() + removed.size() > MAX_ITEMS_AT_ONCE) {
                throw DomainException.invalid("TOO_MANY_CHANGES", "At most " + (MAX_ITEMS_AT_ONCE - 1)
                        + " links can be added and removed in one call; change them in two steps.");
            }
            ClientRequest after = request.withJobs(wanted);
            Changes changes = Changes.of().updateRequest(request, after);
            for (Job job : CreateClientRequest.existingJobs(store, member.firmId(), added, read)) {
                requireSameAccount(job, request);
                changes.updateJob(job, job.linked(requestId, request.unfinished()),
                        linkedEvent(job, request, caller.userId(), LinkVia.REQUEST_LIST));
            }
            for (Job job : store.jobs(member.firmId(), removed, read)) {
                changes.updateJob(job, job.unlinked(requestId),
                        unlinkedEvent(job, requestId, caller.userId(), LinkVia.REQUEST_LIST));
            }
            store.commit(changes);
            return after;
        });
        return views.withJobs(result);
    }

    @FunctionalInterface
    private interface PairChange {
        ClientRequest decideAndCommit(Job job, ClientRequest request);
    }

    /** Reads a job and a request of the caller's firm, checks the caller may act on the job, then runs {@code change}. */
    private ClientRequest changePair(Caller caller, String jobId, String requestId, Action action, PairChange change) {
        Member member = access.member(caller);
        return ReadDecideCommit.run("job " + jobId + " and client request " + requestId, Read.EVENTUAL, read -> {
            Job job = store.job(member.firmId(), jobId, read).orElseThrow(() -> DomainException.notFound("job", jobId));
            access.require(member, job.accountId(), action);
            ClientRequest request = store.clientRequest(member.firmId(), requestId, read)
                    .orElseThrow(() -> DomainException.notFound("client request", requestId));
            return change.decideAndCommit(job, request);
        });
    }

    static void requireAtMostMaxJobs(Set<String> jobIds) {
        if (jobIds.size() > MAX_JOBS) {
            throw DomainException.invalid("TOO_MANY_JOBS", "A request can be linked to at most " + MAX_JOBS + " jobs at once.");
        }
    }

    static void requireSameAccount(Job job, ClientRequest request) {
        if (!job.accountId().equals(request.accountId())) {
            throw DomainException.invalid("ACCOUNT_MISMATCH",
                    "A client request can only be linked to jobs of its own account.");
        }
    }

    static ClientRequestLinked linkedEvent(Job job, ClientRequest request, String linkedBy, LinkVia via) {
        return new ClientRequestLinked(job.firmId(), request.requestId(), job.jobId(), job.accountId(), job.rev() + 1,
                linkedBy, via);
    }

    static ClientRequestUnlinked unlinkedEvent(Job job, String requestId, String unlinkedBy, LinkVia via) {
        return new ClientRequestUnlinked(job.firmId(), requestId, job.jobId(), job.accountId(), job.rev() + 1,
                unlinkedBy, via);
    }

    private static Set<String> plus(Set<String> ids, String id) {
        Set<String> out = new LinkedHashSet<>(ids);
        out.add(id);
        return out;
    }

    private static Set<String> minus(Set<String> ids, String id) { return minus(ids, Set.of(id)); }

    private static Set<String> minus(Set<String> ids, Set<String> others) {
        Set<String> out = new LinkedHashSet<>(ids);
        out.removeAll(others);
        return out;
    }
}
