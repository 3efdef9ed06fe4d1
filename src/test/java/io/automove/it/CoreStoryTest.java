package io.automove.it;

import io.automove.testing.Firm;
import io.automove.testing.Stack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import static io.automove.testing.Stack.text;
import static org.assertj.core.api.Assertions.assertThat;

class CoreStoryTest {
    private final Stack stack = new Stack();

    @AfterEach
    void close() { stack.close(); }

    @Test
    void jobEnteringMissingInfo_isSentARequest_andMovesToReviewWhenTheClientSubmits() {
        // GIVEN the Tax return pipeline and a job in Intake
        Firm firm = new Firm(stack);
        String jobId = firm.newJob("Tax return 2025 - Rossi & Co");
        stack.settle();
        assertThat(stack.runtime.outbox().messages()).isEmpty();

        // WHEN the job is moved into Missing info
        firm.move(jobId, firm.missingInfo);
        stack.settle();

        // THEN a request from the template is created, linked and emailed to both contacts with the portal link
        JsonNode card = firm.job(jobId);
        assertThat(text(card, "stageName")).isEqualTo("Missing info");
        assertThat(text(card, "linked.clientRequests[0].title")).isEqualTo("Missing documents");
        assertThat(text(card, "linked.clientRequests[0].status")).isEqualTo("PENDING");
        assertThat(Stack.at(card, "linked.unfinishedCount").asNumber()).isEqualTo("1");
        String requestId = text(card, "linked.clientRequests[0].requestId");
        var mails = stack.runtime.outbox().messages();
        assertThat(mails).as("one email per contact").extracting(m -> m.email().to())
                .containsExactlyInAnyOrder("maria@rossi.example", "luca@rossi.example");
        assertThat(mails.get(0).email().subject()).isEqualTo("Documents for your tax return");
        assertThat(mails.get(0).email().text()).contains("Bank statements").contains(mails.get(0).email().portalLink());
        assertThat(mails.get(0).email().portalLink()).endsWith("/r/" + firm.firmId + "/" + requestId);
        JsonNode request = firm.ok("GET", "/client-requests/" + requestId, null);
        assertThat(text(request, "jobs[0].jobId")).isEqualTo(jobId);
        assertThat(text(request, "jobs[0].pipelineName")).isEqualTo("Tax return");
        assertThat(text(request, "delivery")).isEqualTo("SENT");

        // WHEN the client submits it in the portal
        assertThat(stack.submit(firm.firmId, requestId).status()).isEqualTo(200);
        stack.settle();

        // THEN the request is SUBMITTED and the job moved by itself to Review
        card = firm.job(jobId);
        assertThat(text(card, "stageId")).isEqualTo(firm.review);
        assertThat(text(card, "linked.clientRequests[0].status")).isEqualTo("SUBMITTED");
        assertThat(Stack.at(card, "linked.unfinishedCount").asNumber()).isEqualTo("0");
        assertThat(stack.runtime.bus().deadLetters()).isEmpty();
    }
}
