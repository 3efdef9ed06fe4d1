package io.automove.usecases;

import io.automove.model.Account;
import io.automove.model.ClientRequest;
import io.automove.model.Delivery;
import io.automove.model.DeliveryState;
import io.automove.model.DomainEvent;
import io.automove.model.DomainEvent.ClientRequestSent;
import io.automove.model.Email;
import io.automove.model.RequestEmail;
import io.automove.usecases.ports.Changes;
import io.automove.usecases.ports.ConcurrentChangeException;
import io.automove.usecases.ports.Directory;
import io.automove.usecases.ports.EmailCapReachedException;
import io.automove.usecases.ports.Mailer;
import io.automove.usecases.ports.Mailer.MailOutcomeUnknownException;
import io.automove.usecases.ports.Read;
import io.automove.usecases.ports.WorkflowStore;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Emails a client request to its account's contacts, one email each, at most once: the request itself when it is
 * created, then each reminder, resend and reopen, each its own numbered email. The request's delivery (of its
 * latest email) goes QUEUED → SENDING → SENT (or UNCONFIRMED). An event about an email a newer one has replaced
 * sends nothing.
 *
 * <p>In multi-firm mode the claim also counts the email's recipients against the firm's daily email cap
 * ({@link EmailCap}), in the same transaction and on condition that the day's count stays within it: an email that
 * would pass the cap is not claimed, sends nothing and is HELD (the firm can resend it); a redelivered event finds
 * the claim taken and counts nothing twice; a claim released unsent gives its unsent recipients back.
 *
 * <p>An attempt first claims the request (QUEUED to SENDING, a conditional write naming the attempt), then sends,
 * then records SENT with the ClientRequestSent event. A mail service that says no releases the claim and fails
 * the attempt, so the platform retries. An attempt that gets no answer marks the delivery UNCONFIRMED and stops:
 * sending again could mail the client twice.
 */
public final class DeliverClientRequest {

    /**
     * An attempt that sees another attempt's claim younger than this leaves it alone (and fails, so the platform
     * comes back); an older claim has no live owner: four times the function's timeout, and shorter than Lambda's
     * first asynchronous retry, so the retries find it expired and settle it.
     */
    public static final Duration CLAIM_LEASE = Duration.ofMinutes(1);

    /** HELD: not sent, it would have passed the firm's daily email cap. */
    public enum Outcome { SENT, ALREADY_DONE, REQUEST_FINISHED, IN_PROGRESS_ELSEWHERE, UNCONFIRMED, NOT_FOUND, HELD }

    /** The mail service refused; the request is QUEUED again and the platform should retry. */
    public static final class DeliveryFailedException extends RuntimeException {
        public DeliveryFailedException(String message, Throwable cause) { super(message, cause); }
    }

    private final Directory directory;
    private final WorkflowStore store;
    private final Mailer mailer;
    private final Clock clock;
    private final String portalBaseUrl;
    private final EmailCap cap;

    /** Without an email cap (single-firm mode). */
    public DeliverClientRequest(Directory directory, WorkflowStore store, Mailer mailer, Clock clock, String portalBaseUrl) {
        this(directory, store, mailer, clock, portalBaseUrl, EmailCap.none(store, clock));
    }

    public DeliverClientRequest(Directory directory, WorkflowStore store, Mailer mailer, Clock clock, String portalBaseUrl,
                                EmailCap cap) {
        this.cap = cap;
        this.directory = directory;
        this.store = store;
        this.mailer = mailer;
        this.clock = clock;
        this.portalBaseUrl = portalBaseUrl;
    }

    /** The request's first email (ClientRequestCreated). */
    public Outcome deliver(String firmId, String requestId, String attemptId) {
        return deliver(firmId, requestId, 1, attemptId);
    }

