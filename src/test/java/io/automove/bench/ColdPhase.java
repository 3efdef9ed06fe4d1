package io.automove.bench;

import io.automove.localstack.Template;
import io.automove.emulators.BenchCloud;
import io.automove.emulators.ColdStarts;
import io.automove.handlers.BenchScenarios;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Part 1 (and the memory of part 6): every function of template.yaml cold-started {@code runs} times in a fresh
 * JVM, and the floor probe as often, interleaved round by round so that a noisy minute of the machine hits all of
 * them alike. One more run per function (and probe) with -Xlog:class+load, not timed, tells which classes load
 * during init and during the first invocation.
 */
final class ColdPhase {
    record FunctionResult(Template.Function function, String event, int memorySize, List<ColdStarts.Run> runs,
                          ColdStarts.ClassLoads classLoads, List<String> problems) {}

    record FloorResult(Path packageDir, List<ColdStarts.FloorRun> runs, ColdStarts.ClassLoads classLoads) {}

    record Result(List<FunctionResult> functions, FloorResult floor, String javaToolOptions, double seconds) {}

    private ColdPhase() {}

    static Result run(Template template, BenchCloud cloud, int runs, boolean classLoadRun, Path work) throws Exception {
        long started = System.nanoTime();
        Path logs = work.resolve("logs");
        Files.createDirectories(logs);
        String javaToolOptions = Functions.javaToolOptions(template);
        List<Template.Function> functions = template.functions();

        // what each function's event refers to, copied once per run under ids of its own ("c<f>r<run>")
        Map<String, Instances> instances = new LinkedHashMap<>();
        Map<String, String> events = new LinkedHashMap<>();
        for (Template.Function f : functions) {
            String relative = Functions.eventFor(f);
            events.put(f.logicalId(), relative);
            cloud.freshTable();
            BenchScenarios.seed(cloud.dynamo(), BenchCloud.TABLE, relative);
            instances.put(f.logicalId(), Instances.capture(cloud.dynamo(), BenchCloud.TABLE));
        }
        cloud.freshTable();
        BenchScenarios.seed(cloud.dynamo(), BenchCloud.TABLE, "WorkflowApiFunction/create-firm.json"); // the firm alone
        int total = runs + (classLoadRun ? 1 : 0);
        for (int i = 0; i < functions.size(); i++) {
            instances.get(functions.get(i).logicalId()).replicate(tag(i), 0, total);
        }

        // the floor probe runs on a DynamoDB-only function's package: the same jars, the same SDK
        Path probeClasses = work.resolve("probe");
        copyProbeClass(probeClasses);
        Path floorPackage = null;
        for (Template.Function f : functions) {
            Path pkg = ColdStarts.packageOf(f.logicalId());
            try (var files = Files.list(pkg.resolve("lib"))) {
                List<String> jars = files.map(p -> p.getFileName().toString()).toList();
                boolean dynamo = jars.stream().anyMatch(j -> j.startsWith("dynamodb-"));
                boolean others = jars.stream().anyMatch(j -> j.startsWith("ses-") || j.startsWith("eventbridge-") || j.startsWith("secretsmanager-"));
                if (dynamo && !others && floorPackage == null) floorPackage = pkg;
            }
        }
        if (floorPackage == null) throw new IllegalStateException("no function package holds DynamoDB alone");

        Map<String, List<ColdStarts.Run>> measured = new LinkedHashMap<>();
        Map<String, List<String>> problems = new LinkedHashMap<>();
        functions.forEach(f -> { measured.put(f.logicalId(), new ArrayList<>()); problems.put(f.logicalId(), new ArrayList<>()); });
        List<ColdStarts.FloorRun> floorRuns = new ArrayList<>();
        Map<String, ColdStarts.ClassLoads> loads = new LinkedHashMap<>();
        ColdStarts.ClassLoads floorLoads = null;

        for (int round = 0; round < total; round++) {
            boolean diagnostic = classLoadRun && round == 0; // first: warms the page cache for the timed rounds
            int instance = classLoadRun ? (round == 0 ? runs : round - 1) : round;
            for (int i = 0; i < functions.size(); i++) {
                Template.Function f = functions.get(i);
                String relative = events.get(f.logicalId());
                String event = Functions.instanceEvent(relative, Functions.eventText(relative), tag(i), instance);
                Map<String, String> extra = new LinkedHashMap<>();
                Path classLog = logs.resolve(f.logicalId() + "-classes.log");
                if (diagnostic) {
                    Files.deleteIfExists(classLog);
                    extra.put("JDK_JAVA_OPTIONS", "-Xlog:class+load=info:file=" + classLog.toAbsolutePath() + ":timemillis");
                }
                long epoch = System.currentTimeMillis();
                ColdStarts.Run run = ColdStarts.function(cloud, f, event, extra, logs.resolve(f.logicalId() + ".log"));
                String problem = Functions.problem(relative, run.output());
                if (problem != null) problems.get(f.logicalId()).add(problem);
                if (diagnostic) {
                    loads.put(f.logicalId(), ColdStarts.classLoads(classLog, epoch + (long) run.initMs(),
                            epoch + (long) (run.totalMs() - run.firstMs())));
                } else {
                    measured.get(f.logicalId()).add(run);
                }
                progress(f.logicalId(), round, total, run.initMs(), run.firstMs(), diagnostic);
            }
            Path floorLog = logs.resolve("FloorProbe.log");
            Path floorClassLog = logs.resolve("FloorProbe-classes.log");
            String options = javaToolOptions;
            long epoch = System.currentTimeMillis();
            if (diagnostic) {
                Files.deleteIfExists(floorClassLog);
                options = javaToolOptions + " -Xlog:class+load=info:file=" + floorClassLog.toAbsolutePath() + ":timemillis";
            }
            ColdStarts.FloorRun floor = ColdStarts.floor(cloud, probeClasses, floorPackage, options, BenchCloud.TABLE,
                    "r" + round, floorLog);
            if (diagnostic) {
                floorLoads = ColdStarts.classLoads(floorClassLog, epoch + (long) floor.builtMs(), epoch + (long) floor.builtMs());
            } else {
                floorRuns.add(floor);
            }
            progress("floor probe", round, total, floor.run().initMs(), floor.run().firstMs(), diagnostic);
        }

        List<FunctionResult> results = new ArrayList<>();
        for (Template.Function f : functions) {
            results.add(new FunctionResult(f, events.get(f.logicalId()), Functions.memorySize(template, f),
                    measured.get(f.logicalId()), loads.get(f.logicalId()), problems.get(f.logicalId())));
        }
        return new Result(results, new FloorResult(floorPackage, floorRuns, floorLoads), javaToolOptions,
                (System.nanoTime() - started) / 1e9);
    }

    private static String tag(int functionIndex) { return "c" + functionIndex + "r"; }

    private static void progress(String what, int round, int total, double init, double first, boolean diagnostic) {
        System.out.printf("cold %-26s run %2d/%d  init %6.0f ms  first invocation %6.0f ms%s%n", what, round + 1, total,
                init, first, diagnostic ? "  (class-load log, not timed)" : "");
    }

    /** FloorProbe.class alone in a folder of its own, to put in front of the function package on the class path. */
    private static void copyProbeClass(Path dir) throws Exception {
        Path target = dir.resolve("io/automove/bench/FloorProbe.class");
        Files.createDirectories(target.getParent());
        try (InputStream in = FloorProbe.class.getResourceAsStream("FloorProbe.class")) {
            if (in == null) throw new IllegalStateException("FloorProbe.class is not on the class path");
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
