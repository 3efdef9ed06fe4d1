package io.automove.model;

import java.time.Instant;
import java.util.Set;

/**
 * The life of a request's latest email: which one it is ({@code kind}, and {@code number}, counting every email of
 * the request from 1, the request itself), and where it stands ({@code state}). {@code claim} names the attempt
 * that holds SENDING; {@code emailedTo} holds the mailbox keys ({@link RequestEmail#mailboxKey}, not addresses) of
 * the contacts this email already reached, so that an attempt resuming after a refusal emails only the others;
 * {@code recipients} counts them.
 */
public record Delivery(EmailKind kind, int number, DeliveryState state, String claim, Instant changedAt, int recipients,
                       Set<String> emailedTo) {
    public Delivery {
        if (kind == null) kind = EmailKind.REQUEST;
        if (number < 1) number = 1;
        emailedTo = emailedTo == null ? Set.of() : Set.copyOf(emailedTo);
        recipients = Math.max(recipients, emailedTo.size());
    }

    /** The first email's delivery (older items stored without kind and number read as this one). */
    public Delivery(DeliveryState state, String claim, Instant changedAt, int recipients, Set<String> emailedTo) {
        this(EmailKind.REQUEST, 1, state, claim, changedAt, recipients, emailedTo);
    }

    public static Delivery queued(Instant now) { return new Delivery(DeliveryState.QUEUED, null, now, 0, Set.of()); }

    /** The next email of the request, queued: a reminder, a resend or a reopen. */
    public Delivery next(EmailKind nextKind, Instant now) {
        return new Delivery(nextKind, number + 1, DeliveryState.QUEUED, null, now, 0, Set.of());
    }

    public Delivery claimedBy(String attemptId, Instant now) {
        return new Delivery(kind, number, DeliveryState.SENDING, attemptId, now, recipients, emailedTo);
    }

    /** The claim's outcome: SENT, QUEUED again (refused) or UNCONFIRMED, with the contacts emailed so far. */
    public Delivery settled(DeliveryState outcome, Set<String> emailed, Instant now) {
        return new Delivery(kind, number, outcome, null, now, emailed.size(), emailed);
    }

    public boolean heldBy(String attemptId) { return state == DeliveryState.SENDING && attemptId.equals(claim); }

    /** SENT, or UNCONFIRMED: it may have reached the client. */
    public boolean mayHaveGone() { return state == DeliveryState.SENT || state == DeliveryState.UNCONFIRMED; }
}
