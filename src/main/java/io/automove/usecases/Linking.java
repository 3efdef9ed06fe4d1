package io.automove.usecases;

import io.automove.model.Account;
import io.automove.model.Caller;
import io.automove.model.ClientRequest;
import io.automove.model.DomainException;
import io.automove.model.Job;
import io.automove.model.Member;
import io.automove.model.RequestItem;
import io.automove.model.RequestTemplate;
import io.automove.model.AccessPolicy.Action;
import io.automove.model.DomainEvent.ClientRequestCreated;
import io.automove.model.DomainEvent.ClientRequestLinked;
import io.automove.model.DomainEvent.ClientRequestUnlinked;
import io.automove.usecases.ports.Changes;
import io.automove.usecases.ports.ConcurrentChangeException;
import io.automove.usecases.ports.Directory;
import io.automove.usecases.ports.Ids;
import io.automove.usecases.ports.WorkflowStore;
import io.automove.usecases.ports.WorkflowStore.Read;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Linking client requests to jobs by hand: from the job card, while creating a request, or from the account's
 * request list. A link made by hand counts for automove exactly like one made by an automation: a request
 * linked while unfinished is awaited by the job in its current stage. Both sides of a link change in one
 * transaction, conditional on what was read.
 */
public final class Linking {
    /** One transaction holds at most 100 items: the request and its jobs. */
    public static final int MAX_JOBS = 50;
    /** DynamoDB writes at most 100 items in one transaction. */
    static final int MAX_ITEMS_AT_ONCE = 100;

    /** What a new request asks: from a template, or written on the spot. */
    public record Draft(String templateId, String title, String message, List<RequestItem> items) {}

    public record RequestWithJobs(ClientRequest request, List<Jobs.LinkedJob> jobs) {}

    private final Directory directory;
    private final WorkflowStore store;
    private final NewIds ids;
    private final Clock clock;
    private final Access access;
    private final Jobs jobs;

    public Linking(Directory directory, WorkflowStore store, Ids ids, Clock clock) {
        this.directory = directory;
        this.store = store;
        this.ids = new NewIds(ids);
        this.clock = clock;
        this.access = new Access(directory);
        this.jobs = new Jobs(directory, store, ids, clock);
    }

    /** Links an existing request to the job. Linking the same pair again changes nothing. */
    public ClientRequest link(Caller caller, String jobId, String requestId) {
        Member member = access.member(caller);
        for (int attempt = 0; attempt < Jobs.ATTEMPTS; attempt++) {
            Read read = attempt == 0 ? Read.EVENTUAL : Read.CONSISTENT;
            Job job = store.job(member.firmId(), jobId, read).orElseThrow(() -> DomainException.notFound("job", jobId));
            access.require(member, job.accountId(), Action.LINK);
            ClientRequest request = store.clientRequest(member.firmId(), requestId, read)
                    .orElseThrow(() -> DomainException.notFound("client request", requestId));
            sameAccount(job, request);
            if (job.isLinkedTo(requestId) && request.jobIds().contains(jobId)) return request;
            Set<String> jobIds = new LinkedHashSet<>(request.jobIds());
            jobIds.add(jobId);
            try {
                store.commit(Changes.of()
                        .updateJob(job, job.linked(requestId, request.unfinished()), linkedEvent(job, request))
                        .updateRequest(request, request.withJobs(jobIds)));
                return request.withJobs(jobIds);
            } catch (ConcurrentChangeException e) {
                // the job or the request changed meanwhile: look again
            }
        }
        throw busy();
    }

    /** Removes the link; the request itself survives. Unlinking a pair that is not linked changes nothing. */
    public void unlink(Caller caller, String jobId, String requestId) {
        Member member = access.member(caller);
        for (int attempt = 0; attempt < Jobs.ATTEMPTS; attempt++) {
            Read read = attempt == 0 ? Read.EVENTUAL : Read.CONSISTENT;
            Job job = store.job(member.firmId(), jobId, read).orElseThrow(() -> DomainException.notFound("job", jobId));
            access.require(member, job.accountId(), Action.UNLINK);
            ClientRequest request = store.clientRequest(member.firmId(), requestId, read)
                    .orElseThrow(() -> DomainException.notFound("client request", requestId));
            if (!job.isLinkedTo(requestId) && !request.jobIds().contains(jobId)) return;
            Set<String> jobIds = new LinkedHashSet<>(request.jobIds());
            jobIds.remove(jobId);
            try {
                store.commit(Changes.of()
                        .updateJob(job, job.unlinked(requestId), new ClientRequestUnlinked(job.firmId(), requestId, jobId,
                                job.accountId(), job.rev() + 1))
                        .updateRequest(request, request.withJobs(jobIds)));
                return;
            } catch (ConcurrentChangeException e) {
                // look again
            }
        }
        throw busy();
    }

