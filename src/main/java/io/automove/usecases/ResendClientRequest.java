package io.automove.usecases;

import io.automove.model.AccessPolicy.Action;
import io.automove.model.Caller;
import io.automove.model.ClientRequest;
import io.automove.model.DomainEvent.ClientRequestResent;
import io.automove.model.DomainException;
import io.automove.model.Member;
import io.automove.usecases.ports.Changes;
import io.automove.usecases.ports.Directory;
import io.automove.usecases.ports.Read;
import io.automove.usecases.ports.WorkflowStore;

import java.time.Clock;
import java.util.List;

/**
 * A person has the request emailed again now, whatever became of its earlier emails: this is how a delivery left
 * UNCONFIRMED is retried by a person, who can judge. Only an unfinished request; its reminders keep their schedule.
 * ClientRequestResent has {@link DeliverClientRequest} send the new email, once.
 */
public final class ResendClientRequest {
    private final WorkflowStore store;
    private final Clock clock;
    private final Access access;
    private final Directory directory;
    private final EmailCap cap;

    public ResendClientRequest(Directory directory, WorkflowStore store, Clock clock) {
        this(directory, store, clock, EmailCap.none(store, clock));
    }

    public ResendClientRequest(Directory directory, WorkflowStore store, Clock clock, EmailCap cap) {
        this.directory = directory;
        this.cap = cap;
        this.store = store;
        this.clock = clock;
        this.access = new Access(directory);
    }

    public ClientRequest resend(Caller caller, String requestId) {
        Member member = access.member(caller);
        return ReadDecideCommit.run("client request " + requestId, Read.EVENTUAL, read -> {
            ClientRequest request = store.clientRequest(member.firmId(), requestId, read)
                    .orElseThrow(() -> DomainException.notFound("client request", requestId));
            access.require(member, request.accountId(), Action.RESEND_REQUEST);
            if (!request.unfinished()) {
                throw DomainException.conflict("REQUEST_NOT_UNFINISHED",
                        "Only an unfinished request can be resent; this one is " + request.status() + ".");
            }
            cap.require(request.firmId(), () -> contacts(directory, request));
            ClientRequest after = request.resent(clock.instant());
            store.commit(Changes.of().updateRequest(request, after, new ClientRequestResent(request.firmId(),
                    requestId, request.accountId(), List.copyOf(request.jobIds()), caller.userId(),
                    after.delivery().number())));
            return after.atRev(request.rev() + 1);
        });
    }

    /** How many the request's next email goes to: its account's contacts, one email each. */
    static int contacts(Directory directory, ClientRequest request) {
        return directory.account(request.firmId(), request.accountId(), Read.EVENTUAL)
                .map(a -> a.contacts().size()).orElse(1);
    }
}
