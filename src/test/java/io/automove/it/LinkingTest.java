package io.automove.it;

import io.automove.testing.Firm;
import io.automove.testing.Stack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.util.List;
import java.util.Map;

import static io.automove.testing.Firm.stage;
import static io.automove.testing.Stack.text;
import static org.assertj.core.api.Assertions.assertThat;

/** The three ways to link a request to a job by hand, and how such links count for automove. */
class LinkingTest {
    private final Stack stack = new Stack();
    private final Firm firm = new Firm(stack);

    @AfterEach
    void close() { stack.close(); }

    private List<String> jobsOf(String requestId) {
        return firm.ok("GET", "/client-requests/" + requestId, null).field("jobs").orElseThrow().asArray().stream()
                .map(j -> text(j, "jobId")).toList();
    }

    @Test
    void fromTheJobCard_anExistingRequestIsLinked_andLinkingTheSamePairAgainChangesNothing() {
        String jobId = firm.newJob("Job");
        String requestId = firm.request("Loose request");
        stack.settle();

        JsonNode linked = firm.link(jobId, requestId);
        assertThat(text(linked, "status")).isEqualTo("PENDING");
        stack.settle();
        assertThat(firm.requestIds(jobId)).containsExactly(requestId);
        assertThat(jobsOf(requestId)).containsExactly(jobId);
        assertThat(stack.published("ClientRequestLinked")).hasSize(1);

        List<String> before = stack.scan();
        var again = stack.call(Firm.OWNER, firm.firmId, "POST", "/jobs/" + jobId + "/client-requests", Map.of("requestId", requestId));
        assertThat(again.status()).isEqualTo(200);
        stack.settle();
        assertThat(stack.scan()).isEqualTo(before);
        assertThat(stack.published("ClientRequestLinked")).hasSize(1);
    }

    @Test
    void fromTheJobCard_aNewRequestIsBornLinked_andEmailed() {
        String jobId = firm.newJob("Job");
        var response = stack.call(Firm.OWNER, firm.firmId, "POST", "/jobs/" + jobId + "/client-requests",
                Map.of("templateId", firm.templateId));
        assertThat(response.status()).isEqualTo(201);
        String requestId = text(response.json(), "requestId");
        assertThat(text(response.json(), "jobs[0].jobId")).isEqualTo(jobId);
        stack.settle();
        assertThat(firm.requestIds(jobId)).containsExactly(requestId);
        assertThat(stack.emailsFor(requestId)).isEqualTo(1);
        assertThat(firm.unfinished(jobId)).isEqualTo(1);
    }

    @Test
    void whileCreatingARequest_itIsLinkedToSeveralJobs_andTheAnswerNamesThemWithTheirPipelines() {
        List<String> other = firm.pipeline("Bookkeeping", List.of(stage("Open", false), stage("Closed", false)));
        String taxJob = firm.newJob("Tax return 2025");
        String bookJob = firm.job(other.get(0), "Books Q4");
        var response = stack.call(Firm.OWNER, firm.firmId, "POST", "/client-requests", Map.of("accountId", firm.accountId,
                "title", "Year-end documents", "message", "Please upload.", "items",
                List.of(Map.of("kind", "FILE_UPLOAD", "label", "Ledger")), "jobIds", List.of(taxJob, bookJob)));
        assertThat(response.status()).isEqualTo(201);
        JsonNode body = response.json();
        assertThat(body.field("jobs").orElseThrow().asArray()).hasSize(2);
        assertThat(List.of(text(body, "jobs[0].title"), text(body, "jobs[1].title")))
                .containsExactlyInAnyOrder("Tax return 2025", "Books Q4");
        assertThat(List.of(text(body, "jobs[0].pipelineName"), text(body, "jobs[1].pipelineName")))
                .containsExactlyInAnyOrder("Tax return", "Bookkeeping");
        stack.settle();
        String requestId = text(body, "requestId");
        assertThat(firm.requestIds(taxJob)).containsExactly(requestId);
        assertThat(firm.requestIds(bookJob)).containsExactly(requestId);
        assertThat(stack.emailsFor(requestId)).isEqualTo(1);
    }

