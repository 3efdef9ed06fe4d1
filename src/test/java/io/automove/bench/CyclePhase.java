package io.automove.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.automove.adapters.dynamodb.DynamoWorkflowStore;
import io.automove.localstack.LocalBus;
import io.automove.localstack.StreamReader;
import io.automove.localstack.StreamRecords;
import io.automove.localstack.Template;
import io.automove.model.ClientRequest;
import io.automove.model.Job;
import io.automove.model.RequestStatus;
import io.automove.emulators.BenchCloud;
import io.automove.handlers.BenchScenarios;
import io.automove.handlers.Wiring;
import io.automove.usecases.ports.EventPublisher;
import io.automove.usecases.ports.Mailer;
import io.automove.usecases.ports.Read;
import io.automove.support.Json;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.event.ruler.GenericMachine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Part 3: the economy of one full cycle. Every function of template.yaml runs in this JVM on the ports, over one
 * DynamoDB client (DynamoDB Local over HTTP) carrying {@link CapacityMeter}; the plumbing of the cloud is played
 * here as the emulator tier plays it: the table's stream (DynamoDB Local's) through the template's filter into the
 * relay, one record per invocation; what the relay publishes through the template's rules (Event Ruler) to the
 * functions. The cycle: the owner moves a job into a stage with Send client request and automove (the route of
 * move-job.json) -> the request is made, linked and emailed -> the client does not answer: the clock moves on to
 * the request's first reminder, the reminder sweep's schedule fires (scheduled-tick.json) and the reminder is
 * emailed -> the client's signed submission (submit.json) -> the job moves into a stage without automations. Run
 * {@code cycles} times on separate jobs; every cycle must cost the same.
 */
final class CyclePhase {
    static final String MOVE_ROUTE = "POST /jobs/{jobId}/move";
    static final String WEBHOOK_ROUTE = "POST /webhooks/client-portal";
    static final String SWEEP_FUNCTION = "ReminderSweepFunction";
    static final String SWEEP_TRIGGER = "schedule tick";

    /** One Lambda invocation of the cycle and what it did. */
    record Invocation(String functionId, String trigger, List<CapacityMeter.Call> calls, int eventsPublished,
                      int putEventsCalls, int emails, int recipients, int streamRecords) {}

    /** What DynamoDB Local reports for a TransactWriteItems of two new 1-unit items, and for a new item in GSI1. */
    record Calibration(double twoItemTransaction, double itemWithIndexKeys, double itemWithoutIndexKeys,
                       boolean localDoublesTransactions) {}


    /** The stored size, in bytes as DynamoDB counts them, of each item the first cycle left, by kind. */
    record Sizes(Map<String, Integer> bytes, Map<String, List<Map.Entry<String, Integer>>> attributes, boolean keysOnlyIndex) {}

    record Result(List<List<Invocation>> cycles, Calibration calibration, boolean identical, List<String> differences,
                  int relayBatchesIfGrouped, List<String> unroutedEvents, Sizes sizes, double seconds) {
        List<Invocation> first() { return cycles.get(0); }
    }

    private CyclePhase() {}

