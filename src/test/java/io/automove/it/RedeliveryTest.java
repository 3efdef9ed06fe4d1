package io.automove.it;

import io.automove.handlers.PortalSignature;
import io.automove.testing.Firm;
import io.automove.testing.Stack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.time.Instant;
import java.util.List;

import static io.automove.testing.Stack.text;
import static org.assertj.core.api.Assertions.assertThat;

/** EventBridge and Lambda deliver at least once: every handler must shrug off a second delivery. */
class RedeliveryTest {
    private final Stack stack = new Stack();
    private final Firm firm = new Firm(stack);

    @AfterEach
    void close() { stack.close(); }

    private JsonNode last(String detailType) {
        List<JsonNode> events = stack.published(detailType);
        return events.get(events.size() - 1);
    }

    private void redeliver(String functionId, JsonNode envelope) throws Exception {
        stack.runtime.invoke(functionId, envelope.toString());
        stack.settle();
    }

    @Test
    void theSameJobStageChangedTwice_createsAndEmailsOneRequest() throws Exception {
        String jobId = firm.newJob("Job");
        firm.move(jobId, firm.missingInfo);
        stack.settle();
        JsonNode entered = last("JobStageChanged");
        List<String> itemsBefore = stack.scan();

        redeliver("StageEntryFunction", entered);
        redeliver("StageEntryFunction", entered);

        assertThat(firm.requestIds(jobId)).hasSize(1);
        assertThat(stack.emailsFor(firm.requestIds(jobId).get(0))).isEqualTo(1);
        assertThat(stack.scan()).isEqualTo(itemsBefore);
    }

    @Test
    void theSameClientRequestCreatedTwice_sendsOneEmail() throws Exception {
        String jobId = firm.newJob("Job");
        firm.move(jobId, firm.missingInfo);
        stack.settle();

        redeliver("RequestDeliveryFunction", last("ClientRequestCreated"));

        assertThat(stack.emailsFor(firm.requestIds(jobId).get(0))).isEqualTo(1);
        assertThat(stack.published("ClientRequestSent")).hasSize(1);
    }

    @Test
    void theSameSubmissionTwice_movesTheJobOnce() throws Exception {
        String jobId = firm.newJob("Job");
        firm.move(jobId, firm.missingInfo);
        stack.settle();
        String requestId = firm.requestIds(jobId).get(0);
        String body = Stack.submission("portal-evt-1", firm.firmId, requestId, Instant.now());
        String signature = PortalSignature.header(Stack.SECRET, Instant.now().getEpochSecond(), body);

        // the portal retries the same webhook
        assertThat(text(stack.webhook(body, signature).json(), "status")).isEqualTo("accepted");
        stack.settle();
        var again = stack.webhook(body, signature);
        assertThat(again.status()).isEqualTo(200);
        assertThat(text(again.json(), "status")).isEqualTo("duplicate");
        // and the bus redelivers the submission to automove
        redeliver("AutomoveFunction", last("ClientRequestSubmitted"));
        redeliver("AutomoveFunction", last("ClientRequestSubmitted"));
        stack.settle();

        assertThat(firm.stageOf(jobId)).isEqualTo(firm.review);
        assertThat(stack.published("ClientRequestSubmitted")).hasSize(1);
        long automoves = stack.published("JobStageChanged").stream()
                .filter(e -> text(e, "detail.cause").equals("AUTOMOVE")).count();
        assertThat(automoves).isEqualTo(1);
    }

    @Test
    void aStaleJobStageChanged_afterTheJobMovedOn_createsNothing() {
        // GIVEN the job enters Missing info and moves on to Review before stage entry ran
        String jobId = firm.newJob("Job");
        stack.settle();
        firm.move(jobId, firm.missingInfo);
        firm.move(jobId, firm.review);
        // WHEN the Missing info entry is finally delivered
        stack.settle();
        // THEN no request was made for a stage the job already left
        assertThat(firm.requestIds(jobId)).isEmpty();
        assertThat(stack.runtime.outbox().messages()).isEmpty();
        assertThat(firm.stageOf(jobId)).isEqualTo(firm.review);
    }

    @Test
    void anOldSubmissionRedelivered_afterTheJobMovedOn_doesNotMoveItAgain() throws Exception {
        // GIVEN Review has automove on too, and the job was automoved there by a submission
        firm.ok("PATCH", "/pipelines/" + firm.pipelineId + "/stages/" + firm.review, java.util.Map.of("automove", true));
        String jobId = firm.newJob("Job");
        firm.move(jobId, firm.missingInfo);
        stack.settle();
        stack.submit(firm.firmId, firm.requestIds(jobId).get(0));
        stack.settle();
        assertThat(firm.stageOf(jobId)).isEqualTo(firm.review);
        // WHEN that submission is delivered again
        redeliver("AutomoveFunction", last("ClientRequestSubmitted"));
        // THEN the job stays in Review: the submission counted for Missing info only
        assertThat(firm.stageOf(jobId)).isEqualTo(firm.review);
        assertThat(stack.published("JobStageChanged").stream().filter(e -> text(e, "detail.jobId").equals(jobId)))
                .hasSize(3); // created, moved by hand, automoved: nothing more
    }
}
