package io.automove.usecases;

import io.automove.model.Activity;
import io.automove.model.DomainEvent;
import io.automove.usecases.ports.ActivityTrail;

import java.time.Instant;

/**
 * Writes the activity entry of an event from the bus. Every event is published if and only if its change was
 * stored (the outbox), and is delivered at least once: the entry's key follows from the event, so a second
 * delivery writes the same entry again and nothing is doubled.
 */
public final class RecordActivity {
    private final ActivityTrail trail;

    public RecordActivity(ActivityTrail trail) { this.trail = trail; }

    /**
     * @param at  when the change was stored (the event's {@code at})
     * @param seq the event's place among the events of that change
     */
    public Activity record(DomainEvent event, Instant at, int seq) {
        Activity entry = Activity.of(event, at, seq);
        trail.record(entry);
        return entry;
    }
}
