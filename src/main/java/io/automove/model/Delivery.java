package io.automove.model;

import java.time.Instant;
import java.util.Set;

/**
 * The email side of a client request. {@code claim} names the attempt that holds SENDING; {@code emailedTo} holds
 * the mailbox keys ({@link RequestEmail#mailboxKey}, not addresses) of the contacts already emailed, so that an
 * attempt resuming after a refusal emails only the others; {@code recipients} counts them.
 */
public record Delivery(DeliveryState state, String claim, Instant changedAt, int recipients, Set<String> emailedTo) {
    public Delivery {
        emailedTo = emailedTo == null ? Set.of() : Set.copyOf(emailedTo);
        recipients = Math.max(recipients, emailedTo.size());
    }

    public static Delivery queued(Instant now) { return new Delivery(DeliveryState.QUEUED, null, now, 0, Set.of()); }

    public Delivery claimedBy(String attemptId, Instant now) {
        return new Delivery(DeliveryState.SENDING, attemptId, now, recipients, emailedTo);
    }

    /** The claim's outcome: SENT, QUEUED again (refused) or UNCONFIRMED, with the contacts emailed so far. */
    public Delivery settled(DeliveryState outcome, Set<String> emailed, Instant now) {
        return new Delivery(outcome, null, now, emailed.size(), emailed);
    }

    public boolean heldBy(String attemptId) { return state == DeliveryState.SENDING && attemptId.equals(claim); }
}
