package io.automove.handlers;

import io.automove.adapters.ses.SesMailer;
import io.automove.model.DomainEvent;
import io.automove.model.DomainEvent.ClientRequestCreated;
import io.automove.model.DomainEvent.ClientRequestReminded;
import io.automove.model.DomainEvent.ClientRequestReopened;
import io.automove.model.DomainEvent.ClientRequestResent;
import io.automove.usecases.DeliverClientRequest;
import io.automove.usecases.EmailCap;
import io.automove.support.Log;

/**
 * On ClientRequestCreated, ClientRequestReminded, ClientRequestResent and ClientRequestReopened: emails that email of
 * the request to the account's contacts, one each, then publishes ClientRequestSent.
 */
public final class RequestDeliveryHandler extends EventFunction {
    private final DeliverClientRequest deliver;
    private final Priming priming;
    private final int cap;

    public RequestDeliveryHandler() {
        this(withSes(Wiring.fromEnvironment()));
    }

    private static Wiring withSes(Wiring wiring) {
        Settings s = wiring.settings();
        return wiring.withMailer(() -> SesMailer.fromEnvironment(s.require("SENDER_EMAIL", s.senderEmail())));
    }

    public RequestDeliveryHandler(Wiring wiring) {
        this.deliver = new DeliverClientRequest(wiring.directory(), wiring.store(), wiring.mailer(), wiring.clock(),
                wiring.settings().require("PORTAL_BASE_URL", wiring.settings().portalBaseUrl()),
                new EmailCap(wiring.store(), wiring.clock(), wiring.settings().emailCapPerFirmPerDay()));
        this.cap = wiring.settings().emailCapPerFirmPerDay();
        this.priming = Priming.register("RequestDeliveryFunction", this::prime);
    }

    @Override
    public void handle(DomainEvent event, Attempt attempt) {
        // each names the request and which of its emails to send: 1 for the request itself
        String firmId, requestId;
        int emailNumber;
        if (event instanceof ClientRequestCreated e) {
            firmId = e.firmId(); requestId = e.requestId(); emailNumber = 1;
        } else if (event instanceof ClientRequestReminded e) {
            firmId = e.firmId(); requestId = e.requestId(); emailNumber = e.number();
        } else if (event instanceof ClientRequestResent e) {
            firmId = e.firmId(); requestId = e.requestId(); emailNumber = e.number();
        } else if (event instanceof ClientRequestReopened e) {
            firmId = e.firmId(); requestId = e.requestId(); emailNumber = e.number();
        } else {
            Log.warn("ignored event", "detailType", event.detailType());
            return;
        }
        DeliverClientRequest.Outcome outcome = deliver.deliver(firmId, requestId, emailNumber, attempt.attemptId());
        if (outcome == DeliverClientRequest.Outcome.IN_PROGRESS_ELSEWHERE) {
            // fail on purpose: the platform comes back later and finds it SENT, or settles a dead claim
            throw new IllegalStateException("request " + requestId + " is being delivered by another attempt");
        }
        if (outcome == DeliverClientRequest.Outcome.UNCONFIRMED) {
            Log.warn("email outcome unknown; not resent", "firmId", firmId, "requestId", requestId);
        }
        if (outcome == DeliverClientRequest.Outcome.HELD) {
            // the one line of an email held by the cap: ids and the cap, never an address
            Log.warn("email held: the firm's daily email cap was reached", "firmId", firmId, "requestId", requestId,
                    "detailType", event.detailType(), "count", emailNumber, "cap", cap);
            return;
        }
        Log.info("request delivery", "firmId", firmId, "requestId", requestId, "detailType", event.detailType(),
                "count", emailNumber, "outcome", outcome.name());
    }

    /** Read-only paths of a real invocation, for the snapshot (see {@link Priming}). */
    void prime() {
        // an unknown request: read, found missing, nothing sent
        primeWith(Priming.busEvent("ClientRequestCreated", "{\"firmId\":\"firm_priming\",\"requestId\":\"req_priming\",\"accountId\":\"acc_priming\",\"jobIds\":[]}"));
    }

    Priming priming() { return priming; }
}
