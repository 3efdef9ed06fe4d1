package io.automove.localstack;

import io.automove.adapters.dynamodb.DynamoDirectory;
import io.automove.adapters.dynamodb.DynamoWorkflowStore;
import io.automove.handlers.Wiring;
import io.automove.localstack.Functions.Ports;
import io.automove.localstack.HttpApi.Response;
import io.automove.usecases.ports.Ids;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Every function of template.yaml running in this JVM, put together from its parts: {@link EmbeddedDynamo} (the
 * table), {@link Functions} (the handlers, wired on local ports), {@link HttpApi} (the routes), {@link LocalBus}
 * (the rules), {@link StreamPoller} (the table's stream), {@link Scheduler} (when asynchronous work runs) and an
 * {@link OutboxMailer} for mail. Nothing here lists a function, route or rule: they all come from the template.
 * The launcher ({@link LocalLauncher}) serves it over a socket; tests drive it directly.
 *
 * <p>On a data folder it survives a kill -9 as the cloud survives a crash: the table, the stream's positions, the
 * bus's queue ({@link Journal}), its dead letters and the outbox are all on disk, and a new start first settles
 * the deliveries the kill cut off ({@link DeadClaims}), then queues again what was left unfinished.
 */
public final class LocalStack implements AutoCloseable {

    /** The local value of the PortalWebhookSecret parameter, unless the launcher is given another. */
    public static final String LOCAL_WEBHOOK_SECRET = "local-portal-secret";

    /** Local values of the template's parameters, for those the caller does not give. */
    public static final Map<String, String> LOCAL_PARAMETERS = Map.of(
            "SenderEmail", "requests@automove.local",
            "PortalBaseUrl", "http://localhost:3000/_local/portal",
            "PortalWebhookSecret", LOCAL_WEBHOOK_SECRET,
            "JwtIssuer", "http://localhost/local-issuer",
            "JwtAudience", "local",
            // locally any number of firms, unless started otherwise (--firm-creation SingleFirm)
            "FirmCreation", "MultiFirm");

    static final String BUS_NAME = "automove-local-bus";

    /**
     * Background mode: a failed bus invocation is tried again after 1 s, then 2 s (Lambda waits a minute, then two).
     * Longer than an email delivery holds its claim, so a retry that met another attempt's claim finds it settled.
     */
    static final long RETRY_DELAY_MILLIS = 1_000;

    /**
     * How to run it. {@code background}: asynchronous work on its own threads (the launcher) rather than in
     * {@link #settle()} (tests). The last three are hooks for tests, which the launcher never sets:
     * {@code decorate} wraps the functions' ports (fault injection, IAM recording), {@code decorateDynamo} wraps
     * the DynamoDB client those ports use, {@code dispatch} decides how the bus queues its invocations (chaos).
     */
    public record Options(Path template, Path dataDir, boolean background, Clock clock, Ids ids,
                          Map<String, String> parameters, UnaryOperator<Ports> decorate,
                          UnaryOperator<DynamoDbClient> decorateDynamo, LocalBus.Dispatch dispatch) {
        public static Options defaults(Path template) {
            return new Options(template, null, false, Clock.systemUTC(), Wiring.randomIds(), Map.of(), p -> p, c -> c,
                    LocalBus.Dispatch.ONCE_IN_ORDER);
        }

        public Options background(boolean on) {
            return new Options(template, dataDir, on, clock, ids, parameters, decorate, decorateDynamo, dispatch);
        }

        public Options dataDir(Path dir) {
            return new Options(template, dir, background, clock, ids, parameters, decorate, decorateDynamo, dispatch);
        }

        public Options clock(Clock c) {
            return new Options(template, dataDir, background, c, ids, parameters, decorate, decorateDynamo, dispatch);
        }

        public Options ids(Ids i) {
            return new Options(template, dataDir, background, clock, i, parameters, decorate, decorateDynamo, dispatch);
        }

        public Options parameters(Map<String, String> p) {
            return new Options(template, dataDir, background, clock, ids, p, decorate, decorateDynamo, dispatch);
        }

        public Options decorate(UnaryOperator<Ports> d) {
            return new Options(template, dataDir, background, clock, ids, parameters, d, decorateDynamo, dispatch);
        }

        public Options decorateDynamo(UnaryOperator<DynamoDbClient> d) {
            return new Options(template, dataDir, background, clock, ids, parameters, decorate, d, dispatch);
        }

        public Options dispatch(LocalBus.Dispatch d) {
            return new Options(template, dataDir, background, clock, ids, parameters, decorate, decorateDynamo, d);
        }
    }

    private final Template template;
    private final Clock clock;
    private final Map<String, String> parameters = new HashMap<>();
    private final EmbeddedDynamo dynamo;
    private final OutboxMailer outbox;
    private final Scheduler scheduler;
    private final LocalBus bus;
    private final Functions functions;
    private final StreamPoller stream;
    private final HttpApi httpApi;

    public LocalStack(Options options) {
        this.clock = options.clock();
        this.template = Template.load(options.template());
        parameters.putAll(LOCAL_PARAMETERS);
        parameters.putAll(options.parameters());
        Path dataDir = options.dataDir();
        this.dynamo = new EmbeddedDynamo(template, dataDir);
        this.scheduler = new Scheduler(options.background());
        try {
            this.outbox = new OutboxMailer(parameters.get("SenderEmail"), dataDir == null ? null : dataDir.resolve("outbox"),
                    options.clock());
            this.bus = new LocalBus(this::invokeFromBus, options.clock(), scheduler.busThreads(), RETRY_DELAY_MILLIS,
                    options.dispatch(), dataDir == null ? null : new Journal(dataDir.resolve("bus-journal.jsonl")));
            this.functions = new Functions(template, refs(), ports(options), options.clock(), options.ids());
            bus.addRules(template);
            this.stream = new StreamPoller(template, dynamo, functions, dataDir, bus::sync);
            this.httpApi = new HttpApi(template, functions::invoke, options.clock(), scheduler::wake);
            if (dataDir != null) {
                // a killed JVM may have left deliveries claimed by attempts that died with it: settle them first
                DeadClaims.release(bus.recovered(), new DynamoWorkflowStore(dynamo.client(), dynamo.tableName()), outbox,
                        options.clock());
            }
            bus.resume();
            scheduler.start(stream, bus);
        } catch (RuntimeException | Error e) {
            scheduler.close();
            dynamo.close();
            throw e;
        }
    }

    /** The ports every function runs on: the table, the outbox, the bus, the webhook secret parameter. */
    private Ports ports(Options options) {
        DynamoDbClient client = options.decorateDynamo().apply(dynamo.client());
        // locally the webhook secret is the PortalWebhookSecret parameter, not a Secrets Manager secret
        List<String> secret = List.of(parameters.get("PortalWebhookSecret"));
        // the stores stamp each change with the local clock: the trail of a reminder sent three local days later says so
        return options.decorate().apply(new Ports(new DynamoDirectory(client, dynamo.tableName(), options.clock()),
                new DynamoWorkflowStore(client, dynamo.tableName(), options.clock()), outbox, bus, () -> secret,
                new io.automove.adapters.dynamodb.DynamoActivityTrail(client, dynamo.tableName())));
    }

    /** What each {@code !Ref} of a function's environment means locally: parameters, the table, the bus. */
    private Map<String, String> refs() {
        Map<String, String> refs = new HashMap<>(parameters);
        refs.put(dynamo.tableLogicalId(), dynamo.tableName());
        template.resourcesOfType("AWS::Events::EventBus").forEach(b -> refs.put(b, BUS_NAME));
        return refs;
    }

    private void invokeFromBus(String functionId, String eventJson) throws Exception {
        functions.invoke(functionId, eventJson);
    }

    /** Invokes a function with a JSON event, as Lambda would; returns what the function wrote. */
    public String invoke(String functionId, String eventJson) throws Exception {
        return functions.invoke(functionId, eventJson);
    }

    /** One HTTP request through the template's routes; see {@link HttpApi#handle}. */
    public Response http(String method, String pathAndQuery, Map<String, String> headers, String body) {
        return httpApi.handle(method, pathAndQuery, headers, body);
    }

    /** The same with the body's bytes as they came (base64 to the function if they are not UTF-8). */
    public Response httpBytes(String method, String pathAndQuery, Map<String, String> headers, byte[] body) {
        return httpApi.handleBytes(method, pathAndQuery, headers, body);
    }

    /** Runs everything pending until nothing is left: in this thread (foreground), or waiting (background). */
    public void settle() { scheduler.settle(); }

    /** Waits until the stream has nothing new and no invocation is pending. */
    public void awaitIdle(Duration timeout) { scheduler.awaitIdle(timeout); }

    // --- what a test or the launcher looks at ---

    public Template template() { return template; }
    /** The clock every function of this stack reads. */
    public Clock clock() { return clock; }
    public DynamoDbClient dynamo() { return dynamo.client(); }
    public String tableName() { return dynamo.tableName(); }
    public OutboxMailer outbox() { return outbox; }
    public LocalBus bus() { return bus; }
    public Map<String, String> parameters() { return Map.copyOf(parameters); }
    public List<String> routeKeys() { return httpApi.routeKeys(); }
    /** "FunctionId sequenceNumber" of each stream record given up on (after five attempts). */
    public List<String> streamDeadLetters() { return stream.deadLetters(); }

    /** Stops: running invocations finish, queued ones stay in the journal (with a data folder) for the next start. */
    @Override
    public void close() {
        bus.stopping();
        scheduler.close();
        bus.close();
        stream.close();
        dynamo.close();
    }
}