    static Result run(Template template, BenchCloud cloud, int cycles) throws Exception {
        long started = System.nanoTime();
        cloud.freshTable();
        Calibration calibration = calibrate(cloud.dynamo());

        String moveFile = fileWithRoute(MOVE_ROUTE);
        String webhookFile = fileWithRoute(WEBHOOK_ROUTE);
        String tickFile = SWEEP_FUNCTION + "/scheduled-tick.json";
        BenchScenarios.seed(cloud.dynamo(), BenchCloud.TABLE, moveFile);
        Instances jobs = Instances.capture(cloud.dynamo(), BenchCloud.TABLE);
        jobs.replicate("e", 0, cycles);

        boolean keysOnly = cloud.dynamo().describeTable(b -> b.tableName(BenchCloud.TABLE)).table().globalSecondaryIndexes()
                .stream().allMatch(i -> i.projection().projectionTypeAsString().equals("KEYS_ONLY"));
        CapacityMeter meter = new CapacityMeter(cloud.dynamo(), keysOnly);
        DynamoDbClient metered = Functions.dynamo(cloud.dynamoUri(), meter);
        DynamoWorkflowStore inspect = new DynamoWorkflowStore(cloud.dynamo(), BenchCloud.TABLE);

        // the ledger of the invocation in progress; the stand-ins for SES and EventBridge book on it too
        int[] mail = new int[2];
        int[] bus = new int[2];
        Map<String, RequestStreamHandler> handlers = new LinkedHashMap<>();
        List<Invocation> ledger = new ArrayList<>();
        Map<String, String> functionOfRoute = new LinkedHashMap<>();
        Template.Function relay = null;
        GenericMachine<String> filter = new GenericMachine<>();
        Mailer mailer = email -> {
            mail[0]++;
            mail[1]++;
            return "bench-" + mail[0];
        };
        LocalBus[] busHolder = new LocalBus[1];
        List<String> unrouted = new ArrayList<>();
        EventPublisher publisher = events -> {
            bus[0] += events.size();
            bus[1] += (events.size() + 9) / 10; // PutEvents takes ten entries a call
            for (EventPublisher.Event e : events) {
                String envelope = Json.write(Map.of("version", "0", "id", "x", "detail-type", e.detailType(),
                        "source", io.automove.adapters.events.EventCodec.SOURCE, "account", "000000000000",
                        "time", "2025-01-01T00:00:00Z", "region", "us-east-1", "resources", List.of(),
                        "detail", Json.parse(e.detailJson())));
                if (busHolder[0].matchingRules(envelope).isEmpty()) unrouted.add(e.detailType());
            }
            busHolder[0].publish(events);
        };
        // one clock for every function, moved on to each request's reminder (as the local stack's /_local/clock does)
        MovableClock clock = new MovableClock();
        for (Template.Function f : template.functions()) {
            Wiring wiring = Wiring.onDynamo(metered, mailer, publisher, clock, Wiring.randomIds(),
                    Functions.settings(template, f));
            handlers.put(f.logicalId(), Functions.handler(f, wiring));
            f.routes().forEach(r -> functionOfRoute.put(r.routeKey(), f.logicalId()));
            if (!f.streams().isEmpty()) {
                relay = f;
                List<String> patterns = f.streams().get(0).filterPatterns();
                for (int i = 0; i < patterns.size(); i++) filter.addRule("filter" + i, patterns.get(i));
            }
        }
        if (relay == null) throw new IllegalStateException("no function reads the table's stream");
        Invoker invoker = new Invoker(handlers, meter, ledger, mail, bus);
        LocalBus localBus = new LocalBus((functionId, envelope) -> invoker.invoke(functionId, trigger(envelope), envelope, 0),
                clock, null, 0);
        busHolder[0] = localBus;
        for (Template.Function f : template.functions()) {
            for (Template.BusRule rule : f.rules()) localBus.addRule(rule.name(), f.logicalId(), rule.pattern());
        }
        String streamArn = cloud.dynamo().describeTable(b -> b.tableName(BenchCloud.TABLE)).table().latestStreamArn();
        StreamReader stream = new StreamReader(cloud.streams(), streamArn);
        stream.next(); // the seeded items: not part of the cycle

        String moveText = Functions.eventText(moveFile);
        String webhookText = Functions.eventText(webhookFile);
        String tickText = Functions.eventText(tickFile);
        if (!handlers.containsKey(SWEEP_FUNCTION)) throw new IllegalStateException("template.yaml has no " + SWEEP_FUNCTION);
        List<List<Invocation>> results = new ArrayList<>();
        int[] grouped = {0};
        List<String> unroutedFirst = new ArrayList<>();
        Map<String, Integer> sizes = new LinkedHashMap<>();
        Map<String, List<Map.Entry<String, Integer>>> attributes = new LinkedHashMap<>();
        for (int c = 0; c < cycles; c++) {
            ledger.clear();
            unrouted.clear();
            String jobId = Instances.jobId("e", c);
            invoker.invoke(functionOfRoute.get(MOVE_ROUTE), MOVE_ROUTE, Functions.instanceEvent(moveFile, moveText, "e", c), 200);
            settle(stream, streamArn, filter, relay.logicalId(), invoker, localBus, grouped, c == 0);
            Job moved = inspect.job(BenchScenarios.FIRM, jobId, Read.CONSISTENT).orElseThrow();
            if (moved.requestIds().size() != 1) throw new IllegalStateException("cycle " + c + ": the stage made " + moved.requestIds());
            String requestId = moved.requestIds().iterator().next();
            // the client does not answer: the first reminder comes due, the sweep's schedule fires, it is emailed
            ClientRequest sent = inspect.clientRequest(BenchScenarios.FIRM, requestId, Read.CONSISTENT).orElseThrow();
            if (sent.reminders().nextAt() == null) throw new IllegalStateException("cycle " + c + ": the request has no reminder");
            clock.moveTo(sent.reminders().nextAt().plusSeconds(60));
            invoker.invoke(SWEEP_FUNCTION, SWEEP_TRIGGER, tickText, 0);
            settle(stream, streamArn, filter, relay.logicalId(), invoker, localBus, grouped, c == 0);
            if (inspect.clientRequest(BenchScenarios.FIRM, requestId, Read.CONSISTENT).orElseThrow().reminders().sent() != 1) {
                throw new IllegalStateException("cycle " + c + ": the sweep did not take the reminder");
            }
            String webhook = BenchScenarios.resigned(Instances.event(webhookText.replace(BenchScenarios.REQUEST, requestId), "e", c),
                    BenchCloud.SECRET, clock.instant());
            invoker.invoke(functionOfRoute.get(WEBHOOK_ROUTE), WEBHOOK_ROUTE, webhook, 200);
            settle(stream, streamArn, filter, relay.logicalId(), invoker, localBus, grouped, c == 0);

            Job end = inspect.job(BenchScenarios.FIRM, jobId, Read.CONSISTENT).orElseThrow();
            ClientRequest request = inspect.clientRequest(BenchScenarios.FIRM, requestId, Read.CONSISTENT).orElseThrow();
            if (!end.stageId().equals(BenchScenarios.REVIEW) || request.status() != RequestStatus.SUBMITTED) {
                throw new IllegalStateException("cycle " + c + " did not complete: job in " + end.stageId() + ", request " + request.status());
            }
            if (!localBus.deadLetters().isEmpty()) throw new IllegalStateException("dead letters: " + localBus.deadLetters());
            results.add(List.copyOf(ledger));
            if (c == 0) {
                unroutedFirst.addAll(unrouted);
                itemSizes(cloud, jobId, requestId, sizes, attributes);
            }
            System.out.printf("cycle %d: %d invocations, %d DynamoDB calls%n", c + 1, ledger.size(),
                    ledger.stream().mapToInt(i -> i.calls().size()).sum());
        }
        List<String> differences = new ArrayList<>();
        for (int c = 1; c < results.size(); c++) {
            if (!shape(results.get(c)).equals(shape(results.get(0)))) differences.add("cycle " + (c + 1) + ": " + shape(results.get(c)));
        }
        return new Result(results, calibration, differences.isEmpty(), differences, grouped[0], List.copyOf(unroutedFirst),
                new Sizes(sizes, attributes, keysOnly), (System.nanoTime() - started) / 1e9);
    }

