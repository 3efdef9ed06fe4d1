package io.automove.bench;

import io.automove.handlers.BenchScenarios;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Many independent copies of what one event file of events/ refers to. The scenario of EventsFolderTest seeds
 * the configured firm plus job_demo / req_demo; the items that carry those ids are copied under distinct ids
 * (job_w17, req_w17, ...), and the event file gets the same ids (and a fresh idempotency key, portal event id and
 * bus event id), so each invocation does the real work on items of its own: no cache, no replay, no conflict.
 */
final class Instances {
    private static final String JOB = BenchScenarios.JOB;
    private static final String REQUEST = BenchScenarios.REQUEST;
    private static final Pattern IDEMPOTENCY = Pattern.compile("(\"idempotency-key\"\\s*:\\s*\")[^\"]*(\")");
    private static final Pattern BUS_ID = Pattern.compile("^(\\{\\s*\"version\"\\s*:\\s*\"0\"\\s*,\\s*\"id\"\\s*:\\s*\")[^\"]*(\")");
    private static final Pattern PORTAL_EVENT = Pattern.compile("evt_[0-9A-Z]{26}");

    private final DynamoDbClient client;
    private final String table;
    private final List<Map<String, AttributeValue>> templates = new ArrayList<>();

    private Instances(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
    }

    /** Reads the freshly seeded table: the items that name job_demo or req_demo are the ones to copy. */
    static Instances capture(DynamoDbClient client, String table) {
        Instances instances = new Instances(client, table);
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = client.scan(b -> b.tableName(table).exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : page.items()) {
                if (mentions(item)) instances.templates.add(item);
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return instances;
    }

    int itemsPerInstance() { return templates.size(); }

    static String jobId(String tag, int i) { return "job_" + tag + i; }

    static String requestId(String tag, int i) { return "req_" + tag + i; }

    /** Stores instances {@code from .. from+count-1} of tag {@code tag}, 25 items a call, on a few threads. */
    void replicate(String tag, int from, int count) {
        if (templates.isEmpty() || count <= 0) return;
        int threads = Math.min(4, Math.max(1, count * templates.size() / 100));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            int slice = (count + threads - 1) / threads;
            for (int t = 0; t < threads; t++) {
                int start = from + t * slice;
                int end = Math.min(from + count, start + slice);
                if (start < end) done.add(pool.submit(() -> replicateSlice(tag, start, end)));
            }
            for (java.util.concurrent.Future<?> f : done) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("seeding failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private void replicateSlice(String tag, int from, int to) {
        List<WriteRequest> batch = new ArrayList<>();
        for (int i = from; i < to; i++) {
            String job = jobId(tag, i);
            String req = requestId(tag, i);
            for (Map<String, AttributeValue> item : templates) {
                Map<String, AttributeValue> copy = new LinkedHashMap<>();
                item.forEach((k, v) -> copy.put(k, substitute(v, job, req)));
                batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(copy).build()).build());
                if (batch.size() == 25) {
                    write(batch);
                    batch = new ArrayList<>();
                }
            }
        }
        if (!batch.isEmpty()) write(batch);
    }

    private void write(List<WriteRequest> batch) {
        Map<String, List<WriteRequest>> pending = Map.of(table, batch);
        for (int round = 0; !pending.isEmpty(); round++) {
            if (round > 20) throw new IllegalStateException("DynamoDB Local keeps items unprocessed");
            Map<String, List<WriteRequest>> ask = pending;
            BatchWriteItemResponse r = client.batchWriteItem(b -> b.requestItems(ask));
            pending = r.hasUnprocessedItems() ? r.unprocessedItems() : Map.of();
        }
    }

    /** The event file's text for instance {@code i}: its ids, idempotency key, portal and bus event ids made unique. */
    static String event(String text, String tag, int i) {
        String out = text.replace(JOB, jobId(tag, i)).replace(REQUEST, requestId(tag, i));
        out = replaceAll(IDEMPOTENCY, out, m -> m.group(1) + UUID.randomUUID() + m.group(2));
        out = replaceAll(BUS_ID, out, m -> m.group(1) + UUID.randomUUID() + m.group(2));
        String portalEvent = "evt_" + (tag + i + "_" + UUID.randomUUID().toString().replace("-", "")).toUpperCase();
        return PORTAL_EVENT.matcher(out).replaceAll(portalEvent.substring(0, Math.min(portalEvent.length(), 60)));
    }

    private static String replaceAll(Pattern p, String text, java.util.function.Function<Matcher, String> f) {
        Matcher m = p.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) m.appendReplacement(sb, Matcher.quoteReplacement(f.apply(m)));
        m.appendTail(sb);
        return sb.toString();
    }

    private static boolean mentions(Map<String, AttributeValue> item) {
        for (AttributeValue v : item.values()) if (mentions(v)) return true;
        return false;
    }

    private static boolean mentions(AttributeValue v) {
        if (v.s() != null) return v.s().contains(JOB) || v.s().contains(REQUEST);
        if (v.hasSs()) return v.ss().stream().anyMatch(s -> s.contains(JOB) || s.contains(REQUEST));
        if (v.hasL()) return v.l().stream().anyMatch(Instances::mentions);
        if (v.hasM()) return v.m().values().stream().anyMatch(Instances::mentions);
        return false;
    }

    private static AttributeValue substitute(AttributeValue v, String job, String req) {
        if (v.s() != null) return AttributeValue.fromS(v.s().replace(JOB, job).replace(REQUEST, req));
        if (v.hasSs()) return AttributeValue.fromSs(v.ss().stream().map(s -> s.replace(JOB, job).replace(REQUEST, req)).toList());
        if (v.hasL()) return AttributeValue.fromL(v.l().stream().map(x -> substitute(x, job, req)).toList());
        if (v.hasM()) {
            Map<String, AttributeValue> m = new LinkedHashMap<>();
            v.m().forEach((k, x) -> m.put(k, substitute(x, job, req)));
            return AttributeValue.fromM(m);
        }
        return v;
    }
}
