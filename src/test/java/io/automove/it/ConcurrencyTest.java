package io.automove.it;

import io.automove.usecases.ports.Read;
import io.automove.adapters.dynamodb.DynamoWorkflowStore;
import io.automove.localstack.LocalStack.Options;
import io.automove.localstack.HttpApi.Response;
import io.automove.handlers.PortalSignature;
import io.automove.usecases.ports.WorkflowStore;
import io.automove.support.Json;
import io.automove.testing.Firm;
import io.automove.testing.Stack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.automove.testing.Firm.stage;
import static io.automove.testing.Stack.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fifty callers at once, on one job and on jobs sharing one request, while the stack delivers its events on its
 * own threads: no 5xx but throttling, every stored stage entry published once, every request submitted once.
 */
class ConcurrencyTest {
    private final Stack stack = new Stack(Options.defaults(Stack.TEMPLATE).background(true));
    private final Firm firm = new Firm(stack);
    private final ExecutorService threads = Executors.newFixedThreadPool(50);
    private final List<String> report = Collections.synchronizedList(new ArrayList<>());

    @org.junit.jupiter.api.BeforeAll
    static void freshReport() throws IOException {
        Files.deleteIfExists(Path.of("target", "reliability", "concurrency.txt"));
    }

    @AfterEach
    void close() throws IOException {
        threads.shutdownNow();
        stack.close();
        Files.createDirectories(Path.of("target", "reliability"));
        Files.writeString(Path.of("target", "reliability", "concurrency.txt"), String.join("\n", report) + "\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    private Response submit(String requestId, String eventId) {
        String body = Stack.submission(eventId, firm.firmId, requestId, Instant.now());
        return stack.webhook(body, PortalSignature.header(Stack.SECRET, Instant.now().getEpochSecond(), body));
    }

    private Response move(String jobId, String toStageId) {
        return stack.call(Firm.OWNER, firm.firmId, "POST", "/jobs/" + jobId + "/move",
                Map.of("toStageId", toStageId, "unfinishedRequests", "KEEP"));
    }

    private List<Response> allAtOnce(List<Callable<Response>> calls) throws Exception {
        CyclicBarrier start = new CyclicBarrier(calls.size());
        List<Future<Response>> futures = new ArrayList<>();
        for (Callable<Response> c : calls) futures.add(threads.submit(() -> {
            start.await();
            return c.call();
        }));
        List<Response> responses = new ArrayList<>();
        for (Future<Response> f : futures) responses.add(f.get());
        return responses;
    }

    /** No 5xx, except throttling answered as retryable. */
    private static void noServerErrors(List<Response> responses) {
        for (Response r : responses) {
            if (r.status() >= 500) {
                assertThat(r.status()).as(r.body()).isEqualTo(503);
                assertThat(r.headers()).containsKey("retry-after");
            }
        }
    }

    /** The stage entries published for a job: each version once, from 1 to the job's stage version. */
    private void everyStoredEntryPublishedOnce(String jobId) {
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode e : stack.published("JobStageChanged")) {
            if (text(e, "detail.jobId").equals(jobId)) ids.add(text(e, "detail.eventId"));
        }
        long version = new DynamoWorkflowStore(stack.runtime.dynamo(), stack.runtime.tableName())
                .job(firm.firmId, jobId, Read.CONSISTENT).orElseThrow().stageVersion();
        Set<String> expected = new LinkedHashSet<>();
        for (long v = 1; v <= version; v++) expected.add("JobStageChanged:" + jobId + ":" + v);
        assertThat(ids).as("stage entries of %s", jobId).isEqualTo(expected);
    }

    @Test
    void twentyFiveSubmissionsAndTwentyFiveMovesOnOneJob_keepEveryInvariant() throws Exception {
        // GIVEN a job waiting in an automove stage for 25 requests linked by hand
        List<String> p = firm.pipeline("Busy", List.of(stage("Intake", false), stage("Waiting", true),
                stage("Waiting more", true), stage("Done", false)));
        String job = firm.job(p.get(0), "Job");
        firm.move(job, p.get(2));
        List<String> requests = new ArrayList<>();
        for (int i = 0; i < 25; i++) requests.add(firm.request("Question " + i, job));
        stack.runtime.awaitIdle(Duration.ofSeconds(60));

        // WHEN the client submits all of them while the firm moves the job back and forth
        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String r = requests.get(i);
            String target = i % 2 == 0 ? p.get(3) : p.get(2);
            calls.add(() -> submit(r, "evt-" + r));
            calls.add(() -> move(job, target));
        }
        List<Response> responses = allAtOnce(calls);
        stack.runtime.awaitIdle(Duration.ofSeconds(60));

