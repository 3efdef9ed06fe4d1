package io.automove.it;

import io.automove.testing.Firm;
import io.automove.testing.Stack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.automove.testing.Firm.stage;
import static io.automove.testing.Stack.text;
import static org.assertj.core.api.Assertions.assertThat;

class AutomoveRulesTest {
    private final Stack stack = new Stack();
    private final Firm firm = new Firm(stack);

    @AfterEach
    void close() { stack.close(); }

    @Test
    void lastStageWithAutomoveOn_isRefusedAtCreation_andNothingIsWritten() {
        List<String> before = stack.scan();
        var response = stack.call(Firm.OWNER, firm.firmId, "POST", "/pipelines", Map.of("name", "Bad",
                "stages", List.of(stage("Intake", false), stage("Done", true))));
        assertThat(response.status()).isEqualTo(400);
        assertThat(text(response.json(), "error.code")).isEqualTo("AUTOMOVE_ON_LAST_STAGE");
        assertThat(stack.scan()).isEqualTo(before);
    }

    @Test
    void turningAutomoveOnForTheLastStage_isRefused_andThePipelineIsUnchanged() {
        List<String> before = stack.scan();
        var response = stack.call(Firm.OWNER, firm.firmId, "PATCH",
                "/pipelines/" + firm.pipelineId + "/stages/" + firm.done, Map.of("automove", true));
        assertThat(response.status()).isEqualTo(400);
        assertThat(stack.scan()).isEqualTo(before);
    }

    @Test
    void stageWithAutomoveOff_stillSendsTheRequest_butTheSubmissionDoesNotMoveTheJob() {
        // GIVEN Missing info with Send client request but automove off
        String template = firm.template("Questions");
        List<String> p = firm.pipeline("No automove", List.of(stage("Intake", false), stage("Missing info", false, template),
                stage("Review", false)));
        String jobId = firm.job(p.get(0), "Job");
        firm.move(jobId, p.get(2));
        stack.settle();
        // THEN the request went out
        String requestId = firm.requestIds(jobId).get(0);
        assertThat(stack.emailsFor(requestId)).isEqualTo(1);
        // WHEN the client submits, THEN the job stays where it is
        assertThat(stack.submit(firm.firmId, requestId).status()).isEqualTo(200);
        stack.settle();
        assertThat(firm.stageOf(jobId)).isEqualTo(p.get(2));
        assertThat(text(firm.job(jobId), "linked.clientRequests[0].status")).isEqualTo("SUBMITTED");
    }

    @Test
    void enteringAnAutomoveStageWithNothingUnfinished_doesNotMoveTheJobByItself() {
        List<String> p = firm.pipeline("Chain", List.of(stage("A", true), stage("B", true), stage("C", false)));
        String jobId = firm.job(p.get(0), "Job");
        stack.settle();
        firm.move(jobId, p.get(2));
        stack.settle();
        assertThat(firm.stageOf(jobId)).isEqualTo(p.get(2));
        assertThat(stack.published("JobStageChanged")).hasSize(2); // created, moved by hand: nothing else
    }

    @Test
    void reviewsOwnAutomations_runAfterAnAutomove() {
        // GIVEN Review has its own Send client request
        String signature = firm.template("Signature");
        String documents = firm.template("Documents");
        List<String> p = firm.pipeline("Two requests", List.of(stage("Intake", false),
                stage("Missing info", true, documents), stage("Review", false, signature), stage("Done", false)));
        String jobId = firm.job(p.get(0), "Job");
        firm.move(jobId, p.get(2));
        stack.settle();
        String first = firm.requestIds(jobId).get(0);
        // WHEN the client submits the first
        stack.submit(firm.firmId, first);
        stack.settle();
        // THEN the job is in Review and Review's request was created, linked and emailed
        assertThat(firm.stageOf(jobId)).isEqualTo(p.get(3));
        List<String> requests = firm.requestIds(jobId);
        assertThat(requests).hasSize(2);
        String second = requests.stream().filter(r -> !r.equals(first)).findFirst().orElseThrow();
        assertThat(stack.emailsFor(second)).isEqualTo(1);
        assertThat(text(firm.ok("GET", "/client-requests/" + second, null), "title")).isEqualTo("Signature");
    }

    @Test
    void aStageEdit_appliesToJobsEnteringAfterwards_notToJobsAlreadyThere() {
        // GIVEN a job already in Review, which has no automation yet
        String jobBefore = firm.newJob("Before");
        firm.move(jobBefore, firm.review);
        stack.settle();
        // WHEN Review gets Send client request and automove
        String template = firm.template("Review questions");
        var patched = firm.ok("PATCH", "/pipelines/" + firm.pipelineId + "/stages/" + firm.review, Map.of("automove", true,
                "automations", List.of(Map.of("type", "SEND_CLIENT_REQUEST", "templateId", template))));
        assertThat(Stack.at(patched, "automove").asBoolean()).isTrue();
        String jobAfter = firm.newJob("After");
        firm.move(jobAfter, firm.review);
        stack.settle();
        // THEN only the job entering afterwards got a request, and its submission moves it to Done
        assertThat(firm.requestIds(jobBefore)).isEmpty();
        String requestId = firm.requestIds(jobAfter).get(0);
        stack.submit(firm.firmId, requestId);
        stack.settle();
        assertThat(firm.stageOf(jobAfter)).isEqualTo(firm.done);
        assertThat(text(firm.job(jobAfter), "status")).isEqualTo("DONE");
    }

    @Test
    void aPipelineNamingAnUnknownTemplate_isRefused() {
        var response = stack.call(Firm.OWNER, firm.firmId, "POST", "/pipelines", Map.of("name", "Bad",
                "stages", List.of(stage("A", false, "tpl_does_not_exist"), stage("B", false))));
        assertThat(response.status()).isEqualTo(400);
        assertThat(text(response.json(), "error.code")).isEqualTo("UNKNOWN_TEMPLATE");
    }
}
