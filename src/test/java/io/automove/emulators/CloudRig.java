package io.automove.emulators;

import io.automove.localstack.HttpEvents;
import io.automove.localstack.HttpApi;
import io.automove.localstack.Routes;
import io.automove.localstack.StreamReader;
import io.automove.localstack.StreamRecords;
import io.automove.localstack.Template;
import io.automove.handlers.OutboxRelayHandler;
import io.automove.usecases.ports.EventPublisher;
import io.automove.support.Json;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.event.ruler.GenericMachine;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * template.yaml deployed on emulators, as far as it can be without AWS: the table (from its definition, stream
 * on), the bus and every rule with its exact EventPattern, each rule targeting an SQS queue in place of its
 * function, the SES sender identity verified, and every function running in its own Lambda runtime from its
 * deployment package. The rig plays the parts of the AWS plumbing that emulators lack: it reads the table
 * stream into the relay (applying the template's filter), and hands what the bus routed to each queue to the
 * rule's function. Everything in between is the functions' own SDK calls over HTTP.
 */
public final class CloudRig implements AutoCloseable {
    static final String TABLE = "automove-emulated";
    static final String BUS = "automove-emulated-bus";
    static final String SENDER = "requests@bianchi-tax.example";
    static final String PORTAL = "https://portal.bianchi-tax.example";
    static final String SECRET = "emulated-portal-secret-0123456789abcdef";

    /** One bus event as a queue received it: which rule routed it there. */
    record Arrival(String rule, JsonNode envelope) {}

    final Emulators emulators;
    final Template template;
    final DynamoDbClient dynamo;
    final SesClient ses;
    final EventBridgeClient events;
    final SqsClient sqs;
    private final Routes routes;
    private final Map<String, LambdaContainer> containers = new ConcurrentHashMap<>();
    private final Map<String, String> queueOfRule = new LinkedHashMap<>();
    private final Map<String, String> functionOfRule = new LinkedHashMap<>();
    private final Map<String, String> patternOfRule = new LinkedHashMap<>();
    private final Map<String, String> secretArns = new LinkedHashMap<>();
    private final StreamReader stream;
    private final String relayFunction;
    private final GenericMachine<String> streamFilter = new GenericMachine<>();
    /** What the relay was given to publish (the outbox entries new in each record), in order. */
    final List<EventPublisher.Event> relayed = new ArrayList<>();
    final List<Arrival> arrivals = new ArrayList<>();

    CloudRig(Emulators emulators, Path templateFile) throws Exception {
        this.emulators = emulators;
        this.template = Template.load(templateFile);
        this.routes = new Routes(template);
        this.dynamo = emulators.dynamoClient();
        this.ses = emulators.sesClient();
        this.events = emulators.eventsClient();
        this.sqs = emulators.sqsClient();

        dynamo.createTable(template.createTable(template.tableLogicalId(), TABLE));
        ses.verifyEmailIdentity(b -> b.emailAddress(SENDER));
        secretArns.putAll(createSecrets(template, emulators));
        events.createEventBus(b -> b.name(BUS));
        String relay = null;
        for (Template.Function f : template.functions()) {
            for (Template.BusRule rule : f.rules()) {
                String ruleName = rule.name().replace('.', '-');
                String queueUrl = sqs.createQueue(b -> b.queueName(ruleName)).queueUrl();
                String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                        .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
                events.putRule(b -> b.name(ruleName).eventBusName(BUS).eventPattern(rule.pattern()));
                events.putTargets(b -> b.rule(ruleName).eventBusName(BUS).targets(t -> t.id("queue").arn(queueArn)));
                queueOfRule.put(ruleName, queueUrl);
                functionOfRule.put(ruleName, f.logicalId());
                patternOfRule.put(ruleName, rule.pattern());
            }
            for (Template.StreamSource s : f.streams()) {
                relay = f.logicalId();
                for (int i = 0; i < s.filterPatterns().size(); i++) streamFilter.addRule("filter" + i, s.filterPatterns().get(i));
            }
        }
        this.relayFunction = relay;
        String streamArn = dynamo.describeTable(b -> b.tableName(TABLE)).table().latestStreamArn();
        this.stream = new StreamReader(emulators.streamsClient(), streamArn);
        startAll();
    }

    /** The references of the template, resolved to what exists on the emulators. */
    Map<String, String> refs() { return refs(template, secretArns); }

    /** Each secret of the template made on the emulators with {@link #SECRET}: logical id to ARN. */
    static Map<String, String> createSecrets(Template template, Emulators emulators) {
        Map<String, String> arns = new LinkedHashMap<>();
        for (String secret : template.resourcesOfType("AWS::SecretsManager::Secret")) {
            arns.put(secret, emulators.secretsClient().createSecret(b -> b.name(secret).secretString(SECRET)).arn());
        }
        return arns;
    }

    /** The template's references resolved to the emulated table, bus, parameters and {@code secretArns}. */
    static Map<String, String> refs(Template template, Map<String, String> secretArns) {
        Map<String, String> refs = new HashMap<>();
        refs.put(template.tableLogicalId(), TABLE);
        template.resourcesOfType("AWS::Events::EventBus").forEach(b -> refs.put(b, BUS));
        refs.put("SenderEmail", SENDER);
        refs.put("PortalBaseUrl", PORTAL);
        // each test of the rig founds a firm of its own on the one stack, as a multi-firm deployment allows
        refs.put("FirmCreation", "MultiFirm");
        refs.putAll(secretArns);
        return refs;
    }

    private void startAll() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> started = new ArrayList<>();
            for (Template.Function f : template.functions()) {
                started.add(pool.submit(() -> {
                    Map<String, String> env = new HashMap<>(template.environment(f, refs()));
                    env.putAll(emulators.functionEnvironment());
                    containers.put(f.logicalId(), new LambdaContainer(f.logicalId(), f.handler(),
                            FunctionPackages.of(f.logicalId()), env, Path.of("target", "emulators", f.logicalId() + ".log")));
                    return null;
                }));
            }
            for (Future<?> f : started) f.get();
        } finally {
            pool.shutdown();
        }
    }

    private Emulators owned;

    /** Starts the emulators and deploys the template on them; closing the rig stops them. */
    public static CloudRig deploy() throws Exception {
        Emulators emulators = EmulatorsFactory.start();
        try {
            CloudRig rig = new CloudRig(emulators, io.automove.testing.Stack.TEMPLATE);
            rig.owned = emulators;
            return rig;
        } catch (Exception | Error e) {
            emulators.close();
            throw e;
        }
    }

    LambdaContainer container(String functionId) { return containers.get(functionId); }

    /** Invokes a function with an event, as its trigger would; returns what it answered. */
    public String invoke(String functionId, String event) { return containers.get(functionId).invoke(event); }

    public DynamoDbClient dynamo() { return dynamo; }

    public String tableName() { return TABLE; }

    public String webhookSecret() { return SECRET; }

    /** Drops the table and makes it again from the template: a clean slate for the next case. */
    public void freshTable() {
        dynamo.deleteTable(b -> b.tableName(TABLE));
        dynamo.createTable(template.createTable(template.tableLogicalId(), TABLE));
    }

    /** An HTTP call through the template's routes, as the HTTP API with its JWT authorizer would make it. */
    HttpApi.Response http(String user, String firm, String method, String path, Object body) {
        Routes.Match match = routes.match(method, path.contains("?") ? path.substring(0, path.indexOf('?')) : path)
                .orElseThrow(() -> new IllegalArgumentException("no route " + method + " " + path));
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", user);
        if (firm != null) claims.put("firmId", firm);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        String event = HttpEvents.v2(match.route().routeKey(), path.contains("?") ? path.substring(0, path.indexOf('?')) : path,
                path.contains("?") ? path.substring(path.indexOf('?') + 1) : "", headers, match.pathParameters(),
                body == null ? null : body instanceof String s ? s : Json.write(body),
                match.route().authorized() ? claims : null, Instant.now());
        return HttpApi.response(containers.get(match.functionId()).invoke(event));
    }

    /** The portal's webhook call, signed with the stack's secret. */
    HttpApi.Response webhook(String body, String signature) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("x-portal-signature", signature);
        Routes.Match match = routes.match("POST", "/webhooks/client-portal").orElseThrow();
        String event = HttpEvents.v2(match.route().routeKey(), "/webhooks/client-portal", "", headers, Map.of(), body,
                null, Instant.now());
        return HttpApi.response(containers.get(match.functionId()).invoke(event));
    }

    /**
     * Runs the plumbing until nothing moves: new stream records (through the template's filter) to the relay,
     * and whatever the bus routed into a rule's queue to that rule's function.
     */
    void settle() throws Exception {
        for (int quiet = 0, rounds = 0; quiet < 3; rounds++) {
            if (rounds > 500) throw new IllegalStateException("the emulated stack does not settle");
            int moved = relayStream() + deliverQueues();
            if (moved == 0) {
                quiet++;
                Thread.sleep(30);
            } else {
                quiet = 0;
            }
        }
    }

    private int relayStream() throws Exception {
        List<Record> records = stream.next();
        List<Map<String, Object>> batch = new ArrayList<>();
        for (Record r : records) {
            Map<String, Object> lambdaRecord = StreamRecords.lambdaRecord(r, stream.streamArn());
            if (streamFilter.rulesForJSONEvent(Json.write(lambdaRecord)).isEmpty()) continue;
            batch.add(lambdaRecord);
            var d = r.dynamodb();
            relayed.addAll(OutboxRelayHandler.newEvents(outbox(d.newImage()), outbox(d.oldImage())));
        }
        if (batch.isEmpty()) return records.size();
        JsonNode out = Json.parse(containers.get(relayFunction).invoke(StreamRecords.event(batch)));
        if (!out.field("batchItemFailures").orElseThrow().asArray().isEmpty()) {
            throw new IllegalStateException("the relay reported failures: " + out);
        }
        return records.size();
    }

    private static String outbox(Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> image) {
        if (image == null || !image.containsKey("outbox")) return null;
        return image.get("outbox").s();
    }

    private int deliverQueues() {
        int delivered = 0;
        for (Map.Entry<String, String> q : queueOfRule.entrySet()) {
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(q.getValue()).maxNumberOfMessages(10)
                    .waitTimeSeconds(0)).messages();
            for (Message m : messages) {
                JsonNode envelope = Json.parse(m.body());
                synchronized (arrivals) {
                    arrivals.add(new Arrival(q.getKey(), envelope));
                }
                containers.get(functionOfRule.get(q.getKey())).invoke(m.body());
                sqs.deleteMessage(b -> b.queueUrl(q.getValue()).receiptHandle(m.receiptHandle()));
                delivered++;
            }
        }
        return delivered;
    }

    /** The rules whose template pattern matches an envelope, by AWS's own pattern engine. */
    List<String> rulesMatching(String envelope) throws Exception {
        GenericMachine<String> machine = new GenericMachine<>();
        for (var e : patternOfRule.entrySet()) machine.addRule(e.getKey(), e.getValue());
        return machine.rulesForJSONEvent(envelope);
    }

    Map<String, String> functionOfRule() { return Map.copyOf(functionOfRule); }

    /** Empties every rule's queue: what a failed invocation left there is not for the next test. */
    void purgeQueues() {
        queueOfRule.values().forEach(url -> sqs.purgeQueue(b -> b.queueUrl(url)));
    }

    /** How many emails SES accepted so far. */
    double emailsSent() {
        return ses.getSendQuota().sentLast24Hours();
    }

    @Override
    public void close() {
        containers.values().forEach(LambdaContainer::close);
        if (owned != null) owned.close();
    }
}
