package io.automove.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.automove.adapters.eventbridge.EventBridgePublisher;
import io.automove.adapters.events.EventCodec;
import io.automove.usecases.ports.EventPublisher;
import io.automove.usecases.ports.EventPublisher.Event;
import io.automove.support.Json;
import io.automove.support.Log;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The outbox relay, on the table's stream: publishes the events a stored change carries ({@code outbox} of
 * the new image) that the previous image did not carry. A record that fails is reported back as the first
 * batch item failure, so the stream retries from it, in order, and nothing after it is skipped.
 */
public final class OutboxRelayHandler implements RequestStreamHandler {
    private final EventPublisher publisher;
    private final Priming priming;

    /** The relay reads no table (the stream hands it the images): it is wired with a publisher only. */
    public OutboxRelayHandler() {
        this(withEventBridge(Wiring.withoutStores()));
    }

    private static Wiring withEventBridge(Wiring wiring) {
        Settings s = wiring.settings();
        return wiring.withPublisher(() -> EventBridgePublisher.fromEnvironment(s.require("EVENT_BUS_NAME", s.busName())));
    }

    public OutboxRelayHandler(Wiring wiring) {
        this.publisher = wiring.publisher();
        this.priming = Priming.register("OutboxRelayFunction", this::prime);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws java.io.IOException {
        Log.requestId(context == null ? null : context.getAwsRequestId());
        try {
            String failed = relay(Json.parse(input));
            Map<String, Object> response = Map.of("batchItemFailures",
                    failed == null ? List.of() : List.of(Map.of("itemIdentifier", failed)));
            output.write(Json.write(response).getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            // a record the relay cannot read: the stream retries the batch; the images hold personal data, so
            // only the safe description goes to the log and to the runtime
            Log.error("stream batch unreadable", e);
            throw new HandlingFailedException(e);
        } finally {
            Log.requestId(null);
        }
    }

    /** @return the sequence number of the first record that could not be published, or null */
    public String relay(JsonNode streamEvent) {
        List<JsonNode> records = streamEvent.field("Records").map(JsonNode::asArray).orElse(List.of());
        int published = 0;
        for (JsonNode record : records) {
            JsonNode dynamodb = record.field("dynamodb").orElse(JsonNode.emptyObjectNode());
            String sequence = dynamodb.field("SequenceNumber").map(JsonNode::asString).orElse(null);
            List<Event> events = newEvents(outbox(dynamodb, "NewImage"), outbox(dynamodb, "OldImage"));
            if (events.isEmpty()) continue;
            try {
                publisher.publish(events);
                published += events.size();
            } catch (RuntimeException e) {
                Log.error("publishing failed; the stream will retry from this record", e, "count", events.size());
                Log.info("relay", "records", records.size(), "published", published, "failed", 1);
                return sequence;
            }
        }
        Log.info("relay", "records", records.size(), "published", published);
        return null;
    }

    public static List<Event> newEvents(String newOutbox, String oldOutbox) {
        if (newOutbox == null) return List.of();
        Set<String> seen = new HashSet<>();
        for (Event e : EventCodec.readOutbox(oldOutbox)) seen.add(e.eventId());
        List<Event> fresh = new ArrayList<>();
        for (Event e : EventCodec.readOutbox(newOutbox)) if (!seen.contains(e.eventId())) fresh.add(e);
        return fresh;
    }

    private static String outbox(JsonNode dynamodb, String image) {
        return dynamodb.field(image).flatMap(i -> i.field("outbox")).flatMap(o -> o.field("S"))
                .map(JsonNode::asString).orElse(null);
    }

    /** Read-only paths of a real invocation, for the snapshot (see {@link Priming}). */
    void prime() {
        // the codec and the JSON, on a record whose events were already published (nothing new to put)
        String outbox = "[{\"type\":\"JobStageChanged\",\"detail\":{\"eventId\":\"e1\",\"firmId\":\"f\"}}]";
        relay(io.automove.support.Json.parse("{\"Records\":[{\"eventName\":\"MODIFY\",\"dynamodb\":{\"SequenceNumber\":\"1\",\"NewImage\":{\"outbox\":{\"S\":" + io.automove.support.Json.write(outbox) + "}},\"OldImage\":{\"outbox\":{\"S\":"
                + io.automove.support.Json.write(outbox) + "}}}}]}"));
    }

    Priming priming() { return priming; }
}
