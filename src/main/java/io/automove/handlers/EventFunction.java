package io.automove.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.automove.adapters.events.EventCodec;
import io.automove.model.DomainEvent;
import io.automove.support.Json;
import io.automove.support.Log;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.UUID;

/**
 * The bus side of a function: reads the EventBridge envelope and decodes the detail into a domain event.
 * Any failure is rethrown: the platform retries, then parks the event in the function's dead-letter queue.
 */
public abstract class EventFunction implements RequestStreamHandler {

    /** One attempt at handling a bus event: a retry of the same event is another attempt, with another id. */
    public record Attempt(String attemptId) {}

    /**
     * When the event's change was stored ({@code at} of the detail) and the event's place in that change
     * ({@code seq}); an event written by hand without them counts as stored when it was put on the bus
     * (the envelope's {@code time}), first of its change.
     */
    public record Stored(java.time.Instant at, int seq) {
        static Stored of(JsonNode envelope, JsonNode detail) {
            String at = detail.field("at").filter(JsonNode::isString).map(JsonNode::asString)
                    .or(() -> envelope.field("time").filter(JsonNode::isString).map(JsonNode::asString))
                    .orElseThrow(() -> new IllegalArgumentException("event without at or time"));
            int seq = detail.field("seq").filter(JsonNode::isNumber).map(n -> Integer.parseInt(n.asNumber())).orElse(0);
            try {
                return new Stored(java.time.Instant.parse(at), seq);
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("event at/time is not an instant");
            }
        }
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) {
        String attempt = context != null && context.getAwsRequestId() != null ? context.getAwsRequestId()
                : UUID.randomUUID().toString();
        Log.requestId(attempt);
        try {
            JsonNode envelope = Json.parse(input);
            String detailType = envelope.field("detail-type").map(JsonNode::asString)
                    .orElseThrow(() -> new IllegalArgumentException("not an EventBridge event: no detail-type"));
            JsonNode detail = envelope.field("detail").orElseThrow(() -> new IllegalArgumentException("event without detail"));
            DomainEvent event = EventCodec.decode(detailType, detail);
            handle(event, envelope, detail, new Attempt(attempt));
        } catch (RuntimeException e) {
            Log.error("event handling failed", e, "function", getClass().getSimpleName());
            // the runtime prints what it is thrown, causes and messages included: hand it the safe description only
            throw new HandlingFailedException(e);
        } finally {
            Log.requestId(null);
        }
    }

    public abstract void handle(DomainEvent event, Attempt attempt);

    /** A function that needs when the change was stored overrides this (the activity trail does). */
    protected void handle(DomainEvent event, JsonNode envelope, JsonNode detail, Attempt attempt) {
        handle(event, attempt);
    }

    /** Runs an envelope through the whole handler: for priming. */
    protected final void primeWith(String envelope) {
        handleRequest(new java.io.ByteArrayInputStream(envelope.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                OutputStream.nullOutputStream(), null);
    }
}