    @Test
    void fromTheAccountsRequestList_aRequestsLinksBecomeExactlyTheGivenJobs() {
        String a = firm.newJob("A");
        String b = firm.newJob("B");
        String c = firm.newJob("C");
        String requestId = firm.request("R", a, b);
        stack.settle();

        JsonNode list = firm.ok("GET", "/client-requests?accountId=" + firm.accountId, null);
        assertThat(list.field("clientRequests").orElseThrow().asArray()).hasSize(1);
        assertThat(text(list, "clientRequests[0].requestId")).isEqualTo(requestId);
        assertThat(list.field("nextCursor").orElseThrow().isNull()).isTrue();
        assertThat(list.field("clientRequests").orElseThrow().asArray().get(0).field("jobs").orElseThrow().asArray()).hasSize(2);

        JsonNode result = firm.ok("PUT", "/client-requests/" + requestId + "/jobs", Map.of("jobIds", List.of(b, c)));
        stack.settle();
        assertThat(result.field("jobs").orElseThrow().asArray().stream().map(j -> text(j, "jobId")))
                .containsExactlyInAnyOrder(b, c);
        assertThat(firm.requestIds(a)).isEmpty();
        assertThat(firm.requestIds(b)).containsExactly(requestId);
        assertThat(firm.requestIds(c)).containsExactly(requestId);
        assertThat(stack.published("ClientRequestUnlinked")).hasSize(1);
        assertThat(stack.published("ClientRequestLinked")).hasSize(3);
    }

    @Test
    void unlinking_keepsTheRequest_andUnlinkingAgainIsANoOp() {
        String jobId = firm.newJob("Job");
        String requestId = firm.request("R", jobId);
        stack.settle();
        var response = stack.call(Firm.OWNER, firm.firmId, "DELETE", "/jobs/" + jobId + "/client-requests/" + requestId, null);
        assertThat(response.status()).isEqualTo(204);
        stack.settle();
        assertThat(firm.requestIds(jobId)).isEmpty();
        assertThat(firm.status(requestId)).isEqualTo("PENDING");
        assertThat(jobsOf(requestId)).isEmpty();
        List<String> before = stack.scan();
        assertThat(stack.call(Firm.OWNER, firm.firmId, "DELETE", "/jobs/" + jobId + "/client-requests/" + requestId, null)
                .status()).isEqualTo(204);
        assertThat(stack.scan()).isEqualTo(before);
    }

    @Test
    void aRequestOfAnotherAccount_cannotBeLinked_400_andNothingIsWritten() {
        String jobId = firm.newJob("Job");
        String otherAccount = text(firm.ok("POST", "/accounts", Map.of("name", "Verdi Srl",
                "contacts", List.of(Map.of("name", "G", "email", "g@verdi.example")))), "accountId");
        String requestId = text(firm.ok("POST", "/client-requests", Map.of("accountId", otherAccount, "templateId",
                firm.templateId)), "requestId");
        stack.settle();
        List<String> before = stack.scan();
        var response = stack.call(Firm.OWNER, firm.firmId, "POST", "/jobs/" + jobId + "/client-requests", Map.of("requestId", requestId));
        assertThat(response.status()).isEqualTo(400);
        assertThat(text(response.json(), "error.code")).isEqualTo("ACCOUNT_MISMATCH");
        var put = stack.call(Firm.OWNER, firm.firmId, "PUT", "/client-requests/" + requestId + "/jobs", Map.of("jobIds", List.of(jobId)));
        assertThat(put.status()).isEqualTo(400);
        var create = stack.call(Firm.OWNER, firm.firmId, "POST", "/client-requests", Map.of("accountId", otherAccount,
                "templateId", firm.templateId, "jobIds", List.of(jobId)));
        assertThat(create.status()).isEqualTo(400);
        stack.settle();
        assertThat(stack.scan()).isEqualTo(before);
    }

