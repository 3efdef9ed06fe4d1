package io.automove.it;

import io.automove.localstack.LocalStack.Options;
import io.automove.localstack.Ticks;
import io.automove.model.EmailKind;
import io.automove.testing.Firm;
import io.automove.testing.MutableClock;
import io.automove.testing.Stack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.automove.testing.Stack.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request's life after it is sent, on DynamoDB Local through the template's functions: reminders (schedule, stop
 * rules, settings changes, late and repeated ticks), due dates and overdue, resend, reopen, archive, and conditions
 * on account tags. The clock is moved by hand; the schedule's tick is {@link Ticks#tick}.
 */
class RequestLifecycleTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
    private final Stack stack = new Stack(Options.defaults(Stack.TEMPLATE).clock(clock));
    private final Firm firm = new Firm(stack);

    @AfterEach
    void close() { stack.close(); }

    /** A pipeline whose second stage sends a request from a fresh template with these automation fields. */
    private List<String> pipelineSending(Map<String, Object> automationExtras) {
        String template = firm.template("Documents");
        Map<String, Object> automation = new java.util.LinkedHashMap<>(Map.of("type", "SEND_CLIENT_REQUEST", "templateId", template));
        automation.putAll(automationExtras);
        return firm.pipeline("Lifecycle", List.of(Map.of("name", "Intake"),
                Map.of("name", "Waiting", "automove", true, "automations", List.of(automation)), Map.of("name", "Review")));
    }

    /** A job moved into the sending stage; returns {jobId, requestId}. */
    private String[] jobWaiting(List<String> pipeline) {
        String job = firm.job(pipeline.get(0), "Tax return");
        firm.move(job, pipeline.get(2));
        stack.settle();
        return new String[] {job, firm.requestIds(job).get(0)};
    }

    private void passDays(double days) {
        clock.advance(Duration.ofMinutes(Math.round(days * 24 * 60)));
        tick();
    }

    private void tick() {
        Ticks.tick(stack.runtime);
        stack.settle();
    }

    private long reminders(String requestId) {
        return stack.runtime.outbox().messages().stream()
                .filter(m -> m.email().requestId().equals(requestId) && m.email().kind() == EmailKind.REMINDER).count();
    }

    private JsonNode request(String requestId) { return firm.ok("GET", "/client-requests/" + requestId, null); }

    @Test
    void remindersComeEveryNDays_afterTheFirstEmail_atMostMTimes_toEveryContact() {
        String[] jr = jobWaiting(pipelineSending(Map.of("reminders", Map.of("everyDays", 2, "times", 2))));
        String req = jr[1];
        assertThat(text(request(req), "reminders.nextAt")).isEqualTo(clock.instant().plus(Duration.ofDays(2)).toString());

        passDays(1.9);
        assertThat(reminders(req)).isZero();
        passDays(0.2);
        assertThat(reminders(req)).as("one reminder, to each of the two contacts").isEqualTo(2);
        assertThat(stack.runtime.outbox().messages().stream().filter(m -> m.email().kind() == EmailKind.REMINDER))
                .allSatisfy(m -> assertThat(m.email().subject()).startsWith("Reminder: "))
                .extracting(m -> m.email().to()).containsExactlyInAnyOrder("maria@rossi.example", "luca@rossi.example");
        passDays(2);
        assertThat(reminders(req)).isEqualTo(4);
        assertThat(Stack.at(request(req), "reminders.sent").asNumber()).isEqualTo("2");
        assertThat(Stack.at(request(req), "reminders.nextAt").isNull()).as("no more to come").isTrue();
        passDays(10);
        assertThat(reminders(req)).isEqualTo(4);
    }

    @Test
    void leftOutOnTheAutomation_theTemplateSettingWins_elseEvery3DaysOnce() {
        String withSetting = text(firm.ok("POST", "/request-templates", Map.of("name", "T", "subject", "S", "message", "M",
                "items", List.of(), "reminders", Map.of("everyDays", 5, "times", 2))), "templateId");
        List<String> p = firm.pipeline("P", List.of(Map.of("name", "A"), Firm.stage("B", false, withSetting, firm.templateId)));
        String job = firm.job(p.get(0), "J");
        firm.move(job, p.get(2));
        stack.settle();
        List<JsonNode> requests = firm.requestIds(job).stream().map(this::request).toList();

        JsonNode fromTemplate = requests.stream().filter(r -> text(r, "title").equals("T")).findFirst().orElseThrow();
        assertThat(Stack.at(fromTemplate, "reminders.everyDays").asNumber()).isEqualTo("5");
        assertThat(Stack.at(fromTemplate, "reminders.times").asNumber()).isEqualTo("2");
        JsonNode defaults = requests.stream().filter(r -> text(r, "title").equals("Missing documents")).findFirst()
                .orElseThrow();
        assertThat(Stack.at(defaults, "reminders.everyDays").asNumber()).isEqualTo("3");
        assertThat(Stack.at(defaults, "reminders.times").asNumber()).isEqualTo("1");
    }

    @Test
    void aLateTick_stillSendsTheSlotOnce_andATickDeliveredTwiceSendsNothingMore() {
        String[] jr = jobWaiting(pipelineSending(Map.of("reminders", Map.of("everyDays", 2, "times", 3))));
        clock.advance(Duration.ofDays(3)); // the sweep did not run when the first came due
        tick();
        tick(); // the same tick again
        Ticks.tick(stack.runtime);
        stack.settle();
        assertThat(reminders(jr[1])).as("slot 1 once, to both contacts").isEqualTo(2);
        // redelivered reminder events send nothing more either
        var reminded = stack.published("ClientRequestReminded");
        assertThat(reminded).hasSize(1);
        try {
            stack.runtime.invoke("RequestDeliveryFunction", reminded.get(0).toString());
            stack.runtime.invoke("RequestDeliveryFunction", reminded.get(0).toString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(reminders(jr[1])).isEqualTo(2);
    }

    @Test
    void remindersStopForGood_whenSubmitted_cancelled_turnedOff_orEveryLinkedJobIsArchived() {
        List<String> p = pipelineSending(Map.of("reminders", Map.of("everyDays", 1, "times", 5)));
        String[] submitted = jobWaiting(p), cancelled = jobWaiting(p), off = jobWaiting(p), archived = jobWaiting(p);
        // a request linked to two jobs reminds while one is active
        String[] shared = jobWaiting(p);
        String otherJob = firm.job(p.get(0), "Other");
        firm.link(otherJob, shared[1]);

        stack.submit(firm.firmId, submitted[1]);
        firm.ok("POST", "/jobs/" + cancelled[0] + "/move", Map.of("toStageId", p.get(1), "unfinishedRequests", "CANCEL"));
        firm.ok("PATCH", "/client-requests/" + off[1], Map.of("reminders", Map.of("everyDays", 1, "times", 0)));
        firm.ok("POST", "/jobs/" + archived[0] + "/archive", Map.of());
        firm.ok("POST", "/jobs/" + shared[0] + "/archive", Map.of());
        stack.settle();

        passDays(1.05);
        passDays(1);
        passDays(1);
        assertThat(reminders(submitted[1])).isZero();
        assertThat(reminders(cancelled[1])).isZero();
        assertThat(reminders(off[1])).isZero();
        assertThat(reminders(archived[1])).isZero();
        assertThat(Stack.at(request(archived[1]), "reminders.nextAt").isNull()).isTrue();
        assertThat(reminders(shared[1])).as("its other job is active").isEqualTo(6);

        // unarchiving does not bring them back: stopped for good
        firm.ok("POST", "/jobs/" + archived[0] + "/unarchive", Map.of());
        passDays(3);
        assertThat(reminders(archived[1])).isZero();
    }

    @Test
    void changingTheStagesSettings_leavesRequestsAlreadySent_asTheyWere() {
        List<String> p = pipelineSending(Map.of("reminders", Map.of("everyDays", 2, "times", 1)));
        String[] before = jobWaiting(p);
        JsonNode stage = firm.ok("GET", "/pipelines/" + p.get(0), null);
        String templateId = text(stage, "stages[1].automations[0].templateId");
        firm.ok("PATCH", "/pipelines/" + p.get(0) + "/stages/" + p.get(2), Map.of("automations", List.of(Map.of(
                "type", "SEND_CLIENT_REQUEST", "templateId", templateId, "reminders", Map.of("everyDays", 7, "times", 4)))));
        String[] after = jobWaiting(p);

        assertThat(Stack.at(request(before[1]), "reminders.everyDays").asNumber()).isEqualTo("2");
        assertThat(Stack.at(request(after[1]), "reminders.everyDays").asNumber()).isEqualTo("7");
        passDays(2.1);
        assertThat(reminders(before[1])).isEqualTo(2);
        assertThat(reminders(after[1])).isZero();
    }

    @Test
    void pastItsDueDate_anUnfinishedRequestIsOverdue_once_andTheBoardAndJobCardShowIt() {
        String[] jr = jobWaiting(pipelineSending(Map.of("dueInDays", 3, "reminders", Map.of("everyDays", 30, "times", 0))));
        assertThat(text(request(jr[1]), "dueAt")).isEqualTo(clock.instant().plus(Duration.ofDays(3)).toString());
        passDays(2.9);
        assertThat(request(jr[1]).field("overdue").orElseThrow().asBoolean()).isFalse();
        passDays(0.2);
        passDays(1);
        assertThat(request(jr[1]).field("overdue").orElseThrow().asBoolean()).isTrue();
        assertThat(stack.published("ClientRequestOverdue")).as("once").hasSize(1);
        assertThat(Stack.at(firm.job(jr[0]), "linked.clientRequests[0].overdue").asBoolean()).isTrue();
        JsonNode board = firm.ok("GET", "/pipelines/" + firm.ok("GET", "/jobs/" + jr[0], null)
                .field("pipelineId").orElseThrow().asString() + "/jobs", null);
        assertThat(Stack.at(board, "stages[1].jobs[0].overdueCount").asNumber()).isEqualTo("1");

        stack.submit(firm.firmId, jr[1]);
        stack.settle();
        assertThat(request(jr[1]).field("overdue").orElseThrow().asBoolean()).as("finished: no longer overdue").isFalse();
    }

    @Test
    void resend_emailsAgainNow_whateverItsDelivery_andLeavesTheScheduleAlone() {
        String[] jr = jobWaiting(pipelineSending(Map.of("reminders", Map.of("everyDays", 2, "times", 1))));
        String nextAt = text(request(jr[1]), "reminders.nextAt");

        JsonNode resent = firm.ok("POST", "/client-requests/" + jr[1] + "/resend", Map.of());
        stack.settle();

        assertThat(text(resent, "lastEmail.kind")).isEqualTo("RESEND");
        assertThat(stack.runtime.outbox().messages().stream().filter(m -> m.email().kind() == EmailKind.RESEND)).hasSize(2);
        assertThat(text(request(jr[1]), "delivery")).isEqualTo("SENT");
        assertThat(text(request(jr[1]), "reminders.nextAt")).isEqualTo(nextAt);

        stack.submit(firm.firmId, jr[1]);
        stack.settle();
        var refused = stack.call(Firm.OWNER, firm.firmId, "POST", "/client-requests/" + jr[1] + "/resend", Map.of());
        assertThat(refused.status()).isEqualTo(409);
        assertThat(text(refused.json(), "error.code")).isEqualTo("REQUEST_NOT_UNFINISHED");
    }

    @Test
    void reopen_makesItUnfinishedAgain_keepsTheAnswers_emailsTheClient_andItsNewSubmissionAutomovesTheJob() {
        // Waiting sends the request; Review has automove on too: a reopened request holds it there
        String template = firm.template("Documents");
        List<String> p = firm.pipeline("Reopen", List.of(Map.of("name", "Intake"),
                Map.of("name", "Waiting", "automove", true, "automations", List.of(Map.of("type", "SEND_CLIENT_REQUEST",
                        "templateId", template, "reminders", Map.of("everyDays", 2, "times", 1)))),
                Map.of("name", "Review", "automove", true), Map.of("name", "Done")));
        String[] jr = jobWaiting(p);
        // the client submits: the job moves on to Review
        stack.submit(firm.firmId, jr[1]);
        stack.settle();
        String review = text(firm.job(jr[0]), "stageId");

        // a pending request cannot be reopened; a submitted one can
        String pendingOne = firm.request("Another", jr[0]);
        stack.settle();
        var refused = stack.call(Firm.OWNER, firm.firmId, "POST", "/client-requests/" + pendingOne + "/reopen", Map.of());
        assertThat(text(refused.json(), "error.code")).isEqualTo("REQUEST_NOT_SUBMITTED");
        firm.ok("POST", "/jobs/" + jr[0] + "/client-requests", Map.of("requestId", pendingOne));
        stack.submit(firm.firmId, pendingOne);
        stack.settle();

        JsonNode reopened = firm.ok("POST", "/client-requests/" + jr[1] + "/reopen", Map.of("message", "Page 2 is missing."));
        stack.settle();

        assertThat(text(reopened, "status")).isEqualTo("PENDING");
        assertThat(reopened.field("previousSubmissions").orElseThrow().asArray()).hasSize(1);
        assertThat(stack.runtime.outbox().messages().stream().filter(m -> m.email().kind() == EmailKind.REOPENED))
                .hasSize(2).allSatisfy(m -> assertThat(m.email().text()).contains("Page 2 is missing."));
        assertThat(Stack.at(firm.job(jr[0]), "linked.unfinishedCount").asNumber()).isEqualTo("1");

        // reminders start over from the reopen email
        passDays(2.1);
        assertThat(reminders(jr[1])).isEqualTo(2);

        // the old submission event replayed changes nothing; a new one is recorded and moves the job on from Review
        var old = stack.published("ClientRequestSubmitted").get(0);
        assertThat(old).isNotNull();
        stack.submit(firm.firmId, jr[1]);
        stack.settle();
        assertThat(firm.status(jr[1])).isEqualTo("SUBMITTED");
        assertThat(text(firm.job(jr[0]), "stageId")).as("automoved from Review").isEqualTo(p.get(4));
    }

    @Test
    void anArchivedJob_leavesTheBoard_cannotMove_neverAutomoves_andComesBack() {
        List<String> p = pipelineSending(Map.of());
        String[] jr = jobWaiting(p);
        String pipeline = p.get(0);
        firm.ok("POST", "/jobs/" + jr[0] + "/archive", Map.of());

        JsonNode board = firm.ok("GET", "/pipelines/" + pipeline + "/jobs", null);
        assertThat(board.toString()).doesNotContain(jr[0]);
        assertThat(firm.ok("GET", "/pipelines/" + pipeline + "/jobs?includeArchived=true", null).toString()).contains(jr[0]);
        assertThat(firm.job(jr[0]).field("archived").orElseThrow().asBoolean()).isTrue();

        var moved = stack.call(Firm.OWNER, firm.firmId, "POST", "/jobs/" + jr[0] + "/move",
                Map.of("toStageId", p.get(3), "unfinishedRequests", "KEEP"));
        assertThat(moved.status()).isEqualTo(409);
        assertThat(text(moved.json(), "error.code")).isEqualTo("JOB_ARCHIVED");
        var again = stack.call(Firm.OWNER, firm.firmId, "POST", "/jobs/" + jr[0] + "/archive", Map.of());
        assertThat(text(again.json(), "error.code")).isEqualTo("JOB_ARCHIVED");

        String stage = text(firm.job(jr[0]), "stageId");
        stack.submit(firm.firmId, jr[1]);
        stack.settle();
        assertThat(text(firm.job(jr[0]), "stageId")).as("never automoves while archived").isEqualTo(stage);

        firm.ok("POST", "/jobs/" + jr[0] + "/unarchive", Map.of());
        assertThat(firm.ok("GET", "/pipelines/" + pipeline + "/jobs", null).toString()).contains(jr[0]);
    }

    @Test
    void conditions_runTheAutomationOnlyForAccountsWithEveryTag_asTheyAreAtEntry() {
        List<String> p = pipelineSending(Map.of("conditions", Map.of("accountTags", List.of("Individual", "2025"))));
        // GIVEN an account with both tags and one with one of them
        String both = text(firm.ok("POST", "/accounts", Map.of("name", "Both", "contacts",
                List.of(Map.of("name", "B", "email", "b@both.example")), "tags", List.of("Individual", "2025", "VIP"))),
                "accountId");
        String one = text(firm.ok("POST", "/accounts", Map.of("name", "One", "contacts",
                List.of(Map.of("name", "O", "email", "o@one.example")), "tags", List.of("Individual"))), "accountId");
        String met = text(firm.ok("POST", "/jobs", Map.of("accountId", both, "pipelineId", p.get(0), "title", "J1")), "jobId");
        String notMet = text(firm.ok("POST", "/jobs", Map.of("accountId", one, "pipelineId", p.get(0), "title", "J2")), "jobId");

        firm.move(met, p.get(2));
        firm.move(notMet, p.get(2));
        stack.settle();

        assertThat(firm.requestIds(met)).hasSize(1);
        assertThat(firm.requestIds(notMet)).isEmpty();
        JsonNode card = firm.job(notMet);
        assertThat(text(card, "skippedAutomations[0].reason")).isEqualTo("CONDITIONS_NOT_MET");
    }
}
