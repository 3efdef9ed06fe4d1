package io.automove.model;

/**
 * How a request reminds the client: every {@code everyDays} days (1 to 30), at most {@code times} times (0 to 10;
 * 0 is off). Set on a stage's automation, a request template, or a request made by hand.
 */
public record ReminderSettings(int everyDays, int times) {
    public static final int MAX_EVERY_DAYS = 30;
    public static final int MAX_TIMES = 10;
    /** What an automation that says nothing gets, unless its template says otherwise: TaxDome's defaults. */
    public static final ReminderSettings DEFAULT = new ReminderSettings(3, 1);

    public ReminderSettings {
        if (everyDays < 1 || everyDays > MAX_EVERY_DAYS) {
            throw DomainException.invalid("INVALID_REMINDERS", "reminders.everyDays must be 1 to " + MAX_EVERY_DAYS + ".");
        }
        if (times < 0 || times > MAX_TIMES) {
            throw DomainException.invalid("INVALID_REMINDERS", "reminders.times must be 0 to " + MAX_TIMES + ".");
        }
    }

    /** The first of these that is given, else {@link #DEFAULT}. */
    public static ReminderSettings firstGiven(ReminderSettings... choices) {
        for (ReminderSettings s : choices) if (s != null) return s;
        return DEFAULT;
    }
}
