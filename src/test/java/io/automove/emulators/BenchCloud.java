package io.automove.emulators;

import io.automove.localstack.Template;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's cloud: DynamoDB Local in server mode in a JVM of its own (so that its work and garbage
 * collections do not run inside the JVM being measured) and moto server for SES, EventBridge and Secrets
 * Manager, each on a free loopback port; the table of template.yaml, its bus, its secret and the verified SES
 * sender, made as {@link CloudRig} makes them. Functions reach it through {@link #functionEnvironment}, the same
 * endpoint overrides the emulator tier uses. {@link #close()} stops both processes.
 */
public final class BenchCloud implements AutoCloseable {
    public static final String TABLE = CloudRig.TABLE;
    public static final String BUS = CloudRig.BUS;
    public static final String SENDER = CloudRig.SENDER;
    public static final String PORTAL = CloudRig.PORTAL;
    public static final String SECRET = CloudRig.SECRET;

    private final Template template;
    private final Process dynamoProcess;
    private final Process moto;
    private final URI dynamoUri;
    private final URI motoUri;
    private final Emulators endpoints;
    private final DynamoDbClient dynamo;
    private final Map<String, String> secretArns = new LinkedHashMap<>();

    public BenchCloud(Template template, Path logDir) throws Exception {
        this.template = template;
        Files.createDirectories(logDir);
        int dynamoPort = MotoAndDynamoDbLocal.freePort();
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                "software.amazon.dynamodb.services.local.main.ServerRunner",
                "-inMemory", "-port", Integer.toString(dynamoPort), "-disableTelemetry"));
        Path dynamoLog = logDir.resolve("dynamodb-local.log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(dynamoLog.toFile()));
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        dynamoProcess = pb.start();
        dynamoUri = URI.create("http://127.0.0.1:" + dynamoPort);

        int motoPort = MotoAndDynamoDbLocal.freePort();
        Path motoLog = logDir.resolve("moto.log");
        Process m = null;
        try {
            m = new ProcessBuilder(MotoAndDynamoDbLocal.motoServer(), "-H", "127.0.0.1", "-p", Integer.toString(motoPort))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.to(motoLog.toFile())).start();
        } catch (Exception e) {
            stop(dynamoProcess);
            throw e;
        }
        moto = m;
        motoUri = URI.create("http://127.0.0.1:" + motoPort);
        endpoints = new Emulators() {
            @Override public URI dynamoDb() { return dynamoUri; }
            @Override public URI services() { return motoUri; }
            @Override public void close() {}
        };
        try {
            awaitReady(dynamoProcess, dynamoUri, dynamoLog);
            awaitReady(moto, motoUri.resolve("/moto-api/"), motoLog);
            dynamo = endpoints.dynamoClient();
            endpoints.sesClient().verifyEmailIdentity(b -> b.emailAddress(SENDER));
            endpoints.eventsClient().createEventBus(b -> b.name(BUS));
            secretArns.putAll(CloudRig.createSecrets(template, endpoints));
            freshTable();
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    static String javaExecutable() { return Path.of(System.getProperty("java.home"), "bin", "java").toString(); }

    private static void awaitReady(Process process, URI probe, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException(probe + ": the server exited at start:\n" + Files.readString(log));
            try {
                HttpURLConnection c = (HttpURLConnection) probe.toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(2000);
                int code = c.getResponseCode(); // DynamoDB Local answers a bare GET with 400: it is up
                if (code > 0) return;
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(probe + " did not answer within 90 s; see " + log);
    }

    public URI dynamoUri() { return dynamoUri; }

    public URI servicesUri() { return motoUri; }

    /** A plain client of the benchmark's DynamoDB Local (URL-connection HTTP client, static credentials). */
    public DynamoDbClient dynamo() { return dynamo; }

    public DynamoDbStreamsClient streams() { return endpoints.streamsClient(); }

    public long dynamoPid() { return dynamoProcess.pid(); }

    public long motoPid() { return moto.pid(); }

    /** The template's references resolved to what exists here. */
    public Map<String, String> refs() { return CloudRig.refs(template, secretArns); }

    /** The function's environment from template.yaml (JAVA_TOOL_OPTIONS included) plus the endpoint overrides. */
    public Map<String, String> functionEnvironment(Template.Function f) {
        Map<String, String> env = new HashMap<>(template.environment(f, refs()));
        env.putAll(endpoints.functionEnvironment());
        return env;
    }

    /** The endpoint overrides and credentials alone (for the floor probe). */
    public Map<String, String> endpointEnvironment() { return endpoints.functionEnvironment(); }

    /** Drops the table and makes it again from the template's definition. */
    public void freshTable() {
        try {
            dynamo.deleteTable(b -> b.tableName(TABLE));
        } catch (ResourceNotFoundException none) {
            // first time
        }
        dynamo.createTable(template.createTable(template.tableLogicalId(), TABLE));
    }

    private static void stop(Process p) {
        if (p == null) return;
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(moto);
        stop(dynamoProcess);
    }
}
