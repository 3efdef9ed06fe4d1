package io.automove.emulators;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The Lambda Runtime API (2018-06-01) as one execution environment sees it: the runtime client asks for the next
 * event, then posts the response or the error. Enough for the real Lambda Java runtime interface client to run a
 * function here exactly as it runs in the cloud.
 */
final class RuntimeApi implements AutoCloseable {
    static final String PREFIX = "/2018-06-01/runtime";

    record Invocation(String requestId, String event, CompletableFuture<Result> result) {}

    /** What the function answered; {@code error} true when the runtime posted to /error. */
    record Result(String body, boolean error) {}

    private final HttpServer server;
    private final BlockingQueue<Invocation> queue = new LinkedBlockingQueue<>();
    private final Map<String, Invocation> inFlight = new ConcurrentHashMap<>();
    private final CompletableFuture<Long> firstPoll = new CompletableFuture<>();
    private final CompletableFuture<String> initError = new CompletableFuture<>();
    private final String functionArn;

    RuntimeApi(String functionName) throws IOException {
        this.functionArn = "arn:aws:lambda:us-east-1:000000000000:function:" + functionName;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "runtime-api-" + functionName);
            t.setDaemon(true);
            return t;
        }));
        server.createContext(PREFIX, this::serve);
        server.start();
    }

    String address() { return "127.0.0.1:" + server.getAddress().getPort(); }

    /** When the runtime first asked for an event (System.nanoTime), i.e. the end of its init phase. */
    CompletableFuture<Long> firstPoll() { return firstPoll; }

    CompletableFuture<String> initError() { return initError; }

    CompletableFuture<Result> submit(String event) {
        Invocation invocation = new Invocation(UUID.randomUUID().toString(), event, new CompletableFuture<>());
        queue.add(invocation);
        return invocation.result();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
            if (exchange.getRequestMethod().equals("GET") && path.equals("/invocation/next")) {
                firstPoll.complete(System.nanoTime());
                Invocation next;
                try {
                    next = queue.poll(10, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (next == null) {
                    exchange.sendResponseHeaders(500, -1);
                    return;
                }
                inFlight.put(next.requestId(), next);
                var h = exchange.getResponseHeaders();
                h.add("Lambda-Runtime-Aws-Request-Id", next.requestId());
                h.add("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 15_000));
                h.add("Lambda-Runtime-Invoked-Function-Arn", functionArn);
                h.add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0");
                h.add("Content-Type", "application/json");
                byte[] body = next.event().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
                return;
            }
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (path.equals("/init/error")) {
                initError.complete(body);
                queue.forEach(i -> i.result().complete(new Result(body, true)));
                exchange.sendResponseHeaders(202, -1);
                return;
            }
            // /invocation/{id}/response or /invocation/{id}/error
            String[] parts = path.split("/");
            Invocation invocation = parts.length == 4 ? inFlight.remove(parts[2]) : null;
            if (invocation == null) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            invocation.result().complete(new Result(body, parts[3].equals("error")));
            exchange.sendResponseHeaders(202, -1);
        }
    }

    @Override
    public void close() { server.stop(0); }
}
