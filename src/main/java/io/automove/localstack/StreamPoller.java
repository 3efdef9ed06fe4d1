package io.automove.localstack;

import io.automove.support.Json;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.event.ruler.GenericMachine;
import software.amazon.event.ruler.RuleCompiler;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The event source mappings of the table's stream, locally: for each stream-triggered function of
 * template.yaml, its own reader of the stream, its filter patterns (by Event Ruler, as Lambda filters), batches of
 * at most its BatchSize, a retry from the first failed record (the function's {@code batchItemFailures}, or the
 * whole rest of the batch if it threw) and, after {@link #ATTEMPTS} attempts, a dead letter for that record.
 * Where each consumer stands is saved under the data folder (atomically), and only once what the functions did
 * with the records is safe: {@code handedOver} (the bus's {@link LocalBus#sync()}) returns when the invocations
 * they queued are on disk. So a kill -9 loses nothing: what was not saved as relayed is relayed again (at least
 * once; a restart after a clean stop relays nothing twice). The dead letters are kept there too.
 * It reads only when asked ({@link #pump()}): when is {@link Scheduler}'s business.
 */
final class StreamPoller {
    static final int ATTEMPTS = 5;

    private record Consumer(Template.StreamSource source, String functionId, GenericMachine<String> filter) {}

    private final EmbeddedDynamo dynamo;
    private final Functions functions;
    private final Path positionsFile; // null: in memory only
    private final Journal deadLetterFile; // null: in memory only
    private final Runnable handedOver;
    private final List<Consumer> consumers = new ArrayList<>();
    private final Map<String, StreamReader> readers = new LinkedHashMap<>(); // per consumer (function)
    private final List<String> deadLetters = new ArrayList<>();

    /** @param handedOver returns once what the functions did with the records read so far is durable */
    StreamPoller(Template template, EmbeddedDynamo dynamo, Functions functions, Path dataDir, Runnable handedOver) {
        this.dynamo = dynamo;
        this.functions = functions;
        this.handedOver = handedOver;
        this.positionsFile = dataDir == null ? null : dataDir.resolve("stream-positions.properties");
        this.deadLetterFile = dataDir == null ? null : new Journal(dataDir.resolve("stream-dead-letters.jsonl"));
        if (deadLetterFile != null) {
            deadLetterFile.read().forEach(r -> r.field("deadLetter").ifPresent(d -> deadLetters.add(d.asString())));
        }
        for (Template.Function f : template.functions()) {
            for (Template.StreamSource s : f.streams()) {
                consumers.add(new Consumer(s, f.logicalId(), s.filterPatterns().isEmpty() ? null : filter(f, s)));
            }
        }
    }

    private static GenericMachine<String> filter(Template.Function f, Template.StreamSource s) {
        GenericMachine<String> filter = new GenericMachine<>();
        for (int i = 0; i < s.filterPatterns().size(); i++) {
            String pattern = s.filterPatterns().get(i);
            String error = RuleCompiler.check(pattern);
            if (error != null) {
                throw new IllegalStateException("function " + f.logicalId() + ": invalid stream filter: " + error);
            }
            try {
                filter.addRule("filter" + i, pattern);
            } catch (IOException e) {
                throw new IllegalStateException("function " + f.logicalId() + ": " + e.getMessage(), e);
            }
        }
        return filter;
    }

    /** Reads new stream records and hands them to the stream-triggered functions; returns how many were read. */
    synchronized int pump() {
        int read = 0;
        for (Consumer consumer : consumers) {
            List<Record> records = reader(consumer).next();
            read += records.size();
            relay(consumer, records);
        }
        return read;
    }

    /** "FunctionId sequenceNumber" of each record given up on. */
    List<String> deadLetters() {
        synchronized (deadLetters) {
            return List.copyOf(deadLetters);
        }
    }

    private StreamReader reader(Consumer consumer) {
        return readers.computeIfAbsent(consumer.functionId(), id -> {
            StreamReader reader = new StreamReader(dynamo.streams(), dynamo.streamArn());
            reader.restore(savedPositions(id));
            return reader;
        });
    }

    /** Filters the records and invokes the function batch by batch, in order. */
    private void relay(Consumer consumer, List<Record> records) {
        String streamArn = reader(consumer).streamArn();
        List<Map<String, Object>> batch = new ArrayList<>();
        List<String> sequences = new ArrayList<>();
        for (Record r : records) {
            Map<String, Object> lambdaRecord = StreamRecords.lambdaRecord(r, streamArn);
            if (consumer.filter() == null || matches(consumer.filter(), Json.write(lambdaRecord))) {
                batch.add(lambdaRecord);
                sequences.add(r.dynamodb().sequenceNumber());
            }
            if (batch.size() >= consumer.source().batchSize()) {
                invoke(consumer, batch, sequences);
                batch = new ArrayList<>();
                sequences = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) invoke(consumer, batch, sequences);
        if (!records.isEmpty()) savePositions();
    }

    private static boolean matches(GenericMachine<String> filter, String json) {
        try {
            return !filter.rulesForJSONEvent(json).isEmpty();
        } catch (Exception e) {
            throw new IllegalStateException("stream record not matchable", e);
        }
    }

    /** Retries from the first reported failure, in order, as Lambda's stream pollers do; then gives up on it. */
    private void invoke(Consumer consumer, List<Map<String, Object>> batch, List<String> sequences) {
        int from = 0;
        for (int attempt = 1; from < batch.size(); attempt++) {
            String failedAt;
            try {
                String out = functions.invoke(consumer.functionId(), StreamRecords.event(batch.subList(from, batch.size())));
                failedAt = Json.parse(out).field("batchItemFailures").map(JsonNode::asArray).orElse(List.of()).stream()
                        .map(f -> f.field("itemIdentifier").map(JsonNode::asString).orElse(null))
                        .findFirst().orElse(null);
                if (failedAt == null) return;
            } catch (Exception e) {
                failedAt = sequences.get(from);
            }
            int index = sequences.indexOf(failedAt);
            from = index < 0 ? from : index;
            if (attempt >= ATTEMPTS) {
                String dead = consumer.functionId() + " " + sequences.get(from);
                if (deadLetterFile != null) {
                    deadLetterFile.append(Map.of("deadLetter", dead));
                    deadLetterFile.force();
                }
                synchronized (deadLetters) {
                    deadLetters.add(dead);
                }
                from++;
                attempt = 0;
            }
        }
    }

    // --- where each consumer stands survives a restart on a data folder, as an event source mapping's does ---

    /** After what the records led to is durable: a crash before this relays them again, never skips them. */
    private void savePositions() {
        if (positionsFile == null) return;
        handedOver.run();
        Properties p = new Properties();
        readers.forEach((fn, reader) -> reader.positions().forEach((shard, seq) -> p.put(fn + "/" + shard, seq)));
        StringWriter text = new StringWriter();
        try {
            p.store(text, "last stream sequence number relayed, per consumer and shard");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Journal.writeAtomically(positionsFile, text.toString());
    }

    void close() {
        if (deadLetterFile != null) deadLetterFile.close();
    }

    private Map<String, String> savedPositions(String functionId) {
        Map<String, String> saved = new HashMap<>();
        if (positionsFile == null || !Files.exists(positionsFile)) return saved;
        Properties p = new Properties();
        try (var in = Files.newInputStream(positionsFile)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        p.forEach((k, v) -> {
            String key = (String) k;
            if (key.startsWith(functionId + "/")) saved.put(key.substring(functionId.length() + 1), (String) v);
        });
        return saved;
    }
}
