package io.automove.model;

/**
 * Where the email of a client request stands.
 *
 * <p>QUEUED: not sent, may be sent. SENDING: one attempt holds the claim and is talking to the mail service.
 * SENT: the mail service accepted it. UNCONFIRMED: an attempt lost its answer (timeout, crash) and we cannot
 * know whether the client got it; we never send again by ourselves, since one email twice is worse for a
 * firm than a visible "unconfirmed" it can resend by hand.
 */
public enum DeliveryState { QUEUED, SENDING, SENT, UNCONFIRMED }
