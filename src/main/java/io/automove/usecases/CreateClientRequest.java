package io.automove.usecases;

import io.automove.model.AccessPolicy.Action;
import io.automove.model.Account;
import io.automove.model.Caller;
import io.automove.model.ClientRequest;
import io.automove.model.DomainEvent.ClientRequestCreated;
import io.automove.model.DomainException;
import io.automove.model.DueDate;
import io.automove.model.Job;
import io.automove.model.Member;
import io.automove.model.ReminderSettings;
import io.automove.model.RequestItem;
import io.automove.model.RequestTemplate;
import io.automove.usecases.ReadClientRequests.RequestWithJobs;
import io.automove.usecases.ports.Changes;
import io.automove.usecases.ports.ConcurrentChangeException;
import io.automove.usecases.ports.Directory;
import io.automove.usecases.ports.Ids;
import io.automove.usecases.ports.Read;
import io.automove.usecases.ports.WorkflowStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A team member makes a client request by hand for an account, born linked to the jobs picked (possibly none):
 * from the create-client-request screen, or with New on a job card. Its ClientRequestCreated event has it
 * emailed ({@link DeliverClientRequest}); each link counts for automove like an automation's.
 */
public final class CreateClientRequest {

    /**
     * What a new request asks: from a template, or written on the spot; with its reminders and due date (null: the
     * template's, else the defaults for reminders, none for the due date). {@code dueAt} and {@code dueInDays}
     * exclude each other.
     */
    public record Draft(String templateId, String title, String message, List<RequestItem> items,
                        ReminderSettings reminders, Integer dueInDays, Instant dueAt) {
        public Draft(String templateId, String title, String message, List<RequestItem> items) {
            this(templateId, title, message, items, null, null, null);
        }
    }

    private final Directory directory;
    private final WorkflowStore store;
    private final NewIds ids;
    private final Clock clock;
    private final Access access;
    private final ReadClientRequests views;
    private final EmailCap cap;

    public CreateClientRequest(Directory directory, WorkflowStore store, Ids ids, Clock clock) {
        this(directory, store, ids, clock, EmailCap.none(store, clock));
    }

    /** With the firm's daily email cap: a request that would pass it is refused before anything is written. */
    public CreateClientRequest(Directory directory, WorkflowStore store, Ids ids, Clock clock, EmailCap cap) {
        this.cap = cap;
        this.directory = directory;
        this.store = store;
        this.ids = new NewIds(ids);
        this.clock = clock;
        this.access = new Access(directory);
        this.views = new ReadClientRequests(directory, store);
    }

    public Created<RequestWithJobs> create(Caller caller, String accountId, Draft draft, List<String> jobIds,
                                           IdempotencyKey key) {
        Member member = access.member(caller);
        Account account = access.account(member, accountId, Action.CREATE_REQUEST);
        Set<String> wanted = new LinkedHashSet<>(jobIds);
        LinkClientRequests.requireAtMostMaxJobs(wanted);
        String requestId = ids.forCreate("req", caller, key);
        Optional<ClientRequest> replayed = replayed(member, requestId, key);
        if (replayed.isPresent()) return new Created<>(views.withJobs(replayed.get()), true);
        ClientRequest fresh = compose(member.firmId(), requestId, account, draft, wanted, caller.userId());
        cap.require(member.firmId(), account.contacts().size()); // a replay above emails nothing: never refused
        return ReadDecideCommit.run("the jobs of client request " + requestId, Read.EVENTUAL, read -> {
            Changes changes = Changes.of().createRequest(fresh, new ClientRequestCreated(fresh.firmId(), requestId,
                    accountId, List.copyOf(wanted), caller.userId(), null));
            for (Job job : existingJobs(store, member.firmId(), wanted, read)) {
                LinkClientRequests.requireSameAccount(job, fresh);
                changes.updateJob(job, job.linked(requestId, true), LinkClientRequests.linkedEvent(job, fresh,
                        caller.userId(), io.automove.model.DomainEvent.LinkVia.NEW_REQUEST));
            }
            try {
                store.commit(changes);
                return new Created<>(new RequestWithJobs(fresh, views.linkedJobs(member.firmId(), wanted)), false);
            } catch (ConcurrentChangeException e) {
                // a replayed key's first call may have made the request meanwhile; else a job changed: look again
                Optional<ClientRequest> first = replayed(member, requestId, key);
                if (first.isPresent()) return new Created<>(views.withJobs(first.get()), true);
                throw e;
            }
        });
    }

