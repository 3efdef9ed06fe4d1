package io.automove.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The reminder schedule, as arithmetic: first N days after the first email, then every N days, at most M. */
class RemindersTest {
    private static final Instant SENT = Instant.parse("2026-03-02T09:00:00Z");

    private static Instant day(int n) { return SENT.plus(Duration.ofDays(n)); }

    @Test
    void nothingIsDueBeforeTheFirstEmail_thenTheFirstComesNDaysAfterIt() {
        Reminders r = Reminders.of(new ReminderSettings(2, 3));
        assertThat(r.nextAt()).isNull();
        assertThat(r.due(day(100))).isFalse();

        Reminders started = r.startingAt(SENT);
        assertThat(started.nextAt()).isEqualTo(day(2));
        assertThat(started.due(day(2).minusSeconds(1))).isFalse();
        assertThat(started.due(day(2))).isTrue();
        assertThat(started.startingAt(day(5))).as("only the first email starts it").isEqualTo(started);
    }

    @Test
    void eachTakenSlot_schedulesTheNextFromTheStart_untilMAreSent() {
        Reminders r = Reminders.of(new ReminderSettings(2, 3)).startingAt(SENT);
        r = r.taken();
        assertThat(r.sent()).isEqualTo(1);
        assertThat(r.nextAt()).isEqualTo(day(4));
        r = r.taken();
        assertThat(r.nextAt()).isEqualTo(day(6));
        r = r.taken();
        assertThat(r.sent()).isEqualTo(3);
        assertThat(r.nextAt()).as("three in all").isNull();
        assertThat(r.due(day(1000))).isFalse();
    }

    @Test
    void aLateSlot_isStillOne_andTheNextKeepsItsOwnTime() {
        Reminders r = Reminders.of(new ReminderSettings(2, 3)).startingAt(SENT);
        // taken late, on day 5: the second is still due on day 4 (already past) and the third on day 6
        Reminders late = r.taken();
        assertThat(late.nextAt()).isEqualTo(day(4));
        assertThat(late.due(day(5))).isTrue();
    }

    @Test
    void timesZero_isOff() {
        Reminders r = Reminders.of(new ReminderSettings(3, 0)).startingAt(SENT);
        assertThat(r.nextAt()).isNull();
    }

    @Test
    void newSettings_keepTheStartAndTheCount() {
        Reminders r = Reminders.of(new ReminderSettings(2, 3)).startingAt(SENT).taken();
        assertThat(r.withSettings(new ReminderSettings(5, 3)).nextAt()).isEqualTo(day(10));
        assertThat(r.withSettings(new ReminderSettings(5, 1)).nextAt()).as("one already sent").isNull();
        assertThat(r.withSettings(new ReminderSettings(5, 0)).nextAt()).as("turned off").isNull();
    }

    @Test
    void stoppedForGood_staysStopped_whatever_comesAfter() {
        Reminders r = Reminders.of(new ReminderSettings(2, 3)).stoppedForGood();
        assertThat(r.startingAt(SENT).nextAt()).isNull();
        assertThat(r.withSettings(new ReminderSettings(1, 5)).nextAt()).isNull();
        assertThat(r.startedOver().stopped()).as("a reopen starts them over").isFalse();
    }

    @ParameterizedTest
    @CsvSource({"0,1", "31,1", "1,-1", "1,11"})
    void settingsOutOfRange_areRefused(int everyDays, int times) {
        assertThatThrownBy(() -> new ReminderSettings(everyDays, times)).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.code()).isEqualTo("INVALID_REMINDERS"));
    }

    @Test
    void settingsAtTheirBounds_areAccepted() {
        assertThat(new ReminderSettings(1, 0)).isNotNull();
        assertThat(new ReminderSettings(30, 10)).isNotNull();
    }

    @Test
    void aSlotPutOff_isNotTaken_isDueAgainLater_andTheSlotsAfterItKeepTheirTimes() {
        Reminders r = Reminders.of(new ReminderSettings(2, 3)).startingAt(SENT);
        Instant later = day(3);

        Reminders putOff = r.putOffTo(later);

        assertThat(putOff.sent()).isZero();
        assertThat(putOff.due(day(2))).isFalse();
        assertThat(putOff.due(later)).isTrue();
        assertThat(putOff.taken().nextAt()).as("the second slot keeps its own time").isEqualTo(day(4));
        assertThat(Reminders.of(new ReminderSettings(2, 3)).putOffTo(later).nextAt())
                .as("nothing due: nothing to put off").isNull();
    }
}
