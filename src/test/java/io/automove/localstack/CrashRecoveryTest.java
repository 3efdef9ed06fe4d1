package io.automove.localstack;

import io.automove.handlers.PortalSignature;
import io.automove.support.Json;
import io.automove.testing.Stack;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.automove.testing.Stack.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local stack killed with SIGKILL in the middle of 200 moves, then started again on the same data folder,
 * as issue 12 tried it by hand: every move that was answered 200 gets its request, one email per contact and,
 * once the client submits, one automove; nothing is parked as a dead letter. A move whose answer the kill cut
 * off counts too if it was stored (the job is in the stage): what was stored is delivered, what was not is not.
 *
 * <p>The stack runs in a JVM of its own ({@link ChildStack}); the kill comes after a number of acknowledged moves
 * drawn from a seeded random (printed; rerun one with {@code -Dcrash.seed=N}), while moves, stream records, bus
 * invocations and emails are all in flight. Waits are generous, outcomes strict. A failing run (or any run, with
 * {@code -Dcrash.keep=true}) keeps the data folder and the stack's log under target/crash-recovery/.
 */
class CrashRecoveryTest {
    private static final int MOVES = 200;
    private static final String OWNER = "user-anna";
    private static final List<String> CONTACTS = List.of("maria@rossi.example", "luca@rossi.example");

    @Test
    void aKillNineDuring200Moves_losesNothingAndDoublesNothing_afterARestartOnTheSameDataDir() throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        Random random = new Random(seed);
        int killAfterAcks = 20 + random.nextInt(MOVES - 40);
        int killDelayMillis = random.nextInt(20);
        System.out.println("crash test: seed " + seed + " (rerun: -Dcrash.seed=" + seed + "), kill after " + killAfterAcks
                + " acknowledged moves + " + killDelayMillis + " ms");
        long started = System.nanoTime();
        // kept if the test fails, to look at: the data folder and the stack's log
        Path dir = Path.of("target", "crash-recovery", "seed-" + seed);
        deleteTree(dir);
        Path data = dir.resolve("data");
        Path log = dir.resolve("stack.log");

        // GIVEN a firm whose "Missing info" stage sends a request and has automove on, and 200 jobs in Intake
        String firm;
        String pipelineId;
        String missingInfo;
        String review;
        List<String> jobs = Collections.synchronizedList(new ArrayList<>());
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger unanswered = new AtomicInteger();
        List<Long> phases = new ArrayList<>(List.of(started));
        try (ChildStack stack = ChildStack.start(data, log, List.of())) {
            firm = text(stack.call(OWNER, null, "POST", "/firms", Map.of("name", "Crash Test Advisors")), "firmId");
            String account = text(stack.call(OWNER, firm, "POST", "/accounts", Map.of("name", "Rossi & Co", "contacts",
                    CONTACTS.stream().map(e -> Map.of("name", "Contact", "email", e)).toList())), "accountId");
            String template = text(stack.call(OWNER, firm, "POST", "/request-templates", Map.of("name", "Missing documents",
                    "subject", "Documents for your tax return", "message", "Please send them.",
                    "items", List.of(Map.of("kind", "FILE_UPLOAD", "label", "Bank statements", "required", true)))),
                    "templateId");
            JsonNode pipeline = stack.call(OWNER, firm, "POST", "/pipelines", Map.of("name", "Tax return", "stages", List.of(
                    Map.of("name", "Intake"),
                    Map.of("name", "Missing info", "automove", true,
                            "automations", List.of(Map.of("type", "SEND_CLIENT_REQUEST", "templateId", template))),
                    Map.of("name", "Review"), Map.of("name", "Done"))));
            missingInfo = text(pipeline, "stages[1].stageId");
            review = text(pipeline, "stages[2].stageId");
            pipelineId = text(pipeline, "pipelineId");
            inParallel(8, MOVES, i -> jobs.add(text(stack.call(OWNER, firm, "POST", "/jobs", Map.of("accountId", account,
                    "pipelineId", pipelineId, "title", "Job " + i)), "jobId")));
            stack.awaitSettled("the jobs' creation events", Duration.ofSeconds(120), () -> true);
            Collections.sort(jobs);
            Collections.shuffle(jobs, random);

            phases.add(System.nanoTime());

            // WHEN they are all moved into Missing info at once, and the JVM is killed mid-way
            AtomicInteger acks = new AtomicInteger();
            inParallel(16, MOVES, i -> {
                String job = jobs.get(i);
                HttpResponse<String> r;
                try {
                    r = stack.send("POST", "/jobs/" + job + "/move", Map.of("content-type", "application/json",
                            "x-user-id", OWNER, "x-firm-id", firm), Json.write(Map.of("toStageId", missingInfo)));
                } catch (IOException cutOff) {
                    unanswered.incrementAndGet();
                    return;
                }
                assertThat(r.statusCode()).as("move of %s: %s", job, r.body()).isEqualTo(200);
                acknowledged.add(job);
                if (acks.incrementAndGet() == killAfterAcks) {
                    Thread.sleep(killDelayMillis);
                    stack.kill();
                }
            });
            assertThat(stack.alive()).as("killed").isFalse();
            phases.add(System.nanoTime());
        }
        System.out.printf("crash test: killed after %d acknowledged moves (%d cut off)%n", acknowledged.size(),
                unanswered.get());
        assertThat(acknowledged.size()).isGreaterThanOrEqualTo(killAfterAcks);

