package io.automove.handlers;

import io.automove.adapters.ses.SesMailer;
import io.automove.model.DomainEvent;
import io.automove.model.DomainEvent.ClientRequestCreated;
import io.automove.usecases.DeliverClientRequest;
import io.automove.support.Log;

/** On ClientRequestCreated: emails the request to the account's contacts, then publishes ClientRequestSent. */
public final class RequestDeliveryHandler extends EventFunction {
    private final DeliverClientRequest deliver;
    private final Priming priming;

    public RequestDeliveryHandler() {
        this(withSes(Wiring.fromEnvironment()));
    }

    private static Wiring withSes(Wiring wiring) {
        Settings s = wiring.settings();
        return wiring.withMailer(() -> SesMailer.fromEnvironment(s.require("SENDER_EMAIL", s.senderEmail())));
    }

    public RequestDeliveryHandler(Wiring wiring) {
        this.deliver = new DeliverClientRequest(wiring.directory(), wiring.store(), wiring.mailer(), wiring.clock(),
                wiring.settings().require("PORTAL_BASE_URL", wiring.settings().portalBaseUrl()));
        this.priming = Priming.register("RequestDeliveryFunction", this::prime);
    }

    @Override
    public void handle(DomainEvent event, Attempt attempt) {
        if (!(event instanceof ClientRequestCreated created)) {
            Log.warn("ignored event", "detailType", event.detailType());
            return;
        }
        DeliverClientRequest.Outcome outcome = deliver.deliver(created.firmId(), created.requestId(), attempt.attemptId());
        if (outcome == DeliverClientRequest.Outcome.IN_PROGRESS_ELSEWHERE) {
            // fail on purpose: the platform comes back later and finds it SENT, or settles a dead claim
            throw new IllegalStateException("request " + created.requestId() + " is being delivered by another attempt");
        }
        if (outcome == DeliverClientRequest.Outcome.UNCONFIRMED) {
            Log.warn("email outcome unknown; not resent", "firmId", created.firmId(), "requestId", created.requestId());
        }
        Log.info("request delivery", "firmId", created.firmId(), "requestId", created.requestId(), "outcome", outcome.name());
    }

    /** Read-only paths of a real invocation, for the snapshot (see {@link Priming}). */
    void prime() {
        // an unknown request: read, found missing, nothing sent
        primeWith(Priming.busEvent("ClientRequestCreated", "{\"firmId\":\"firm_priming\",\"requestId\":\"req_priming\",\"accountId\":\"acc_priming\",\"jobIds\":[]}"));
    }

    Priming priming() { return priming; }
}
