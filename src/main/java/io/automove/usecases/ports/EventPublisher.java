package io.automove.usecases.ports;

import java.util.List;

/** Puts events on the bus. Used by the outbox relay only: functions publish by storing (see Changes). */
public interface EventPublisher {

    record Event(String eventId, String detailType, String detailJson) {}

    /** Publishes all or throws; a partial failure throws too, and a retry republishes (consumers are idempotent). */
    void publish(List<Event> events);
}