        // THEN
        noServerErrors(responses);
        for (String r : requests) {
            assertThat(firm.status(r)).isEqualTo("SUBMITTED");
            assertThat(stack.emailsFor(r)).isEqualTo(1);
        }
        assertThat(responses.stream().filter(r -> r.body() != null && r.body().contains("accepted"))).hasSize(25);
        assertThat(firm.unfinished(job)).isZero();
        everyStoredEntryPublishedOnce(job);
        assertThat(stack.runtime.bus().deadLetters()).isEmpty();
        report.add("concurrency: 50 calls on one job (25 submissions, 25 moves): "
                + responses.stream().map(Response::status).collect(java.util.stream.Collectors.groupingBy(s -> s,
                java.util.TreeMap::new, java.util.stream.Collectors.counting())));
    }

    @Test
    void oneRequestSharedByTenJobs_submittedTwentyFiveTimesWhileTheJobsAreMoved_movesEachJobOnce() throws Exception {
        // GIVEN ten jobs in automove stages of five pipelines, all linked to one request
        List<String> jobs = new ArrayList<>();
        List<List<String>> pipelines = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            List<String> p = firm.pipeline("P" + i, List.of(stage("Waiting", true), stage("Next", false), stage("Aside", false)));
            pipelines.add(p);
            jobs.add(firm.job(p.get(0), "Job " + i + "a"));
            jobs.add(firm.job(p.get(0), "Job " + i + "b"));
        }
        String request = firm.request("Shared", jobs.toArray(String[]::new));
        stack.runtime.awaitIdle(Duration.ofSeconds(60));

        // WHEN the portal delivers the submission 25 times (its retries) while half the jobs are moved aside
        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 25; i++) calls.add(() -> submit(request, "evt-shared"));
        for (int i = 0; i < 25; i++) {
            int j = i % 10;
            String aside = pipelines.get(j / 2).get(3);
            calls.add(() -> move(jobs.get(j), aside));
        }
        List<Response> responses = allAtOnce(calls);
        stack.runtime.awaitIdle(Duration.ofSeconds(60));

        // THEN one submission recorded, and each job entered each stage once
        noServerErrors(responses);
        List<String> statuses = responses.subList(0, 25).stream().map(r -> text(Json.parse(r.body()), "status")).toList();
        assertThat(statuses).filteredOn("accepted"::equals).hasSize(1);
        assertThat(statuses).filteredOn("duplicate"::equals).hasSize(24);
        assertThat(firm.status(request)).isEqualTo("SUBMITTED");
        assertThat(stack.emailsFor(request)).isEqualTo(1);
        for (String job : jobs) {
            everyStoredEntryPublishedOnce(job);
            long automoves = stack.published("JobStageChanged").stream()
                    .filter(e -> text(e, "detail.jobId").equals(job) && text(e, "detail.cause").equals("AUTOMOVE"))
                    .map(e -> text(e, "detail.eventId")).distinct().count();
            assertThat(automoves).as("automoves of %s", job).isLessThanOrEqualTo(1);
            String stage = firm.stageOf(job);
            int pipeline = jobs.indexOf(job) / 2;
            // either automoved to Next before being moved aside, or moved aside first (then nothing awaited it there)
            assertThat(stage).isIn(pipelines.get(pipeline).get(2), pipelines.get(pipeline).get(3));
        }
        report.add("concurrency: 50 calls on ten jobs sharing one request (25 submissions of one event, 25 moves): "
                + responses.stream().map(Response::status).collect(java.util.stream.Collectors.groupingBy(s -> s,
                java.util.TreeMap::new, java.util.stream.Collectors.counting())));
    }
}
