package io.automove.adapters.eventbridge;

import io.automove.adapters.AwsClients;
import io.automove.adapters.events.EventCodec;
import io.automove.usecases.ports.EventPublisher;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** PutEvents on the custom bus, ten entries per call (the API's limit). */
public final class EventBridgePublisher implements EventPublisher {
    static final int MAX_ENTRIES = 10;

    private final EventBridgeClient client;
    private final String busName;

    public EventBridgePublisher(EventBridgeClient client, String busName) {
        this.client = client;
        this.busName = busName;
    }

    public static EventBridgePublisher fromEnvironment(String busName) {
        EventBridgeClient client = AwsClients.configure(EventBridgeClient.builder())
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(10)))
                .build();
        return new EventBridgePublisher(client, busName);
    }

    List<PutEventsRequest> requests(List<Event> events) {
        List<PutEventsRequest> requests = new ArrayList<>();
        for (int from = 0; from < events.size(); from += MAX_ENTRIES) {
            List<PutEventsRequestEntry> entries = new ArrayList<>();
            for (Event e : events.subList(from, Math.min(events.size(), from + MAX_ENTRIES))) {
                entries.add(PutEventsRequestEntry.builder().eventBusName(busName).source(EventCodec.SOURCE)
                        .detailType(e.detailType()).detail(e.detailJson()).build());
            }
            requests.add(PutEventsRequest.builder().entries(entries).build());
        }
        return requests;
    }

    @Override
    public void publish(List<Event> events) {
        for (PutEventsRequest request : requests(events)) {
            PutEventsResponse response = client.putEvents(request);
            Integer failed = response.failedEntryCount();
            if (failed != null && failed > 0) {
                // the whole batch is retried: a few duplicates are fine, consumers are idempotent
                String code = response.entries().stream().filter(r -> r.errorCode() != null).map(r -> r.errorCode())
                        .findFirst().orElse("unknown");
                throw new IllegalStateException("EventBridge refused " + failed + " of " + request.entries().size()
                        + " events: " + code);
            }
        }
    }
}
