package io.automove.model;

/**
 * Where the email of a client request stands.
 *
 * <p>QUEUED: not sent, may be sent. SENDING: one attempt holds the claim and is talking to the mail service.
 * SENT: the mail service accepted it. UNCONFIRMED: an attempt lost its answer (timeout, crash) and we cannot
 * know whether the client got it; we never send again by ourselves, since one email twice is worse for a
 * firm than a visible "unconfirmed" it can resend by hand. HELD: not sent, because it would have passed the firm's
 * daily email cap (multi-firm mode); nothing went out and nothing was counted, and the firm can resend it.
 */
public enum DeliveryState { QUEUED, SENDING, SENT, UNCONFIRMED, HELD }
