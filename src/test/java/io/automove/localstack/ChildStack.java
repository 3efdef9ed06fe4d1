package io.automove.localstack;

import io.automove.support.Json;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The launcher in a JVM of its own, as a developer runs it ({@code LocalLauncher.main} on the test class path,
 * so it works before the jar is built), on a free port and a data folder, so that a test can kill it with
 * SIGKILL ({@link Process#destroyForcibly()} on Linux) and start it again on the same folder. Its output goes
 * to a file; the port is read from its banner.
 */
final class ChildStack implements AutoCloseable {
    private static final Pattern BANNER = Pattern.compile("Automove local stack on (http://\\S+)");

    private final Process process;
    private final Path log;
    private final long logFrom;
    final URI url;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private ChildStack(Process process, Path log, long logFrom, URI url) {
        this.process = process;
        this.log = log;
        this.logFrom = logFrom;
        this.url = url;
    }

    static ChildStack start(Path dataDir, Path log, List<String> extraArgs) throws IOException, InterruptedException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
                "-cp", classPath, LocalLauncher.class.getName(),
                "--port", "0", "--data-dir", dataDir.toString(),
                "--template", Path.of("template.yaml").toAbsolutePath().toString()));
        command.addAll(extraArgs);
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        long from = Files.size(log);
        while (System.nanoTime() < deadline) {
            String printed = Files.readString(log, StandardCharsets.UTF_8);
            Matcher m = BANNER.matcher(printed.substring((int) Math.min(from, printed.length())));
            if (m.find()) return new ChildStack(process, log, from, URI.create(m.group(1)));
            if (!process.isAlive()) throw new IllegalStateException("the stack exited with " + process.exitValue()
                    + " before it was up:\n" + tail(log));
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new IllegalStateException("the stack did not start in 180 s:\n" + tail(log));
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed that was not written. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    boolean alive() { return process.isAlive(); }

    HttpResponse<String> send(String method, String path, Map<String, String> headers, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(url.resolve(path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A call as a firm member; must answer 2xx. */
    JsonNode call(String user, String firm, String method, String path, Object body) {
        Map<String, String> headers = firm == null ? Map.of("content-type", "application/json", "x-user-id", user)
                : Map.of("content-type", "application/json", "x-user-id", user, "x-firm-id", firm);
        HttpResponse<String> r = unchecked(method, path, headers, body == null ? null : Json.write(body));
        if (r.statusCode() >= 300) throw new AssertionError(method + " " + path + " answered " + r.statusCode() + " " + r.body());
        return r.body().isEmpty() ? null : Json.parse(r.body());
    }

    /** What a /_local list endpoint answers. */
    List<JsonNode> local(String what) {
        return Json.parse(unchecked("GET", "/_local/" + what, Map.of(), null).body()).asArray();
    }

    int pendingInvocations() {
        JsonNode health = Json.parse(unchecked("GET", "/_local/health", Map.of(), null).body());
        return Integer.parseInt(health.field("pendingInvocations").orElseThrow().asNumber());
    }

    private HttpResponse<String> unchecked(String method, String path, Map<String, String> headers, String body) {
        try {
            return send(method, path, headers, body);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until {@code done} holds and the bus has had nothing pending for three looks in a row, 200 ms apart
     * (what is still on its way arrives before the test counts), or until the bus has had nothing pending for 10 s
     * while {@code done} does not hold: then nothing more is coming, and the test's checks say what is missing.
     * {@code done} should be cheap (a call or two): it is asked every 200 ms.
     */
    void awaitSettled(String what, Duration timeout, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int quiet = 0;
        long idleSince = System.nanoTime();
        while (quiet < 3) {
            long now = System.nanoTime();
            if (now > deadline) throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            boolean idle = pendingInvocations() == 0;
            if (!idle) idleSince = now;
            if (idle && now - idleSince > Duration.ofSeconds(10).toNanos()) return; // nothing more is coming
            quiet = idle && done.getAsBoolean() ? quiet + 1 : 0;
            Thread.sleep(200);
        }
        // the caller reads the outcome afresh after this: what done() saw may already be older than the last change
    }

    /** The log lines this run of the stack printed with this message, parsed. */
    List<JsonNode> logged(String message) throws IOException {
        String printed = Files.readString(log, StandardCharsets.UTF_8);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : printed.substring((int) Math.min(logFrom, printed.length())).split("\n")) {
            if (!line.startsWith("{") || !line.contains(message)) continue;
            JsonNode entry = Json.parse(line);
            if (entry.field("message").map(JsonNode::asString).orElse("").equals(message)) lines.add(entry);
        }
        return lines;
    }

    /** The last lines the stack printed, for a failure's message. */
    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** A clean stop, as Ctrl-C does it (the shutdown hook runs). */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        }
    }
}
