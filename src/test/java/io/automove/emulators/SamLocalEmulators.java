package io.automove.emulators;

import io.automove.localstack.Template;
import io.automove.support.Json;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What `sam local` runs against on this machine, as sam-local/env.json describes it: DynamoDB Local and moto (SES,
 * EventBridge, Secrets Manager, SQS, and STS for SAM itself), on the ports that file names, reachable from the
 * function containers at host.docker.internal (`--add-host host.docker.internal:host-gateway`), and the
 * template's resources made on them under the names the file gives: the table from its definition (stream on),
 * the bus with every rule of the template, each rule targeting an SQS queue in place of its function (moto does
 * not invoke functions), and the SES sender identity verified.
 *
 * <p>DynamoDB Local listens on every interface (it has no bind option) and moto on {@code bindHost}: the Docker
 * bridge's gateway on Linux, which the containers reach and the network does not. With {@code sharedDb} every
 * credential sees one database (a developer's `sam local` passes whatever credentials the shell has); without
 * it, DynamoDB Local keeps one database per access key, which lets the tier run lanes side by side, each
 * invoking SAM with its own access key.
 */
public final class SamLocalEmulators implements AutoCloseable {
    public static final Path ENV_FILE = Path.of("sam-local", "env.json");
    public static final String REGION = "us-east-1";

    /** What sam-local/env.json says: names and endpoints as the functions see them. */
    public record EnvFile(Map<String, String> variables) {
        public static EnvFile read(Path file) {
            try {
                JsonNode root = Json.parse(Files.readString(file));
                Map<String, String> vars = new LinkedHashMap<>();
                root.field("Parameters").orElseThrow(() -> new IllegalStateException(file + " has no \"Parameters\""))
                        .asObject().forEach((k, v) -> vars.put(k, v.asString()));
                return new EnvFile(vars);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + file, e);
            }
        }

        public String get(String name) {
            String v = variables.get(name);
            if (v == null) throw new IllegalStateException(ENV_FILE + " does not set " + name);
            return v;
        }

        public int port(String endpointVariable) { return URI.create(get(endpointVariable)).getPort(); }

        public String table() { return get("TABLE_NAME"); }

        public String bus() { return get("EVENT_BUS_NAME"); }
    }

    /** One bus rule of the template on moto: the SQS queue that stands for its function. */
    public record RuleQueue(String rule, String functionId, String pattern, String queueUrl) {}

    public final EnvFile env;
    public final Template template;
    public final String bindHost;
    private final DynamoDBProxyServer dynamo;
    private final Process moto;
    private final URI dynamoUri;
    private final URI motoUri;
    private final Map<String, RuleQueue> rules = new LinkedHashMap<>();

    public SamLocalEmulators(Template template, EnvFile env, String bindHost, boolean sharedDb, Path logDir) throws Exception {
        this.template = template;
        this.env = env;
        this.bindHost = bindHost;
        int dynamoPort = env.port("AWS_ENDPOINT_URL_DYNAMODB");
        int motoPort = env.port("AWS_ENDPOINT_URL_SES");
        for (String v : List.of("AWS_ENDPOINT_URL_EVENTBRIDGE", "AWS_ENDPOINT_URL_SECRETS_MANAGER")) {
            if (env.port(v) != motoPort) throw new IllegalStateException(ENV_FILE + ": " + v + " is not moto's port " + motoPort);
        }
        requireFree(InetAddress.getByName("0.0.0.0"), dynamoPort, "DynamoDB Local");
        requireFree(InetAddress.getByName(bindHost), motoPort, "moto");
        List<String> args = new ArrayList<>(List.of("-inMemory", "-port", Integer.toString(dynamoPort), "-disableTelemetry"));
        if (sharedDb) args.add("-sharedDb");
        dynamo = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
        dynamo.start();
        dynamoUri = URI.create("http://127.0.0.1:" + dynamoPort);
        Files.createDirectories(logDir);
        Path log = logDir.resolve("moto.log");
        moto = new ProcessBuilder(MotoAndDynamoDbLocal.motoServer(), "-H", bindHost, "-p", Integer.toString(motoPort))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        motoUri = URI.create("http://" + bindHost + ":" + motoPort);
        awaitMoto(log);
    }

    private static void requireFree(InetAddress address, int port, String what) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new java.net.InetSocketAddress(address, port), 1);
        } catch (IOException e) {
            throw new IllegalStateException(what + " cannot listen on " + address.getHostAddress() + ":" + port
                    + " (" + e.getMessage() + "): is another one running? " + ENV_FILE + " names that port", e);
        }
    }

    private void awaitMoto(Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!moto.isAlive()) throw new IllegalStateException("moto server exited at start:\n" + Files.readString(log));
            try {
                HttpURLConnection c = (HttpURLConnection) motoUri.resolve("/moto-api/").toURL().openConnection();
                c.setConnectTimeout(500);
                if (c.getResponseCode() < 500) return;
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        close();
        throw new IllegalStateException("moto server did not answer on " + motoUri + " within 60 s");
    }

    /** The endpoint SAM itself uses for STS (AWS_ENDPOINT_URL_STS), so that it does not wait on AWS. */
    public URI motoFromHost() { return motoUri; }

    public URI dynamoFromHost() { return dynamoUri; }

    /**
     * The template's resources on the emulators: the bus, its rules and their queues, and the verified sender
     * (moto, once), and the table for these credentials (DynamoDB Local without -sharedDb keeps one database per
     * access key).
     */
    public synchronized void deploy(String accessKey) {
        if (rules.isEmpty()) {
            EventBridgeClient events = events();
            SqsClient sqs = sqs();
            events.createEventBus(b -> b.name(env.bus()));
            for (Template.Function f : template.functions()) {
                for (Template.BusRule rule : f.rules()) {
                    String name = rule.name().replace('.', '-');
                    String queueUrl = sqs.createQueue(b -> b.queueName(name)).queueUrl();
                    String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                            .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
                    events.putRule(b -> b.name(name).eventBusName(env.bus()).eventPattern(rule.pattern()));
                    events.putTargets(b -> b.rule(name).eventBusName(env.bus()).targets(t -> t.id("queue").arn(queueArn)));
                    rules.put(name, new RuleQueue(name, f.logicalId(), rule.pattern(), queueUrl));
                }
            }
            ses().verifyEmailIdentity(b -> b.emailAddress(env.get("SENDER_EMAIL")));
        }
        freshTable(accessKey);
    }

    /** Drops the table these credentials see, if any, and makes it again from the template. */
    public void freshTable(String accessKey) { freshTable(template, env, dynamo(accessKey)); }

    /** Drops the table of sam-local/env.json on {@code dynamo}, if there, and makes it again from the template. */
    public static void freshTable(Template template, EnvFile env, DynamoDbClient dynamo) {
        if (dynamo.listTables().tableNames().contains(env.table())) dynamo.deleteTable(b -> b.tableName(env.table()));
        dynamo.createTable(template.createTable(template.tableLogicalId(), env.table()));
    }

    /** A client of the DynamoDB Local that sam-local/env.json names, from this host. */
    public static DynamoDbClient dynamoFromHost(EnvFile env, String accessKey) {
        return configure(DynamoDbClient.builder(), URI.create("http://127.0.0.1:" + env.port("AWS_ENDPOINT_URL_DYNAMODB")),
                accessKey).build();
    }

    public Map<String, RuleQueue> rules() { return Map.copyOf(rules); }

    public DynamoDbClient dynamo(String accessKey) { return configure(DynamoDbClient.builder(), dynamoUri, accessKey).build(); }

    public DynamoDbStreamsClient streams(String accessKey) {
        return configure(DynamoDbStreamsClient.builder(), dynamoUri, accessKey).build();
    }

    public SesClient ses() { return configure(SesClient.builder(), motoUri, "samlocal").build(); }

    public EventBridgeClient events() { return configure(EventBridgeClient.builder(), motoUri, "samlocal").build(); }

    public SqsClient sqs() { return configure(SqsClient.builder(), motoUri, "samlocal").build(); }

    private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B b, URI endpoint, String key) {
        return b.endpointOverride(endpoint).region(Region.of(REGION)).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, "samlocal")));
    }

    @Override
    public void close() {
        if (moto != null) {
            moto.destroy();
            try {
                if (!moto.waitFor(5, TimeUnit.SECONDS)) moto.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            if (dynamo != null) dynamo.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
