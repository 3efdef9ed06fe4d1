package io.automove.model;

/** Due dates are given in days from when a request is made: 1 to {@link #MAX_DAYS}. */
public final class DueDate {
    public static final int MAX_DAYS = 365;

    private DueDate() {}

    /** {@code days} if valid (or null: no due date), else a clear INVALID_DUE_DATE naming {@code field}. */
    public static Integer days(Integer days, String field) {
        if (days != null && (days < 1 || days > MAX_DAYS)) {
            throw DomainException.invalid("INVALID_DUE_DATE", field + " must be 1 to " + MAX_DAYS + " days.");
        }
        return days;
    }
}
