package io.automove.usecases.ports;

import io.automove.model.Email;

/** Sends one email. The two failures differ in what they let us conclude about the client's inbox. */
public interface Mailer {

    /** @return the mail service's message id */
    String send(Email email) throws MailRejectedException, MailOutcomeUnknownException;

    /** The mail service answered no (rejected, throttled): nothing was sent, trying again is safe. */
    class MailRejectedException extends RuntimeException {
        public MailRejectedException(String message, Throwable cause) { super(message, cause); }
    }

    /** No answer (timeout, connection lost): the email may or may not have gone out. */
    class MailOutcomeUnknownException extends RuntimeException {
        public MailOutcomeUnknownException(String message, Throwable cause) { super(message, cause); }
    }
}
