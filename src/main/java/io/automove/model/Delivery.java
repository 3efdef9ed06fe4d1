package io.automove.model;

import java.time.Instant;

/** The email side of a client request; {@code claim} names the attempt that holds SENDING. */
public record Delivery(DeliveryState state, String claim, Instant changedAt, int recipients) {
    public static Delivery queued(Instant now) { return new Delivery(DeliveryState.QUEUED, null, now, 0); }
}
