package io.automove.bench;

import io.automove.localstack.Template;
import io.automove.emulators.ColdStarts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** docs/performance.md, written from one run's figures only. */
final class Report {
    static final double COLD_GOAL = 1.3;
    static final double WRITE_GOAL = 12;
    static final double READ_GOAL = 6;
    static final double COST_GOAL = 0.02;
    static final int[] MEMORY_CANDIDATES = {256, 384, 512, 768, 1024, 1536};
    static final double FULL_VCPU_MB = 1769;

    /** Everything one run measured. */
    static final class Run {
        final Bench.Plan plan;
        final Machine machine;
        final Instant at;
        ColdPhase.Result cold;
        WarmPhase.Result warm;
        CyclePhase.Result cycle;
        LocalThroughput.Result throughput;
        ScalePhase.Result scale;
        IdleCost.Result idle;
        Map<String, Long> dynamoLocalMemory = Map.of();
        Template template;
        double seconds;
        String loadAfter = "";

        Run(Bench.Plan plan, Machine machine, Instant at) {
            this.plan = plan;
            this.machine = machine;
            this.at = at;
        }
    }

    private final StringBuilder md = new StringBuilder();
    private final Run run;

    private Report(Run run) { this.run = run; }

    static String write(Run run) throws Exception {
        Report r = new Report(run);
        r.all();
        return r.md.toString();
    }

    // ---------------------------------------------------------------------------------------------------------
    // figures derived from the run
    // ---------------------------------------------------------------------------------------------------------

    static double ms(ColdStarts.Run r, String counter) {
        Long ticks = r.counters().get(counter);
        if (ticks == null) return Double.NaN;
        double freq = r.counters().getOrDefault("sun.os.hrt.frequency", 1_000_000_000L);
        return ticks * 1000.0 / freq;
    }

    static double gcMs(ColdStarts.Run r) {
        double total = 0;
        boolean any = false;
        for (int i = 0; i < 4; i++) {
            double v = ms(r, "sun.gc.collector." + i + ".time");
            if (!Double.isNaN(v)) { total += v; any = true; }
        }
        return any ? total : Double.NaN;
    }

    static double med(List<ColdStarts.Run> runs, Function<ColdStarts.Run, Double> f) {
        return Stats.median(runs.stream().map(f).filter(v -> !v.isNaN()).toList());
    }

    double floorTotal() { return med(run.cold.floor().runs().stream().map(ColdStarts.FloorRun::run).toList(), ColdStarts.Run::totalMs); }

    double coldTotal(ColdPhase.FunctionResult f) { return med(f.runs(), ColdStarts.Run::totalMs); }

    double ratio(ColdPhase.FunctionResult f) { return coldTotal(f) / floorTotal(); }

    double writeUnits() { return cycleUnits(false); }

    double readUnits() { return cycleUnits(true); }

    /** Index entries written by the cycle's transactions (billed once each; see the economy section). */
    double transactionalIndexEntries() {
        return run.cycle.first().stream().flatMap(i -> i.calls().stream()).filter(c -> c.transactional() && !c.read())
                .mapToDouble(CapacityMeter.Call::indexedItems).sum();
    }

    /** AWS's bill for a call (a transaction's priced from its items by {@link CapacityMeter}). */
    double billed(CapacityMeter.Call c) { return c.billedUnits(); }

    double cycleUnits(boolean reads) {
        return run.cycle.first().stream().flatMap(i -> i.calls().stream()).filter(c -> c.read() == reads)
                .mapToDouble(this::billed).sum();
    }