    /** The job, the client request and the portal event item as the cycle left them (requests go by the first key). */
    private static void itemSizes(BenchCloud cloud, String jobId, String requestId, Map<String, Integer> sizes,
                                  Map<String, List<Map.Entry<String, Integer>>> attributes) {
        for (var item : cloud.dynamo().scan(b -> b.tableName(BenchCloud.TABLE)).items()) {
            String pk = item.get("PK").s();
            String kind = pk.endsWith("#JOB#" + jobId) ? "job" : pk.endsWith("#REQUEST#" + requestId) ? "client request"
                    : item.containsKey("requestId") && item.get("requestId").s().equals(requestId) && pk.contains("#PORTALEVENT#")
                    ? "portal event" : null;
            if (kind == null) continue;
            sizes.put(kind, ItemSize.of(item));
            attributes.put(kind, ItemSize.attributes(item));
        }
    }

    /** What must be equal from cycle to cycle: functions, calls and units, in order. */
    static List<String> shape(List<Invocation> cycle) {
        List<String> out = new ArrayList<>();
        for (Invocation i : cycle) {
            StringBuilder sb = new StringBuilder(i.functionId()).append(' ').append(i.trigger());
            for (CapacityMeter.Call c : i.calls()) sb.append(' ').append(c.operation()).append(c.consistency()).append(c.reportedUnits());
            sb.append(" ev").append(i.eventsPublished()).append(" mail").append(i.emails());
            out.add(sb.toString());
        }
        return out;
    }

    /** Runs the plumbing until nothing moves: stream records through the filter to the relay, bus deliveries. */
    private static void settle(StreamReader stream, String streamArn, GenericMachine<String> filter, String relay,
                               Invoker invoker, LocalBus bus, int[] grouped, boolean count) throws Exception {
        for (int quiet = 0, rounds = 0; quiet < 3; rounds++) {
            if (rounds > 2000) throw new IllegalStateException("the cycle does not settle");
            int moved = 0;
            List<Record> records = stream.next();
            int batch = 0;
            for (Record r : records) {
                Map<String, Object> lambdaRecord = StreamRecords.lambdaRecord(r, streamArn);
                if (filter.rulesForJSONEvent(Json.write(lambdaRecord)).isEmpty()) continue;
                invoker.invoke(relay, "stream record with an outbox", StreamRecords.event(List.of(lambdaRecord)), 0);
                batch++;
                moved++;
            }
            if (count && batch > 0) grouped[0]++;
            moved += bus.drain();
            if (moved == 0) {
                quiet++;
                Thread.sleep(15);
            } else {
                quiet = 0;
            }
        }
    }

