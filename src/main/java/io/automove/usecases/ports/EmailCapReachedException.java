package io.automove.usecases.ports;

/**
 * A commit counting emails ({@link Changes#countEmails}) would have passed the firm's daily email cap; nothing of
 * it was stored.
 */
public final class EmailCapReachedException extends RuntimeException {
    public EmailCapReachedException(String message) { super(message, null, false, false); }
}
