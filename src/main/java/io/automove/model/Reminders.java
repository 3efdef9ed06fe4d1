package io.automove.model;

import java.time.Duration;
import java.time.Instant;

/**
 * The reminders of one client request. They start when the request's email first goes out ({@code startedAt}):
 * the first comes {@code everyDays} days later, then every {@code everyDays} days, at most {@code times} in all;
 * {@code sent} count those taken. {@code nextAt} is when the next one is due, null when none will come: not
 * started yet, all sent, turned off, or stopped for good ({@code stopped}: every linked job archived). A slot is
 * taken once whatever fires it, and a late slot is still taken: the next one keeps its own time.
 */
public record Reminders(int everyDays, int times, int sent, Instant startedAt, Instant nextAt, boolean stopped) {

    public static Reminders of(ReminderSettings settings) {
        return new Reminders(settings.everyDays(), settings.times(), 0, null, null, false);
    }

    public ReminderSettings settings() { return new ReminderSettings(everyDays, times); }

    /** The request's email went out at {@code at}: the schedule starts, unless it already has, or is off. */
    public Reminders startingAt(Instant at) {
        if (startedAt != null || stopped) return this;
        return new Reminders(everyDays, times, sent, at, slot(at, sent + 1), false);
    }

    public boolean due(Instant now) { return nextAt != null && !nextAt.isAfter(now); }

    /** One more was taken; the next keeps its place in the schedule. */
    public Reminders taken() {
        int n = sent + 1;
        return new Reminders(everyDays, times, n, startedAt, slot(startedAt, n + 1), stopped);
    }

    /** New settings for requests already sent: the schedule keeps its start, the count what was sent. */
    public Reminders withSettings(ReminderSettings s) {
        return new Reminders(s.everyDays(), s.times(), sent, startedAt,
                stopped || startedAt == null ? null : slotOf(startedAt, sent + 1, s.everyDays(), s.times()), stopped);
    }

    /**
     * The due reminder is not taken now but at {@code later} (the firm's daily email cap is reached): the slot stays,
     * the count is not raised, and the slots after it keep their own times.
     */
    public Reminders putOffTo(Instant later) {
        return nextAt == null ? this : new Reminders(everyDays, times, sent, startedAt, later, stopped);
    }

    /** No more, for good: every job the request is linked to was archived. */
    public Reminders stoppedForGood() { return new Reminders(everyDays, times, sent, startedAt, null, true); }

    /** A reopened request reminds again from its next email, as if new. */
    public Reminders startedOver() { return new Reminders(everyDays, times, 0, null, null, false); }

    private Instant slot(Instant start, int k) { return slotOf(start, k, everyDays, times); }

    private static Instant slotOf(Instant start, int k, int everyDays, int times) {
        return start == null || k > times ? null : start.plus(Duration.ofDays((long) everyDays * k));
    }
}
