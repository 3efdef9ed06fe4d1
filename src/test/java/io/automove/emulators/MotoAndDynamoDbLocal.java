package io.automove.emulators;

import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * DynamoDB Local in server mode (its HTTP wire protocol, streams included) and moto server (SES, EventBridge,
 * SQS), each on a free loopback port, started by the test run and stopped after. moto comes from the project's
 * tools (scripts/tools); if it cannot start, this fails loudly: the tier never skips.
 */
final class MotoAndDynamoDbLocal implements Emulators {
    private final DynamoDBProxyServer dynamo;
    private final Process moto;
    private final URI dynamoUri;
    private final URI motoUri;

    MotoAndDynamoDbLocal() throws Exception {
        int dynamoPort = freePort();
        dynamo = ServerRunner.createServerFromCommandLineArgs(
                new String[]{"-inMemory", "-port", Integer.toString(dynamoPort), "-disableTelemetry"});
        dynamo.start();
        dynamoUri = URI.create("http://127.0.0.1:" + dynamoPort);
        int motoPort = freePort();
        String executable = motoServer();
        Path log = Path.of("target", "emulators", "moto.log");
        Files.createDirectories(log.getParent());
        moto = new ProcessBuilder(executable, "-H", "127.0.0.1", "-p", Integer.toString(motoPort))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        motoUri = URI.create("http://127.0.0.1:" + motoPort);
        awaitReady(motoUri.resolve("/moto-api/"), Duration.ofSeconds(60), log);
    }

    /** -Dmoto.server=PATH, else $AUTOMOVE_MOTO_SERVER (as `eval "$(scripts/tools env)"` sets it), else scripts/tools. */
    static String motoServer() throws IOException, InterruptedException {
        String property = System.getProperty("moto.server");
        if (property != null && !property.isBlank() && !property.startsWith("${")) return property;
        String env = System.getenv("AUTOMOVE_MOTO_SERVER");
        if (env != null && !env.isBlank()) return env;
        Process tools = new ProcessBuilder("bash", "scripts/tools", "path", "moto_server").redirectErrorStream(false).start();
        String out = new String(tools.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        String err = new String(tools.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!tools.waitFor(10, TimeUnit.MINUTES) || tools.exitValue() != 0 || out.isEmpty()) {
            throw new IllegalStateException("moto server is not available: pass -Dmoto.server=PATH or set AUTOMOVE_MOTO_SERVER, "
                    + "or make `scripts/tools path moto_server` work (it installs moto[server] from PyPI).\n" + err);
        }
        List<String> lines = out.lines().toList();
        return lines.get(lines.size() - 1);
    }

    private void awaitReady(URI probe, Duration timeout, Path log) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!moto.isAlive()) {
                throw new IllegalStateException("moto server exited at start:\n" + Files.readString(log));
            }
            try {
                HttpURLConnection c = (HttpURLConnection) probe.toURL().openConnection();
                c.setConnectTimeout(500);
                if (c.getResponseCode() < 500) return;
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        close();
        throw new IllegalStateException("moto server did not answer on " + probe + " within " + timeout);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override public URI dynamoDb() { return dynamoUri; }

    @Override public URI services() { return motoUri; }

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
            dynamo.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