    /**
     * @param emailNumber which email of the request the event asks for (1: the request itself)
     * @param attemptId   unique per attempt (the invocation's request id), never reused by a retry
     */
    public Outcome deliver(String firmId, String requestId, int emailNumber, String attemptId) {
        return ReadDecideCommit.run("client request " + requestId, Read.CONSISTENT, read -> {
            Optional<ClientRequest> found = store.clientRequest(firmId, requestId, read);
            if (found.isEmpty()) return Outcome.NOT_FOUND;
            ClientRequest request = found.get();
            if (!request.unfinished()) return Outcome.REQUEST_FINISHED;
            Delivery delivery = request.delivery();
            if (delivery.number() != emailNumber) return Outcome.ALREADY_DONE; // a later email replaced this one
            return switch (delivery.state()) {
                case SENT, UNCONFIRMED -> Outcome.ALREADY_DONE;
                case HELD -> Outcome.ALREADY_DONE; // held by the cap, said once: only a resend (a new email) sends it
                case SENDING -> {
                    if (delivery.changedAt().plus(CLAIM_LEASE).isAfter(clock.instant())) {
                        yield Outcome.IN_PROGRESS_ELSEWHERE;
                    }
                    // The claimant never came back: it may or may not have sent. Say so, do not resend.
                    store.commit(Changes.of().updateRequest(request, request.withDelivery(delivery.settled(
                            DeliveryState.UNCONFIRMED, delivery.emailedTo(), clock.instant()))));
                    yield Outcome.UNCONFIRMED;
                }
                case QUEUED -> {
                    // everything that can fail before the mail service is done before the claim: a claim is only
                    // ever held across the calls whose outcome we may not learn
                    List<Email> emails = compose(request);
                    int recipients = unsent(emails, delivery.emailedTo());
                    ClientRequest claimed;
                    try {
                        claimed = claim(request, attemptId, recipients);
                    } catch (EmailCapReachedException capped) {
                        // nothing was claimed or counted: say so on the request; a resend queues it again
                        store.commit(Changes.of().updateRequest(request, request.withDelivery(delivery.settled(
                                DeliveryState.HELD, delivery.emailedTo(), clock.instant()))));
                        yield Outcome.HELD;
                    }
                    yield send(claimed, emails, recipients);
                }
            };
        });
    }

    /**
     * Stores the claim. A write refused because the request changed is a rival's claim, or a link, unless the
     * change is our own claim: the SDK retries a conditional write whose answer was lost, and the retry then meets
     * the first try's write. So on any failure, read the request back: if it holds our claim, we hold it.
     * With a cap, the claim counts the {@code recipients} it is about to email on the claim's day, in its own
     * transaction: a claim is stored once, so it counts once.
     */
    private ClientRequest claim(ClientRequest request, String attemptId, int recipients) {
        ClientRequest claimed = request.withDelivery(request.delivery().claimedBy(attemptId, clock.instant()));
        try {
            Changes changes = Changes.of().updateRequest(request, claimed);
            if (cap.on()) {
                changes.countEmails(request.firmId(), EmailCap.dayOf(claimed.delivery().changedAt()), recipients,
                        cap.perDay());
            }
            store.commit(changes);
            return claimed.atRev(request.rev() + 1);
        } catch (RuntimeException failed) {
            Optional<ClientRequest> now = store.clientRequest(request.firmId(), request.requestId(), Read.CONSISTENT);
            if (now.isPresent() && now.get().delivery().heldBy(attemptId)) return now.get();
            throw failed; // a rival's claim or another change: the loop reads again; anything else fails the attempt
        }
    }

    private List<Email> compose(ClientRequest request) {
        Account account = directory.account(request.firmId(), request.accountId())
                .orElseThrow(() -> new IllegalStateException("request " + request.requestId() + " names a missing account"));
        return RequestEmail.compose(request, account, portalBaseUrl);
    }

    /** The distinct mailboxes of {@code emails} not in {@code emailedTo}: what a claim is about to email. */
    private static int unsent(List<Email> emails, Set<String> emailedTo) {
        Set<String> mailboxes = new LinkedHashSet<>();
        for (Email email : emails) mailboxes.add(RequestEmail.mailboxKey(email.to()));
        mailboxes.removeAll(emailedTo);
        return mailboxes.size();
    }

