package io.automove.usecases;

import io.automove.model.Id;
import io.automove.model.Answer;
import io.automove.model.ClientRequest;
import io.automove.model.DomainEvent.ClientRequestSubmitted;
import io.automove.usecases.ports.Changes;
import io.automove.usecases.ports.ConcurrentChangeException;
import io.automove.usecases.ports.WorkflowStore;
import io.automove.usecases.ports.WorkflowStore.Read;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The client submitted a request in the portal. One conditional write marks it SUBMITTED and carries the
 * ClientRequestSubmitted event; the same portal event again changes nothing.
 */
public final class Submissions {

    public sealed interface Outcome {
        record Recorded(ClientRequest request) implements Outcome {}
        /** The same portal event again: nothing to do, the first delivery did it. */
        record Duplicate(ClientRequest request) implements Outcome {}
        /** A portal event id already recorded for another request: the contract says no effect. */
        record EventIdReused(ClientRequest request, String recordedFor) implements Outcome {}
        /** Already submitted under another portal event. */
        record AlreadySubmitted(ClientRequest request) implements Outcome {}
        record Cancelled(ClientRequest request) implements Outcome {}
        record NotFound() implements Outcome {}
    }

    /** How long a portal event id is remembered: longer than any portal keeps retrying. */
    public static final java.time.Duration EVENT_ID_MEMORY = java.time.Duration.ofDays(35);

    private final WorkflowStore store;
    private final java.time.Clock clock;

    public Submissions(WorkflowStore store, java.time.Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Outcome submit(String firmId, String requestId, String portalEventId, Instant submittedAt, List<Answer> answers) {
        if (!Id.valid(firmId, requestId)) return new Outcome.NotFound();
        for (int attempt = 0; attempt < Jobs.ATTEMPTS; attempt++) {
            // a cheap read first; SUBMITTED and CANCELLED are final, only a miss is worth a consistent second look
            Optional<ClientRequest> found = store.clientRequest(firmId, requestId, attempt == 0 ? Read.EVENTUAL : Read.CONSISTENT);
            if (found.isEmpty()) {
                if (attempt == 0) continue;
                return new Outcome.NotFound();
            }
            ClientRequest request = found.get();
            switch (request.status()) {
                case SUBMITTED:
                    return portalEventId.equals(request.submissionEventId())
                            ? new Outcome.Duplicate(request) : new Outcome.AlreadySubmitted(request);
                case CANCELLED:
                    return new Outcome.Cancelled(request);
                case PENDING:
                    // the event id, once per firm: the same event naming another request changes nothing either.
                    // Recorded only on the way to recording the submission, so a refused call writes nothing.
                    Optional<String> recorded = store.bindPortalEvent(firmId, portalEventId, requestId,
                            clock.instant().plus(EVENT_ID_MEMORY));
                    if (recorded.isPresent() && !recorded.get().equals(requestId)) {
                        return new Outcome.EventIdReused(request, recorded.get());
                    }
                    ClientRequest submitted = request.submitted(portalEventId, submittedAt, answers);
                    try {
                        store.commit(Changes.of().updateRequest(request, submitted, new ClientRequestSubmitted(firmId,
                                requestId, request.accountId(), List.copyOf(request.jobIds()), submittedAt.toString())));
                        return new Outcome.Recorded(submitted.atRev(request.rev() + 1));
                    } catch (ConcurrentChangeException e) {
                        // a link or another submission got there first: look again
                    }
            }
        }
        throw new ConcurrentChangeException("request " + requestId + " kept changing while recording a submission");
    }
}
