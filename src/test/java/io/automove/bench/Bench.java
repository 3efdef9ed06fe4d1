package io.automove.bench;

import io.automove.localstack.Template;
import io.automove.emulators.BenchCloud;
import io.automove.support.Log;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The performance benchmark behind {@code scripts/bench}: cold starts (with the floor probe), warm latency, the
 * economy and cost of one full cycle, the local stack's throughput and each function's peak memory, all measured
 * in this one run and written to docs/performance.md ({@code --smoke}: a few iterations of each part, no goals
 * judged, written to target/bench/performance-smoke.md).
 *
 * <pre>java -cp target/test-classes:target/classes:DEPENDENCIES io.automove.bench.Bench [--smoke] [--out FILE]</pre>
 * Run from the repository root, after {@code mvn -Pemulators -DskipTests package} (scripts/bench does both).
 */
public final class Bench {
    /** How much of everything a run does. */
    record Plan(boolean smoke, int coldRuns, boolean classLoadRun, int warmup, int measured, int cycles, int jobs,
                int concurrency, java.util.List<Integer> scaleSizes, int scaleRepetitions) {
        static Plan fullRun() { return new Plan(false, 10, true, 200, 5000, 3, 1000, 8, java.util.List.of(100, 1_000, 10_000), 21); }
        static Plan smokeRun() { return new Plan(true, 1, false, 20, 50, 1, 20, 4, java.util.List.of(100, 300), 3); }
    }

    private Bench() {}

    public static void main(String[] args) throws Exception {
        boolean smoke = false;
        boolean scaleOnly = false;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> smoke = true;
                case "--scale" -> scaleOnly = true;
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (--smoke, --scale, --out FILE)");
            }
        }
        if (scaleOnly) {
            scaleOnly(smoke ? Plan.smokeRun() : Plan.fullRun(), out == null ? Path.of("docs", "performance.md") : out);
            return;
        }
        Plan plan = smoke ? Plan.smokeRun() : Plan.fullRun();
        if (out == null) out = smoke ? Path.of("target", "bench", "performance-smoke.md") : Path.of("docs", "performance.md");
        Path work = Path.of("target", "bench");
        Files.createDirectories(work);
        Runtime.getRuntime().addShutdownHook(new Thread(Bench::stopChildren, "bench-cleanup"));
        // the functions in this JVM log to stdout; their lines are not the benchmark's output
        Log.redirect(new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8));

        Report.Run run = new Report.Run(plan, Machine.describe(), Instant.now());
        long started = System.nanoTime();
        Template template = Template.load(Functions.TEMPLATE_FILE);
        try (BenchCloud cloud = new BenchCloud(template, work.resolve("logs"))) {
            section("1/6 cold starts (fresh JVMs through the Lambda runtime interface client) and the floor probe");
            run.cold = ColdPhase.run(template, cloud, plan.coldRuns(), plan.classLoadRun(), work);
            section("2/6 warm latency (one JVM per function, template JAVA_TOOL_OPTIONS, DynamoDB Local over HTTP)");
            run.warm = WarmPhase.run(template, cloud, plan.warmup(), plan.measured(), plan.smoke(), work);
            section("3/6 one full cycle: invocations, DynamoDB requests and capacity, events, emails");
            run.cycle = CyclePhase.run(template, cloud, plan.cycles());
            run.dynamoLocalMemory = io.automove.emulators.ColdStarts.memoryOf(cloud.dynamoPid());
        }
        section("4/6 throughput of the local stack over HTTP");
        run.throughput = LocalThroughput.run(plan.jobs(), plan.concurrency(), "bench-local-secret");
        section("5/6 scale: the board and the request list at " + plan.scaleSizes() + " jobs and requests; idle cost");
        run.scale = ScalePhase.run(plan.scaleSizes(), plan.scaleRepetitions());
        run.idle = IdleCost.of(template);
        section("6/6 report");
        run.template = template;
        run.seconds = (System.nanoTime() - started) / 1e9;
        run.loadAfter = Machine.loadAverage();
        String report = Report.write(run);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        deleteTree(work.resolve("tmp"));
        System.out.printf("%nWrote %s in %.0f s.%n", out, run.seconds);
        System.out.println(Report.summary(run));
        java.util.List<String> broken = Report.problems(run);
        if (!broken.isEmpty()) {
            // not a performance threshold: the benchmark saw functions answer wrongly, so its figures are suspect
            System.err.println("bench: some runs did not do what they should:");
            broken.forEach(p -> System.err.println("  " + p));
            System.exit(1);
        }
    }

    /**
     * {@code --scale}: only part 5 (the lists as they grow, and the idle cost), its two sections replaced in the report
     * that is there (or appended to a new one); the other sections keep the figures of the run that wrote them.
     */
    private static void scaleOnly(Plan plan, Path out) throws Exception {
        Log.redirect(new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8));
        Report.Run run = new Report.Run(plan, Machine.describe(), Instant.now());
        section("scale: the board and the request list at " + plan.scaleSizes() + " jobs and requests; idle cost");
        run.scale = ScalePhase.run(plan.scaleSizes(), plan.scaleRepetitions());
        run.idle = IdleCost.of(Template.load(Functions.TEMPLATE_FILE));
        String sections = Report.scaleSections(run);
        String doc = Files.exists(out) ? Files.readString(out) : "# Performance\n\n";
        int from = doc.indexOf("## 7. Lists as they grow");
        int to = doc.indexOf("## What is left to gain");
        if (from < 0) from = to >= 0 ? to : doc.length();
        if (to < from) to = from;
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, doc.substring(0, from) + sections + doc.substring(to));
        System.out.printf("%nWrote sections 7 and 8 of %s.%n", out);
        Bench.stopChildren();
    }

    private static void section(String what) {
        System.out.printf("%n== [%s] %s%n", DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC).format(Instant.now()), what);
    }

    /** Whatever this JVM started and is still running (a function's runtime, DynamoDB Local, moto) is stopped. */
    static void stopChildren() {
        try (Stream<ProcessHandle> d = ProcessHandle.current().descendants()) {
            d.forEach(ProcessHandle::destroy);
        }
        try (Stream<ProcessHandle> d = ProcessHandle.current().descendants()) {
            d.forEach(p -> {
                try {
                    p.onExit().get(3, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    p.destroyForcibly();
                }
            });
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception ignored) {
            // best effort
        }
    }
}
