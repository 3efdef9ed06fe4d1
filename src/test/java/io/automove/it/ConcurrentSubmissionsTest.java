package io.automove.it;

import io.automove.testing.Firm;
import io.automove.testing.Stack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.automove.testing.Firm.stage;
import static io.automove.testing.Stack.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two requests linked to one job in an automove stage, submitted at the same moment: the job moves exactly
 * once, and only after both. Real threads against DynamoDB Local; no lock in memory decides anything.
 */
class ConcurrentSubmissionsTest {
    private static final int ROUNDS = 15;

    private final Stack stack = new Stack();
    private final Firm firm = new Firm(stack);
    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    @AfterEach
    void close() {
        threads.shutdownNow();
        stack.close();
    }

    @Test
    void twoRequestsSubmittedAtTheSameMoment_moveTheJobExactlyOnce_andOnlyAfterBoth() throws Exception {
        String documents = firm.template("Documents");
        String questions = firm.template("Questions");
        List<String> p = firm.pipeline("Two at once", List.of(stage("Intake", false),
                stage("Missing info", true, documents, questions), stage("Review", false)));

        for (int round = 0; round < ROUNDS; round++) {
            // GIVEN a job in Missing info with its two requests sent
            String jobId = firm.job(p.get(0), "Job " + round);
            firm.move(jobId, p.get(2));
            stack.settle();
            List<String> requests = firm.requestIds(jobId);
            assertThat(requests).hasSize(2);

            // WHEN both are submitted at once and each submission's automove runs at once too
            CyclicBarrier start = new CyclicBarrier(2);
            List<Future<?>> done = new ArrayList<>();
            for (String requestId : requests) {
                done.add(threads.submit(() -> {
                    start.await();
                    assertThat(stack.submit(firm.firmId, requestId).status()).isEqualTo(200);
                    // the submission's own event, as the bus would deliver it right away
                    stack.runtime.invoke("AutomoveFunction", submittedEvent(requestId));
                    return null;
                }));
            }
            for (Future<?> f : done) f.get();
            stack.settle(); // the bus delivers the same events again: must change nothing

            // THEN the job moved exactly once
            assertThat(firm.stageOf(jobId)).as("round %d", round).isEqualTo(p.get(3));
            assertThat(Stack.at(firm.job(jobId), "linked.unfinishedCount").asNumber()).isEqualTo("0");
            long moves = stack.published("JobStageChanged").stream()
                    .filter(e -> text(e, "detail.jobId").equals(jobId) && text(e, "detail.cause").equals("AUTOMOVE"))
                    .count();
            assertThat(moves).as("automoves of round %d", round).isEqualTo(1);
        }
    }

    @Test
    void oneOfTwoRequestsSubmitted_leavesTheJobWhereItIs() {
        String documents = firm.template("Documents");
        String questions = firm.template("Questions");
        List<String> p = firm.pipeline("Two", List.of(stage("Intake", false),
                stage("Missing info", true, documents, questions), stage("Review", false)));
        String jobId = firm.job(p.get(0), "Job");
        firm.move(jobId, p.get(2));
        stack.settle();

        stack.submit(firm.firmId, firm.requestIds(jobId).get(0));
        stack.settle();

        assertThat(firm.stageOf(jobId)).isEqualTo(p.get(2));
        assertThat(Stack.at(firm.job(jobId), "linked.unfinishedCount").asNumber()).isEqualTo("1");
    }

    /** The ClientRequestSubmitted event the relay publishes for this request (built from the stored request). */
    private String submittedEvent(String requestId) {
        JsonNode request = firm.ok("GET", "/client-requests/" + requestId, null);
        List<String> jobIds = request.field("jobs").orElseThrow().asArray().stream().map(j -> text(j, "jobId")).toList();
        return io.automove.support.Json.write(java.util.Map.of("version", "0", "id", java.util.UUID.randomUUID().toString(),
                "detail-type", "ClientRequestSubmitted", "source", "io.automove", "account", "000000000000",
                "time", java.time.Instant.now().toString(), "region", "local", "resources", List.of(),
                "detail", java.util.Map.of("firmId", firm.firmId, "requestId", requestId, "accountId", firm.accountId,
                        "jobIds", jobIds, "submittedAt", text(request, "submittedAt"))));
    }
}
