package io.automove.bench;

import io.automove.adapters.dynamodb.DynamoWorkflowStore;
import io.automove.localstack.OutboxMailer;
import io.automove.model.Job;
import io.automove.usecases.ports.Read;
import io.automove.model.DerivedIds;
import io.automove.handlers.PortalSignature;
import io.automove.localstack.LocalLauncher;
import io.automove.support.Json;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Part 5: the local stack (LocalLauncher, background mode, on a free loopback port, in this JVM) driven over HTTP
 * by concurrent java.net.http clients: each job is created, moved into the stage with Send client request and
 * automove, its email awaited, its request submitted through the signed webhook, and its automatic move awaited.
 * The latencies are taken from the stack's own clock (the same JVM), not from when a client saw an answer (with
 * every core busy, a client thread can see a 200 after the work it triggered is already done): "job entered stage"
 * is the job's stored stageEnteredAt, "email in outbox" the time the local mailer stamped on the message, "webhook
 * sent" the instant the client sent it (so the webhook's own handling is included), "job in next stage" the stored
 * stageEnteredAt of the stage it was automoved into.
 */
final class LocalThroughput {
    record Result(int jobs, int concurrency, int completed, List<String> failures, double seconds, double startupMs,
                  List<Double> enterToEmailMs, List<Double> acceptedToMovedMs, List<Double> webhookMs, int emails,
                  int deadLetters) {
        double jobsPerSecond() { return completed / seconds; }
    }

    private LocalThroughput() {}

