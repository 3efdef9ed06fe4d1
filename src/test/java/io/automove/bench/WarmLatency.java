package io.automove.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.automove.localstack.Template;
import io.automove.emulators.BenchCloud;
import io.automove.handlers.BenchScenarios;
import io.automove.handlers.Wiring;
import io.automove.usecases.ports.EventPublisher;
import io.automove.usecases.ports.Mailer;
import io.automove.support.Json;
import io.automove.support.Log;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Part 2, warm latency, run by the benchmark in a JVM of its own started with the template's JAVA_TOOL_OPTIONS
 * (the flags Lambda starts the functions with): every function of template.yaml, its handler built on the ports
 * ({@code Wiring.onDynamo}) over a DynamoDB client configured like the functions' own, talking HTTP to DynamoDB
 * Local on loopback, with in-process stand-ins for SES and EventBridge. Each invocation gets an event of its own
 * (see {@link Instances}) from the function's file in events/. Writes its figures as JSON to the file named by
 * {@code --out}.
 *
 * <pre>java -cp ... io.automove.bench.WarmLatency --dynamo http://127.0.0.1:PORT [--function ID] --warmup 500 --measured 5000 --out FILE</pre>
 */
public final class WarmLatency {
    private WarmLatency() {}

    /** Counts what the functions log (CloudWatch Logs ingestion is priced per byte). */
    static final class CountingStream extends OutputStream {
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong lines = new AtomicLong();
        @Override public void write(int b) { bytes.incrementAndGet(); if (b == '\n') lines.incrementAndGet(); }
        @Override public void write(byte[] b, int off, int len) {
            bytes.addAndGet(len);
            for (int i = off; i < off + len; i++) if (b[i] == '\n') lines.incrementAndGet();
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        URI dynamoUri = URI.create(opts.get("dynamo"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "1000"));
        int measured = Integer.parseInt(opts.getOrDefault("measured", "5000"));
        Path out = Path.of(opts.getOrDefault("out", "target/bench/warm.json"));

        CountingStream logged = new CountingStream();
        Log.redirect(new PrintStream(logged, false, StandardCharsets.UTF_8));
        Template template = Template.load(Functions.TEMPLATE_FILE);
        CallCounter calls = new CallCounter();
        DynamoDbClient client = Functions.dynamo(dynamoUri, calls);
        List<Object> results = new ArrayList<>();
        String only = opts.get("function");
        for (Template.Function f : template.functions()) {
            if (only == null || only.equals(f.logicalId())) results.add(run(template, f, client, calls, warmup, measured, logged));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        doc.put("javaToolOptions", String.valueOf(System.getenv("JAVA_TOOL_OPTIONS")));
        doc.put("inputArguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
        doc.put("functions", results);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, Json.write(doc));
    }

    /** Counts the DynamoDB calls the handler makes (requests only; it changes nothing in them). */
    static final class CallCounter implements software.amazon.awssdk.core.interceptor.ExecutionInterceptor {
        final AtomicLong calls = new AtomicLong();
        /** The operations seen since the last clear, in first-call order. */
        final java.util.Set<String> operations = java.util.Collections.synchronizedSet(new java.util.LinkedHashSet<>());
        @Override
        public void afterExecution(software.amazon.awssdk.core.interceptor.Context.AfterExecution context,
                                   software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
            calls.incrementAndGet();
            operations.add(attributes.getAttribute(software.amazon.awssdk.core.interceptor.SdkExecutionAttribute.OPERATION_NAME));
        }
    }

    static Map<String, Object> run(Template template, Template.Function f, DynamoDbClient client, CallCounter calls,
                                   int warmup, int measured, CountingStream logged) throws Exception {
        String relative = Functions.eventFor(f);
        String text = Functions.eventText(relative);
        int n = warmup + measured;

        long seedStarted = System.nanoTime();
        try {
            client.deleteTable(b -> b.tableName(BenchCloud.TABLE));
        } catch (ResourceNotFoundException none) {
            // first function
        }
        // the template's table without its stream: nothing reads it here, and DynamoDB Local's stream bookkeeping
        // slows every request down as records pile up (AWS writes the stream asynchronously)
        client.createTable(template.createTable(template.tableLogicalId(), BenchCloud.TABLE).toBuilder()
                .streamSpecification((software.amazon.awssdk.services.dynamodb.model.StreamSpecification) null).build());
        BenchScenarios.seed(client, BenchCloud.TABLE, relative);
        Instances instances = Instances.capture(client, BenchCloud.TABLE);
        instances.replicate("w", 0, n);
        double seedSeconds = (System.nanoTime() - seedStarted) / 1e9;

        AtomicLong emails = new AtomicLong();
        AtomicLong published = new AtomicLong();
        Mailer mailer = email -> "bench-" + emails.incrementAndGet();
        EventPublisher publisher = events -> published.addAndGet(events.size());
        Wiring wiring = Wiring.onDynamo(client, mailer, publisher, Clock.systemUTC(), Wiring.randomIds(),
                Functions.settings(template, f));
        RequestStreamHandler handler = Functions.handler(f, wiring);

        long prebuildStarted = System.nanoTime();
        List<byte[]> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) events.add(Functions.instanceEvent(relative, text, "w", i).getBytes(StandardCharsets.UTF_8));
        double prebuildSeconds = (System.nanoTime() - prebuildStarted) / 1e9;

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<Double> wall = new ArrayList<>(measured);
        List<Double> cpu = new ArrayList<>(measured);
        int errors = 0;
        String firstError = null;
        long gcBefore = 0;
        long bytesBefore = 0;
        long linesBefore = 0;
        long runStarted = 0;
        long callsBefore = 0;
        for (int i = 0; i < n; i++) {
            if (i == warmup) {
                gcBefore = gcMillis();
                bytesBefore = logged.bytes.get();
                linesBefore = logged.lines.get();
                callsBefore = calls.calls.get();
                calls.operations.clear();
                runStarted = System.nanoTime();
            }
            Context context = Functions.context(f.logicalId());
            ByteArrayOutputStream output = new ByteArrayOutputStream(512);
            ByteArrayInputStream input = new ByteArrayInputStream(events.get(i));
            String problem;
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            try {
                handler.handleRequest(input, output, context);
                long t1 = System.nanoTime();
                long c1 = threads.getCurrentThreadCpuTime();
                if (i >= warmup) {
                    wall.add((t1 - t0) / 1e6);
                    cpu.add((c1 - c0) / 1e6);
                }
                problem = Functions.problem(relative, output.toString(StandardCharsets.UTF_8));
            } catch (Exception | Error e) {
                problem = e.toString();
            }
            if (problem != null) {
                errors++;
                if (firstError == null) firstError = problem;
            }
        }
        double runSeconds = (System.nanoTime() - runStarted) / 1e9;
        double[] sortedWall = Stats.sorted(wall);
        double billed = wall.stream().mapToDouble(Math::ceil).average().orElse(Double.NaN);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("functionId", f.logicalId());
        r.put("event", relative);
        r.put("warmup", warmup);
        r.put("measured", wall.size());
        r.put("errors", errors);
        r.put("firstError", firstError == null ? "" : firstError);
        r.put("p50", Stats.percentile(sortedWall, 50));
        r.put("p90", Stats.percentile(sortedWall, 90));
        r.put("p99", Stats.percentile(sortedWall, 99));
        r.put("max", Stats.percentile(sortedWall, 100));
        r.put("mean", Stats.mean(wall));
        r.put("meanBilledMs", billed);
        r.put("cpuP50", Stats.percentile(cpu, 50));
        r.put("cpuMean", Stats.mean(cpu));
        r.put("gcMillis", gcMillis() - gcBefore);
        r.put("logBytesPerInvocation", (logged.bytes.get() - bytesBefore) / (double) Math.max(1, wall.size()));
        r.put("logLinesPerInvocation", (logged.lines.get() - linesBefore) / (double) Math.max(1, wall.size()));
        r.put("dynamoOperations", String.join(", ", calls.operations));
        r.put("dynamoCallsPerInvocation", (calls.calls.get() - callsBefore) / (double) Math.max(1, wall.size()));
        r.put("emails", emails.get());
        r.put("eventsPublished", published.get());
        r.put("itemsPerInstance", instances.itemsPerInstance());
        r.put("seedSeconds", seedSeconds);
        r.put("eventsSeconds", prebuildSeconds);
        r.put("runSeconds", runSeconds);
        System.out.printf("warm %-26s %-45s p50 %6.2f ms  p99 %6.2f ms  errors %d  (%.1f s seeding, %.1f s making events, %.1f s running)%n",
                f.logicalId(), relative, Stats.percentile(sortedWall, 50), Stats.percentile(sortedWall, 99), errors,
                seedSeconds, prebuildSeconds, runSeconds);
        return r;
    }

    static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) total += Math.max(0, gc.getCollectionTime());
        return total;
    }
}
