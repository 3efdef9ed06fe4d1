package io.automove.usecases;

import io.automove.model.Account;
import io.automove.model.ClientRequest;
import io.automove.model.Delivery;
import io.automove.model.DeliveryState;
import io.automove.model.DomainEvent;
import io.automove.model.Email;
import io.automove.model.RequestEmail;
import io.automove.model.DomainEvent.ClientRequestSent;
import io.automove.usecases.ports.Changes;
import io.automove.usecases.ports.ConcurrentChangeException;
import io.automove.usecases.ports.Directory;
import io.automove.usecases.ports.Mailer;
import io.automove.model.Email;
import io.automove.usecases.ports.Mailer.MailOutcomeUnknownException;
import io.automove.usecases.ports.WorkflowStore;
import io.automove.usecases.ports.WorkflowStore.Read;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Emails a client request to its account's contacts, at most once.
 *
 * <p>An attempt first claims the request (QUEUED to SENDING, a conditional write naming the attempt), then
 * sends, then records SENT with the ClientRequestSent event. A mail service that says no releases the claim
 * and fails the attempt, so the platform retries. An attempt that gets no answer marks the delivery
 * UNCONFIRMED and stops: sending again could mail the client twice.
 */
public final class RequestDelivery {

    /**
     * An attempt that sees another attempt's claim younger than this leaves it alone (and fails, so the platform
     * comes back); an older claim has no live owner: four times the function's timeout, and shorter than
     * Lambda's first asynchronous retry, so the retries find it expired and settle it.
     */
    public static final Duration CLAIM_LEASE = Duration.ofMinutes(1);

    public enum Outcome { SENT, ALREADY_DONE, NOT_PENDING, IN_PROGRESS_ELSEWHERE, UNCONFIRMED, NOT_FOUND }

    /** The mail service refused; the request is QUEUED again and the platform should retry. */
    public static final class DeliveryFailedException extends RuntimeException {
        public DeliveryFailedException(String message, Throwable cause) { super(message, cause); }
    }

    private final Directory directory;
    private final WorkflowStore store;
    private final Mailer mailer;
    private final Clock clock;
    private final String portalBaseUrl;

    public RequestDelivery(Directory directory, WorkflowStore store, Mailer mailer, Clock clock, String portalBaseUrl) {
        this.directory = directory;
        this.store = store;
        this.mailer = mailer;
        this.clock = clock;
        this.portalBaseUrl = portalBaseUrl;
    }

    /** @param attemptId unique per attempt (the invocation's request id), never reused by a retry */
    public Outcome deliver(String firmId, String requestId, String attemptId) {
        for (int tries = 0; tries < Jobs.ATTEMPTS; tries++) {
            Optional<ClientRequest> found = store.clientRequest(firmId, requestId, Read.CONSISTENT);
            if (found.isEmpty()) return Outcome.NOT_FOUND;
            ClientRequest request = found.get();
            if (!request.unfinished()) return Outcome.NOT_PENDING;
            Delivery delivery = request.delivery();
            switch (delivery.state()) {
                case SENT, UNCONFIRMED:
                    return Outcome.ALREADY_DONE;
                case SENDING:
                    if (delivery.changedAt().plus(CLAIM_LEASE).isAfter(clock.instant())) {
                        return Outcome.IN_PROGRESS_ELSEWHERE;
                    }
                    // The claimant never came back: it may or may not have sent. Say so, do not resend.
                    if (tryWrite(request, request.withDelivery(new Delivery(DeliveryState.UNCONFIRMED, null,
                            clock.instant(), delivery.recipients())))) {
                        return Outcome.UNCONFIRMED;
                    }
                    continue;
                case QUEUED:
                    // everything that can fail before the mail service is done before the claim: a claim is
                    // only ever held across the one call whose outcome we may not learn
                    Email email = compose(request);
                    Optional<ClientRequest> claimed = claim(request, attemptId);
                    if (claimed.isEmpty()) continue;
                    return send(claimed.get(), email);
            }
        }
        throw new ConcurrentChangeException("request " + requestId + " kept changing while delivering it");
    }

    /**
     * Stores the claim; empty if another writer got there first. A write whose answer is lost (stored, then a
     * timeout) must not strand the claim: read it back, and if it is ours, we hold it.
     */
    private Optional<ClientRequest> claim(ClientRequest request, String attemptId) {
        ClientRequest claimed = request.withDelivery(new Delivery(DeliveryState.SENDING, attemptId, clock.instant(), 0));
        try {
            store.commit(Changes.of().updateRequest(request, claimed));
            return Optional.of(claimed.atRev(request.rev() + 1));
        } catch (ConcurrentChangeException e) {
            return Optional.empty();
        } catch (RuntimeException lost) {
            Optional<ClientRequest> now = store.clientRequest(request.firmId(), request.requestId(), Read.CONSISTENT);
            if (now.isPresent() && now.get().delivery().state() == DeliveryState.SENDING
                    && attemptId.equals(now.get().delivery().claim())) {
                return now;
            }
            throw lost;
        }
    }

    private Email compose(ClientRequest request) {
        Account account = directory.account(request.firmId(), request.accountId())
                .orElseThrow(() -> new IllegalStateException("request " + request.requestId() + " names a missing account"));
        return RequestEmail.compose(request, account, portalBaseUrl);
    }

    private Outcome send(ClientRequest stored, Email email) {
        try {
            mailer.send(email);
        } catch (MailOutcomeUnknownException unknown) {
            writeOwnOutcome(stored, new Delivery(DeliveryState.UNCONFIRMED, null, clock.instant(), email.to().size()), null);
            return Outcome.UNCONFIRMED;
        } catch (RuntimeException refused) {
            // MailRejectedException: the mail service said no. Anything else failed before it could answer.
            // Either way nothing went out: release the claim, and let the platform retry.
            writeOwnOutcome(stored, new Delivery(DeliveryState.QUEUED, null, clock.instant(), 0), null);
            throw new DeliveryFailedException("request " + stored.requestId() + " was not sent", refused);
        }
        writeOwnOutcome(stored, new Delivery(DeliveryState.SENT, null, clock.instant(), email.to().size()),
                new ClientRequestSent(stored.firmId(), stored.requestId(), stored.accountId(),
                        List.copyOf(stored.jobIds()), email.to().size()));
        return Outcome.SENT;
    }

    /**
     * Records what our claim led to. One retry on a failed write: losing this write after a sent email would
     * leave the delivery SENDING (it becomes UNCONFIRMED later), which is safe but less useful.
     */
    private void writeOwnOutcome(ClientRequest stored, Delivery outcome, DomainEvent event) {
        RuntimeException last = null;
        for (int i = 0; i < 2; i++) {
            ClientRequest current = stored;
            if (i > 0) {
                // someone may have written meanwhile (a link, a cancel): keep their change, replace only the delivery
                current = store.clientRequest(stored.firmId(), stored.requestId(), Read.CONSISTENT).orElse(stored);
                if (current.delivery().state() != DeliveryState.SENDING
                        || !stored.delivery().claim().equals(current.delivery().claim())) {
                    return; // no longer ours
                }
            }
            try {
                Changes changes = event == null
                        ? Changes.of().updateRequest(current, current.withDelivery(outcome))
                        : Changes.of().updateRequest(current, current.withDelivery(outcome), event);
                store.commit(changes);
                return;
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw last;
    }

    private boolean tryWrite(ClientRequest before, ClientRequest after) {
        try {
            store.commit(Changes.of().updateRequest(before, after));
            return true;
        } catch (ConcurrentChangeException e) {
            return false;
        }
    }
}
