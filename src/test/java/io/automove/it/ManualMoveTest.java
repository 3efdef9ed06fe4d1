package io.automove.it;

import io.automove.localstack.LocalStack.Options;
import io.automove.localstack.Functions.Ports;
import io.automove.model.ClientRequest;
import io.automove.localstack.HttpApi.Response;
import io.automove.usecases.ports.Changes;
import io.automove.usecases.ports.WorkflowStore;
import io.automove.testing.Firm;
import io.automove.testing.Stack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.automove.testing.Firm.stage;
import static io.automove.testing.Stack.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Moving a job by hand while a request is unfinished: the prompt, and each decision. */
class ManualMoveTest {
    private Stack stack = new Stack();
    private Firm firm = new Firm(stack);

    @AfterEach
    void close() { stack.close(); }

    private String jobWaitingInMissingInfo() {
        String jobId = firm.newJob("Job");
        firm.move(jobId, firm.missingInfo);
        stack.settle();
        return jobId;
    }

    private Response move(String jobId, String toStageId, String decision) {
        var body = decision == null ? Map.of("toStageId", toStageId) : Map.of("toStageId", toStageId, "unfinishedRequests", decision);
        return stack.call(Firm.OWNER, firm.firmId, "POST", "/jobs/" + jobId + "/move", body);
    }

    @Test
    void withoutADecision_theMoveIsRefusedWith409_listingTheUnfinishedRequests_andNothingMoves() {
        String jobId = jobWaitingInMissingInfo();
        String requestId = firm.requestIds(jobId).get(0);
        List<String> before = stack.scan();

        var response = move(jobId, firm.review, null);

        assertThat(response.status()).isEqualTo(409);
        assertThat(text(response.json(), "error.code")).isEqualTo("UNFINISHED_REQUESTS");
        assertThat(text(response.json(), "unfinishedRequests[0].requestId")).isEqualTo(requestId);
        assertThat(text(response.json(), "unfinishedRequests[0].title")).isEqualTo("Missing documents");
        assertThat(text(response.json(), "unfinishedRequests[0].status")).isEqualTo("PENDING");
        stack.settle();
        assertThat(stack.scan()).isEqualTo(before);
    }

    @Test
    void keep_movesTheJob_andTheRequestStillBlocksAutomoveInTheNewStageUntilSubmitted() {
        firm.ok("PATCH", "/pipelines/" + firm.pipelineId + "/stages/" + firm.review, Map.of("automove", true));
        String jobId = jobWaitingInMissingInfo();
        String requestId = firm.requestIds(jobId).get(0);

        assertThat(move(jobId, firm.review, "KEEP").status()).isEqualTo(200);
        stack.settle();
        assertThat(firm.stageOf(jobId)).isEqualTo(firm.review);
        assertThat(firm.status(requestId)).isEqualTo("PENDING");
        assertThat(firm.requestIds(jobId)).containsExactly(requestId);
        assertThat(firm.unfinished(jobId)).isEqualTo(1);

        stack.submit(firm.firmId, requestId);
        stack.settle();
        assertThat(firm.stageOf(jobId)).isEqualTo(firm.done);
    }

    @Test
    void cancel_movesTheJob_theRequestIsCancelled_staysOnTheCard_andThePortalCanNoLongerSubmitIt() {
        String jobId = jobWaitingInMissingInfo();
        String requestId = firm.requestIds(jobId).get(0);

        assertThat(move(jobId, firm.review, "CANCEL").status()).isEqualTo(200);
        stack.settle();
        assertThat(firm.stageOf(jobId)).isEqualTo(firm.review);
        var card = firm.job(jobId);
        assertThat(text(card, "linked.clientRequests[0].requestId")).isEqualTo(requestId);
        assertThat(text(card, "linked.clientRequests[0].status")).isEqualTo("CANCELLED");
        assertThat(firm.unfinished(jobId)).isZero();
        assertThat(stack.published("ClientRequestCancelled")).hasSize(1);
        assertThat(stack.submit(firm.firmId, requestId).status()).isEqualTo(409);
    }

    @Test
    void unlink_movesTheJob_andTheRequestStaysPendingForTheClientButNoLongerLinked() {
        String jobId = jobWaitingInMissingInfo();
        String requestId = firm.requestIds(jobId).get(0);

        assertThat(move(jobId, firm.review, "UNLINK").status()).isEqualTo(200);
        stack.settle();
        assertThat(firm.stageOf(jobId)).isEqualTo(firm.review);
        assertThat(firm.requestIds(jobId)).isEmpty();
        assertThat(firm.status(requestId)).isEqualTo("PENDING");
        assertThat(firm.ok("GET", "/client-requests/" + requestId, null).field("jobs").orElseThrow().asArray()).isEmpty();
        // the client can still answer it; nothing moves
        assertThat(stack.submit(firm.firmId, requestId).status()).isEqualTo(200);
        stack.settle();
        assertThat(firm.stageOf(jobId)).isEqualTo(firm.review);
    }

