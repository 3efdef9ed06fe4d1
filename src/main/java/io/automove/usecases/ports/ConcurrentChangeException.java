package io.automove.usecases.ports;

/** Somebody wrote the same item between our read and our write: read again and redo the decision. */
public class ConcurrentChangeException extends RuntimeException {
    public ConcurrentChangeException(String message) {
        super(message, null, false, false);
    }
}
