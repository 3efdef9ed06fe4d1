package io.automove.usecases;

import io.automove.model.AccessPolicy.Action;
import io.automove.model.Caller;
import io.automove.model.ClientRequest;
import io.automove.model.DomainEvent.ClientRequestReopened;
import io.automove.model.DomainException;
import io.automove.model.Job;
import io.automove.model.Member;
import io.automove.model.RequestStatus;
import io.automove.model.Text;
import io.automove.usecases.ports.Changes;
import io.automove.usecases.ports.Directory;
import io.automove.usecases.ports.Read;
import io.automove.usecases.ports.WorkflowStore;

import java.time.Clock;
import java.util.List;

/**
 * The firm reopens a submitted request: it is unfinished again, the client's answers become history, the client is
 * emailed (with the firm's note), the portal may submit it again under a new event id, and reminders start over.
 * Each job linked to it awaits it in its current stage, as if linked there while unfinished: it holds that stage's
 * automove, and its new submission can trigger it. The request and its jobs change in one transaction.
 */
public final class ReopenClientRequest {
    private final WorkflowStore store;
    private final Clock clock;
    private final Access access;
    private final Directory directory;
    private final EmailCap cap;

    public ReopenClientRequest(Directory directory, WorkflowStore store, Clock clock) {
        this(directory, store, clock, EmailCap.none(store, clock));
    }

    public ReopenClientRequest(Directory directory, WorkflowStore store, Clock clock, EmailCap cap) {
        this.directory = directory;
        this.cap = cap;
        this.store = store;
        this.clock = clock;
        this.access = new Access(directory);
    }

    /** The longest note the firm may add to the reopened request's email. */
    public static final int MAX_MESSAGE = 5000;

    public ClientRequest reopen(Caller caller, String requestId, String message) {
        Member member = access.member(caller);
        // the note is checked before the request is read: a bad note is a bad call whatever state the request is in
        String note = message == null || Text.isBlank(message) ? null : message.strip();
        if (note != null && note.length() > MAX_MESSAGE) {
            throw DomainException.invalid("FIELD_TOO_LONG", "message is longer than " + MAX_MESSAGE + " characters");
        }
        return ReadDecideCommit.run("client request " + requestId, Read.EVENTUAL, read -> {
            ClientRequest request = store.clientRequest(member.firmId(), requestId, read)
                    .orElseThrow(() -> DomainException.notFound("client request", requestId));
            access.require(member, request.accountId(), Action.REOPEN_REQUEST);
            if (request.status() != RequestStatus.SUBMITTED) {
                throw DomainException.conflict("REQUEST_NOT_SUBMITTED",
                        "Only a submitted request can be reopened; this one is " + request.status() + ".");
            }
            cap.require(request.firmId(), () -> ResendClientRequest.contacts(directory, request));
            ClientRequest after = request.reopened(note, clock.instant());
            Changes changes = Changes.of().updateRequest(request, after, new ClientRequestReopened(request.firmId(),
                    requestId, request.accountId(), List.copyOf(request.jobIds()), caller.userId(),
                    after.delivery().number()));
            for (Job job : store.jobs(member.firmId(), request.jobIds(), read)) {
                if (job.isLinkedTo(requestId) && !job.awaits(requestId)) changes.updateJob(job, job.awaiting(requestId));
            }
            store.commit(changes);
            return after.atRev(request.rev() + 1);
        });
    }
}