    /** From the job card's New: a request for the job's account, born linked to the job. */
    public Created<RequestWithJobs> createForJob(Caller caller, String jobId, Draft draft, IdempotencyKey key) {
        Member member = access.member(caller);
        Job job = store.job(member.firmId(), jobId, Read.EVENTUAL).orElseThrow(() -> DomainException.notFound("job", jobId));
        return create(caller, job.accountId(), draft, List.of(jobId), key);
    }

    private Optional<ClientRequest> replayed(Member member, String requestId, IdempotencyKey key) {
        return key.given() ? store.clientRequest(member.firmId(), requestId, Read.CONSISTENT) : Optional.empty();
    }

    private ClientRequest compose(String firmId, String requestId, Account account, Draft draft, Set<String> jobIds,
                                  String userId) {
        boolean fromTemplate = draft.templateId() != null;
        boolean written = draft.title() != null || draft.message() != null || draft.items() != null;
        if (fromTemplate == written) {
            throw DomainException.invalid("TEMPLATE_OR_CONTENT",
                    "Give either templateId, or title, message and items: exactly one of the two.");
        }
        DueDate.days(draft.dueInDays(), "dueInDays");
        if (draft.dueAt() != null && draft.dueInDays() != null) {
            throw DomainException.invalid("INVALID_DUE_DATE", "Give dueAt or dueInDays, not both.");
        }
        Instant now = clock.instant();
        if (draft.dueAt() != null && !draft.dueAt().isAfter(now)) {
            throw DomainException.invalid("INVALID_DUE_DATE", "dueAt must be in the future.");
        }
        if (fromTemplate) {
            RequestTemplate template = directory.template(firmId, draft.templateId()).orElseThrow(() ->
                    DomainException.invalid("UNKNOWN_TEMPLATE", "templateId: no request template with id " + draft.templateId()));
            return ClientRequest.fromTemplate(template, requestId, account.accountId(), jobIds, userId, now,
                    ReminderSettings.firstGiven(draft.reminders(), template.reminders()),
                    dueAt(draft, template.dueInDays(), now));
        }
        if (draft.items() == null) throw DomainException.invalid("MISSING_FIELD", "items is required.");
        return ClientRequest.create(firmId, requestId, account.accountId(), draft.title(), draft.title(), draft.message(),
                draft.items(), jobIds, userId, now, ReminderSettings.firstGiven(draft.reminders()), dueAt(draft, null, now));
    }

    /** The call's due date, else its days from now, else the template's days from now, else none. */
    private static Instant dueAt(Draft draft, Integer templateDays, Instant now) {
        if (draft.dueAt() != null) return draft.dueAt();
        Integer days = draft.dueInDays() != null ? draft.dueInDays() : templateDays;
        return days == null ? null : now.plus(Duration.ofDays(days));
    }

    /** The jobs named, each of which must exist in the firm. */
    static List<Job> existingJobs(WorkflowStore store, String firmId, Set<String> jobIds, Read read) {
        List<Job> found = store.jobs(firmId, jobIds, read);
        if (found.size() < jobIds.size()) {
            Set<String> missing = new LinkedHashSet<>(jobIds);
            found.forEach(j -> missing.remove(j.jobId()));
            throw DomainException.notFound("job", missing.iterator().next());
        }
        return found;
    }
}
