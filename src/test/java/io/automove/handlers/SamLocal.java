package io.automove.handlers;

import io.automove.emulators.SamLocalEmulators;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The SAM CLI as a developer runs it against sam-local/env.json (README, "sam local"): the same flags, on the
 * template `sam build` wrote. Everything here is a real `sam` process; nothing is emulated in this JVM.
 *
 * <p>System properties (scripts/sam-local sets them): {@code sam} the SAM CLI executable (else
 * $AUTOMOVE_SAM, else `scripts/tools path sam`), {@code sam.template} the built template (default
 * target/sam-local/build/template.yaml), {@code sam.local.bind} the address moto listens on (the Docker
 * bridge's gateway on Linux).
 */
final class SamLocal {
    /** The flags of every `sam local` command of the README, after the template and the event. */
    static final List<String> LOCAL_FLAGS = List.of(
            "--env-vars", SamLocalEmulators.ENV_FILE.toString(),
            "--parameter-overrides", "Architecture=x86_64",
            "--add-host", "host.docker.internal:host-gateway",
            "--skip-pull-image",
            "--region", SamLocalEmulators.REGION);

    final String sam;
    final Path template;
    final String stsEndpoint;

    SamLocal(String stsEndpoint) throws IOException, InterruptedException {
        this.sam = executable();
        this.template = Path.of(System.getProperty("sam.template", "target/sam-local/build/template.yaml"));
        if (!Files.isRegularFile(template)) {
            throw new IllegalStateException(template + " is missing: scripts/sam-local runs `sam build` first");
        }
        this.stsEndpoint = stsEndpoint;
    }

    static String bindHost() {
        String bind = System.getProperty("sam.local.bind");
        if (bind == null || bind.isBlank() || bind.startsWith("${")) bind = System.getenv("AUTOMOVE_SAM_LOCAL_BIND");
        return bind == null || bind.isBlank() ? "127.0.0.1" : bind;
    }

    /** A `sam local start-api` or `start-lambda` server on a free loopback port; closing it stops SAM (SIGTERM). */
    final class Server implements AutoCloseable {
        final String command;
        final URI uri;
        private final Process process;
        private final Path log;

        Server(String command, Path template, String warmContainers, String accessKey) throws Exception {
            this.command = command;
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            this.uri = URI.create("http://127.0.0.1:" + port);
            List<String> args = new ArrayList<>(List.of(sam, "local", command, "-t", template.toString(),
                    "--port", Integer.toString(port), "--warm-containers", warmContainers));
            args.addAll(LOCAL_FLAGS);
            this.log = Path.of("target", "sam-local", command + ".log");
            Files.createDirectories(log.getParent());
            ProcessBuilder pb = new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(log.toFile());
            environment(pb.environment(), accessKey);
            this.process = pb.start();
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (true) {
                if (!process.isAlive()) throw new IllegalStateException("sam local " + command + " exited:\n" + tail(Files.readString(log), 40));
                try (Socket probe = new Socket()) {
                    probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                    break;
                } catch (IOException notYet) {
                    if (System.nanoTime() > deadline) {
                        close();
                        throw new IllegalStateException("sam local " + command + " did not listen within 3 minutes:\n"
                                + tail(Files.readString(log), 40));
                    }
                    Thread.sleep(250);
                }
            }
        }

        /** SIGTERM: SAM stops and removes its warm containers, then exits. */
        @Override
        public void close() {
            long started = System.nanoTime();
            process.destroy();
            try {
                boolean exited = process.waitFor(2, TimeUnit.MINUTES);
                System.out.printf("sam local %s stopped: %s after %d ms%n", command,
                        exited ? "exit " + process.exitValue() : "killed", (System.nanoTime() - started) / 1_000_000);
                if (!exited) process.destroyForcibly();
                removeLeftContainers();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /**
         * SAM 1.170 sometimes replaces a warm container mid-run (when it finds the function's configuration
         * changed) and loses track of the old one, which then outlives SAM. Every container SAM made is in its log
         * (SAM_CONTAINER_ID); remove those still there, and only those.
         */
        private void removeLeftContainers() throws IOException, InterruptedException {
            List<String> ids = Files.readAllLines(log).stream().filter(l -> l.startsWith("SAM_CONTAINER_ID: "))
                    .map(l -> l.substring("SAM_CONTAINER_ID: ".length()).strip()).toList();
            if (ids.isEmpty()) return;
            List<String> args = new ArrayList<>(List.of("docker", "ps", "-a", "-q", "--no-trunc"));
            Process ps = new ProcessBuilder(args).redirectErrorStream(true).start();
            List<String> existing = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            ps.waitFor(30, TimeUnit.SECONDS);
            List<String> left = ids.stream().filter(existing::contains).toList();
            if (left.isEmpty()) return;
            List<String> rm = new ArrayList<>(List.of("docker", "rm", "-f"));
            rm.addAll(left);
            Process p = new ProcessBuilder(rm).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor(60, TimeUnit.SECONDS);
            System.out.printf("sam local %s left %d of its %d containers behind: removed%n", command, left.size(), ids.size());
        }
    }

    /**
     * One event through the Lambda Invoke API of `sam local start-lambda` (as `aws lambda invoke
     * --endpoint-url` would): the function's answer, or an assertion error with SAM's log when it failed.
     */
    static String invoke(Server lambda, String functionId, String event) throws IOException, InterruptedException {
        var request = java.net.http.HttpRequest.newBuilder(
                        lambda.uri.resolve("/2015-03-31/functions/" + functionId + "/invocations"))
                .timeout(Duration.ofMinutes(2)).POST(java.net.http.HttpRequest.BodyPublishers.ofString(event)).build();
        var response = HTTP.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || response.headers().firstValue("X-Amz-Function-Error").isPresent()) {
            throw new AssertionError(functionId + " answered " + response.statusCode() + " "
                    + response.headers().firstValue("X-Amz-Function-Error").orElse("") + ": " + response.body()
                    + "\n" + tail(Files.readString(lambda.log), 30));
        }
        return response.body();
    }

    static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** The environment SAM runs with: no telemetry, STS on moto, and the credentials it hands to the functions. */
    void environment(Map<String, String> env, String accessKey) {
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("SAM_CLI_TELEMETRY", "0");
        env.put("AWS_ACCESS_KEY_ID", accessKey);
        env.put("AWS_SECRET_ACCESS_KEY", "samlocal");
        env.put("AWS_ENDPOINT_URL_STS", stsEndpoint);
    }

    static String executable() throws IOException, InterruptedException {
        String property = System.getProperty("sam");
        if (property != null && !property.isBlank() && !property.startsWith("${")) return property;
        String env = System.getenv("AUTOMOVE_SAM");
        if (env != null && !env.isBlank()) return env;
        Process tools = new ProcessBuilder("bash", "scripts/tools", "path", "sam").start();
        String out = new String(tools.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!tools.waitFor(10, TimeUnit.MINUTES) || tools.exitValue() != 0 || out.isEmpty()) {
            throw new IllegalStateException("the SAM CLI is not available: pass -Dsam=PATH or make `scripts/tools path sam` work");
        }
        return out.lines().reduce((a, b) -> b).orElseThrow();
    }

    static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
