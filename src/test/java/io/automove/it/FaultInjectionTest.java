package io.automove.it;

import io.automove.adapters.dynamodb.DynamoWorkflowStore;
import io.automove.localstack.LocalStack.Options;
import io.automove.localstack.HttpApi.Response;
import io.automove.model.ClientRequest;
import io.automove.model.DeliveryState;
import io.automove.model.Job;
import io.automove.model.RequestStatus;
import io.automove.handlers.PortalSignature;
import io.automove.usecases.ports.WorkflowStore;
import io.automove.usecases.ports.Read;
import io.automove.testing.Faults;
import io.automove.testing.Stack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.automove.testing.Stack.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The core story, run once per injection point: for every k along it and each kind of fault, the k-th call to
 * DynamoDB, SES or EventBridge fails once; the platform retries as it would (bus deliveries three times, stream
 * batches from the failed record, the firm app and the portal resend a call that answered 5xx, with the same
 * Idempotency-Key or eventId). Whatever failed, the outcome must be the one of a story without faults.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultInjectionTest {
    private final Faults faults = new Faults();
    private Stack stack;
    private WorkflowStore store;
    private int run;

    @BeforeAll
    void start() {
        stack = new Stack(Options.defaults(Stack.TEMPLATE).decorate(faults::wrap));
        store = new DynamoWorkflowStore(stack.runtime.dynamo(), stack.runtime.tableName());
    }

    @AfterAll
    void stop() { stack.close(); }

    /** What the firm app and the portal do with an answer lost to a 5xx: send the same call again. */
    private Response resend(String user, String firm, String method, String path, Object body, String key) {
        Response r = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
            headers.put("content-type", "application/json");
            headers.put("x-user-id", user);
            if (firm != null) headers.put("x-firm-id", firm);
            if (key != null) headers.put("idempotency-key", key);
            r = stack.runtime.http(method, path, headers, body == null ? null : io.automove.support.Json.write(body));
            if (r.status() < 500 && !(r.status() == 409 && r.body().contains("CONCURRENT_UPDATE"))) return r;
        }
        return r;
    }

    private JsonNode ok(String user, String firm, String method, String path, Object body, String key) {
        Response r = resend(user, firm, method, path, body, key);
        assertThat(r.status()).as("%s %s -> %s %s (fault in %s)", method, path, r.status(), r.body(), faults.injectedInto())
                .isBetween(200, 299);
        return r.json();
    }

    record Story(String firmId, String jobId, String review, String requestId) {}

    /** Firm set-up, a job moved into Missing info, the client's signed submission: one run. */
    private Story story() {
        String n = "run" + (++run);
        String owner = "owner-" + n;
        String firm = text(ok(owner, null, "POST", "/firms", Map.of("name", "Firm " + n), n + "-firm"), "firmId");
        String account = text(ok(owner, firm, "POST", "/accounts", Map.of("name", "Rossi & Co", "contacts",
                List.of(Map.of("name", "Maria", "email", "maria@rossi.example"))), n + "-account"), "accountId");
        String template = text(ok(owner, firm, "POST", "/request-templates", Map.of("name", "Missing documents",
                "subject", "Documents", "message", "Please.", "items", List.of(Map.of("kind", "QUESTION", "label", "Q"))),
                n + "-template"), "templateId");
        JsonNode pipeline = ok(owner, firm, "POST", "/pipelines", Map.of("name", "Tax return", "stages", List.of(
                Map.of("name", "Intake"), Map.of("name", "Missing info", "automove", true, "automations",
                        List.of(Map.of("type", "SEND_CLIENT_REQUEST", "templateId", template))),
                Map.of("name", "Review"))), n + "-pipeline");
        String job = text(ok(owner, firm, "POST", "/jobs", Map.of("accountId", account, "pipelineId",
                text(pipeline, "pipelineId"), "title", "Job"), n + "-job"), "jobId");
        String missingInfo = text(pipeline, "stages[1].stageId");
        Response moved = resend(owner, firm, "POST", "/jobs/" + job + "/move", Map.of("toStageId", missingInfo), null);
        // a move whose answer was lost is not made twice: the resend finds the job already there
        assertThat(moved.status() == 200 || moved.body().contains("SAME_STAGE")).as(moved.body()).isTrue();
        stack.settle();
        String requestId = store.job(firm, job, Read.CONSISTENT).orElseThrow().requestIds().stream().findFirst().orElse(null);
        if (requestId != null) {
            String body = Stack.submission("evt-" + n, firm, requestId, Instant.now());
            Response submitted = null;
            for (int attempt = 0; attempt < 5; attempt++) {
                submitted = stack.webhook(body, PortalSignature.header(Stack.SECRET, Instant.now().getEpochSecond(), body));
                if (submitted.status() < 500) break;
            }
            assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
        }
        stack.settle();
        return new Story(firm, job, text(pipeline, "stages[2].stageId"), requestId);
    }

    /** The outcome of a story without faults, whatever was injected. */
    private List<String> violations(Story s) {
        List<String> v = new ArrayList<>();
        Job job = store.job(s.firmId(), s.jobId(), Read.CONSISTENT).orElseThrow();
        List<ClientRequest> requests = store.clientRequestsOfAccount(s.firmId(),
                job.accountId(), io.automove.usecases.ports.PageRequest.first(io.automove.usecases.ports.PageRequest.MAX)).items();
        if (requests.size() != 1 || job.requestIds().size() != 1) v.add("requests: " + requests.size());
        if (s.requestId() == null) return v;
        ClientRequest r = store.clientRequest(s.firmId(), s.requestId(), Read.CONSISTENT).orElseThrow();
        if (r.status() != RequestStatus.SUBMITTED) v.add("request " + r.status());
        int emails = stack.emailsFor(s.requestId());
        if (emails != 1) v.add("emails: " + emails);
        boolean lostMailAnswer = faults.injected(Faults.Kind.TIMEOUT_AFTER_CALL, "ses.send");
        DeliveryState expected = lostMailAnswer ? DeliveryState.UNCONFIRMED : DeliveryState.SENT;
        if (r.delivery().state() != expected) v.add("delivery " + r.delivery().state() + ", expected " + expected);
        if (!job.stageId().equals(s.review()) || job.stageVersion() != 3) {
            v.add("job in " + job.stageId() + " v" + job.stageVersion());
        }
        // each stored stage entry published, none twice as a different event, none that was not stored
        Set<String> moves = new LinkedHashSet<>();
        Map<String, Integer> distinct = new LinkedHashMap<>();
        for (JsonNode e : stack.runtime.bus().published().stream().map(io.automove.support.Json::parse).toList()) {
            if (!text(e, "detail.firmId").equals(s.firmId())) continue;
            distinct.merge(text(e, "detail-type"), 0, (a, b) -> a);
            if (text(e, "detail-type").equals("JobStageChanged")) moves.add(text(e, "detail.eventId"));
        }
        Set<String> stored = Set.of("JobStageChanged:" + s.jobId() + ":1", "JobStageChanged:" + s.jobId() + ":2",
                "JobStageChanged:" + s.jobId() + ":3");
        if (!moves.equals(stored)) v.add("stage entries published " + moves);
        if (!lostMailAnswer && !distinct.containsKey("ClientRequestSent")) v.add("no ClientRequestSent");
        if (lostMailAnswer && distinct.containsKey("ClientRequestSent")) v.add("ClientRequestSent for an unconfirmed email");
        return v;
    }

    @Test
    void everySingleFault_alongTheStory_endsAsIfNothingHadFailed() throws IOException {
        // GIVEN the number of port calls of a story without faults
        faults.count();
        Story baseline = story();
        faults.disarm();
        assertThat(violations(baseline)).isEmpty();
        int points = faults.calls();
        List<String> ports = faults.trace();
        assertThat(ports).as("the story reaches every port").contains("dynamodb.createFirm", "dynamodb.commit",
                "dynamodb.createStageRequest", "dynamodb.clientRequest", "ses.send", "eventbridge.publish");

        // WHEN each of them fails once, each way; THEN the same outcome every time
        List<String> failures = new ArrayList<>();
        int runs = 0;
        for (Faults.Kind kind : Faults.Kind.values()) {
            for (int k = 1; k <= points; k++) {
                faults.arm(k, kind);
                Story s = story();
                faults.disarm();
                runs++;
                String where = kind + " at call " + k + " (" + faults.injectedInto() + ")";
                violations(s).forEach(v -> failures.add(where + ": " + v));
                if (!stack.runtime.bus().deadLetters().isEmpty() || !stack.runtime.streamDeadLetters().isEmpty()) {
                    failures.add(where + ": dead letters " + stack.runtime.bus().deadLetters());
                }
            }
        }
        Map<String, Long> byPort = new java.util.TreeMap<>();
        ports.forEach(p -> byPort.merge(p, 1L, Long::sum));
        String report = "fault injection: " + points + " calls along the story x " + Faults.Kind.values().length
                + " kinds = " + runs + " runs, " + failures.size() + " violations\ncalls by port: " + byPort + "\n";
        Files.createDirectories(Path.of("target", "reliability"));
        Files.writeString(Path.of("target", "reliability", "fault-injection.txt"), report);
        System.out.print(report);
        assertThat(failures).isEmpty();
    }

    /**
     * Two faults in one story: a seeded sample of pairs of call numbers in which every call of the story stands in
     * {@link #PAIRS_PER_POINT} pairs, each fault of a kind drawn at random. The seed is printed with any failure.
     */
    @Test
    void twoFaultsInOneStory_inEveryCallOfTheStory_endAsIfNothingHadFailed() throws IOException {
        faults.count();
        story();
        faults.disarm();
        int points = faults.calls();
        long seed = Long.getLong("faults.seed", 20261129L);
        java.util.Random random = new java.util.Random(seed);
        Faults.Kind[] kinds = Faults.Kind.values();

        List<String> failures = new ArrayList<>();
        int runs = 0;
        Map<Integer, Integer> coverage = new java.util.TreeMap<>();
        for (int k = 1; k <= points; k++) {
            for (int i = 0; i < PAIRS_PER_POINT; i++) {
                int other;
                do { other = 1 + random.nextInt(points); } while (other == k);
                Map<Integer, Faults.Kind> plan = Map.of(k, kinds[random.nextInt(kinds.length)],
                        other, kinds[random.nextInt(kinds.length)]);
                faults.arm(plan);
                Story s = story();
                faults.disarm();
                runs++;
                plan.keySet().forEach(p -> coverage.merge(p, 1, Integer::sum));
                String where = "seed " + seed + ", " + faults.describe();
                violations(s).forEach(v -> failures.add(where + ": " + v));
                if (!stack.runtime.bus().deadLetters().isEmpty() || !stack.runtime.streamDeadLetters().isEmpty()) {
                    failures.add(where + ": dead letters " + stack.runtime.bus().deadLetters());
                }
            }
        }
        String report = "two faults at once: " + points + " calls along the story, each in at least "
                + PAIRS_PER_POINT + " pairs (seed " + seed + ") = " + runs + " runs, " + failures.size() + " violations\n";
        Files.createDirectories(Path.of("target", "reliability"));
        Files.writeString(Path.of("target", "reliability", "fault-pairs.txt"), report);
        System.out.print(report);
        assertThat(coverage.values()).allSatisfy(c -> assertThat(c).isGreaterThanOrEqualTo(PAIRS_PER_POINT));
        assertThat(failures).isEmpty();
    }

    private static final int PAIRS_PER_POINT = 3;
}