    /**
     * Creates a request for the account, born linked to {@code jobIds} (possibly none), and has it emailed:
     * its ClientRequestCreated event reaches request delivery.
     */
    public Created<RequestWithJobs> create(Caller caller, String accountId, Draft draft, List<String> jobIds,
                                           String idempotencyKey, String operation) {
        Member member = access.member(caller);
        Account account = access.account(member, accountId, Action.CREATE_REQUEST);
        Set<String> wanted = new LinkedHashSet<>(jobIds);
        if (wanted.size() > MAX_JOBS) {
            throw DomainException.invalid("TOO_MANY_JOBS", "A request can be linked to at most " + MAX_JOBS + " jobs at once.");
        }
        String requestId = ids.forCreate("req", caller, operation, idempotencyKey);
        if (idempotencyKey != null) {
            var existing = store.clientRequest(member.firmId(), requestId, Read.CONSISTENT);
            if (existing.isPresent()) return new Created<>(withJobs(existing.get()), true);
        }
        ClientRequest fresh = compose(member.firmId(), requestId, account, draft, wanted, caller.userId());
        for (int attempt = 0; attempt < Jobs.ATTEMPTS; attempt++) {
            List<Job> linked = loadJobs(member.firmId(), wanted, attempt == 0 ? Read.EVENTUAL : Read.CONSISTENT);
            Changes changes = Changes.of().createRequest(fresh, new ClientRequestCreated(fresh.firmId(), requestId,
                    accountId, List.copyOf(wanted)));
            for (Job job : linked) {
                sameAccount(job, fresh);
                changes.updateJob(job, job.linked(requestId, true), linkedEvent(job, fresh));
            }
            try {
                store.commit(changes);
                return new Created<>(new RequestWithJobs(fresh, jobs.linkedJobs(member.firmId(), wanted)), false);
            } catch (ConcurrentChangeException e) {
                // a job changed meanwhile (or a replayed key made the request first): look again
                if (idempotencyKey != null) {
                    var existing = store.clientRequest(member.firmId(), requestId, Read.CONSISTENT);
                    if (existing.isPresent()) return new Created<>(withJobs(existing.get()), true);
                }
            }
        }
        throw busy();
    }

    /** From the job card: a new request for the job's account, born linked to the job. */
    public Created<RequestWithJobs> createForJob(Caller caller, String jobId, Draft draft, String idempotencyKey) {
        Member member = access.member(caller);
        Job job = store.job(member.firmId(), jobId, Read.EVENTUAL).orElseThrow(() -> DomainException.notFound("job", jobId));
        return create(caller, job.accountId(), draft, List.of(jobId), idempotencyKey, "POST /jobs/" + jobId + "/client-requests");
    }

    /** Makes the request's links exactly {@code jobIds}: links the new ones, unlinks the others, in one go. */
    public RequestWithJobs setJobs(Caller caller, String requestId, List<String> jobIds) {
        Member member = access.member(caller);
        Set<String> wanted = new LinkedHashSet<>(jobIds);
        if (wanted.size() > MAX_JOBS) {
            throw DomainException.invalid("TOO_MANY_JOBS", "A request can be linked to at most " + MAX_JOBS + " jobs at once.");
        }
        for (int attempt = 0; attempt < Jobs.ATTEMPTS; attempt++) {
            Read read = attempt == 0 ? Read.EVENTUAL : Read.CONSISTENT;
            ClientRequest request = store.clientRequest(member.firmId(), requestId, read)
                    .orElseThrow(() -> DomainException.notFound("client request", requestId));
            access.require(member, request.accountId(), Action.LINK);
            Set<String> added = new LinkedHashSet<>(wanted);
            added.removeAll(request.jobIds());
            Set<String> removed = new LinkedHashSet<>(request.jobIds());
            removed.removeAll(wanted);
            if (added.isEmpty() && removed.isEmpty()) return withJobs(request);
            if (1 + added.size() + removed.size() > MAX_ITEMS_AT_ONCE) {
                throw DomainException.invalid("TOO_MANY_CHANGES", "At most " + (MAX_ITEMS_AT_ONCE - 1)
                        + " links can be added and removed in one call; change them in two steps.");
            }
            Changes changes = Changes.of().updateRequest(request, request.withJobs(wanted));
            for (Job job : loadJobs(member.firmId(), added, read)) {
                sameAccount(job, request);
                changes.updateJob(job, job.linked(requestId, request.unfinished()), linkedEvent(job, request));
            }
            for (Job job : store.jobs(member.firmId(), removed, read)) {
                changes.updateJob(job, job.unlinked(requestId), new ClientRequestUnlinked(job.firmId(), requestId,
                        job.jobId(), job.accountId(), job.rev() + 1));
            }
            try {
                store.commit(changes);
                return new RequestWithJobs(request.withJobs(wanted), jobs.linkedJobs(member.firmId(), wanted));
            } catch (ConcurrentChangeException e) {
                // look again
            }
        }
        throw busy();
    }

