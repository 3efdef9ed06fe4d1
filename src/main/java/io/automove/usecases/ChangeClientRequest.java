package io.automove.usecases;

import io.automove.model.AccessPolicy.Action;
import io.automove.model.Caller;
import io.automove.model.ClientRequest;
import io.automove.model.DomainException;
import io.automove.model.Member;
import io.automove.model.ReminderSettings;
import io.automove.usecases.ports.Changes;
import io.automove.usecases.ports.Directory;
import io.automove.usecases.ports.Read;
import io.automove.usecases.ports.WorkflowStore;

import java.time.Clock;
import java.time.Instant;

/**
 * A person changes one request's reminders (times 0 turns them off for that request alone) or its due date. The
 * reminders keep their start and the count already sent; a change of a stage's or template's settings never
 * reaches requests already made, this does.
 */
public final class ChangeClientRequest {

    /** What to change; a null field stays as it is. {@code clearDueAt} removes the due date. */
    public record Patch(ReminderSettings reminders, Instant dueAt, boolean clearDueAt) {}

    private final WorkflowStore store;
    private final Clock clock;
    private final Access access;

    public ChangeClientRequest(Directory directory, WorkflowStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.access = new Access(directory);
    }

    public ClientRequest change(Caller caller, String requestId, Patch patch) {
        Member member = access.member(caller);
        return ReadDecideCommit.run("client request " + requestId, Read.EVENTUAL, read -> {
            ClientRequest request = store.clientRequest(member.firmId(), requestId, read)
                    .orElseThrow(() -> DomainException.notFound("client request", requestId));
            access.require(member, request.accountId(), Action.CHANGE_REQUEST);
            if (!request.unfinished()) {
                throw DomainException.conflict("REQUEST_NOT_UNFINISHED",
                        "Only an unfinished request can be changed; this one is " + request.status() + ".");
            }
            ClientRequest after = request;
            if (patch.reminders() != null) after = after.withReminderSettings(patch.reminders());
            if (patch.clearDueAt()) after = after.withDueAt(null, clock.instant());
            else if (patch.dueAt() != null) after = after.withDueAt(patch.dueAt(), clock.instant());
            if (after.equals(request)) return request;
            store.commit(Changes.of().updateRequest(request, after));
            return after.atRev(request.rev() + 1);
        });
    }
}
