package io.automove.it;

import io.automove.adapters.dynamodb.DynamoDirectory;
import io.automove.adapters.dynamodb.DynamoWorkflowStore;
import io.automove.localstack.HttpApi.Response;
import io.automove.localstack.LocalStack.Options;
import io.automove.localstack.Ticks;
import io.automove.model.EmailKind;
import io.automove.testing.Firm;
import io.automove.testing.MutableClock;
import io.automove.testing.Stack;
import io.automove.usecases.DeliverClientRequest;
import io.automove.usecases.EmailCap;
import io.automove.usecases.ports.Mailer;
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
 * The per-firm daily email cap of multi-firm mode, on DynamoDB Local through the local stack: the firm's account
 * has two contacts, so each email of a request counts 2, and the cap is 3 emails a day. A call that would pass it
 * answers 429 EMAIL_CAP_REACHED and writes nothing; an email queued before the cap was reached is held at its send
 * and can be resent; a redelivered event counts once; a due reminder waits for the next day, not lost; the next
 * UTC day counts from zero; a single-firm stack has no cap.
 */
class DailyEmailCapTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
    private Stack stack;

    @AfterEach
    void close() { if (stack != null) stack.close(); }

    private Firm multiFirm(int cap) {
        stack = new Stack(Options.defaults(Stack.TEMPLATE).clock(clock)
                .parameters(Map.of("FirmCreation", "MultiFirm", "DailyEmailCapPerFirm", String.valueOf(cap))));
        return new Firm(stack);
    }

    private Response createRequest(Firm firm, String title) {
        return stack.call(Firm.OWNER, firm.firmId, "POST", "/client-requests", Map.of("accountId", firm.accountId,
                "title", title, "message", "Please.", "items", List.of(Map.of("kind", "QUESTION", "label", "Anything?",
                        "required", true)), "jobIds", List.of()));
    }

    private JsonNode request(Firm firm, String requestId) { return firm.ok("GET", "/client-requests/" + requestId, null); }

    /** The day's email counter item of the firm, as stored: its {@code emails}, or 0 if there is none. */
    private long counted(Firm firm) {
        return new DynamoWorkflowStore(stack.runtime.dynamo(), stack.runtime.tableName())
                .emailsCounted(firm.firmId, EmailCap.dayOf(clock.instant()));
    }

    @Test
    void aCallThatWouldPassTheCap_answers429EmailCapReached_andWritesNothing() {
        Firm firm = multiFirm(3);
        String first = text(createRequest(firm, "First").json(), "requestId");
        stack.settle();
        assertThat(stack.emailsFor(first)).isEqualTo(1);
        assertThat(counted(firm)).as("one per recipient").isEqualTo(2);
        List<String> before = stack.scan();
        int published = stack.runtime.bus().published().size();

        Response created = createRequest(firm, "Second");
        Response resent = stack.call(Firm.OWNER, firm.firmId, "POST", "/client-requests/" + first + "/resend", null);
        stack.settle();

        for (Response refused : List.of(created, resent)) {
            assertThat(refused.status()).isEqualTo(429);
            assertThat(text(refused.json(), "error.code")).isEqualTo("EMAIL_CAP_REACHED");
            assertThat(Stack.at(refused.json(), "error").toString()).doesNotContain("rossi.example");
        }
        assertThat(stack.scan()).as("no request, no outbox, no count").isEqualTo(before);
        assertThat(stack.runtime.bus().published()).hasSize(published);
        assertThat(stack.runtime.outbox().messages()).hasSize(2);
    }

    @Test
    void aJobCreatedInOrMovedIntoAStageThatSendsARequest_isRefusedPastTheCap_andNothingIsWritten() {
        Firm firm = multiFirm(3);
        String job = firm.newJob("Tax return"); // Intake sends nothing: no email, no check that could refuse it
        createRequest(firm, "First");
        stack.settle();
        List<String> before = stack.scan();

        Response moved = stack.call(Firm.OWNER, firm.firmId, "POST", "/jobs/" + job + "/move",
                Map.of("toStageId", firm.missingInfo));
        Response created = stack.call(Firm.OWNER, firm.firmId, "POST", "/jobs", Map.of("accountId", firm.accountId,
                "pipelineId", firm.pipelineId, "title", "Straight to missing info", "stageId", firm.missingInfo));
        stack.settle();
        assertThat(stack.scan()).as("no job, no move, no outbox").isEqualTo(before);
        Response toReview = stack.call(Firm.OWNER, firm.firmId, "POST", "/jobs/" + job + "/move",
                Map.of("toStageId", firm.review));
        stack.settle();

        for (Response refused : List.of(moved, created)) {
            assertThat(refused.status()).isEqualTo(429);
            assertThat(text(refused.json(), "error.code")).isEqualTo("EMAIL_CAP_REACHED");
            assertThat(Stack.at(refused.json(), "cap").asNumber()).isEqualTo("3");
        }
        assertThat(toReview.status()).as("a stage that sends nothing is not capped").isEqualTo(200);
        assertThat(firm.stageOf(job)).isEqualTo(firm.review);
        assertThat(stack.published("ClientRequestCreated")).hasSize(1);
    }

    @Test
    void anEmailQueuedBeforeTheCapWasReached_isHeldAtItsSend_sendsNothing_andIsResentTheNextDay() {
        Firm firm = multiFirm(3);
        // both pass the check before either is sent: the send is where the cap holds
        String first = text(createRequest(firm, "First").json(), "requestId");
        String second = text(createRequest(firm, "Second").json(), "requestId");
        stack.settle();

        assertThat(stack.emailsFor(first)).isEqualTo(1);
        assertThat(stack.emailsFor(second)).as("held: not even one of its contacts").isZero();
        assertThat(text(request(firm, second), "delivery")).isEqualTo("HELD");
        assertThat(counted(firm)).as("the held email counted nothing").isEqualTo(2);
        assertThat(stack.published("ClientRequestSent")).hasSize(1);

        clock.advance(Duration.ofDays(1));
        assertThat(counted(firm)).as("a new UTC day counts from zero").isZero();
        firm.ok("POST", "/client-requests/" + second + "/resend", null);
        stack.settle();

        assertThat(text(request(firm, second), "delivery")).isEqualTo("SENT");
        assertThat(stack.emailsFor(second)).isEqualTo(1);
        assertThat(counted(firm)).isEqualTo(2);
    }

    @Test
    void aRedeliveredEvent_sendsAndCountsOnce() {
        Firm firm = multiFirm(3);
        String first = text(createRequest(firm, "First").json(), "requestId");
        stack.settle();
        var store = new DynamoWorkflowStore(stack.runtime.dynamo(), stack.runtime.tableName());
        var directory = new DynamoDirectory(stack.runtime.dynamo(), stack.runtime.tableName());
        Mailer mailer = email -> { throw new AssertionError("a redelivered event must send nothing"); };
        var deliver = new DeliverClientRequest(directory, store, mailer, clock, "https://portal.example",
                new EmailCap(store, clock, 3));

        // the same ClientRequestCreated, delivered again by the bus, in a new attempt
        assertThat(deliver.deliver(firm.firmId, first, 1, "attempt-again")).isEqualTo(DeliverClientRequest.Outcome.ALREADY_DONE);

        assertThat(counted(firm)).isEqualTo(2);
        assertThat(stack.emailsFor(first)).isEqualTo(1);
    }

    @Test
    void aReminderDueWhileTheCapIsReached_isNotTaken_andGoesOutTheNextDay() {
        Firm firm = multiFirm(3);
        String req = text(firm.ok("POST", "/client-requests", Map.of("accountId", firm.accountId, "title", "Reminded",
                "message", "Please.", "items", List.of(Map.of("kind", "QUESTION", "label", "Anything?", "required", true)),
                "jobIds", List.of(), "reminders", Map.of("everyDays", 1, "times", 2))), "requestId");
        stack.settle();
        String reminderAt = text(request(firm, req), "reminders.nextAt");

        // the next day, another request takes 2 of the 3 before the reminder comes due: 2 + 2 would pass the cap
        clock.advance(Duration.ofHours(23));
        createRequest(firm, "Busy day");
        stack.settle();
        clock.advance(Duration.ofHours(2));
        assertThat(clock.instant()).isAfter(Instant.parse(reminderAt));
        Ticks.tick(stack.runtime);
        stack.settle();

        JsonNode putOff = request(firm, req);
        assertThat(reminders(req)).isZero();
        assertThat(Stack.at(putOff, "reminders.sent").asNumber()).isEqualTo("0");
        assertThat(text(putOff, "reminders.nextAt")).as("due again when the next UTC day starts")
                .isEqualTo("2026-03-04T00:00:00Z");
        assertThat(text(putOff, "delivery")).isEqualTo("SENT");

        Ticks.tick(stack.runtime); // a later sweep the same day: still waiting, nothing lost or doubled
        stack.settle();
        assertThat(reminders(req)).isZero();

        clock.advance(Duration.ofDays(1));
        Ticks.tick(stack.runtime);
        stack.settle();
        assertThat(reminders(req)).as("each contact got the reminder once").isEqualTo(2);
        JsonNode reminded = request(firm, req);
        assertThat(Stack.at(reminded, "reminders.sent").asNumber()).isEqualTo("1");
        assertThat(text(reminded, "reminders.nextAt")).as("the next slot keeps its own time")
                .isEqualTo(Instant.parse("2026-03-02T09:00:00Z").plus(Duration.ofDays(2)).toString());
    }

    @Test
    void singleFirm_hasNoCap_andCountsNothing() {
        stack = new Stack(Options.defaults(Stack.TEMPLATE).clock(clock)
                .parameters(Map.of("FirmCreation", "SingleFirm", "DailyEmailCapPerFirm", "1")));
        Firm firm = new Firm(stack);
        String first = text(createRequest(firm, "First").json(), "requestId");
        String second = text(createRequest(firm, "Second").json(), "requestId");
        stack.settle();

        assertThat(stack.emailsFor(first)).isEqualTo(1);
        assertThat(stack.emailsFor(second)).isEqualTo(1);
        assertThat(counted(firm)).isZero();
        assertThat(stack.scan()).noneMatch(item -> item.contains("EMAILS#"));
    }

    private long reminders(String requestId) {
        return stack.runtime.outbox().messages().stream()
                .filter(m -> m.email().requestId().equals(requestId) && m.email().kind() == EmailKind.REMINDER).count();
    }
}
