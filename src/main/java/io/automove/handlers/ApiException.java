package io.automove.handlers;

/** A refusal that belongs to the HTTP edge rather than the domain (size limits, signatures). */
public class ApiException extends RuntimeException {
    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() { return status; }
    public String code() { return code; }
}