        // THEN after a restart on the same data folder
        try (ChildStack stack = ChildStack.start(data, log, List.of())) {
            stack.awaitSettled("every moved job's request emailed", Duration.ofSeconds(180), () -> {
                // cheap enough to ask every 200 ms: the board, and the outbox
                Map<String, List<JsonNode>> board = board(stack, firm, pipelineId);
                Map<String, Integer> emails = emailsPerRequest(stack);
                int emailed = (int) emails.values().stream().filter(n -> n >= CONTACTS.size()).count();
                List<JsonNode> waiting = board.getOrDefault(missingInfo, List.of());
                return waiting.stream().allMatch(j -> j.field("unfinishedCount").orElseThrow().asNumber().equals("1"))
                        && emailed == waiting.size();
            });
            phases.add(System.nanoTime());
            Map<String, JsonNode> cards = new ConcurrentHashMap<>();
            inParallel(8, jobs.size(), i -> cards.put(jobs.get(i), stack.call(OWNER, firm, "GET", "/jobs/" + jobs.get(i), null)));

            // every acknowledged move was stored; every stored move has exactly one request, linked, one email per contact
            Map<String, String> requestOfJob = new TreeMap<>();
            List<String> problems = new ArrayList<>();
            Map<String, Map<String, Integer>> mail = mailboxesPerRequest(stack);
            int stored = 0;
            for (String job : jobs) {
                JsonNode card = cards.get(job);
                boolean moved = text(card, "stageId").equals(missingInfo);
                if (acknowledged.contains(job) && !moved) problems.add(job + ": acknowledged but in " + text(card, "stageName"));
                if (!moved) {
                    if (!requests(card).isEmpty()) problems.add(job + ": not moved, yet has a request");
                    continue;
                }
                stored++;
                if (requests(card).size() != 1) {
                    problems.add(job + ": " + requests(card).size() + " requests");
                    continue;
                }
                String requestId = text(requests(card).get(0), "requestId");
                requestOfJob.put(job, requestId);
                JsonNode request = stack.call(OWNER, firm, "GET", "/client-requests/" + requestId, null);
                if (request.field("jobs").orElseThrow().asArray().stream().noneMatch(j -> text(j, "jobId").equals(job))) {
                    problems.add(job + ": its request is not linked to it");
                }
                Map<String, Integer> perMailbox = mail.getOrDefault(requestId, Map.of());
                if (!perMailbox.keySet().equals(Set.copyOf(CONTACTS)) || perMailbox.values().stream().anyMatch(n -> n != 1)) {
                    problems.add(job + ": request " + requestId + " emailed " + perMailbox.values() + " times to "
                            + perMailbox.size() + " of " + CONTACTS.size() + " contacts");
                }
                if (!text(request, "delivery").equals("SENT")) problems.add(job + ": delivery " + text(request, "delivery"));
            }
            assertThat(problems).as("after the restart, seed %d", seed).isEmpty();
            assertThat(mail.keySet()).as("no email for a request of no moved job").isEqualTo(Set.copyOf(requestOfJob.values()));
            assertThat(stack.local("dead-letters")).as("dead letters after the restart").isEmpty();

            // AND once the client submits each request through the signed webhook, each job moves on exactly once
            List<String> moved = new ArrayList<>(requestOfJob.keySet());
            inParallel(16, moved.size(), i -> {
                String requestId = requestOfJob.get(moved.get(i));
                String body = Stack.submission("evt-" + requestId, firm, requestId, Instant.now());
                HttpResponse<String> r = stack.send("POST", "/webhooks/client-portal", Map.of("content-type", "application/json",
                        "x-portal-signature", PortalSignature.header(Stack.SECRET, Instant.now().getEpochSecond(), body)), body);
                assertThat(r.statusCode()).as("submission of %s: %s", requestId, r.body()).isEqualTo(200);
            });
            stack.awaitSettled("every submitted job automoved", Duration.ofSeconds(180), () ->
                    board(stack, firm, pipelineId).getOrDefault(review, List.of()).size() == moved.size());
            phases.add(System.nanoTime());
            Map<String, List<JsonNode>> automoves = new HashMap<>();
            for (JsonNode e : stack.local("events")) {
                if (!text(e, "detail-type").equals("JobStageChanged") || !text(e, "detail.cause").equals("AUTOMOVE")) continue;
                automoves.computeIfAbsent(text(e, "detail.jobId"), k -> new ArrayList<>()).add(e);
            }
            for (String job : moved) {
                List<JsonNode> events = automoves.getOrDefault(job, List.of());
                if (events.size() != 1) {
                    problems.add(job + ": " + events.size() + " automoves");
                } else if (!text(events.get(0), "detail.toStageId").equals(review)
                        || !events.get(0).field("detail").orElseThrow().field("stageVersion").orElseThrow().asNumber().equals("3")) {
                    problems.add(job + ": automoved to " + text(events.get(0), "detail.toStageId") + " as stage entry "
                            + events.get(0).field("detail").orElseThrow().field("stageVersion").orElseThrow().asNumber());
                }
            }
            assertThat(automoves.keySet()).as("no automove of a job not submitted").isEqualTo(Set.copyOf(moved));
            assertThat(problems).as("after the submissions, seed %d", seed).isEmpty();

            // AND every job's trail holds each of its changes once, in order: the kill lost no entry, the
            // redeliveries after the restart doubled none
            List<String> story = List.of("JobStageChanged CREATED", "JobStageChanged MANUAL", "ClientRequestCreated",
                    "ClientRequestSent", "ClientRequestSubmitted", "JobStageChanged AUTOMOVE");
            Map<String, List<String>> trails = new ConcurrentHashMap<>();
            stack.awaitSettled("every job's trail written", Duration.ofSeconds(120), () -> {
                try {
                    inParallel(8, jobs.size(), i -> trails.put(jobs.get(i), trail(stack, firm, jobs.get(i))));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return jobs.stream().allMatch(j -> trails.get(j).size() >= (moved.contains(j) ? story.size() : 1));
            });
            for (String job : jobs) {
                List<String> expected = moved.contains(job) ? story : story.subList(0, 1);
                if (!trails.get(job).equals(expected)) problems.add(job + ": trail " + trails.get(job));
            }
            assertThat(problems).as("the trails, seed %d", seed).isEmpty();
            assertThat(mailboxesPerRequest(stack)).as("no email sent again").isEqualTo(mail);
            assertThat(stack.local("dead-letters")).as("dead letters at the end").isEmpty();

            long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            int requeued = stack.logged("queued again after a restart").stream()
                    .mapToInt(e -> Integer.parseInt(e.field("count").orElseThrow().asNumber())).sum();
            int released = stack.logged("a killed attempt's delivery claim released").size();
            String report = String.format(Locale.ROOT, "seed %d: killed after %d acknowledged moves (+%d ms), %d cut off; "
                            + "the restart queued %d unfinished invocations again and settled %d cut-off deliveries; "
                            + "%d moves stored (%d acknowledged), %d requests, %d emails (%d contacts each, once), "
                            + "%d automoves, 0 dead letters, 0 duplicates; %d s (set-up %s s, moves until the kill %s s, "
                            + "restart until all emailed %s s, submissions until all automoved %s s)%n", seed, killAfterAcks,
                    killDelayMillis, unanswered.get(), requeued, released, stored, acknowledged.size(), requestOfJob.size(),
                    mail.values().stream().mapToInt(m -> m.values().stream().mapToInt(Integer::intValue).sum()).sum(),
                    CONTACTS.size(), automoves.size(), seconds, secs(phases, 0), secs(phases, 1), secs(phases, 2),
                    secs(phases, 3));
            System.out.print("crash test: " + report);
            if (!Boolean.getBoolean("crash.keep")) deleteTree(dir);
            Path out = Path.of("target", "reliability", "crash-recovery.txt");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (AssertionError | RuntimeException e) {
            System.out.println("crash test failed, seed " + seed + "; data folder and log kept in " + dir.toAbsolutePath()
                    + "; the stack's log ends with:\n" + ChildStack.tail(log));
            throw e;
        }
    }

    /** The job's trail, oldest first: each entry's kind, and a move's cause. */
    private static List<String> trail(ChildStack stack, String firm, String job) {
        List<String> entries = new ArrayList<>();
        for (JsonNode e : stack.call(OWNER, firm, "GET", "/jobs/" + job + "/activity?limit=200", null)
                .field("activity").orElseThrow().asArray()) {
            entries.add(text(e, "kind") + (text(e, "kind").equals("JobStageChanged") ? " " + text(e, "details.cause") : ""));
        }
        return entries;
    }

    private static String secs(List<Long> phases, int i) {
        return String.format(Locale.ROOT, "%.1f", (phases.get(i + 1) - phases.get(i)) / 1e9);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    /** The pipeline's board: stage id to the jobs in it (with their unfinished-request count). */
    private static Map<String, List<JsonNode>> board(ChildStack stack, String firm, String pipelineId) {
        Map<String, List<JsonNode>> board = new HashMap<>();
        for (JsonNode stage : stack.call(OWNER, firm, "GET", "/pipelines/" + pipelineId + "/jobs", null)
                .field("stages").orElseThrow().asArray()) {
            board.put(text(stage, "stageId"), stage.field("jobs").orElseThrow().asArray());
        }
        return board;
    }

    private static List<JsonNode> requests(JsonNode card) {
        return card.field("linked").orElseThrow().field("clientRequests").orElseThrow().asArray();
    }

    private static Map<String, Integer> emailsPerRequest(ChildStack stack) {
        Map<String, Integer> count = new HashMap<>();
        for (JsonNode m : stack.local("outbox")) count.merge(text(m, "requestId"), 1, Integer::sum);
        return count;
    }

    /** Request id to mailbox to how many emails it got. */
    private static Map<String, Map<String, Integer>> mailboxesPerRequest(ChildStack stack) {
        Map<String, Map<String, Integer>> out = new TreeMap<>();
        for (JsonNode m : stack.local("outbox")) {
            out.computeIfAbsent(text(m, "requestId"), k -> new TreeMap<>()).merge(text(m, "to"), 1, Integer::sum);
        }
        return out;
    }

    private interface Task {
        void run(int i) throws Exception;
    }

    /** Runs {@code count} tasks on {@code threads} threads; rethrows the first failure. */
    private static void inParallel(int threads, int count, Task task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    task.run(n);
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get(10, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
    }
}