    Map<String, Integer> invocationsPerFunction() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Template.Function f : run.template.functions()) counts.put(f.logicalId(), 0);
        for (CyclePhase.Invocation i : run.cycle.first()) counts.merge(i.functionId(), 1, Integer::sum);
        return counts;
    }

    /** Whether the template, deployed with its defaults, traces every function with X-Ray. */
    boolean tracingByDefault() {
        Object tracing = run.template.functionGlobals().get("Tracing");
        if ("Active".equals(tracing)) return true;
        if (tracing instanceof Map<?, ?> ref && ref.get("Ref") instanceof String name
                && run.template.parameters().get(name) instanceof Map<?, ?> parameter) {
            return "Active".equals(parameter.get("Default"));
        }
        return false;
    }

    Costs.Bill bill() throws Exception {
        List<Costs.FunctionUse> uses = new ArrayList<>();
        Map<String, Integer> counts = invocationsPerFunction();
        for (Template.Function f : run.template.functions()) {
            WarmPhase.FunctionResult w = run.warm.of(f.logicalId());
            uses.add(new Costs.FunctionUse(f.logicalId(), counts.get(f.logicalId()), Functions.memorySize(run.template, f),
                    w.num("meanBilledMs"), w.num("logBytesPerInvocation"), w.num("logLinesPerInvocation")));
        }
        List<CyclePhase.Invocation> c = run.cycle.first();
        int entries = c.stream().mapToInt(CyclePhase.Invocation::eventsPublished).sum();
        int http = (int) c.stream().filter(i -> i.trigger().contains(" /")).count();
        int recipients = c.stream().mapToInt(CyclePhase.Invocation::recipients).sum();
        int messages = c.stream().mapToInt(CyclePhase.Invocation::emails).sum();
        return Costs.of(uses, readUnits(), writeUnits(), entries, http, recipients, messages, tracingByDefault());
    }

    // ---------------------------------------------------------------------------------------------------------
    // the document
    // ---------------------------------------------------------------------------------------------------------

    private void all() throws Exception {
        header();
        goals();
        cold();
        warm();
        economy();
        cost();
        throughput();
        memory();
        scale();
        idle();
        levers();
        notes();
    }

    private void header() {
        Machine m = run.machine;
        line("# Performance");
        line();
        if (run.plan.smoke()) {
            line("**SMOKE RUN** (`scripts/bench --smoke`): a few iterations of each part to prove the benchmark runs. "
                    + "Its figures are not measurements and no goal is judged. The real report is docs/performance.md, "
                    + "written by `scripts/bench`.");
            line();
        }
        line("Written by `scripts/bench` on " + DateTimeFormatter.ISO_INSTANT.format(run.at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                + " (commit " + m.commit() + ") in " + String.format("%.0f s", run.seconds) + ". Every figure below comes "
                + "from that one run: rerun the command to replace them all. Ratios are taken inside the run, and figures "
                + "over repeated runs are medians.");
        line();
        line("| Machine | |");
        line("|---|---|");
        line("| `nproc` | " + m.nproc() + " |");
        line("| CPU | " + m.cpuModel() + " |");
        line("| RAM | " + m.memory() + " |");
        line("| JDK | " + m.jdk() + " |");
        line("| OS | " + m.os() + " |");
        line("| Load average (1/5/15 min) before / after | " + m.loadBefore() + " → " + run.loadAfter + " |");
        line("| DynamoDB Local | " + m.dynamoDbLocal() + ", server mode, in memory, own JVM, loopback |");
        line("| moto (SES, EventBridge, Secrets Manager) | " + m.moto() + " |");
        line("| AWS SDK for Java / Lambda runtime interface client | " + m.sdk() + " / " + m.runtimeClient() + " |");
        line();
        line("The machine is shared (2 cores, other work may run beside the benchmark: see the load average); the "
                + "functions run on JDK " + System.getProperty("java.specification.version") + " on x86-64 here, while the "
                + "template deploys them on Lambda's java21 on arm64. Read the absolute numbers as this machine's; the "
                + "ratios, counts and units carry over.");
        line();
    }

    private void goals() throws Exception {
        if (run.plan.smoke()) return;
        line("## Goals");
        line();
        line("| Goal | Measured | Verdict |");
        line("|---|---|---|");
        double worst = 0;
        String worstFn = "";
        int passing = 0;
        for (ColdPhase.FunctionResult f : run.cold.functions()) {
            double r = ratio(f);
            if (r <= COLD_GOAL) passing++;
            if (r > worst) { worst = r; worstFn = f.function().logicalId(); }
        }
        int n = run.cold.functions().size();
        line(String.format("| Cold total ≤ %.1f × the floor probe's, every function | %d of %d within; worst %s at %.2f × (floor %.0f ms) | %s |",
                COLD_GOAL, passing, n, worstFn, worst, floorTotal(),
                passing == n ? "pass" : String.format("**miss** (worst by %.0f%%)", (worst / COLD_GOAL - 1) * 100)));
        double w = writeUnits();
        double rd = readUnits();
        line(String.format("| ≤ %.0f write units per cycle | %s WRU | %s |", WRITE_GOAL, num(w),
                w <= WRITE_GOAL ? "pass" : String.format("**miss** by %s (%.0f%%)", num(w - WRITE_GOAL), (w / WRITE_GOAL - 1) * 100)));
        line(String.format("| ≤ %.0f read units per cycle | %s RRU | %s |", READ_GOAL, num(rd),
                rd <= READ_GOAL ? "pass" : String.format("**miss** by %s", num(rd - READ_GOAL))));
        Costs.Bill b = bill();
        line(String.format("| Everything but SES ≤ $%.2f per 1,000 cycles (Lambda, DynamoDB, EventBridge, Secrets Manager; "
                        + "X-Ray when tracing) | $%.5f as deployed (tracing %s); with `Tracing=Active`: $%.5f recording every "
                        + "invocation, $%.5f at 5%% sampling | %s |",
                COST_GOAL, b.goalItems(), b.tracingActive() ? "Active" : "off", b.withXray(), b.withXrayAtFivePercent(),
                b.goalItems() <= COST_GOAL ? "pass" : String.format("**miss** by $%.5f", b.goalItems() - COST_GOAL)));
        line(String.format("| (also billed, outside the goal's list: HTTP API and CloudWatch Logs) | +$%.5f | |", b.alsoBilled()));
        line();
    }

    private void cold() throws Exception {
        ColdPhase.Result c = run.cold;
        line("## 1. Cold start proxy");
        line();
        line("Each run is a fresh JVM running the Lambda Java runtime interface client (the emulator tier's "
                + "`LambdaContainer`) with `LAMBDA_TASK_ROOT` on the function's deployment package, built by the Makefile "
                + "(`make build-<Function>`), the handler made by its no-arg constructor, the environment of template.yaml "
                + "(`JAVA_TOOL_OPTIONS=" + c.javaToolOptions() + "`) pointing to DynamoDB Local and moto on loopback. "
                + "Init is process start to the runtime's first `/next` poll (the handler is built by then); the first "
                + "invocation is one event of `events/` (its ids made unique per run, over the fixtures EventsFolderTest "
                + "seeds). " + c.functions().get(0).runs().size() + " runs per function, interleaved with the floor probe "
                + "round by round; medians.");
        line();
        line("The **floor probe**: a fresh JVM with the same `JAVA_TOOL_OPTIONS` and the same jars ("
                + c.floor().packageDir().getFileName() + "'s package) that only builds the DynamoDB client the functions "
                + "build (`DynamoStores.client()`: AwsClients' URL-connection HTTP client) and does one PutItem and one "
                + "GetItem on the same DynamoDB Local. Its init is process start to the client built; its \"first "
                + "invocation\" the two requests.");
        line();
        line("| Function | Event | Init | First invocation | Total | Total min–max | × floor | Goal ≤ " + COLD_GOAL + " |");
        line("|---|---|--:|--:|--:|--:|--:|---|");
        for (ColdPhase.FunctionResult f : c.functions()) {
            double r = ratio(f);
            line(String.format("| %s | `%s` | %.0f ms | %.0f ms | **%.0f ms** | %.0f–%.0f | %.2f | %s |",
                    f.function().logicalId(), f.event().substring(f.event().indexOf('/') + 1),
                    med(f.runs(), ColdStarts.Run::initMs), med(f.runs(), ColdStarts.Run::firstMs), coldTotal(f),
                    Stats.min(f.runs().stream().map(ColdStarts.Run::totalMs).toList()),
                    Stats.max(f.runs().stream().map(ColdStarts.Run::totalMs).toList()), r,
                    r <= COLD_GOAL ? "pass" : String.format("miss by %.0f%%", (r / COLD_GOAL - 1) * 100)));
        }
        List<ColdStarts.Run> floorRuns = c.floor().runs().stream().map(ColdStarts.FloorRun::run).toList();
        line(String.format("| *floor probe* | PutItem + GetItem | %.0f ms | %.0f ms | **%.0f ms** | %.0f–%.0f | 1.00 | |",
                med(floorRuns, ColdStarts.Run::initMs), med(floorRuns, ColdStarts.Run::firstMs), floorTotal(),
                Stats.min(floorRuns.stream().map(ColdStarts.Run::totalMs).toList()),
                Stats.max(floorRuns.stream().map(ColdStarts.Run::totalMs).toList())));
        line();
        List<ColdStarts.FloorRun> fr = c.floor().runs();
        double main = Stats.median(fr.stream().map(ColdStarts.FloorRun::mainMs).toList());
        double built = Stats.median(fr.stream().map(ColdStarts.FloorRun::builtMs).toList());
        double put = Stats.median(fr.stream().map(f -> f.putMs() - f.builtMs()).toList());
        double get = Stats.median(fr.stream().map(f -> f.getMs() - f.putMs()).toList());
        line(String.format("Floor probe, step by step (medians): JVM start to `main` %.0f ms; building the client %.0f ms; "
                + "the first request (PutItem) %.0f ms; the second (GetItem) %.0f ms.", main, built - main, put, get));
        line();

        line("### Where a cold start goes");
        line();
        line("HotSpot's own counters, read from each run's hsperfdata before the process exits (medians over the runs): "
                + "*JVM created* is process start to the end of JVM creation; *class loading* is `sun.cls.time` "
                + "(loading, linking, verifying and the static initialisers, on every thread); *static init* is the "
                + "initialisers' own time (`sun.cls.classInitTime.self`); *JIT* is C1's compile time, on its own thread; "
                + "*CPU* is the process's user + system time until the first invocation was answered.");
        line();
        line("| Function | Total | JVM created | Classes loaded | Class loading | of which static init | JIT | GC | CPU |");
        line("|---|--:|--:|--:|--:|--:|--:|--:|--:|");
        for (ColdPhase.FunctionResult f : c.functions()) coldRow(f.function().logicalId(), f.runs());
        coldRow("*floor probe*", floorRuns);
        line();
        if (c.functions().stream().anyMatch(f -> f.classLoads() != null)) {
            line("Classes loaded by origin (one extra run per function with `-Xlog:class+load`, not timed; "
                    + "\"init\" is before the first `/next` poll, \"first\" is during the first invocation):");
            line();
            List<String> groups = List.of("AWS SDK", "JDK (CDS archive)", "JDK (not in CDS archive)", "Lambda runtime client",
                    "Automove", "generated (lambdas, reflection)", "other libraries");
            StringBuilder head = new StringBuilder("| Function | Phase | All |");
            StringBuilder rule = new StringBuilder("|---|---|--:|");
            for (String g : groups) { head.append(' ').append(g).append(" |"); rule.append("--:|"); }
            line(head.toString());
            line(rule.toString());
            for (ColdPhase.FunctionResult f : c.functions()) {
                if (f.classLoads() == null) continue;
                loadRow(f.function().logicalId(), "init", f.classLoads().init(), groups);
                loadRow("", "first", f.classLoads().invocation(), groups);
            }
            if (c.floor().classLoads() != null) {
                loadRow("*floor probe*", "client built", c.floor().classLoads().init(), groups);
                loadRow("", "Put + Get", c.floor().classLoads().invocation(), groups);
            }
            line();
        }
        coldFindings();
        List<String> problems = new ArrayList<>();
        c.functions().forEach(f -> f.problems().forEach(p -> problems.add(f.function().logicalId() + ": " + p)));
        if (!problems.isEmpty()) {
            line("**Runs whose answer was not the expected one** (they still count as cold starts):");
            line();
            problems.stream().limit(10).forEach(p -> line("- " + p));
            line();
        }
    }

    private void coldRow(String name, List<ColdStarts.Run> runs) {
        line(String.format("| %s | %.0f ms | %.0f ms | %.0f | %.0f ms | %.0f ms | %.0f ms | %.0f ms | %.0f ms |", name,
                med(runs, ColdStarts.Run::totalMs), med(runs, ColdStarts.Run::vmCreatedMs),
                med(runs, r -> (double) r.counters().getOrDefault("java.cls.loadedClasses", -1L)),
                med(runs, r -> ms(r, "sun.cls.time")), med(runs, r -> ms(r, "sun.cls.classInitTime.self")),
                med(runs, r -> ms(r, "java.ci.totalTime")), med(runs, Report::gcMs), med(runs, ColdStarts.Run::cpuMs)));
    }

    private void loadRow(String name, String phase, Map<String, Integer> counts, List<String> groups) {
        StringBuilder sb = new StringBuilder("| " + name + " | " + phase + " | " + counts.values().stream().mapToInt(Integer::intValue).sum() + " |");
        for (String g : groups) sb.append(' ').append(counts.getOrDefault(g, 0)).append(" |");
        line(sb.toString());
    }

    private void coldFindings() {
        ColdPhase.Result c = run.cold;
        List<ColdStarts.Run> all = c.functions().stream().flatMap(f -> f.runs().stream()).toList();
        List<ColdStarts.Run> floorRuns = c.floor().runs().stream().map(ColdStarts.FloorRun::run).toList();
        double total = med(all, ColdStarts.Run::totalMs);
        double init = med(all, ColdStarts.Run::initMs);
        double first = med(all, ColdStarts.Run::firstMs);
        double vm = med(all, ColdStarts.Run::vmCreatedMs);
        double cls = med(all, r -> ms(r, "sun.cls.time"));
        double clinit = med(all, r -> ms(r, "sun.cls.classInitTime.self"));
        double classes = med(all, r -> (double) r.counters().getOrDefault("java.cls.loadedClasses", -1L));
        double floorClasses = med(floorRuns, r -> (double) r.counters().getOrDefault("java.cls.loadedClasses", -1L));
        double cpu = med(all, ColdStarts.Run::cpuMs);
        List<ColdStarts.FloorRun> fr = c.floor().runs();
        double main = Stats.median(fr.stream().map(ColdStarts.FloorRun::mainMs).toList());
        double built = Stats.median(fr.stream().map(ColdStarts.FloorRun::builtMs).toList()) - main;
        double put = Stats.median(fr.stream().map(f -> f.putMs() - f.builtMs()).toList());
        double get = Stats.median(fr.stream().map(f -> f.getMs() - f.putMs()).toList());
        line("**What the cold start is made of** (all functions' runs together, medians):");
        line();
        line(String.format("- A function's cold start is %.0f ms: init %.0f ms, first invocation %.0f ms. The process uses "
                + "%.0f ms of CPU in that time (the JIT compiler and the garbage collector run beside the main thread).",
                total, init, first, cpu));
        line(String.format("- **The JVM itself** is created %.0f ms after the process starts; the floor probe reaches `main` at %.0f ms. "
                + "That part is the same for every Java function and no code change removes it (SnapStart does).", vm, main));
        line(String.format("- **Class loading** (load, link, verify, static initialisers) takes %.0f ms of thread time per "
                + "run (%.0f%% of the cold start's wall time, on two threads or more), for %.0f classes (the floor probe "
                + "loads %.0f); static initialisers alone %.0f ms. Most classes are the AWS SDK's and the JDK's "
                + "(see the table above).", cls, 100 * cls / total, classes, floorClasses, clinit));
        line(String.format("- **SDK client construction** (floor probe): %.0f ms from `main` to a built DynamoDB client.", built));
        line(String.format("- **The first request** (floor probe): %.0f ms for the first PutItem against %.0f ms for the "
                + "GetItem after it. The first call of a client pays for loading and initialising its whole request "
                + "path (marshallers, SigV4 signer, endpoint rules, the HTTP connection, response unmarshalling); each "
                + "further operation type costs its own first-call share. A function's first invocation (%.0f ms) is "
                + "that plus its own code, and the first call of each other DynamoDB operation it makes.", put, get, first));
        line();
    }

    private void warm() throws Exception {
        WarmPhase.Result w = run.warm;
        line("## 2. Warm latency");
        line();
        line("Per function: one JVM started with the template's `JAVA_TOOL_OPTIONS` (`" + w.javaToolOptions() + "`, so C1 "
                + "only, as deployed), the handler built on the ports (`Wiring.onDynamo`) over a DynamoDB client configured "
                + "as the functions' own (URL-connection HTTP client, 10 s call timeout) talking HTTP to DynamoDB Local on "
                + "loopback, in-process stand-ins for SES and EventBridge. " + w.warmup() + " invocations of warm-up, then "
                + w.measured() + " measured, each on its own copy of the fixtures of its event file (ids varied, so every "
                + "invocation does the real reads and conditional writes). The table is the template's without its "
                + "stream (nothing reads it here; DynamoDB Local slows down as stream records pile up). Durations are "
                + "the handler call's wall time; CPU is the calling thread's.");
        line();
        line("| Function | Event | DynamoDB calls | p50 | p90 | p99 | max | mean | mean billed (1 ms) | CPU p50 | GC | errors |");
        line("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        for (WarmPhase.FunctionResult f : w.functions()) {
            String event = f.text("event");
            line(String.format("| %s | `%s` | %s | %.2f ms | %.2f ms | **%.2f ms** | %.1f ms | %.2f ms | %.2f ms | %.2f ms | %.0f ms | %.0f%s |",
                    f.functionId(), event.substring(event.indexOf('/') + 1), num(f.num("dynamoCallsPerInvocation")), f.num("p50"), f.num("p90"), f.num("p99"),
                    f.num("max"), f.num("mean"), f.num("meanBilledMs"), f.num("cpuP50"), f.num("gcMillis"), f.num("errors"),
                    f.num("errors") > 0 ? " (" + f.text("firstError").replace("|", "/") + ")" : ""));
        }
        line();
        line("The DynamoDB-backed functions spend most of their time waiting for DynamoDB Local (a few ms per request "
                + "here, on a shared 2-core machine; DynamoDB itself answers in single-digit ms from Lambda); the CPU "
                + "column is the function's own work (JSON, the SDK's marshalling and SigV4 signing, the domain) on one "
                + "core of this machine.");
        line();
    }

    private void economy() throws Exception {
        CyclePhase.Result c = run.cycle;
        CyclePhase.Calibration cal = c.calibration();
        line("## 3. Economy of one full cycle");
        line();
        line("The owner moves a job into *Missing info* (Send client request + automove) with `POST /jobs/{jobId}/move`; "
                + "the request is created, linked and emailed; the clock moves three days on and the reminder sweep runs (`events/ReminderSweepFunction/scheduled-tick.json`), taking the one reminder of the defaults, which is emailed; the client submits through the signed webhook; the job "
                + "moves into *Review* (no automations). Every function runs in one JVM on the ports, over one DynamoDB "
                + "client to DynamoDB Local carrying an SDK `ExecutionInterceptor` (benchmark only) that asks "
                + "`ReturnConsumedCapacity` on every call (`INDEXES`: the TOTAL, split between the table and GSI1); the "
                + "table's stream goes through the template's filter "
                + "to the relay one record per invocation, and what the relay publishes is routed by the template's rules "
                + "(Event Ruler) to the functions. " + c.cycles().size() + " cycles on separate jobs: "
                + (c.identical() ? "all identical, call for call and unit for unit." : "**they differ**: " + c.differences()));
        line();
        line(String.format("**How units are counted.** Single-item calls are taken as DynamoDB Local reports them "
                        + "(`INDEXES`: the table's units and GSI1's apart); asked directly, it charges a new item with GSI1 keys "
                        + "%s units and one without %s, and with GSI1 projecting %s a rewrite that leaves the index keys alone "
                        + "costs the table's units only. Its reports for transactions are not AWS's (a TransactWriteItems of "
                        + "two new 1-unit items without index keys reports %s units, where AWS bills 4: 2 units per started KB, "
                        + "prepare and commit; with an index entry in it, it doubles everything), so the benchmark prices "
                        + "every TransactWriteItems itself from the items it wrote, read before and after (unmetered): 2 units per "
                        + "started KB of the larger image, and 1 per index entry added or moved, as for any write: AWS doubles "
                        + "the items' writes, and a transaction's changes only \"begin propagating to global secondary indexes\" "
                        + "once it has completed (DynamoDB developer guide, *Transactions: how it works*). Were the index entry "
                        + "doubled too, the cycle would cost %s write units.",
                num(cal.itemWithIndexKeys()), num(cal.itemWithoutIndexKeys()),
                c.sizes().keysOnlyIndex() ? "keys only" : "ALL attributes (so every rewrite also writes the index)",
                num(cal.twoItemTransaction()), num(writeUnits() + transactionalIndexEntries())));
        line();
        line("Items as the first cycle left them (bytes as DynamoDB counts them: names and values): "
                + String.join("; ", c.sizes().bytes().entrySet().stream().map(e -> String.format("%s %d B (%d write unit%s)",
                e.getKey(), e.getValue(), ItemSize.writeUnits(e.getValue()), ItemSize.writeUnits(e.getValue()) > 1 ? "s" : "")).toList())
                + ".");
        line();
        c.sizes().attributes().forEach((kind, attrs) -> line("- " + kind + ": " + String.join(", ",
                attrs.stream().map(e -> "`" + e.getKey() + "` " + e.getValue()).toList())));
        line();
        line("### Invocations, events and emails per cycle");
        line();
        line("| Function | Invocations | Triggered by |");
        line("|---|--:|---|");
        Map<String, Integer> counts = invocationsPerFunction();
        for (var e : counts.entrySet()) {
            Map<String, Integer> triggers = new TreeMap<>();
            c.first().stream().filter(i -> i.functionId().equals(e.getKey())).forEach(i -> triggers.merge(i.trigger(), 1, Integer::sum));
            StringBuilder t = new StringBuilder();
            triggers.forEach((k, v) -> t.append(t.length() == 0 ? "" : ", ").append(v > 1 ? v + " × " : "").append(k));
            line("| " + e.getKey() + " | " + e.getValue() + " | " + t + " |");
        }
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        int entries = c.first().stream().mapToInt(CyclePhase.Invocation::eventsPublished).sum();
        int putEvents = c.first().stream().mapToInt(CyclePhase.Invocation::putEventsCalls).sum();
        int messages = c.first().stream().mapToInt(CyclePhase.Invocation::emails).sum();
        int recipients = c.first().stream().mapToInt(CyclePhase.Invocation::recipients).sum();
        line("| **All** | **" + total + "** | |");
        line();
        line(String.format("EventBridge: %d entries in %d PutEvents calls. SES: %d message(s) to %d recipients. Secrets Manager: "
                + "0 calls in the cycle (the webhook's secret is read once per container and cached 5 minutes). The relay "
                + "is counted once per stream record with an outbox (batching window 0 and one write at a time); "
                + "records read in the same poll would make %d relay invocation(s) if they shared a batch.",
                entries, putEvents, messages, recipients, c.relayBatchesIfGrouped()));
        line();

        line("### DynamoDB requests per operation");
        line();
        line("| Function | Operation | Read consistency | Calls | Items | Units reported: table + GSI1 | Units billed |");
        line("|---|---|---|--:|--:|--:|--:|");
        Map<String, double[]> ops = new LinkedHashMap<>();
        for (CyclePhase.Invocation i : c.first()) {
            for (CapacityMeter.Call call : i.calls()) {
                String key = i.functionId() + "|" + call.operation() + "|" + call.consistency();
                double[] a = ops.computeIfAbsent(key, k -> new double[5]);
                a[0]++;
                a[1] += call.items();
                a[2] += call.tableUnits();
                a[3] += billed(call);
                a[4] += call.indexUnits();
            }
        }
        ops.forEach((k, a) -> {
            String[] p = k.split("\\|", -1);
            line(String.format("| %s | %s | %s | %.0f | %.0f | %s + %s | %s |", p[0], p[1], p[2].isEmpty() ? "" : p[2], a[0], a[1],
                    num(a[2]), num(a[4]), num(a[3])));
        });
        long failures = c.first().stream().flatMap(i -> i.calls().stream()).filter(x -> x.failure() != null).count();
        line(String.format("| **All** | | | %d | | | **%s RRU + %s WRU** |",
                c.first().stream().mapToInt(i -> i.calls().size()).sum(), num(readUnits()), num(writeUnits())));
        line();
        List<CapacityMeter.Call> writeCalls = c.first().stream().flatMap(i -> i.calls().stream()).filter(x -> !x.read()).toList();
        double index = writeCalls.stream().filter(x -> !x.transactional()).mapToDouble(CapacityMeter.Call::indexUnits).sum();
        double tx = writeCalls.stream().filter(CapacityMeter.Call::transactional).mapToDouble(this::billed).sum();
        double single = writeCalls.stream().filter(x -> !x.transactional()).mapToDouble(this::billed).sum() - index;
        line(String.format("Of the %s write units, %s are single-item writes, %s GSI1's upkeep outside transactions and %s "
                + "the transaction(s) (their items doubled, as AWS bills them, and their index entries).", num(writeUnits()),
                num(single), num(index), num(tx)));
        line();
        if (failures > 0) {
            line("**" + failures + " call(s) failed** (conditional check failures still cost 1 write unit on AWS, which "
                    + "DynamoDB Local does not report): " + c.first().stream().flatMap(i -> i.calls().stream())
                    .filter(x -> x.failure() != null).map(x -> x.operation() + " " + x.failure()).toList());
            line();
        }

        line("### Step by step, in the format of docs/data-model.md");
        line();
        line("| Step | Reads | Read units | Writes | Write units |");
        line("|---|---|--:|---|--:|");
        List<double[]> measuredSteps = new ArrayList<>();
        List<String> stepNames = new ArrayList<>();
        int relays = 0;
        for (CyclePhase.Invocation i : c.first()) {
            if (i.calls().isEmpty() && i.streamRecords() > 0) { relays++; continue; }
            String reads = String.join(", ", i.calls().stream().filter(CapacityMeter.Call::read)
                    .map(x -> x.operation() + (x.items() > 1 ? " (" + x.items() + " items)" : "") + " " + x.consistency()).toList());
            String writes = String.join(", ", i.calls().stream().filter(x -> !x.read())
                    .map(x -> x.operation() + (x.items() > 1 ? " (" + x.items() + " items)" : "")).toList());
            double ru = i.calls().stream().filter(CapacityMeter.Call::read).mapToDouble(this::billed).sum();
            double wu = i.calls().stream().filter(x -> !x.read()).mapToDouble(this::billed).sum();
            String name = i.functionId().replace("Function", "") + " (" + i.trigger() + ")";
            stepNames.add(name);
            measuredSteps.add(new double[]{ru, wu});
            line(String.format("| %s | %s | %s | %s | %s |", name, reads.isEmpty() ? "none" : reads, num(ru),
                    writes.isEmpty() ? "none" : writes, num(wu)));
        }
        line(String.format("| Outbox relay × %d | none | 0 | none (PutEvents) | 0 |", relays));
        line(String.format("| **Total** | | **%s** | | **%s** |", num(readUnits()), num(writeUnits())));
        line();
        compareWithDataModel(stepNames, measuredSteps);
    }

    /** The "Capacity of one full cycle" table of docs/data-model.md, row by row against the measured steps. */
    private void compareWithDataModel(List<String> names, List<double[]> measured) throws Exception {
        Path doc = Path.of("docs", "data-model.md");
        if (!Files.exists(doc)) return;
        List<String[]> rows = new ArrayList<>();
        boolean in = false;
        for (String l : Files.readAllLines(doc)) {
            if (l.startsWith("## Capacity of one full cycle")) { in = true; continue; }
            if (in && l.startsWith("## ")) break;
            if (in && l.startsWith("|") && !l.startsWith("|---") && !l.startsWith("| Step")) {
                String[] cells = l.substring(1, l.lastIndexOf('|')).split("\\|");
                for (int i = 0; i < cells.length; i++) cells[i] = cells[i].strip().replace("**", "");
                if (cells.length >= 5) rows.add(cells);
            }
        }
        if (rows.isEmpty()) return;
        line("**Against docs/data-model.md** (its table as this run found it):");
        line();
        line("| data-model.md step | Its read units | Measured | Its write units | Measured | |");
        line("|---|--:|--:|--:|--:|---|");
        int i = 0;
        for (String[] row : rows) {
            boolean totalRow = row[0].equalsIgnoreCase("Total");
            double[] m = totalRow ? new double[]{readUnits(), writeUnits()} : i < measured.size() ? measured.get(i) : null;
            String mName = totalRow ? "" : i < names.size() ? names.get(i) : "";
            if (!totalRow) i++;
            if (m == null) { line("| " + row[0] + " | " + row[2] + " | – | " + row[4] + " | – | no measured step |"); continue; }
            double docRead = parse(row[2]);
            double docWrite = parse(row[4]);
            boolean same = Math.abs(docRead - m[0]) < 1e-9 && Math.abs(docWrite - m[1]) < 1e-9;
            line(String.format("| %s | %s | %s | %s | %s | %s |", row[0], row[2], num(m[0]), row[4], num(m[1]),
                    same ? "agrees" : "**differs**" + (mName.isEmpty() ? "" : " (measured: " + mName + ")")));
        }
        line();
    }

    private void cost() throws Exception {
        Costs.Bill b = bill();
        line("## 4. Cost per 1,000 full cycles");
        line();
        line("Region " + Costs.REGION + ", " + Costs.PRICES_AS_OF + "; Lambda on **arm64** (the template's "
                + "`Architectures`), billed per 1 ms rounded up, from the **measured mean billed warm duration** of each "
                + "function (section 2) and its `MemorySize`. Free tiers are not applied.");
        line();
        line("| Item | Quantity | Price | Per 1,000 cycles |");
        line("|---|--:|---|--:|");
        for (Costs.Line l : b.lines()) {
            if (l.goal() && !l.optIn()) line(String.format("| %s | %s | %s | $%.5f |", l.item(), l.quantity(), l.price(), l.dollars()));
        }
        line(String.format("| **The goal's services** | | | **$%.5f** |", b.goalItems()));
        for (Costs.Line l : b.lines()) {
            if (!l.goal() && !l.ses() && !l.optIn()) line(String.format("| %s | %s | %s | $%.5f |", l.item(), l.quantity(), l.price(), l.dollars()));
        }
        line(String.format("| **All but SES** | | | **$%.5f** |", b.withoutSes()));
        for (Costs.Line l : b.lines()) {
            if (l.ses()) line(String.format("| %s (kept apart) | %s | %s | $%.5f |", l.item(), l.quantity(), l.price(), l.dollars()));
        }
        for (Costs.Line l : b.lines()) {
            if (l.optIn()) line(String.format("| %s (opt-in, not in the totals) | %s | %s | $%.5f |", l.item(), l.quantity(), l.price(), l.dollars()));
        }
        line();
        double dynamo = b.lines().stream().filter(l -> l.item().startsWith("DynamoDB")).mapToDouble(Costs.Line::dollars).sum();
        line(String.format("Goal: everything but SES ≤ $%.2f per 1,000 cycles, on the services it names. Measured **$%.5f** as "
                        + "deployed with the template's defaults (tracing %s), of which DynamoDB $%.5f (%s WRU + %s RRU per cycle). "
                        + "%s With the `Tracing` parameter at `Active`: $%.5f while every invocation is traced (below 1 request a "
                        + "second per function, Lambda records 1 a second, then 5%%), $%.5f at high volume; X-Ray's first 100,000 "
                        + "traces a month are free (about %,d cycles).",
                COST_GOAL, b.goalItems(), b.tracingActive() ? "Active" : "off", dynamo, num(writeUnits()), num(readUnits()),
                b.goalItems() <= COST_GOAL ? "The goal passes." : "The goal is missed; the largest item is "
                        + b.lines().stream().filter(l -> l.goal() && !l.optIn()).max(java.util.Comparator.comparingDouble(Costs.Line::dollars))
                        .map(Costs.Line::item).orElse("?") + ".",
                b.withXray(), b.withXrayAtFivePercent(), 100_000 / Math.max(1, run.cycle.first().size())));
        line();
        long relays = run.cycle.first().stream().filter(i -> i.streamRecords() > 0).count();
        int invocations = run.cycle.first().size();
        List<String> unrouted = run.cycle.unroutedEvents();
        line(String.format("The outbox relay is %d of the %d invocations per cycle, and as many of the Lambda requests and X-Ray "
                + "traces. %d of the %d events published per cycle match no rule of the template%s: each still costs an "
                + "EventBridge event, a relay invocation and a trace.", relays, invocations, unrouted.size(),
                run.cycle.first().stream().mapToInt(CyclePhase.Invocation::eventsPublished).sum(),
                unrouted.isEmpty() ? "" : " (" + String.join(", ", unrouted) + ")"));
        line();
        line(String.format("Not in the cycle's price: Secrets Manager's $0.40 per secret-month, and one GetSecretValue per "
                + "webhook container per 5 minutes (at worst one per cycle: $%.5f per 1,000 cycles); storage (DynamoDB, "
                + "point-in-time recovery, logs); data transfer; SQS (failures only).", b.secretsWorstCase()));
        line();
        reminderShare();
        line("**The same cycle as a Step Functions Standard workflow** with a callback task for the client's submission "
                + "(the API call starts the execution; the webhook calls `SendTaskSuccess`):");
        line();
        StringBuilder states = new StringBuilder();
        for (String[] s : Costs.STATE_MACHINE) states.append(states.length() == 0 ? "" : " → ").append(s[0]);
        line(states + ": " + Costs.STATE_MACHINE.size() + " state transitions per cycle at $0.025 per 1,000 = "
                + String.format("**$%.3f per 1,000 cycles** for the transitions alone, %.0f × this stack's whole "
                        + "non-SES cost of $%.5f (and the two HTTP functions, DynamoDB and SES are still paid on top).",
                Costs.stepFunctionsPerThousand(), Costs.stepFunctionsPerThousand() / b.withoutSes(), b.withoutSes()));
        line();
    }

    /**
     * The reminder's part of the cycle (the sweep's tick, the delivery of its email, the relay of the events they
     * published), priced like the rest; and what the same reminder would cost with one EventBridge Scheduler schedule
     * per request instead: no sweep, no due-work index upkeep, one scheduled invocation (docs/deploy.md, Reminders).
     */
    private void reminderShare() throws Exception {
        List<CyclePhase.Invocation> c = run.cycle.first();
        List<CyclePhase.Invocation> sweep = c.stream().filter(i -> i.trigger().equals("schedule tick")).toList();
        List<CyclePhase.Invocation> part = c.stream().filter(i -> i.trigger().equals("schedule tick")
                || i.trigger().contains("ClientRequestReminded")).toList();
        if (sweep.isEmpty()) return;
        // the relay's invocations that follow a step, up to the next step, publish what that step stored
        int events = 0, relayed = 0;
        CyclePhase.Invocation owner = null;
        for (CyclePhase.Invocation i : c) {
            boolean relayCall = i.calls().isEmpty() && i.streamRecords() > 0;
            if (!relayCall) { owner = i; continue; }
            if (owner != null && part.contains(owner)) { events += i.eventsPublished(); relayed++; }
        }
        double ru = part.stream().flatMap(i -> i.calls().stream()).filter(CapacityMeter.Call::read).mapToDouble(this::billed).sum();
        double wu = part.stream().flatMap(i -> i.calls().stream()).filter(x -> !x.read()).mapToDouble(this::billed).sum();
        double lambdaSeconds = 0;
        for (CyclePhase.Invocation i : part) {
            Template.Function f = run.template.functions().stream().filter(x -> x.logicalId().equals(i.functionId())).findFirst().orElseThrow();
            lambdaSeconds += run.warm.of(i.functionId()).num("meanBilledMs") / 1000.0 * Functions.memorySize(run.template, f) / 1024.0;
        }
        Template.Function relay = run.template.functions().stream().filter(f -> !f.streams().isEmpty()).findFirst().orElseThrow();
        double relayGbS = run.warm.of(relay.logicalId()).num("meanBilledMs") / 1000.0 * Functions.memorySize(run.template, relay) / 1024.0;
        int invocations = part.size() + relayed;
        double perThousand = 1000 * (invocations * Costs.LAMBDA_REQUEST + (lambdaSeconds + relayed * relayGbS) * Costs.LAMBDA_GB_SECOND_ARM
                + wu * Costs.DDB_WRITE_UNIT + ru * Costs.DDB_READ_UNIT + events * Costs.EVENTBRIDGE_EVENT);
        // With a schedule per request: the sweep's invocation and its index query go, as does the due-work index's
        // upkeep (its entry written when the first email is sent, moved by the reminder, removed by the submission).
        double sweepReads = sweep.stream().flatMap(i -> i.calls().stream()).filter(x -> x.operation().equals("Query"))
                .mapToDouble(this::billed).sum();
        double indexUpkeep = c.stream().flatMap(i -> i.calls().stream()).filter(x -> !x.read() && !x.transactional())
                .mapToDouble(CapacityMeter.Call::dueWorkIndexUnits).sum();
        double sweepSeconds = 0;
        for (CyclePhase.Invocation i : sweep) {
            Template.Function f = run.template.functions().stream().filter(x -> x.logicalId().equals(i.functionId())).findFirst().orElseThrow();
            sweepSeconds += run.warm.of(i.functionId()).num("meanBilledMs") / 1000.0 * Functions.memorySize(run.template, f) / 1024.0;
        }
        double scheduler = perThousand + 1000 * (Costs.SCHEDULER_INVOCATION - sweep.size() * Costs.LAMBDA_REQUEST
                - sweepSeconds * Costs.LAMBDA_GB_SECOND_ARM - sweepReads * Costs.DDB_READ_UNIT - indexUpkeep * Costs.DDB_WRITE_UNIT);
        line(String.format("**The reminder's share.** Of that, one reminder (the sweep's tick, the delivery of its email, "
                        + "the relay of the %d events they publish) is %d invocations, %s RRU and %s WRU: **$%.5f per 1,000 "
                        + "cycles**. The sweep's tick is counted whole although one tick serves every request due at once. "
                        + "With one EventBridge Scheduler schedule per request instead (no sweep, no due-work index: its "
                        + "upkeep is %s WRU per cycle and the sweep's query %s RRU), the same reminder would cost about "
                        + "**$%.5f per 1,000 cycles** plus the time the functions spend calling CreateSchedule and "
                        + "DeleteSchedule (not measured here; the API calls themselves are not billed), with a third "
                        + "client and `iam:PassRole` in the functions that make them. Why the sweep: docs/deploy.md, "
                        + "Reminders.", events, invocations, num(ru), num(wu), perThousand, num(indexUpkeep), num(sweepReads),
                scheduler));
        line();
    }

    static double xray(Costs.Bill b) { return (double) b.facts().get("xray"); }

    private void throughput() {
        LocalThroughput.Result t = run.throughput;
        line("## 5. Throughput of the local stack");
        line();
        line(String.format("`LocalLauncher` started in the benchmark's JVM (background mode, free loopback port, DynamoDB Local "
                + "embedded in memory) in %.0f ms; %d concurrent `java.net.http` clients push %d jobs through the full "
                + "cycle over HTTP (create, move into *Missing info*, await the email, submit through the signed webhook, "
                + "await the automove). No threshold.", t.startupMs(), t.concurrency(), t.jobs()));
        line();
        line("| Jobs done | Failed | Wall time | Jobs/s | Job entered stage → email in outbox, p50 / p99 | Webhook sent → job in next stage, p50 / p99 | Webhook answered in, p50 / p99 | Emails | Dead letters |");
        line("|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        line(String.format("| %d | %d | %.1f s | **%.1f** | %.0f / %.0f ms | %.0f / %.0f ms | %.0f / %.0f ms | %d | %d |", t.completed(),
                t.failures().size(), t.seconds(), t.jobsPerSecond(), Stats.percentile(t.enterToEmailMs(), 50),
                Stats.percentile(t.enterToEmailMs(), 99), Stats.percentile(t.acceptedToMovedMs(), 50),
                Stats.percentile(t.acceptedToMovedMs(), 99), Stats.percentile(t.webhookMs(), 50),
                Stats.percentile(t.webhookMs(), 99), t.emails(), t.deadLetters()));
        line();
        line("Both latencies are read off the stack's own clock: the job's stored `stageEnteredAt` (into *Missing info*, "
                + "then into *Review*) and the time the local mailer stamped on the email; the webhook's start is the "
                + "instant the client sent it, so its own handling (the last column, as the client saw it) is included. "
                + "They include the local stack's stream polling (every 5 ms while busy) and its bus (4 invocation "
                + "threads), and run with every core busy.");
        if (!t.failures().isEmpty()) {
            line();
            line("Failures (first 5): " + t.failures().stream().limit(5).toList());
        }
        line();
    }

    /** Sections 7 and 8 alone, for {@code scripts/bench --scale}, stamped with their own run. */
    static String scaleSections(Run run) {
        Report r = new Report(run);
        r.scale();
        r.idle();
        String stamp = "*Sections 7 and 8 written by `scripts/bench --scale` on "
                + DateTimeFormatter.ISO_INSTANT.format(run.at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                + " (commit " + run.machine.commit() + ", load before " + run.machine.loadBefore() + "); the sections "
                + "before them keep the figures of the run named at the top.*\n\n";
        String md = r.md.toString();
        int afterTitle = md.indexOf('\n') + 2;
        return md.substring(0, afterTitle) + stamp + md.substring(afterTitle);
    }

    private void scale() {
        ScalePhase.Result s = run.scale;
        int base = s.sizes().get(0);
        line("## 7. Lists as they grow: the board and the request list");
        line();
        line(String.format("One local stack (DynamoDB Local embedded); per size a firm with %d accounts, a pipeline whose "
                + "first stage holds that many jobs (round-robin over the accounts) and that many client requests of one "
                + "account, written with BatchWriteItem through the store's item mapping. The owner, and an employee "
                + "assigned to one of the %d accounts, read each list with limit=%d: the median of %d calls over the "
                + "stack's HTTP API, the read units DynamoDB reported for one call (every read the function made, the "
                + "member check included), the body's bytes and how many items the page held, after a warm-up round at the "
                + "smallest size that is not reported. Ratios are against the %,d case of the same row. No threshold.", ScalePhase.ACCOUNTS, ScalePhase.ACCOUNTS, ScalePhase.LIMIT,
                s.repetitions(), base));
        line();
        line("| Caller | Read | Jobs / requests | Latency (median) | × | Read units | × | Body | × | Items on the page |");
        line("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|");
        for (String who : s.rows().stream().map(ScalePhase.Row::who).distinct().toList()) {
            for (String read : List.of(ScalePhase.BOARD, ScalePhase.STAGE, ScalePhase.REQUESTS)) {
                ScalePhase.Row first = s.rows().stream().filter(x -> x.who().equals(who) && x.read().equals(read)
                        && x.size() == base).findFirst().orElseThrow();
                for (int size : s.sizes()) {
                    ScalePhase.Row x = s.rows().stream().filter(y -> y.who().equals(who) && y.read().equals(read)
                            && y.size() == size).findFirst().orElseThrow();
                    line(String.format("| %s | %s | %,d | %.1f ms | %.2f | %.1f | %.2f | %,d B | %.2f | %d |", who, read, size,
                            x.medianMs(), x.medianMs() / first.medianMs(), x.readUnits(),
                            first.readUnits() == 0 ? 0 : x.readUnits() / first.readUnits(), x.bytes(),
                            (double) x.bytes() / first.bytes(), x.items()));
                }
            }
        }
        line();
        int top = s.sizes().get(s.sizes().size() - 1);
        ScalePhase.Row ownerTop = s.rows().stream().filter(x -> x.size() == top && x.who().equals("owner")
                && x.read().equals(ScalePhase.BOARD)).findFirst().orElseThrow();
        ScalePhase.Row ownerBase = s.rows().stream().filter(x -> x.size() == base && x.who().equals("owner")
                && x.read().equals(ScalePhase.BOARD)).findFirst().orElseThrow();
        line(String.format("At %,d jobs the owner's board answers in %.2f× the time and %.2f× the read units of the %,d case, "
                + "with a %,d-byte body (%.0f KB): a page costs what it holds. The employee's board reads only the "
                + "partitions of their one account (the account board index) and counts them, so it costs what that "
                + "account's jobs cost, not what the firm's do. Each stage is one query of its index (limit + 1 items, "
                + "the card fields projected), one read of the stage counters, and one BatchGetItem of the page's "
                + "linked requests (none here).", top, ownerTop.medianMs() / ownerBase.medianMs(),
                ownerTop.readUnits() / ownerBase.readUnits(), base, ownerTop.bytes(), ownerTop.bytes() / 1024.0));
        line();
    }

    private void idle() {
        IdleCost.Result i = run.idle;
        line("## 8. What a deployed stack costs with no traffic");
        line();
        line("From the template's resources, counted by type (" + i.resourceTypes() + "), and AWS's list prices in "
                + Costs.REGION + " (" + Costs.PRICES_AS_OF + "). Functions, the HTTP API, the bus and the queue bill per "
                + "use and cost nothing idle (SnapStart for Java has no cache charge); the reminder sweep runs on its "
                + "schedule whatever the traffic. Storage assumes " + IdleCost.STORED_GB + " GB of firm data (about "
                + "10,000 jobs and 10,000 requests with their index entries)."
                + (i.unpriced().isEmpty() ? "" : " Not priced: " + i.unpriced() + "."));
        line();
        line("| Item | Quantity a month | Price | Dollars a month |");
        line("|---|--:|---|--:|");
        if (!i.resourceTypes().containsKey("AWS::CloudWatch::Alarm")) line("| CloudWatch alarm | 0 | $0.10 a month | $0.0000 |");
        for (IdleCost.Line l : i.lines()) {
            line(String.format("| %s | %s | %s | $%.4f |", l.item(), l.quantity(), l.price(), l.dollars()));
        }
        line(String.format("| **Total** | | | **$%.2f** |", i.total()));
        line();
        line("The secret is most of it. Free tiers (25 GB of DynamoDB storage, 5 GB of logs, a million Lambda requests) "
                + "are not deducted; with them the idle stack costs the secret alone.");
        line();
    }

    private void memory() throws Exception {
        line("## 6. Peak memory, and a MemorySize per function");
        line();
        line("Peak resident memory (`VmHWM` of /proc/PID/status) of the cold-start JVMs of section 1, read after the "
                + "first invocation and before the process exits; these JVMs run with the JDK's defaults on this 24 GiB "
                + "machine (G1, heap sized from the host), so a Lambda sandbox would show somewhat less.");
        line();
        line("Lambda gives a function CPU in proportion to its memory (1,769 MB = one vCPU). The prediction below scales the "
                + "measured CPU time (one core of this machine) by 1,769 / MemorySize and keeps the rest (waiting for "
                + "DynamoDB) as measured: *warm* = (mean − CPU mean) + CPU mean × 1769/M; *first* = the cold first "
                + "invocation (almost all CPU here) × 1769/M, which is what the first call after a SnapStart restore "
                + "costs; *cold start without SnapStart* = the process's CPU time until its first answer × 1769/M (at "
                + "less than one vCPU the JIT and GC threads no longer run beside the main one). Cost per million "
                + "invocations at list price (arm64), duration rounded up to 1 ms.");
        line();
        line("| Function | Peak RSS median / max | Warm mean / CPU | Predicted warm at 512 / 768 / 1024 MB | First invocation at 512 / 768 / 1024 MB | Cold start without SnapStart at 512 / 768 / 1024 MB | $ per million at 512 / 768 / 1024 MB | Today | **Proposal** |");
        line("|---|--:|--:|--:|--:|--:|--:|--:|--:|");
        List<String> reasons = new ArrayList<>();
        for (ColdPhase.FunctionResult f : run.cold.functions()) {
            String id = f.function().logicalId();
            WarmPhase.FunctionResult w = run.warm.of(id);
            double hwmMed = med(f.runs(), r -> r.hwmKb() / 1024.0);
            double hwmMax = Stats.max(f.runs().stream().map(r -> r.hwmKb() / 1024.0).toList());
            double mean = w.num("mean");
            double cpu = w.num("cpuMean");
            double first = med(f.runs(), ColdStarts.Run::firstMs);
            double coldCpu = med(f.runs(), ColdStarts.Run::cpuMs);
            boolean http = !f.function().routes().isEmpty();
            int proposal = propose(hwmMax, mean, cpu, first, coldCpu, http, f.memorySize());
            line(String.format("| %s | %.0f / %.0f MB | %.2f / %.2f ms | %.1f / %.1f / %.1f ms | %.0f / %.0f / %.0f ms | %.1f / %.1f / %.1f s | $%.2f / $%.2f / $%.2f | %d MB | **%d MB** |",
                    id, hwmMed, hwmMax, mean, cpu, warmAt(mean, cpu, 512), warmAt(mean, cpu, 768), warmAt(mean, cpu, 1024),
                    firstAt(first, 512), firstAt(first, 768), firstAt(first, 1024),
                    firstAt(coldCpu, 512) / 1000, firstAt(coldCpu, 768) / 1000, firstAt(coldCpu, 1024) / 1000,
                    costPerMillion(mean, cpu, 512), costPerMillion(mean, cpu, 768), costPerMillion(mean, cpu, 1024),
                    f.memorySize(), proposal));
            reasons.add(String.format("- **%s: %d MB.** %s", id, proposal, reason(id, hwmMax, mean, cpu, first, coldCpu, http, proposal)));
        }
        line();
        line("How the proposal is chosen (from the figures above, by the benchmark): the smallest size in "
                + java.util.Arrays.toString(MEMORY_CANDIDATES) + " MB that (1) is at least twice the largest peak RSS seen "
                + "(heap growth over a container's life, the runtime's own share); (2) keeps a cold start without SnapStart "
                + "under 5 s (half of Lambda's 10 s init limit, for `$LATEST`, a version whose snapshot is not there yet, "
                + "or a snapshot being made); (3) for the HTTP functions, whose cold path a person waits for: keeps the "
                + "first invocation after a restore at 1 s or less and the warm mean within 25% of its value at 1,024 MB; "
                + "unless today's size (the template's) meets (1) to (3) and the smallest would save less than 10% per "
                + "million invocations, in which case today's stays (the figures move a little from run to run; the "
                + "template should not). The smallest, because below 1,769 MB the CPU milliseconds cost the same at any size and only the time "
                + "spent waiting for DynamoDB gets cheaper.");
        line();
        reasons.forEach(this::line);
        line();
        Map<String, Long> d = run.dynamoLocalMemory;
        if (d != null && d.containsKey("VmHWM")) {
            line(String.format("For scale: the DynamoDB Local server JVM peaked at %.0f MB.", d.get("VmHWM") / 1024.0));
            line();
        }
    }

    static double cpuFactor(int memoryMb) { return Math.max(1, FULL_VCPU_MB / memoryMb); }

    static double warmAt(double mean, double cpu, int memoryMb) { return Math.max(0, mean - cpu) + cpu * cpuFactor(memoryMb); }

    static double firstAt(double first, int memoryMb) { return first * cpuFactor(memoryMb); }

    static double costPerMillion(double mean, double cpu, int memoryMb) {
        double billedMs = Math.ceil(warmAt(mean, cpu, memoryMb));
        return 1e6 * (billedMs / 1000.0 * memoryMb / 1024.0 * Costs.LAMBDA_GB_SECOND_ARM + Costs.LAMBDA_REQUEST);
    }

    static int propose(double hwmMaxMb, double mean, double cpu, double first, double coldCpu, boolean http, int today) {
        int smallest = MEMORY_CANDIDATES[MEMORY_CANDIDATES.length - 1];
        for (int m : MEMORY_CANDIDATES) {
            if (fits(m, hwmMaxMb, mean, cpu, first, coldCpu, http)) { smallest = m; break; }
        }
        // no churn for pennies: today's size stays while it fits and the smallest would save under 10%
        boolean keep = fits(today, hwmMaxMb, mean, cpu, first, coldCpu, http)
                && costPerMillion(mean, cpu, smallest) > 0.9 * costPerMillion(mean, cpu, today);
        return keep ? today : smallest;
    }

    static boolean fits(int m, double hwmMaxMb, double mean, double cpu, double first, double coldCpu, boolean http) {
        if (m < 2 * hwmMaxMb) return false;
        if (firstAt(coldCpu, m) > 5000) return false;
        return !http || (firstAt(first, m) <= 1000 && warmAt(mean, cpu, m) <= 1.25 * warmAt(mean, cpu, 1024));
    }

    static String reason(String id, double hwmMax, double mean, double cpu, double first, double coldCpu, boolean http,
                         int proposal) {
        StringBuilder r = new StringBuilder();
        r.append(String.format(Locale.ROOT, "Peak RSS %.0f MB needs ≥ %.0f MB; a cold start without SnapStart is "
                + "predicted %.1f s at %d MB", hwmMax, 2 * hwmMax, firstAt(coldCpu, proposal) / 1000, proposal));
        if (http) {
            r.append(String.format(Locale.ROOT, "; HTTP-facing: at %d MB the first invocation after a restore is predicted "
                    + "%.0f ms and the warm mean %.1f ms (%.1f ms at 1,024 MB)", proposal, firstAt(first, proposal),
                    warmAt(mean, cpu, proposal), warmAt(mean, cpu, 1024)));
        } else {
            r.append(String.format(Locale.ROOT, "; asynchronous (nobody waits on it): warm mean "
                    + "predicted %.1f ms, first invocation after a restore %.0f ms", warmAt(mean, cpu, proposal), firstAt(first, proposal)));
        }
        r.append(String.format(Locale.ROOT, "; $%.2f per million invocations against $%.2f at 1,024 MB.",
                costPerMillion(mean, cpu, proposal), costPerMillion(mean, cpu, 1024)));
        return r.toString();
    }

    /** What is left to gain, each sized by this run's own numbers (the changes are not made here). */
    private void levers() throws Exception {
        if (run.plan.smoke()) return;
        List<CapacityMeter.Call> writeCalls = run.cycle.first().stream().flatMap(i -> i.calls().stream()).filter(x -> !x.read()).toList();
        double tx = writeCalls.stream().filter(CapacityMeter.Call::transactional).mapToDouble(this::billed).sum();
        long txItems = writeCalls.stream().filter(CapacityMeter.Call::transactional).mapToLong(CapacityMeter.Call::items).sum();
        Costs.Bill b = bill();
        long relays = run.cycle.first().stream().filter(i -> i.streamRecords() > 0).count();
        int invocations = run.cycle.first().size();
        List<ColdStarts.Run> all = run.cold.functions().stream().flatMap(f -> f.runs().stream()).toList();
        double first = med(all, ColdStarts.Run::firstMs);
        double warmMedian = Stats.median(run.warm.functions().stream().map(f -> f.num("p50")).toList());
        line("## What is left to gain");
        line();
        line("Sized with this run's figures; none of these changes is made.");
        line();
        line(String.format("- **Write units (%s per cycle, goal %.0f).** The stage entry's transaction is %s of them for "
                + "%d items: the request and the job's link are written together so that a request never exists unlinked, "
                + "nor a job waits for a request that does not exist. Two single writes in a careful order would save half, "
                + "at the price of a crash window that the fault-injection suite would have to cover. A client request "
                + "costs one more unit per started KB on each of its writes (creation, claim, sent, submission): a long "
                + "template message or many answers show up four times.", num(writeUnits()), WRITE_GOAL, num(tx), txItems));
        for (ColdPhase.FunctionResult f : run.cold.functions()) {
            if (ratio(f) <= COLD_GOAL) continue;
            line("- " + coldMiss(f));
        }
        line(String.format("- **Tracing.** With the `Tracing` parameter at `Active`, X-Ray adds $%.5f per 1,000 cycles to "
                + "the $%.5f below the goal (every invocation starts a trace below 1 request a second per function); the "
                + "relay is %d of the %d invocations, hence of the traces.", xray(b), b.goalItems(), relays, invocations));
        line(String.format("- **First invocation (%.0f ms median cold, against %.1f ms warm).** Measured here without "
                + "SnapStart; with it, the functions' CRaC priming (handlers/Priming.java) runs the read-only path before the "
                + "snapshot, so most of the first request's class loading is restored rather than done.", first, warmMedian));
        line();
    }

    /** Why a function's cold start is above the goal: what it loads beyond the floor probe, and its SDK services. */
    private String coldMiss(ColdPhase.FunctionResult f) throws Exception {
        String id = f.function().logicalId();
        List<String> services = new ArrayList<>();
        try (var jars = Files.list(ColdStarts.packageOf(id).resolve("lib"))) {
            jars.map(p -> p.getFileName().toString()).sorted().forEach(j -> {
                for (String service : List.of("dynamodb", "ses", "eventbridge", "secretsmanager")) {
                    if (j.startsWith(service + "-")) services.add(service);
                }
            });
        }
        StringBuilder why = new StringBuilder(String.format(Locale.ROOT, "**%s's cold start (%.0f ms, %.2f × the floor, "
                + "goal %.1f).** Its package carries the SDK clients of %s, where the floor probe builds one DynamoDB client",
                id, coldTotal(f), ratio(f), COLD_GOAL, String.join(", ", services)));
        double fastest = f.runs().stream().mapToDouble(ColdStarts.Run::totalMs).min().orElse(Double.NaN);
        why.append(String.format(Locale.ROOT, " (its fastest run was %.2f × the floor's median: the runs spread as wide as "
                + "the miss)", fastest / floorTotal()));
        ColdStarts.ClassLoads mine = f.classLoads(), floor = run.cold.floor().classLoads();
        if (mine != null && floor != null) {
            why.append(String.format(Locale.ROOT, "; it loads %+d classes more (init %+d, first invocation %+d), of which "
                            + "AWS SDK %+d and JDK classes outside the CDS archive %+d",
                    sum(mine) - sum(floor), mine.init().getOrDefault("All", total(mine.init())) - floor.init().getOrDefault("All", total(floor.init())),
                    mine.invocation().getOrDefault("All", total(mine.invocation())) - floor.invocation().getOrDefault("All", total(floor.invocation())),
                    both(mine, "AWS SDK") - both(floor, "AWS SDK"),
                    both(mine, "JDK (not in CDS archive)") - both(floor, "JDK (not in CDS archive)")));
        }
        String operations = run.warm.of(id).text("dynamoOperations");
        if (!operations.isEmpty()) {
            why.append(". Its event calls DynamoDB's ").append(operations)
                    .append(" (the floor probe: PutItem, GetItem; each operation type loads its own marshallers on first use)");
        }
        if (services.contains("ses")) {
            why.append(". A second SDK client is built at init and makes its first call in the invocation; SES's query "
                    + "protocol answers in XML, whose parser is JDK code outside the default CDS archive");
        }
        if (services.contains("secretsmanager")) {
            why.append(". The webhook's secret is read from Secrets Manager by a client built at the first signed call "
                    + "(then cached 5 minutes)");
        }
        why.append(". This proxy runs without SnapStart; with it (the template's published versions) the init is "
                + "restored and the priming has run the function's DynamoDB path before the snapshot");
        if (services.contains("ses") || services.contains("secretsmanager")) {
            why.append(", but not what it cannot run without a side effect or a leak (sending an email; reading the "
                    + "secret, which must not be in a snapshot): that part still loads after the restore");
        }
        why.append('.');
        return why.toString();
    }

    private static int total(Map<String, Integer> byOrigin) {
        return byOrigin.entrySet().stream().filter(e -> !e.getKey().equals("All")).mapToInt(Map.Entry::getValue).sum();
    }

    private static int sum(ColdStarts.ClassLoads l) {
        return l.init().getOrDefault("All", total(l.init())) + l.invocation().getOrDefault("All", total(l.invocation()));
    }

    private static int both(ColdStarts.ClassLoads l, String origin) {
        return l.init().getOrDefault(origin, 0) + l.invocation().getOrDefault(origin, 0);
    }

    private void notes() {
        line("## How to rerun, and what this does not measure");
        line();
        line("- `scripts/bench` builds what it needs (`mvn -Pemulators -DskipTests package` when a source is newer than "
                + "the last build; moto from `scripts/tools`), runs `io.automove.bench.Bench` (test scope) and rewrites "
                + "this file. `scripts/bench --smoke` runs every part a few times in well under a minute, judges nothing "
                + "and writes target/bench/performance-smoke.md. Logs of every process are in target/bench/logs/.");
        line("- Cold starts here are without SnapStart: a fresh JVM as Lambda starts one for `$LATEST` or a version "
                + "before its snapshot. With SnapStart (the template's published versions) init is replaced by a "
                + "restore, but the first invocation still pays the first-request costs measured above unless the "
                + "function primes them before the snapshot.");
        line("- DynamoDB Local is not DynamoDB: its latency is this machine's, and its units are computed by its own "
                + "rules (calibrated above). Conditional writes that fail are not reported by DynamoDB Local; the cycle "
                + "has none.");
        line("- Warm durations are on x86-64 JDK " + System.getProperty("java.specification.version")
                + " with the function's thread alone on a core; Lambda runs java21 on Graviton with a CPU share set by "
                + "MemorySize (see section 6).");
        line();
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Runs that did not behave (wrong answers, errors, failed jobs, cycles that differ): the figures are suspect. */
    static List<String> problems(Run run) {
        List<String> out = new ArrayList<>();
        run.cold.functions().forEach(f -> f.problems().forEach(p -> out.add("cold " + f.function().logicalId() + ": " + p)));
        for (WarmPhase.FunctionResult f : run.warm.functions()) {
            if (f.num("errors") > 0) out.add("warm " + f.functionId() + ": " + (long) f.num("errors") + " errors, first: " + f.text("firstError"));
        }
        if (!run.cycle.identical()) out.add("cycles differ: " + run.cycle.differences());
        LocalThroughput.Result t = run.throughput;
        if (!t.failures().isEmpty()) out.add("local stack: " + t.failures().size() + " jobs failed, first: " + t.failures().get(0));
        if (t.deadLetters() > 0) out.add("local stack: " + t.deadLetters() + " dead letters");
        if (t.emails() != t.jobs()) out.add("local stack: " + t.emails() + " emails for " + t.jobs() + " jobs");
        return out;
    }

    /** The console's last words: the goals, in one line each. */
    static String summary(Run run) throws Exception {
        if (run.plan.smoke()) return "Smoke run: every part ran; nothing judged.";
        Report r = new Report(run);
        StringBuilder sb = new StringBuilder();
        for (ColdPhase.FunctionResult f : run.cold.functions()) {
            sb.append(String.format("cold   %-26s %6.0f ms  %.2f x floor (%.0f ms)  %s%n", f.function().logicalId(),
                    r.coldTotal(f), r.ratio(f), r.floorTotal(), r.ratio(f) <= COLD_GOAL ? "pass" : "MISS"));
        }
        sb.append(String.format("cycle  %s WRU (goal %.0f: %s), %s RRU (goal %.0f: %s)%n", num(r.writeUnits()), WRITE_GOAL,
                r.writeUnits() <= WRITE_GOAL ? "pass" : "MISS", num(r.readUnits()), READ_GOAL, r.readUnits() <= READ_GOAL ? "pass" : "MISS"));
        Costs.Bill b = r.bill();
        sb.append(String.format("cost   $%.5f per 1,000 cycles without SES as deployed, $%.5f with X-Ray at 5%% (goal $%.2f: %s)%n",
                b.goalItems(), b.withXrayAtFivePercent(), COST_GOAL, b.goalItems() <= COST_GOAL ? "pass" : "MISS"));
        sb.append(String.format("local  %.1f jobs/s%n", run.throughput.jobsPerSecond()));
        return sb.toString();
    }

    static String num(double v) {
        if (Double.isNaN(v)) return "–";
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    static double parse(String cell) {
        Matcher m = Pattern.compile("-?[0-9]+(\\.[0-9]+)?").matcher(cell);
        return m.find() ? Double.parseDouble(m.group()) : Double.NaN;
    }

    private void line(String s) { md.append(s).append('\n'); }

    private void line() { md.append('\n'); }

    static String utc(Instant t) { return DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC).format(t); }
}
