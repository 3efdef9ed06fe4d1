package io.automove.localstack;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.automove.handlers.Settings;
import io.automove.handlers.Wiring;
import io.automove.adapters.dynamodb.DynamoDirectory;
import io.automove.adapters.dynamodb.DynamoWorkflowStore;
import io.automove.usecases.ports.Directory;
import io.automove.usecases.ports.EventPublisher;
import io.automove.usecases.ports.Ids;
import io.automove.usecases.ports.Mailer;
import io.automove.usecases.ports.SecretSource;
import io.automove.usecases.ports.WorkflowStore;
import io.automove.support.Json;
import io.automove.support.Log;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;
import software.amazon.event.ruler.GenericMachine;
import software.amazon.event.ruler.RuleCompiler;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Every function of template.yaml running in this JVM: DynamoDB Local in-process (in memory, or on disk under
 * a data folder), the table created from the template's definition, its stream feeding the stream-triggered
 * functions, the local bus routing by the template's rule patterns, the HTTP routes of the template, and an
 * outbox for mail. Nothing here lists a function, route or rule: they all come from the template.
 *
 * <p>In {@code background} mode the stream and the bus's invocations run on their own threads, as in the cloud;
 * otherwise they wait for {@link #settle()}, which makes tests deterministic.
 */
public final class LocalRuntime implements AutoCloseable {

    /** The ports a function runs on; {@link Options#decorate} may wrap them (fault injection, IAM recording). */
    public record Ports(Directory directory, WorkflowStore store, Mailer mailer, EventPublisher publisher,
                        SecretSource webhookSecrets) {}

    /**
     * {@code decorate} (the functions' ports), {@code decorateDynamo} (the DynamoDB client those ports use) and
     * {@code dispatch} (how the bus queues invocations) are hooks for tests; the launcher never sets them.
     */
    public record Options(Path template, Path dataDir, boolean background, Clock clock, Ids ids,
                          Map<String, String> parameters, UnaryOperator<Ports> decorate,
                          UnaryOperator<DynamoDbClient> decorateDynamo, LocalBus.Dispatch dispatch) {
        public static Options defaults(Path template) {
            return new Options(template, null, false, Clock.systemUTC(), Wiring.randomIds(), Map.of(), p -> p, c -> c,
                    LocalBus.Dispatch.ONCE_IN_ORDER);
        }

        public Options background(boolean on) { return new Options(template, dataDir, on, clock, ids, parameters, decorate, decorateDynamo, dispatch); }
        public Options dataDir(Path dir) { return new Options(template, dir, background, clock, ids, parameters, decorate, decorateDynamo, dispatch); }
        public Options clock(Clock c) { return new Options(template, dataDir, background, c, ids, parameters, decorate, decorateDynamo, dispatch); }
        public Options parameters(Map<String, String> p) { return new Options(template, dataDir, background, clock, ids, p, decorate, decorateDynamo, dispatch); }
        public Options ids(Ids i) { return new Options(template, dataDir, background, clock, i, parameters, decorate, decorateDynamo, dispatch); }
        public Options decorate(UnaryOperator<Ports> d) { return new Options(template, dataDir, background, clock, ids, parameters, d, decorateDynamo, dispatch); }
        public Options decorateDynamo(UnaryOperator<DynamoDbClient> d) { return new Options(template, dataDir, background, clock, ids, parameters, decorate, d, dispatch); }
        public Options dispatch(LocalBus.Dispatch d) { return new Options(template, dataDir, background, clock, ids, parameters, decorate, decorateDynamo, d); }
    }

    public record Response(int status, Map<String, String> headers, String body) {
        public JsonNode json() { return Json.parse(body); }
    }

    /** The local value of the PortalWebhookSecret parameter, unless the launcher is given another. */
    public static final String LOCAL_WEBHOOK_SECRET = "local-portal-secret";

    /** Local values of the template's parameters, for those the caller does not give. */
    public static final Map<String, String> LOCAL_PARAMETERS = Map.of(
            "SenderEmail", "requests@automove.local",
            "PortalBaseUrl", "http://localhost:3000/_local/portal",
            "PortalWebhookSecret", LOCAL_WEBHOOK_SECRET,
            "JwtIssuer", "http://localhost/local-issuer",
            "JwtAudience", "local");

    public static final int STREAM_ATTEMPTS = 5;

    private record StreamBinding(Template.StreamSource source, String functionId, GenericMachine<String> filter) {}

    private final Options options;
    private final Template template;
    private final AmazonDynamoDBLocal dynamoLocal;
    private final DynamoDbClient dynamo;
    private final DynamoDbStreamsClient streams;
    private final String tableName;
    private final String busName;
    private final OutboxMailer outbox;
    private final LocalBus bus;
    private final Map<String, RequestStreamHandler> handlers = new LinkedHashMap<>();
    private final Routes routes;
    private final List<StreamBinding> streamBindings = new ArrayList<>();
    private final Map<String, StreamReader> readers = new LinkedHashMap<>(); // per stream consumer (function)
    private final List<String> streamDeadLetters = new ArrayList<>();
    private final ScheduledExecutorService busExecutor;
    private final ScheduledExecutorService streamExecutor;
    private final Map<String, String> parameters = new HashMap<>();
    private volatile long idleSince = System.nanoTime();
    private volatile long nextPollAt;

    public LocalRuntime(Options options) {
        this.options = options;
        this.template = Template.load(options.template());
        parameters.putAll(LOCAL_PARAMETERS);
        parameters.putAll(options.parameters());
        this.tableName = "automove-local";
        this.busName = "automove-local-bus";
        this.dynamoLocal = DynamoDBEmbedded.create(options.dataDir() == null ? null
                : options.dataDir().resolve("dynamodb").toFile(), false);
        if (options.dataDir() != null) options.dataDir().resolve("dynamodb").toFile().mkdirs();
        this.dynamo = dynamoLocal.dynamoDbClient();
        this.streams = dynamoLocal.dynamoDbStreamsClient();
        String tableId = template.tableLogicalId();
        try {
            dynamo.createTable(template.createTable(tableId, tableName));
        } catch (ResourceInUseException exists) {
            // the data folder already has it: keep the data
        }
        this.outbox = new OutboxMailer(parameters.get("SenderEmail"),
                options.dataDir() == null ? null : options.dataDir().resolve("outbox"), options.clock());
        this.busExecutor = options.background() ? Executors.newScheduledThreadPool(4, daemon("local-bus")) : null;
        this.bus = new LocalBus(this::invokeOrThrow, options.clock(), busExecutor, 100, options.dispatch());
        DynamoDbClient client = options.decorateDynamo().apply(dynamo);
        // locally the webhook secret is the PortalWebhookSecret parameter, not a Secrets Manager secret
        List<String> secret = List.of(parameters.get("PortalWebhookSecret"));
        Ports ports = options.decorate().apply(new Ports(new DynamoDirectory(client, tableName),
                new DynamoWorkflowStore(client, tableName), outbox, bus, () -> secret));
        for (Template.Function f : template.functions()) wire(f, ports, tableId);
        this.routes = new Routes(template);
        if (options.background()) {
            streamExecutor = Executors.newSingleThreadScheduledExecutor(daemon("local-stream"));
            streamExecutor.scheduleWithFixedDelay(this::pumpQuietly, 5, 5, TimeUnit.MILLISECONDS);
        } else {
            streamExecutor = null;
        }
    }

    private void wire(Template.Function f, Ports ports, String tableId) {
        Settings settings = Settings.fromEnvironment(environment(f, tableId));
        Wiring wiring = Wiring.of(ports.directory(), ports.store(), ports.mailer(), ports.publisher(), options.clock(),
                options.ids(), settings).withWebhookSecrets(ports::webhookSecrets);
        RequestStreamHandler handler;
        try {
            Class<?> type = Class.forName(f.handlerClass());
            if (!RequestStreamHandler.class.isAssignableFrom(type)) {
                throw new IllegalStateException("function " + f.logicalId() + ": " + f.handlerClass()
                        + " is not a RequestStreamHandler");
            }
            handler = (RequestStreamHandler) type.getConstructor(Wiring.class).newInstance(wiring);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("function " + f.logicalId() + ": handler class " + f.handlerClass()
                    + " does not exist", e);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("function " + f.logicalId() + ": " + f.handlerClass()
                    + " has no constructor taking Wiring", e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("function " + f.logicalId() + ": cannot create " + f.handlerClass()
                    + ": " + e.getCause(), e);
        }
        handlers.put(f.logicalId(), handler);
        for (Template.BusRule rule : f.rules()) {
            try {
                bus.addRule(rule.name(), f.logicalId(), rule.pattern());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("function " + f.logicalId() + ": " + e.getMessage(), e);
            }
        }
        for (Template.StreamSource s : f.streams()) {
            GenericMachine<String> filter = new GenericMachine<>();
            for (int i = 0; i < s.filterPatterns().size(); i++) {
                String pattern = s.filterPatterns().get(i);
                String error = RuleCompiler.check(pattern);
                if (error != null) {
                    throw new IllegalStateException("function " + f.logicalId() + ": invalid stream filter: " + error);
                }
                try {
                    filter.addRule("filter" + i, pattern);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException("function " + f.logicalId() + ": " + e.getMessage(), e);
                }
            }
            streamBindings.add(new StreamBinding(s, f.logicalId(), s.filterPatterns().isEmpty() ? null : filter));
        }
    }

    /** The function's environment with the template's references resolved to local names and parameters. */
    private Map<String, String> environment(Template.Function f, String tableId) {
        Map<String, String> refs = new HashMap<>(parameters);
        refs.put(tableId, tableName);
        template.resourcesOfType("AWS::Events::EventBus").forEach(bus -> refs.put(bus, busName));
        return template.environment(f, refs);
    }

    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    /**
     * The function this thread is running, if any: how a test's wrapper of the ports or of the DynamoDB client
     * tells whose call it sees (the stack's own calls, outside any function, have none).
     */
    public static java.util.Optional<String> currentFunction() { return java.util.Optional.ofNullable(CURRENT.get()); }

    // --- invoking functions ---

    /** Invokes a function with a JSON event, as Lambda would; returns what the function wrote. */
    public String invoke(String functionId, String eventJson) throws Exception {
        RequestStreamHandler handler = handlers.get(functionId);
        if (handler == null) throw new IllegalArgumentException("no function " + functionId + " in the template");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String outer = CURRENT.get();
        CURRENT.set(functionId);
        try {
            handler.handleRequest(new ByteArrayInputStream(eventJson.getBytes(StandardCharsets.UTF_8)), out,
                    new LocalContext(functionId));
        } finally {
            if (outer == null) CURRENT.remove(); else CURRENT.set(outer);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private void invokeOrThrow(String functionId, String eventJson) throws Exception {
        invoke(functionId, eventJson);
    }

    /**
     * One HTTP request through the template's routes, as the HTTP API would pass it on. On routes with the
     * JWT authorizer the claims come from X-User-Id and X-Firm-Id: local mode only.
     */
    public Response http(String method, String pathAndQuery, Map<String, String> headers, String body) {
        String path = pathAndQuery;
        String rawQuery = "";
        int q = pathAndQuery.indexOf('?');
        if (q >= 0) {
            path = pathAndQuery.substring(0, q);
            rawQuery = pathAndQuery.substring(q + 1);
        }
        Map<String, String> lower = new LinkedHashMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT), v));
        Routes.Match match = routes.match(method, path).orElse(null);
        if (match != null) {
            Map<String, Object> claims = null;
            if (match.route().authorized()) {
                String user = lower.get("x-user-id");
                if (user == null || user.isBlank()) {
                    return new Response(401, Map.of("content-type", "application/json"), "{\"message\":\"Unauthorized\"}");
                }
                claims = new LinkedHashMap<>();
                claims.put("sub", user);
                if (lower.get("x-firm-id") != null) claims.put("firmId", lower.get("x-firm-id"));
            }
            String event = HttpEvents.v2(match.route().routeKey(), path, rawQuery, lower, match.pathParameters(), body,
                    claims, options.clock().instant());
            wake();
            try {
                return response(invoke(match.functionId(), event));
            } catch (Exception e) {
                Log.error("function failed", e, "function", match.functionId());
                return new Response(500, Map.of("content-type", "application/json"), "{\"message\":\"Internal Server Error\"}");
            }
        }
        return new Response(404, Map.of("content-type", "application/json"), "{\"message\":\"Not Found\"}");
    }

    /** A payload 2.0 response document as the HTTP API turns it into an HTTP response. */
    public static Response response(String functionOutput) {
        JsonNode out = Json.parse(functionOutput);
        Map<String, String> headers = new LinkedHashMap<>();
        out.field("headers").ifPresent(h -> h.asObject().forEach((k, v) -> headers.put(k, v.asString())));
        int status = Integer.parseInt(out.field("statusCode").map(JsonNode::asNumber).orElse("200"));
        return new Response(status, headers, out.field("body").filter(b -> !b.isNull()).map(JsonNode::asString).orElse(null));
    }

    // --- the table's stream ---

    /** Reads new stream records and hands them to the stream-triggered functions; returns how many were read. */
    public synchronized int pumpStream() {
        int read = 0;
        for (StreamBinding binding : streamBindings) {
            List<software.amazon.awssdk.services.dynamodb.model.Record> records = reader(binding).next();
            read += records.size();
            deliverRecords(binding, records);
        }
        return read;
    }

    private StreamReader reader(StreamBinding binding) {
        return readers.computeIfAbsent(binding.functionId(), id -> {
            String arn = dynamo.describeTable(b -> b.tableName(tableName)).table().latestStreamArn();
            StreamReader reader = new StreamReader(streams, arn);
            reader.restore(savedPositions(id));
            return reader;
        });
    }

    private void deliverRecords(StreamBinding binding, List<software.amazon.awssdk.services.dynamodb.model.Record> records) {
        String streamArn = reader(binding).streamArn();
        List<Map<String, Object>> batch = new ArrayList<>();
        List<String> sequences = new ArrayList<>();
        for (var r : records) {
            Map<String, Object> lambdaRecord = StreamRecords.lambdaRecord(r, streamArn);
            if (binding.filter() == null || matches(binding.filter(), Json.write(lambdaRecord))) {
                batch.add(lambdaRecord);
                sequences.add(r.dynamodb().sequenceNumber());
            }
            if (batch.size() >= binding.source().batchSize()) {
                deliverBatch(binding, batch, sequences);
                batch = new ArrayList<>();
                sequences = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) deliverBatch(binding, batch, sequences);
        if (!records.isEmpty()) savePositions();
    }

    /** Where each stream consumer stands survives a restart on a data folder, as an event source mapping's does. */
    private Path positionsFile() {
        return options.dataDir() == null ? null : options.dataDir().resolve("stream-positions.properties");
    }

    private void savePositions() {
        Path file = positionsFile();
        if (file == null) return;
        java.util.Properties p = new java.util.Properties();
        readers.forEach((fn, reader) -> reader.positions().forEach((shard, seq) -> p.put(fn + "/" + shard, seq)));
        try (var out = java.nio.file.Files.newOutputStream(file)) {
            p.store(out, "last stream sequence number relayed, per consumer and shard");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Map<String, String> savedPositions(String functionId) {
        Path file = positionsFile();
        Map<String, String> saved = new HashMap<>();
        if (file == null || !java.nio.file.Files.exists(file)) return saved;
        java.util.Properties p = new java.util.Properties();
        try (var in = java.nio.file.Files.newInputStream(file)) {
            p.load(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        p.forEach((k, v) -> {
            String key = (String) k;
            if (key.startsWith(functionId + "/")) saved.put(key.substring(functionId.length() + 1), (String) v);
        });
        return saved;
    }

    private static boolean matches(GenericMachine<String> filter, String json) {
        try {
            return !filter.rulesForJSONEvent(json).isEmpty();
        } catch (Exception e) {
            throw new IllegalStateException("stream record not matchable", e);
        }
    }

    /** Retries from the first reported failure, in order, as Lambda's stream pollers do; then gives up on it. */
    private void deliverBatch(StreamBinding binding, List<Map<String, Object>> batch, List<String> sequences) {
        int from = 0;
        for (int attempt = 1; from < batch.size(); attempt++) {
            String failedAt = null;
            try {
                String out = invoke(binding.functionId(), StreamRecords.event(batch.subList(from, batch.size())));
                failedAt = Json.parse(out).field("batchItemFailures").map(JsonNode::asArray).orElse(List.of()).stream()
                        .map(f -> f.field("itemIdentifier").map(JsonNode::asString).orElse(null))
                        .findFirst().orElse(null);
                if (failedAt == null) return;
            } catch (Exception e) {
                failedAt = sequences.get(from);
            }
            int index = sequences.indexOf(failedAt);
            from = index < 0 ? from : index;
            if (attempt >= STREAM_ATTEMPTS) {
                synchronized (streamDeadLetters) {
                    streamDeadLetters.add(binding.functionId() + " " + sequences.get(from));
                }
                from++;
                attempt = 0;
            }
        }
    }

    /** Background polling: every 5 ms while busy or just after an HTTP call, every 50 ms after a second of quiet. */
    private void pumpQuietly() {
        long now = System.nanoTime();
        if (now < nextPollAt) return;
        try {
            if (pumpStream() > 0 || bus.pending() > 0) idleSince = now;
        } catch (RuntimeException e) {
            Log.error("stream pump failed", e);
        }
        if (now - idleSince > 1_000_000_000L) nextPollAt = now + 50_000_000L;
    }

    private void wake() {
        idleSince = System.nanoTime();
        nextPollAt = 0;
    }

    /** Runs everything that is pending, in this thread, until nothing is left (foreground mode). */
    public void settle() {
        if (options.background()) {
            awaitIdle(Duration.ofSeconds(30));
            return;
        }
        for (int rounds = 0; rounds < 10_000; rounds++) {
            int read = pumpStream();
            int ran = bus.drain();
            if (read == 0 && ran == 0) return;
        }
        throw new IllegalStateException("the local stack did not settle: an event loop?");
    }

    /** Waits until the stream has nothing new and no invocation is pending (background mode). */
    public void awaitIdle(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        int quiet = 0;
        while (Instant.now().isBefore(deadline)) {
            int read = options.background() ? pumpStream() : pumpStream() + bus.drain();
            quiet = read == 0 && bus.pending() == 0 ? quiet + 1 : 0;
            if (quiet >= 3) return;
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("the local stack was still busy after " + timeout);
    }

    // --- what a test or the launcher looks at ---

    public Template template() { return template; }
    public DynamoDbClient dynamo() { return dynamo; }
    public String tableName() { return tableName; }
    public OutboxMailer outbox() { return outbox; }
    public LocalBus bus() { return bus; }
    public Map<String, String> parameters() { return Map.copyOf(parameters); }
    public List<String> routeKeys() { return routes.describe(); }
    public List<String> streamDeadLetters() {
        synchronized (streamDeadLetters) {
            return List.copyOf(streamDeadLetters);
        }
    }

    @Override
    public void close() {
        if (streamExecutor != null) streamExecutor.shutdownNow();
        if (busExecutor != null) busExecutor.shutdownNow();
        dynamoLocal.shutdown();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name + "-" + UUID.randomUUID().toString().substring(0, 4));
            t.setDaemon(true);
            return t;
        };
    }
}