    /**
     * Emails each contact not emailed yet, one email each, then records the outcome of the claim. {@code counted}:
     * the recipients the claim counted (those not emailed yet).
     */
    private Outcome send(ClientRequest claimed, List<Email> emails, int counted) {
        Set<String> emailed = new LinkedHashSet<>(claimed.delivery().emailedTo());
        for (Email email : emails) {
            String mailbox = RequestEmail.mailboxKey(email.to());
            if (emailed.contains(mailbox)) continue; // an earlier attempt reached this contact
            try {
                mailer.send(email);
                emailed.add(mailbox);
            } catch (MailOutcomeUnknownException unknown) {
                // it may have gone: it stays counted
                writeOwnOutcome(claimed, DeliveryState.UNCONFIRMED, emailed, null, 0);
                return Outcome.UNCONFIRMED;
            } catch (RuntimeException refused) {
                // MailRejectedException: the mail service said no. Anything else failed before it could answer.
                // Either way this email did not go out: release the claim, remembering who was emailed, and let
                // the platform retry the others, giving back the count of those not emailed (the retry's claim
                // counts them again).
                int emailedNow = emailed.size() - claimed.delivery().emailedTo().size();
                writeOwnOutcome(claimed, DeliveryState.QUEUED, emailed, null, counted - emailedNow);
                throw new DeliveryFailedException("request " + claimed.requestId() + " was not sent to every contact",
                        refused);
            }
        }
        Delivery d = claimed.delivery();
        writeOwnOutcome(claimed, DeliveryState.SENT, emailed, new ClientRequestSent(claimed.firmId(),
                claimed.requestId(), claimed.accountId(), List.copyOf(claimed.jobIds()), emailed.size(), d.kind(),
                d.number()), 0);
        return Outcome.SENT;
    }

    /**
     * Records what our claim led to, with two more tries if the write or the read before it fails (a conflict, a
     * throttled or lost call): losing this write after a sent email would leave the delivery SENDING (it becomes
     * UNCONFIRMED later), which is safe but less useful; three tries outlast any two failed calls. A later try reads
     * the request again and keeps whatever others changed meanwhile (a link, a cancel), replacing only the
     * delivery, as long as the claim is still ours. {@code giveBack}: emails the claim
     * counted and did not send, taken off its day's count in the same write.
     */
    private void writeOwnOutcome(ClientRequest claimed, DeliveryState outcome, Set<String> emailed, DomainEvent event,
                                 int giveBack) {
        String attemptId = claimed.delivery().claim();
        ReadDecideCommit.run("the delivery of client request " + claimed.requestId(), Read.EVENTUAL, 3, read -> {
            // the first try writes over the claim as we stored it; the later ones read it back first
            ClientRequest current;
            try {
                current = read == Read.EVENTUAL ? claimed
                        : store.clientRequest(claimed.firmId(), claimed.requestId(), Read.CONSISTENT).orElse(claimed);
            } catch (RuntimeException failed) {
                throw ReadDecideCommit.lookAgain("the read before the outcome write failed: "
                        + failed.getClass().getSimpleName());
            }
            if (!current.delivery().heldBy(attemptId)) return null; // no longer ours
            ClientRequest after = current.withDelivery(current.delivery().settled(outcome, emailed, clock.instant()));
            Changes changes = event == null ? Changes.of().updateRequest(current, after)
                    : Changes.of().updateRequest(current, after, event);
            if (cap.on() && giveBack > 0) {
                changes.countEmails(claimed.firmId(), EmailCap.dayOf(claimed.delivery().changedAt()), -giveBack,
                        cap.perDay());
            }
            try {
                store.commit(changes);
            } catch (ConcurrentChangeException conflict) {
                throw conflict;
            } catch (RuntimeException lost) {
                throw ReadDecideCommit.lookAgain("the outcome write failed: " + lost.getClass().getSimpleName());
            }
            return null;
        });
    }
}