    @Test
    void aRequestOfAnotherFirm_cannotBeLinked_404_andNothingAboutItLeaks() {
        Firm other = new Firm(stack);
        String theirRequest = other.request("Theirs");
        String jobId = firm.newJob("Job");
        stack.settle();
        List<String> before = stack.scan();
        var response = stack.call(Firm.OWNER, firm.firmId, "POST", "/jobs/" + jobId + "/client-requests", Map.of("requestId", theirRequest));
        var unknown = stack.call(Firm.OWNER, firm.firmId, "POST", "/jobs/" + jobId + "/client-requests", Map.of("requestId", "req_nope"));
        assertThat(response.status()).isEqualTo(404);
        assertThat(text(response.json(), "error.code")).isEqualTo(text(unknown.json(), "error.code"));
        assertThat(response.body()).doesNotContain(other.firmId).doesNotContain("Theirs");
        var theirJob = stack.call(Firm.OWNER, firm.firmId, "PUT", "/client-requests/" + theirRequest + "/jobs", Map.of("jobIds", List.of()));
        assertThat(theirJob.status()).isEqualTo(404);
        assertThat(stack.scan()).isEqualTo(before);
    }

    @Test
    void linkingASubmittedOrCancelledRequest_isAllowed_butDoesNotMoveTheJob() {
        String jobA = firm.newJob("A");
        firm.move(jobA, firm.missingInfo);
        stack.settle();
        String submitted = firm.requestIds(jobA).get(0);
        stack.submit(firm.firmId, submitted);
        stack.settle();
        assertThat(firm.stageOf(jobA)).isEqualTo(firm.review);

        // B waits in Missing info for its own request; linking A's submitted one must not move it
        String jobB = firm.newJob("B");
        firm.move(jobB, firm.missingInfo);
        stack.settle();
        assertThat(firm.link(jobB, submitted).field("status").orElseThrow().asString()).isEqualTo("SUBMITTED");
        stack.settle();
        assertThat(firm.stageOf(jobB)).isEqualTo(firm.missingInfo);
        assertThat(firm.unfinished(jobB)).isEqualTo(1);
    }

    @Test
    void aManuallyLinkedRequest_movesTheJob_onlyWhenItAndTheAutomatedOneAreBothSubmitted() {
        String jobId = firm.newJob("Job");
        firm.move(jobId, firm.missingInfo);
        stack.settle();
        String automated = firm.requestIds(jobId).get(0);
        String manual = firm.request("Extra question", jobId);
        stack.settle();
        assertThat(firm.unfinished(jobId)).isEqualTo(2);

        stack.submit(firm.firmId, automated);
        stack.settle();
        assertThat(firm.stageOf(jobId)).isEqualTo(firm.missingInfo);
        assertThat(firm.unfinished(jobId)).isEqualTo(1);

        stack.submit(firm.firmId, manual);
        stack.settle();
        assertThat(firm.stageOf(jobId)).isEqualTo(firm.review);
    }

    @Test
    void anUnlinkedRequest_noLongerCounts() {
        String jobId = firm.newJob("Job");
        firm.move(jobId, firm.missingInfo);
        stack.settle();
        String automated = firm.requestIds(jobId).get(0);
        String manual = firm.request("Extra", jobId);
        stack.settle();
        firm.ok("DELETE", "/jobs/" + jobId + "/client-requests/" + manual, null);
        stack.submit(firm.firmId, automated);
        stack.settle();
        assertThat(firm.stageOf(jobId)).isEqualTo(firm.review);
        assertThat(firm.status(manual)).isEqualTo("PENDING");
    }

    @Test
    void oneRequestLinkedToJobsInTwoPipelines_oneSubmissionMovesEachJobWhoseStageHasAutomoveOn() {
        List<String> books = firm.pipeline("Bookkeeping", List.of(stage("Waiting", true), stage("Booked", false)));
        List<String> payroll = firm.pipeline("Payroll", List.of(stage("Waiting", false), stage("Paid", false)));
        String taxJob = firm.newJob("Tax");
        firm.move(taxJob, firm.review); // Review: automove off
        String bookJob = firm.job(books.get(0), "Books");
        String payJob = firm.job(payroll.get(0), "Payroll");
        stack.settle();
        firm.ok("PATCH", "/pipelines/" + firm.pipelineId + "/stages/" + firm.review, Map.of("automove", true));
        String requestId = firm.request("Shared", taxJob, bookJob, payJob);
        stack.settle();

        stack.submit(firm.firmId, requestId);
        stack.settle();

        assertThat(firm.stageOf(taxJob)).isEqualTo(firm.done);
        assertThat(firm.stageOf(bookJob)).isEqualTo(books.get(2));
        assertThat(firm.stageOf(payJob)).isEqualTo(payroll.get(1));
        assertThat(stack.published("ClientRequestSubmitted")).hasSize(1);
    }
}
