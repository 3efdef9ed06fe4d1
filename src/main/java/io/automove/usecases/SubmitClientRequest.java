package io.automove.usecases;

import io.automove.model.Answer;
import io.automove.model.ClientRequest;
import io.automove.model.DomainEvent.ClientRequestSubmitted;
import io.automove.model.Id;
import io.automove.usecases.ports.Changes;
import io.automove.usecases.ports.Read;
import io.automove.usecases.ports.WorkflowStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The client submitted a request in the portal (the signed webhook). One conditional write marks it SUBMITTED
 * and carries the ClientRequestSubmitted event, which {@link AutomoveJobs} acts on; the same portal event again
 * changes nothing.
 */
public final class SubmitClientRequest {

    public sealed interface Outcome {
        record Recorded(ClientRequest request) implements Outcome {}
        /** The same portal event again: nothing to do, the first delivery of it did it. */
        record Duplicate(ClientRequest request) implements Outcome {}
        /** A portal event id already recorded for another request: the contract says no effect. */
        record PortalEventIdReused(ClientRequest request, String recordedFor) implements Outcome {}
        /** Already submitted under another portal event. */
        record AlreadySubmitted(ClientRequest request) implements Outcome {}
        record Cancelled(ClientRequest request) implements Outcome {}
        record NotFound() implements Outcome {}
    }

    /** How long a portal event id is remembered: longer than any portal keeps retrying. */
    public static final Duration PORTAL_EVENT_ID_MEMORY = Duration.ofDays(35);

    private final WorkflowStore store;
    private final Clock clock;

    public SubmitClientRequest(WorkflowStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Outcome submit(String firmId, String requestId, String portalEventId, Instant submittedAt, List<Answer> answers) {
        if (!Id.valid(firmId, requestId)) return new Outcome.NotFound();
        // a cheap read first; SUBMITTED and CANCELLED are final, only a miss is worth a consistent second look
        return ReadDecideCommit.run("client request " + requestId, Read.EVENTUAL, read -> {
            Optional<ClientRequest> found = store.clientRequest(firmId, requestId, read);
            if (found.isEmpty()) {
                if (read == Read.EVENTUAL) throw ReadDecideCommit.lookAgain("not seen by an eventual read");
                return new Outcome.NotFound();
            }
            ClientRequest request = found.get();
            // the same portal event again, even one from before the firm reopened the request: no effect
            if (request.submittedUnder(portalEventId)) return new Outcome.Duplicate(request);
            return switch (request.status()) {
                case SUBMITTED -> new Outcome.AlreadySubmitted(request);
                case CANCELLED -> new Outcome.Cancelled(request);
                case PENDING -> record(request, portalEventId, submittedAt, answers);
            };
        });
    }

    private Outcome record(ClientRequest request, String portalEventId, Instant submittedAt, List<Answer> answers) {
        // the portal event id, once per firm: the same event naming another request changes nothing either.
        // Bound only on the way to recording the submission, so a refused call writes nothing.
        Optional<String> boundTo = store.bindPortalEvent(request.firmId(), portalEventId, request.requestId(),
                clock.instant().plus(PORTAL_EVENT_ID_MEMORY));
        if (boundTo.isPresent() && !boundTo.get().equals(request.requestId())) {
            return new Outcome.PortalEventIdReused(request, boundTo.get());
        }
        ClientRequest submitted = request.submitted(portalEventId, submittedAt, answers);
        // a link or another submission may get there first: then the loop looks again
        store.commit(Changes.of().updateRequest(request, submitted, new ClientRequestSubmitted(request.firmId(),
                request.requestId(), request.accountId(), List.copyOf(request.jobIds()), submittedAt.toString(),
                submitted.submissionNumber())));
        return new Outcome.Recorded(submitted.atRev(request.rev() + 1));
    }
}