    @Test
    void theSameStage_anotherPipelinesStage_orAnUnknownStage_is400() {
        String jobId = firm.newJob("Job");
        List<String> other = firm.pipeline("Other", List.of(stage("X", false), stage("Y", false)));
        stack.settle();
        List<String> before = stack.scan();
        assertThat(text(move(jobId, firm.intake, null).json(), "error.code")).isEqualTo("SAME_STAGE");
        assertThat(move(jobId, other.get(1), null).status()).isEqualTo(400);
        assertThat(move(jobId, "stg_unknown", null).status()).isEqualTo(400);
        assertThat(stack.scan()).isEqualTo(before);
    }

    @Test
    void aManualMove_runsTheTargetStagesAutomations() {
        String jobId = firm.newJob("Job");
        firm.move(jobId, firm.missingInfo);
        stack.settle();
        assertThat(stack.published("JobStageChanged").stream().filter(e -> text(e, "detail.cause").equals("MANUAL")))
                .hasSize(1);
        assertThat(firm.requestIds(jobId)).hasSize(1);
        assertThat(stack.emailsFor(firm.requestIds(jobId).get(0))).isEqualTo(1);
    }

    @Test
    void theDecisionAndTheMove_areOneTransaction_aRequestSubmittedMeanwhileIsNotCancelled() {
        // GIVEN a store that lets the client submit right between the move's read and its write
        stack.close();
        AtomicBoolean interfere = new AtomicBoolean(false);
        Ports[] real = new Ports[1];
        stack = new Stack(Options.defaults(Stack.TEMPLATE).decorate(p -> {
            real[0] = p;
            WorkflowStore store = (WorkflowStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[]{WorkflowStore.class}, (proxy, method, args) -> {
                        if (method.getName().equals("commit") && interfere.getAndSet(false)) {
                            Changes changes = (Changes) args[0];
                            for (Changes.Write w : changes.writes()) {
                                if (w.before() instanceof ClientRequest r) {
                                    p.store().commit(Changes.of().updateRequest(r, r.submitted("evt", Instant.now(), List.of())));
                                }
                            }
                        }
                        try {
                            return method.invoke(p.store(), args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            return new Ports(p.directory(), store, p.mailer(), p.publisher(), p.webhookSecrets(), p.activityTrail());
        }));
        firm = new Firm(stack);
        String jobId = jobWaitingInMissingInfo();
        String requestId = firm.requestIds(jobId).get(0);

        // WHEN the firm moves it with CANCEL
        interfere.set(true);
        assertThat(move(jobId, firm.review, "CANCEL").status()).isEqualTo(200);
        stack.settle();

        // THEN the first attempt wrote nothing; the second saw the submission: moved, and nothing cancelled
        assertThat(firm.stageOf(jobId)).isEqualTo(firm.review);
        assertThat(firm.status(requestId)).isEqualTo("SUBMITTED");
        assertThat(stack.published("ClientRequestCancelled")).isEmpty();
        assertThat(stack.published("JobStageChanged").stream().filter(e -> text(e, "detail.jobId").equals(jobId)))
                .hasSize(3);
    }

    @Test
    void backIntoTheStageWithItsRequestStillUnfinished_asksNothingTwice_andTheJobCardSaysSo() {
        // GIVEN a job whose Missing info request is unfinished, moved out keeping it
        String jobId = jobWaitingInMissingInfo();
        String requestId = firm.requestIds(jobId).get(0);
        assertThat(move(jobId, firm.review, "KEEP").status()).isEqualTo(200);
        stack.settle();

        // WHEN it comes back into Missing info, keeping it again
        assertThat(move(jobId, firm.missingInfo, "KEEP").status()).isEqualTo(200);
        stack.settle();

        // THEN no second request and no second email; the card names the skipped automation and the request
        assertThat(firm.requestIds(jobId)).containsExactly(requestId);
        assertThat(stack.emailsFor(requestId)).isEqualTo(1);
        JsonNode card = firm.job(jobId);
        assertThat(text(card, "skippedAutomations[0].reason")).isEqualTo("UNFINISHED_REQUEST_LINKED");
        assertThat(text(card, "skippedAutomations[0].requestId")).isEqualTo(requestId);
        assertThat(text(card, "skippedAutomations[0].templateId")).isEqualTo(firm.templateId);
        assertThat(card.field("skippedAutomations").orElseThrow().asArray()).hasSize(1);

        // and the kept request still counts: its submission moves the job on from here
        stack.submit(firm.firmId, requestId);
        stack.settle();
        assertThat(firm.stageOf(jobId)).isEqualTo(firm.review);
        assertThat(firm.job(jobId).field("skippedAutomations").orElseThrow().asArray()).as("a new entry, a clean slate")
                .isEmpty();
    }

    @Test
    void backIntoTheStageAfterTheRequestWasCancelled_sendsAFreshOne() {
        String jobId = jobWaitingInMissingInfo();
        String first = firm.requestIds(jobId).get(0);
        move(jobId, firm.review, "CANCEL");
        stack.settle();

        move(jobId, firm.missingInfo, null);
        stack.settle();

        assertThat(firm.requestIds(jobId)).hasSize(2).contains(first);
        assertThat(firm.job(jobId).field("skippedAutomations").orElseThrow().asArray()).isEmpty();
    }
}
