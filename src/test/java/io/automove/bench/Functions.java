package io.automove.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.automove.adapters.AwsClients;
import io.automove.localstack.LocalContext;
import io.automove.localstack.Template;
import io.automove.emulators.BenchCloud;
import io.automove.handlers.BenchScenarios;
import io.automove.handlers.Settings;
import io.automove.handlers.Wiring;
import io.automove.support.Json;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What every part of the benchmark shares: the functions of template.yaml, their events, handlers and clients. */
final class Functions {
    static final Path TEMPLATE_FILE = Path.of("template.yaml");

    /** The HTTP routes the full cycle goes through: a function serving one is measured on that route. */
    static final Set<String> CYCLE_ROUTES = Set.of("POST /jobs/{jobId}/move", "POST /webhooks/client-portal");

    static {
        // the functions read region and credentials from the environment; in this JVM they come from here
        if (System.getProperty("aws.region") == null) System.setProperty("aws.region", "us-east-1");
        System.setProperty("aws.accessKeyId", "emulated"); // DynamoDB Local keeps a database per access key: the emulators' one
        System.setProperty("aws.secretAccessKey", "emulated");
    }

    private Functions() {}

    /**
     * The event file of events/ a function is measured with: for an HTTP function the route of the full cycle
     * if it serves one, else its first file (by name) that writes; for the others their first file.
     */
    static String eventFor(Template.Function f) throws Exception {
        List<String> files = new ArrayList<>();
        for (String relative : BenchScenarios.eventFiles()) {
            if (relative.startsWith(f.logicalId() + "/") && BenchScenarios.hasScenario(relative)) files.add(relative);
        }
        if (files.isEmpty()) throw new IllegalStateException("events/" + f.logicalId() + "/ has no event with a scenario");
        if (f.routes().isEmpty()) return files.get(0);
        String firstWrite = null;
        for (String file : files) {
            String routeKey = Json.parse(eventText(file)).field("routeKey").map(JsonNode::asString).orElse("");
            if (CYCLE_ROUTES.contains(routeKey)) return file;
            if (firstWrite == null && !routeKey.startsWith("GET ")) firstWrite = file;
        }
        return firstWrite != null ? firstWrite : files.get(0);
    }

    static String eventText(String relative) throws java.io.IOException {
        return Files.readString(BenchScenarios.EVENTS.resolve(relative), StandardCharsets.UTF_8);
    }

    /** The template's references resolved as on the benchmark's cloud (the secret is given to the settings directly). */
    static Map<String, String> refs(Template template) {
        Map<String, String> refs = new HashMap<>();
        refs.put(template.tableLogicalId(), BenchCloud.TABLE);
        template.resourcesOfType("AWS::Events::EventBus").forEach(b -> refs.put(b, BenchCloud.BUS));
        refs.put("SenderEmail", BenchCloud.SENDER);
        refs.put("PortalBaseUrl", BenchCloud.PORTAL);
        return refs;
    }

    /** The function's settings from its template environment, with the webhook secret in hand (no Secrets Manager). */
    static Settings settings(Template template, Template.Function f) {
        Settings s = Settings.fromEnvironment(template.environment(f, refs(template)));
        return new Settings(s.tableName(), s.busName(), s.senderEmail(), s.portalBaseUrl(), List.of(BenchCloud.SECRET),
                null, s.cursorKey(), "MultiFirm"); // the bench founds a firm per run on one table
    }

    /** The function's handler made as the local stack makes it: its constructor taking the ports. */
    static RequestStreamHandler handler(Template.Function f, Wiring wiring) throws Exception {
        Object h = Class.forName(f.handlerClass()).getConstructor(Wiring.class).newInstance(wiring);
        if (!(h instanceof RequestStreamHandler handler)) throw new IllegalStateException(f.handlerClass() + " is not a RequestStreamHandler");
        return handler;
    }

    /** A DynamoDB client configured as the functions' own (AwsClients, 10 s call timeout), on {@code endpoint}. */
    static DynamoDbClient dynamo(URI endpoint, ExecutionInterceptor... interceptors) {
        return AwsClients.configure(DynamoDbClient.builder()).endpointOverride(endpoint)
                .overrideConfiguration(c -> {
                    c.apiCallTimeout(Duration.ofSeconds(10));
                    for (ExecutionInterceptor i : interceptors) c.addExecutionInterceptor(i);
                })
                .build();
    }

    /** The event for instance {@code i}: ids made unique, and a webhook signed now with the benchmark's secret. */
    static String instanceEvent(String relative, String text, String tag, int i) {
        String event = Instances.event(text, tag, i);
        if (event.contains("\"x-portal-signature\"")) event = BenchScenarios.resigned(event, BenchCloud.SECRET);
        return event;
    }

    private static final Pattern STATUS = Pattern.compile("\"statusCode\"\\s*:\\s*(\\d+)");

    /** Null if the function's output is what its scenario expects, else what is wrong. */
    static String problem(String relative, String output) {
        int expected = BenchScenarios.status(relative);
        if (expected > 0) {
            Matcher m = STATUS.matcher(output == null ? "" : output);
            if (!m.find()) return "no statusCode in " + abbreviate(output);
            int status = Integer.parseInt(m.group(1));
            return status == expected ? null : "status " + status + " (expected " + expected + "): " + abbreviate(output);
        }
        if (output != null && output.contains("batchItemFailures") && !output.replace(" ", "").contains("\"batchItemFailures\":[]")) {
            return "batch item failures: " + abbreviate(output);
        }
        return null;
    }

    static String abbreviate(String s) {
        if (s == null) return "null";
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    /** What the Lambda runtime passes as the context of one invocation (the local stack's own). */
    static Context context(String functionId) { return new LocalContext(functionId); }

    /** MemorySize of a function: its own property, else the Globals one, else Lambda's default. */
    static int memorySize(Template template, Template.Function f) {
        Object own = ((Map<?, ?>) template.resource(f.logicalId()).getOrDefault("Properties", Map.of())).get("MemorySize");
        if (own == null) own = template.functionGlobals().getOrDefault("MemorySize", 128);
        return Integer.parseInt(String.valueOf(own));
    }

    /** JAVA_TOOL_OPTIONS as template.yaml gives it to the functions (Globals merged); every function must agree. */
    static String javaToolOptions(Template template) {
        java.util.Set<String> values = new java.util.LinkedHashSet<>();
        for (Template.Function f : template.functions()) values.add(template.environment(f, refs(template)).getOrDefault("JAVA_TOOL_OPTIONS", ""));
        if (values.size() != 1) throw new IllegalStateException("functions differ in JAVA_TOOL_OPTIONS: " + values);
        return values.iterator().next();
    }
}
