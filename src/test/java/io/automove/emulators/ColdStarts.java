package io.automove.emulators;

import io.automove.localstack.Template;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Cold starts, measured the way the emulator tier runs functions: each run is a fresh {@link LambdaContainer}
 * (a new JVM running the Lambda Java runtime interface client on the function's deployment package, built by
 * the Makefile through {@link FunctionPackages}, handler made by its no-arg constructor, environment from
 * template.yaml), split into init (process start to the runtime's first /next poll) and the first invocation.
 * Before the process exits its peak resident memory (VmHWM), CPU time and HotSpot's own counters are read.
 */
public final class ColdStarts {
    private ColdStarts() {}

    /** One fresh JVM. Times in milliseconds; memory in KiB; counters as HotSpot names them. */
    public record Run(double initMs, double firstMs, double totalMs, double vmCreatedMs, long hwmKb, long rssKb,
                      double cpuMs, Map<String, Long> counters, String output) {}

    /** Classes loaded by one run, by where they come from, during init and during the first invocation. */
    public record ClassLoads(Map<String, Integer> init, Map<String, Integer> invocation) {}

    /** The floor probe's steps: JVM up to main, client built, PutItem, GetItem (ms from process start). */
    public record FloorRun(Run run, double mainMs, double builtMs, double putMs, double getMs) {}

    public static Path packageOf(String functionId) throws IOException, InterruptedException {
        return FunctionPackages.of(functionId);
    }

    /**
     * Starts the function in a fresh runtime, waits for its init, hands it {@code event} and measures.
     * {@code extraEnv} is added to the template's environment (the benchmark only uses it for the class-load log).
     */
    public static Run function(BenchCloud cloud, Template.Function f, String event, Map<String, String> extraEnv,
                               Path log) throws Exception {
        Path pkg = FunctionPackages.of(f.logicalId());
        Map<String, String> env = cloud.functionEnvironment(f);
        env.putAll(extraEnv);
        Set<Long> before = children();
        long startEpoch = System.currentTimeMillis();
        long started = System.nanoTime();
        try (LambdaContainer container = new LambdaContainer(f.logicalId(), f.handler(), pkg, env, log)) {
            ProcessHandle process = newChild(before);
            long init = container.initMillis();
            long t0 = System.nanoTime();
            String output = container.invoke(event);
            long t1 = System.nanoTime();
            Run run = measure(process, init, (t1 - t0) / 1e6, (t1 - started) / 1e6, startEpoch, output);
            kill(process); // measured: no need to wait for an orderly JVM shutdown
            return run;
        }
    }

    /** Ends a measured process at once, and the hsperfdata file a killed JVM leaves behind. */
    static void kill(ProcessHandle process) {
        process.destroyForcibly();
        try {
            process.onExit().get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // still going: LambdaContainer.close() tries again
        }
        try {
            Files.deleteIfExists(Path.of("/tmp", "hsperfdata_" + System.getProperty("user.name"), Long.toString(process.pid())));
        } catch (IOException ignored) {
            // the JVM's own cleanup takes it later
        }
    }

    /** The floor probe in a fresh JVM on the package {@code pkg} (its classes and lib/), same JAVA_TOOL_OPTIONS. */
    public static FloorRun floor(BenchCloud cloud, Path probeClasses, Path pkg, String javaToolOptions, String table,
                                 String id, Path log) throws Exception {
        String cp = probeClasses.toAbsolutePath() + java.io.File.pathSeparator + pkg.toAbsolutePath()
                + java.io.File.pathSeparator + pkg.toAbsolutePath().resolve("lib") + "/*";
        Path tmp = Files.createTempDirectory("floor-probe-");
        ProcessBuilder pb = new ProcessBuilder(BenchCloud.javaExecutable(), "-Djava.io.tmpdir=" + tmp, "-cp", cp,
                "io.automove.bench.FloorProbe", id).directory(pkg.toAbsolutePath().toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("JAVA_TOOL_OPTIONS") || k.equals("JDK_JAVA_OPTIONS"));
        env.putAll(cloud.endpointEnvironment());
        env.put("JAVA_TOOL_OPTIONS", javaToolOptions);
        env.put("TABLE_NAME", table);
        env.put("TMPDIR", tmp.toString());
        long startEpoch = System.currentTimeMillis();
        long started = System.nanoTime();
        Process p = pb.start();
        BlockingQueue<String[]> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) lines.add(new String[]{line, Long.toString(System.nanoTime())});
            } catch (IOException ignored) {
                // the process ended
            }
            lines.add(new String[]{"<eof>", Long.toString(System.nanoTime())});
        }, "floor-probe-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            Map<String, Long> at = new LinkedHashMap<>();
            while (!at.containsKey("get")) {
                String[] line = lines.poll(60, TimeUnit.SECONDS);
                if (line == null || line[0].equals("<eof>")) {
                    throw new IllegalStateException("the floor probe ended early (exit " + (p.isAlive() ? "-" : p.exitValue())
                            + "); see " + log);
                }
                at.put(line[0], Long.parseLong(line[1]));
            }
            double main = (at.get("main") - started) / 1e6;
            double built = (at.get("built") - started) / 1e6;
            double put = (at.get("put") - started) / 1e6;
            double get = (at.get("get") - started) / 1e6;
            Run run = measure(p.toHandle(), built, get - built, get, startEpoch, "");
            return new FloorRun(run, main, built, put, get);
        } finally {
            try (OutputStream in = p.getOutputStream()) {
                in.flush();
            } catch (IOException ignored) {
                // already gone
            }
            if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly();
            deleteQuietly(tmp);
        }
    }

    private static Run measure(ProcessHandle process, double initMs, double firstMs, double totalMs, long startEpoch,
                               String output) {
        Map<String, Long> status = procStatus(process.pid());
        Map<String, Long> counters = perfCounters(process.pid());
        double cpu = process.info().totalCpuDuration().map(d -> d.toNanos() / 1e6).orElse(-1.0);
        Long vmEnd = counters.get("sun.rt.createVmEndTime");
        double vmCreated = vmEnd == null ? -1 : vmEnd - startEpoch;
        return new Run(initMs, firstMs, totalMs, vmCreated, status.getOrDefault("VmHWM", -1L),
                status.getOrDefault("VmRSS", -1L), cpu, counters, output);
    }

    private static Set<Long> children() {
        try (Stream<ProcessHandle> s = ProcessHandle.current().children()) {
            return s.map(ProcessHandle::pid).collect(Collectors.toCollection(HashSet::new));
        }
    }

    /** The java process LambdaContainer has just started: the one child of this JVM that was not there before. */
    private static ProcessHandle newChild(Set<Long> before) {
        try (Stream<ProcessHandle> s = ProcessHandle.current().children()) {
            List<ProcessHandle> fresh = s.filter(p -> !before.contains(p.pid()))
                    .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(true)).toList();
            if (fresh.size() != 1) throw new IllegalStateException("expected one new runtime process, found " + fresh);
            return fresh.get(0);
        }
    }

    /** VmHWM, VmRSS and friends from /proc/PID/status, in KiB. */
    static Map<String, Long> procStatus(long pid) {
        Map<String, Long> out = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                Matcher m = Pattern.compile("^(Vm\\w+|Rss\\w+):\\s+(\\d+) kB").matcher(line);
                if (m.find()) out.put(m.group(1), Long.parseLong(m.group(2)));
            }
        } catch (IOException e) {
            // not Linux, or the process is gone: no figure
        }
        return out;
    }

    /**
     * HotSpot's performance counters, read from the process's hsperfdata file (/tmp/hsperfdata_USER/PID, the
     * file jstat and jcmd read): long-valued counters only. Empty if the file is not there.
     */
    static Map<String, Long> perfCounters(long pid) {
        Map<String, Long> out = new TreeMap<>();
        Path file = Path.of("/tmp", "hsperfdata_" + System.getProperty("user.name"), Long.toString(pid));
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return out;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (bytes.length < 32 || (b.getInt(0) != 0xcafec0c0)) return out;
        b.order(bytes[4] == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int entryOffset = b.getInt(24);
        int entries = b.getInt(28);
        int at = entryOffset;
        for (int i = 0; i < entries && at + 20 <= bytes.length; i++) {
            int length = b.getInt(at);
            int nameOffset = b.getInt(at + 4);
            int vectorLength = b.getInt(at + 8);
            byte type = b.get(at + 12);
            int dataOffset = b.getInt(at + 16);
            if (length <= 0) break;
            int nameStart = at + nameOffset;
            int nameEnd = nameStart;
            while (nameEnd < bytes.length && bytes[nameEnd] != 0) nameEnd++;
            String name = new String(bytes, nameStart, nameEnd - nameStart, StandardCharsets.US_ASCII);
            if (type == 'J' && vectorLength == 0 && at + dataOffset + 8 <= bytes.length) out.put(name, b.getLong(at + dataOffset));
            at += length;
        }
        return out;
    }

    private static final Pattern CLASS_LOAD = Pattern.compile("^\\[(\\d+)ms\\] (\\S+) source: (.*)$");

    /**
     * Reads a -Xlog:class+load log (decorated with epoch milliseconds) and counts the classes loaded before
     * {@code initEndEpoch} and after {@code invokeStartEpoch}, by origin.
     */
    public static ClassLoads classLoads(Path log, long initEndEpoch, long invokeStartEpoch) throws IOException {
        Map<String, Integer> init = new TreeMap<>();
        Map<String, Integer> invocation = new TreeMap<>();
        for (String line : Files.readAllLines(log)) {
            Matcher m = CLASS_LOAD.matcher(line);
            if (!m.find()) continue;
            long t = Long.parseLong(m.group(1));
            String group = origin(m.group(2), m.group(3));
            if (t <= initEndEpoch) init.merge(group, 1, Integer::sum);
            else if (t >= invokeStartEpoch) invocation.merge(group, 1, Integer::sum);
        }
        return new ClassLoads(init, invocation);
    }

    static String origin(String name, String source) {
        if (name.startsWith("software.amazon.awssdk.")) return "AWS SDK";
        if (name.startsWith("com.amazonaws.services.lambda.")) return "Lambda runtime client";
        if (name.startsWith("io.automove.")) return "Automove";
        if (source.startsWith("shared objects file")) return "JDK (CDS archive)";
        if (source.startsWith("jrt:/")) return "JDK (not in CDS archive)";
        if (source.contains("__") || name.contains("$$Lambda") || name.startsWith("jdk.internal.reflect.Generated")
                || name.contains("LambdaForm$") || name.contains("$Species_")) return "generated (lambdas, reflection)";
        return "other libraries";
    }

    /** Peak memory of a process while it runs; the benchmark's own JVMs (DynamoDB Local) for context. */
    public static Map<String, Long> memoryOf(long pid) { return procStatus(pid); }

    static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }
}
