package io.automove.model;

import java.util.Map;

/**
 * A rule of the domain said no. The reason tells the caller what kind of no it is; handlers map it to a
 * status code, the domain never knows about HTTP.
 */
public class DomainException extends RuntimeException {

    /** LIMITED: a limit of the firm's was reached (the daily email cap); the same call may succeed later. */
    public enum Reason { INVALID, FORBIDDEN, NOT_FOUND, CONFLICT, LIMITED }

    private final Reason reason;
    private final String code;
    private final Map<String, Object> details;

    public DomainException(Reason reason, String code, String message) {
        this(reason, code, message, Map.of());
    }

    public DomainException(Reason reason, String code, String message, Map<String, Object> details) {
        super(message, null, false, false);
        this.reason = reason;
        this.code = code;
        this.details = Map.copyOf(details);
    }

    public static DomainException invalid(String code, String message) {
        return new DomainException(Reason.INVALID, code, message);
    }

    public static DomainException forbidden(String code, String message) {
        return new DomainException(Reason.FORBIDDEN, code, message);
    }

    public static DomainException notFound(String what, String id) {
        return new DomainException(Reason.NOT_FOUND, what.toUpperCase().replace(' ', '_') + "_NOT_FOUND",
                "No " + what + " with id " + id);
    }

    public static DomainException conflict(String code, String message) {
        return new DomainException(Reason.CONFLICT, code, message);
    }

    public Reason reason() { return reason; }
    public String code() { return code; }
    /** Extra top-level fields of the error answer, e.g. the unfinished requests of a refused move. */
    public Map<String, Object> details() { return details; }
}