    /** The account's requests, newest first, each with its jobs. */
    public List<RequestWithJobs> ofAccount(Caller caller, String accountId) {
        Member member = access.member(caller);
        access.account(member, accountId, Action.READ);
        List<ClientRequest> requests = new ArrayList<>(store.clientRequestsOfAccount(member.firmId(), accountId));
        requests.sort(Comparator.comparing(ClientRequest::createdAt).reversed());
        Set<String> jobIds = new LinkedHashSet<>();
        requests.forEach(r -> jobIds.addAll(r.jobIds()));
        Map<String, Jobs.LinkedJob> byId = new LinkedHashMap<>();
        jobs.linkedJobs(member.firmId(), jobIds).forEach(j -> byId.put(j.job().jobId(), j));
        List<RequestWithJobs> out = new ArrayList<>();
        for (ClientRequest r : requests) {
            out.add(new RequestWithJobs(r, r.jobIds().stream().map(byId::get).filter(java.util.Objects::nonNull).toList()));
        }
        return out;
    }

    private RequestWithJobs withJobs(ClientRequest request) {
        return new RequestWithJobs(request, jobs.linkedJobs(request.firmId(), request.jobIds()));
    }

    private ClientRequest compose(String firmId, String requestId, Account account, Draft draft, Set<String> jobIds,
                                  String userId) {
        boolean fromTemplate = draft.templateId() != null;
        boolean written = draft.title() != null || draft.message() != null || draft.items() != null;
        if (fromTemplate == written) {
            throw DomainException.invalid("TEMPLATE_OR_CONTENT",
                    "Give either templateId, or title, message and items: exactly one of the two.");
        }
        if (fromTemplate) {
            RequestTemplate template = directory.template(firmId, draft.templateId()).orElseThrow(() ->
                    DomainException.invalid("UNKNOWN_TEMPLATE", "templateId: no request template with id " + draft.templateId()));
            return ClientRequest.fromTemplate(template, requestId, account.accountId(), jobIds, userId, clock.instant());
        }
        if (draft.items() == null) throw DomainException.invalid("MISSING_FIELD", "items is required.");
        return ClientRequest.create(firmId, requestId, account.accountId(), draft.title(), draft.title(), draft.message(),
                draft.items(), jobIds, userId, clock.instant());
    }

    private List<Job> loadJobs(String firmId, Set<String> jobIds, Read read) {
        List<Job> found = store.jobs(firmId, jobIds, read);
        if (found.size() < jobIds.size()) {
            Set<String> missing = new LinkedHashSet<>(jobIds);
            found.forEach(j -> missing.remove(j.jobId()));
            throw DomainException.notFound("job", missing.iterator().next());
        }
        return found;
    }

    private static void sameAccount(Job job, ClientRequest request) {
        if (!job.accountId().equals(request.accountId())) {
            throw DomainException.invalid("ACCOUNT_MISMATCH",
                    "A client request can only be linked to jobs of its own account.");
        }
    }

    private static ClientRequestLinked linkedEvent(Job job, ClientRequest request) {
        return new ClientRequestLinked(job.firmId(), request.requestId(), job.jobId(), job.accountId(), job.rev() + 1);
    }

    private static DomainException busy() {
        return DomainException.conflict("CONCURRENT_UPDATE", "The job or the request is being changed by someone else; try again.");
    }
}