    /** The wall clock, moved on by the cycle; never back. */
    static final class MovableClock extends Clock {
        private volatile java.time.Duration offset = java.time.Duration.ZERO;

        void moveTo(java.time.Instant at) {
            java.time.Duration by = java.time.Duration.between(instant(), at);
            if (!by.isNegative()) offset = offset.plus(by);
        }

        @Override public java.time.ZoneId getZone() { return java.time.ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public java.time.Instant instant() { return Clock.systemUTC().instant().plus(offset); }
    }

    private static String trigger(String envelope) {
        return Json.parse(envelope).field("detail-type").map(JsonNode::asString).orElse("?");
    }

    /** Invokes handlers in this thread, booking every DynamoDB call, email and published event on the invocation. */
    static final class Invoker {
        private final Map<String, RequestStreamHandler> handlers;
        private final CapacityMeter meter;
        private final List<Invocation> ledger;
        private final int[] mail;
        private final int[] bus;

        Invoker(Map<String, RequestStreamHandler> handlers, CapacityMeter meter, List<Invocation> ledger, int[] mail, int[] bus) {
            this.handlers = handlers;
            this.meter = meter;
            this.ledger = ledger;
            this.mail = mail;
            this.bus = bus;
        }

        void invoke(String functionId, String trigger, String event, int expectedStatus) throws Exception {
            RequestStreamHandler handler = Objects.requireNonNull(handlers.get(functionId), functionId);
            List<CapacityMeter.Call> calls = new ArrayList<>();
            int mail0 = mail[0], rcpt0 = mail[1], ev0 = bus[0], put0 = bus[1];
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            meter.begin(calls);
            try {
                handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                        Functions.context(functionId));
            } finally {
                meter.begin(null);
            }
            String output = out.toString(StandardCharsets.UTF_8);
            if (expectedStatus > 0 && !output.contains("\"statusCode\":" + expectedStatus)) {
                throw new IllegalStateException(functionId + " answered " + Functions.abbreviate(output));
            }
            if (output.contains("batchItemFailures") && !output.contains("\"batchItemFailures\":[]")) {
                throw new IllegalStateException(functionId + " reported " + output);
            }
            int records = trigger.startsWith("stream") ? 1 : 0;
            ledger.add(new Invocation(functionId, trigger, calls, bus[0] - ev0, bus[1] - put0, mail[0] - mail0,
                    mail[1] - rcpt0, records));
        }
    }

    static String fileWithRoute(String routeKey) throws Exception {
        for (String relative : BenchScenarios.eventFiles()) {
            if (!BenchScenarios.hasScenario(relative)) continue;
            String key = Json.parse(Functions.eventText(relative)).field("routeKey").map(JsonNode::asString).orElse("");
            if (key.equals(routeKey)) return relative;
        }
        throw new IllegalStateException("no file in events/ for " + routeKey);
    }

    /** Asks DynamoDB Local directly what it charges for a two-item transaction and for an item inside GSI1. */
    static Calibration calibrate(DynamoDbClient client) {
        String t = BenchCloud.TABLE;
        Map<String, AttributeValue> a = Map.of("PK", AttributeValue.fromS("BENCH#calibration#a"), "SK", AttributeValue.fromS("X"));
        Map<String, AttributeValue> b = Map.of("PK", AttributeValue.fromS("BENCH#calibration#b"), "SK", AttributeValue.fromS("X"));
        double tx = client.transactWriteItems(r -> r.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).transactItems(
                TransactWriteItem.builder().put(Put.builder().tableName(t).item(a).build()).build(),
                TransactWriteItem.builder().put(Put.builder().tableName(t).item(b).build()).build()))
                .consumedCapacity().stream().mapToDouble(c -> c.capacityUnits() == null ? 0 : c.capacityUnits()).sum();
        Map<String, AttributeValue> indexed = new LinkedHashMap<>(Map.of("PK", AttributeValue.fromS("BENCH#calibration#c"),
                "SK", AttributeValue.fromS("X"), "GSI1PK", AttributeValue.fromS("BENCH#calibration"), "GSI1SK", AttributeValue.fromS("c")));
        double withIndex = client.putItem(r -> r.tableName(t).item(indexed).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
                .consumedCapacity().capacityUnits();
        Map<String, AttributeValue> plain = Map.of("PK", AttributeValue.fromS("BENCH#calibration#d"), "SK", AttributeValue.fromS("X"));
        double without = client.putItem(r -> r.tableName(t).item(plain).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
                .consumedCapacity().capacityUnits();
        return new Calibration(tx, withIndex, without, tx >= 3.5);
    }
}