    static Result run(int jobs, int concurrency, String secret) throws Exception {
        long boot = System.nanoTime();
        ExecutorService clientThreads = Executors.newFixedThreadPool(concurrency + 2, daemon("bench-http"));
        ExecutorService workers = Executors.newFixedThreadPool(concurrency, daemon("bench-worker"));
        Thread watcher = null;
        // one firm emails 2,000 times here: the multi-firm daily email cap (a guard against spam, docs/deploy.md) is
        // lifted, since this measures throughput
        try (LocalLauncher launcher = LocalLauncher.start("127.0.0.1", 0, null, Functions.TEMPLATE_FILE, secret, false,
                java.util.Map.of("DailyEmailCapPerFirm", "100000000"))) {
            double startupMs = (System.nanoTime() - boot) / 1e6;
            HttpClient http = HttpClient.newBuilder().executor(clientThreads).connectTimeout(Duration.ofSeconds(5)).build();
            Client c = new Client(http, launcher.url(), secret);
            String owner = "user-bench-owner";
            String firm = c.ok(owner, null, "POST", "/firms", Map.of("name", "Benchmark Tax Advisors")).field("firmId").orElseThrow().asString();
            String account = c.text(c.ok(owner, firm, "POST", "/accounts", Map.of("name", "Rossi & Co", "contacts", List.of(
                    Map.of("name", "Maria Rossi", "email", "maria@rossi.example"),
                    Map.of("name", "Luca Rossi", "email", "luca@rossi.example")))), "accountId");
            String template = c.text(c.ok(owner, firm, "POST", "/request-templates", Map.of("name", "Missing documents",
                    "subject", "Documents for your tax return", "message", "Please send us the documents below.",
                    "items", List.of(Map.of("kind", "FILE_UPLOAD", "label", "Bank statements", "required", true)))), "templateId");
            JsonNode pipeline = c.ok(owner, firm, "POST", "/pipelines", Map.of("name", "Tax return", "stages", List.of(
                    Map.of("name", "Intake"),
                    Map.of("name", "Missing info", "automove", true, "automations",
                            List.of(Map.of("type", "SEND_CLIENT_REQUEST", "templateId", template))),
                    Map.of("name", "Review"), Map.of("name", "Done"))));
            String pipelineId = c.text(pipeline, "pipelineId");
            String missingInfo = pipeline.field("stages").orElseThrow().asArray().get(1).field("stageId").orElseThrow().asString();

            DynamoWorkflowStore store = new DynamoWorkflowStore(launcher.stack().dynamo(), launcher.stack().tableName());
            Map<String, CompletableFuture<Instant>> emailed = new ConcurrentHashMap<>();
            Map<String, CompletableFuture<Instant>> moved = new ConcurrentHashMap<>();
            watcher = new Thread(() -> watch(launcher, emailed, moved), "bench-watcher");
            watcher.setDaemon(true);
            watcher.start();

            List<Double> toEmail = Collections.synchronizedList(new ArrayList<>());
            List<Double> toMoved = Collections.synchronizedList(new ArrayList<>());
            List<Double> webhook = Collections.synchronizedList(new ArrayList<>());
            List<String> failures = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger next = new AtomicInteger();
            AtomicInteger completed = new AtomicInteger();
            long started = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                done.add(workers.submit(() -> {
                    for (int i = next.getAndIncrement(); i < jobs; i = next.getAndIncrement()) {
                        try {
                            String jobId = c.text(c.ok(owner, firm, "POST", "/jobs", Map.of("accountId", account,
                                    "pipelineId", pipelineId, "title", "Tax return 2025 #" + i)), "jobId");
                            c.ok(owner, firm, "POST", "/jobs/" + jobId + "/move", Map.of("toStageId", missingInfo));
                            String requestId = DerivedIds.automationRequest(firm, jobId, 2, 0);
                            Instant mailed = future(emailed, requestId).get(60, TimeUnit.SECONDS);
                            Job inMissingInfo = store.job(firm, jobId, Read.CONSISTENT).orElseThrow();
                            toEmail.add(Duration.between(inMissingInfo.stageEnteredAt(), mailed).toNanos() / 1e6);
                            Instant sent = Instant.now();
                            long t0 = System.nanoTime();
                            c.submit(firm, requestId, sent);
                            webhook.add((System.nanoTime() - t0) / 1e6);
                            future(moved, jobId).get(60, TimeUnit.SECONDS);
                            Job after = store.job(firm, jobId, Read.CONSISTENT).orElseThrow();
                            if (after.stageId().equals(missingInfo)) throw new IllegalStateException("job " + jobId + " did not move");
                            toMoved.add(Duration.between(sent, after.stageEnteredAt()).toNanos() / 1e6);
                            completed.incrementAndGet();
                        } catch (Exception e) {
                            failures.add("job " + i + ": " + e);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) f.get(30, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - started) / 1e9;
            // requests emailed: each goes to both contacts, one email each
            int emails = (int) launcher.stack().outbox().messages().stream().map(m -> m.email().requestId()).distinct().count();
            int dead = launcher.stack().bus().deadLetters().size() + launcher.stack().streamDeadLetters().size();
            return new Result(jobs, concurrency, completed.get(), List.copyOf(failures), seconds, startupMs,
                    List.copyOf(toEmail), List.copyOf(toMoved), List.copyOf(webhook), emails, dead);
        } finally {
            if (watcher != null) watcher.interrupt();
            workers.shutdownNow();
            clientThreads.shutdownNow();
            workers.awaitTermination(10, TimeUnit.SECONDS);
            clientThreads.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private static CompletableFuture<Instant> future(Map<String, CompletableFuture<Instant>> map, String key) {
        return map.computeIfAbsent(key, k -> new CompletableFuture<>());
    }

    /** Completes the email and move futures as the outbox and the bus fill up. */
    private static void watch(LocalLauncher launcher, Map<String, CompletableFuture<Instant>> emailed,
                              Map<String, CompletableFuture<Instant>> moved) {
        int mails = 0;
        int events = 0;
        while (!Thread.currentThread().isInterrupted()) {
            List<OutboxMailer.Sent> sent = launcher.stack().outbox().messages();
            for (; mails < sent.size(); mails++) {
                OutboxMailer.Sent m = sent.get(mails);
                future(emailed, m.email().requestId()).complete(m.at());
            }
            List<String> published = launcher.stack().bus().published();
            Instant now = Instant.now();
            for (; events < published.size(); events++) {
                JsonNode e = Json.parse(published.get(events));
                if (!"JobStageChanged".equals(e.field("detail-type").map(JsonNode::asString).orElse(""))) continue;
                JsonNode detail = e.field("detail").orElseThrow();
                if ("AUTOMOVE".equals(detail.field("cause").map(JsonNode::asString).orElse(""))) {
                    future(moved, detail.field("jobId").orElseThrow().asString()).complete(now);
                }
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The firm app and the portal, over HTTP. */
    private record Client(HttpClient http, URI base, String secret) {
        JsonNode ok(String user, String firm, String method, String path, Object body) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                    .header("content-type", "application/json").header("x-user-id", user)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(Json.write(body)));
            if (firm != null) b.header("x-firm-id", firm);
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + " " + r.body());
            return r.body().isEmpty() ? null : Json.parse(r.body());
        }

        String text(JsonNode node, String field) { return node.field(field).orElseThrow().asString(); }

        void submit(String firm, String requestId, Instant at) throws Exception {
            String body = Json.write(Map.of("eventId", "evt-" + UUID.randomUUID(), "type", "client_request.submitted",
                    "firmId", firm, "requestId", requestId, "submittedAt", at.toString(),
                    "answers", List.of(Map.of("label", "Bank statements", "value", "statements.pdf"))));
            HttpRequest r = HttpRequest.newBuilder(base.resolve("/webhooks/client-portal")).timeout(Duration.ofSeconds(30))
                    .header("content-type", "application/json")
                    .header("x-portal-signature", PortalSignature.header(secret, Instant.now().getEpochSecond(), body))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            HttpResponse<String> response = http.send(r, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) throw new IllegalStateException("webhook answered " + response.statusCode() + " " + response.body());
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
