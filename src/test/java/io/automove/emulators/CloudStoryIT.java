package io.automove.emulators;

import io.automove.handlers.PortalSignature;
import io.automove.usecases.ports.EventPublisher;
import io.automove.support.Json;
import io.automove.testing.Stack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.ses.model.MessageRejectedException;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.automove.testing.Stack.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The core story with nothing in-process: every function runs in the Lambda Java runtime from its own
 * deployment package, with real SDK clients reaching DynamoDB Local and moto over HTTP by endpoint override.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CloudStoryIT {
    private Emulators emulators;
    private CloudRig rig;

    @BeforeAll
    void deploy() throws Exception {
        emulators = EmulatorsFactory.start();
        rig = new CloudRig(emulators, Stack.TEMPLATE);
    }

    @AfterAll
    void tearDown() {
        if (rig != null) rig.close();
        if (emulators != null) emulators.close();
    }

    private JsonNode ok(String user, String firm, String method, String path, Object body) {
        var r = rig.http(user, firm, method, path, body);
        assertThat(r.status()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
        return r.body() == null ? null : r.json();
    }

    @Test
    void theStory_runsOnTheEmulators_theEmailGoesThroughSes_andEveryEventReachesExactlyTheQueuesOfItsRules()
            throws Exception {
        String owner = "user-anna";
        String firm = text(ok(owner, null, "POST", "/firms", Map.of("name", "Bianchi Tax Advisors")), "firmId");
        String account = text(ok(owner, firm, "POST", "/accounts", Map.of("name", "Rossi & Co", "contacts",
                List.of(Map.of("name", "Maria Rossi", "email", "maria@rossi.example")))), "accountId");
        String template = text(ok(owner, firm, "POST", "/request-templates", Map.of("name", "Missing documents",
                "subject", "Documents for your tax return", "message", "Please send them.",
                "items", List.of(Map.of("kind", "FILE_UPLOAD", "label", "Bank statements")))), "templateId");
        JsonNode pipeline = ok(owner, firm, "POST", "/pipelines", Map.of("name", "Tax return", "stages", List.of(
                Map.of("name", "Intake"), Map.of("name", "Missing info", "automove", true, "automations",
                        List.of(Map.of("type", "SEND_CLIENT_REQUEST", "templateId", template))),
                Map.of("name", "Review"), Map.of("name", "Done"))));
        String job = text(ok(owner, firm, "POST", "/jobs", Map.of("accountId", account,
                "pipelineId", text(pipeline, "pipelineId"), "title", "Tax return 2025")), "jobId");
        double emailsBefore = rig.emailsSent();

        // the job enters Missing info
        ok(owner, firm, "POST", "/jobs/" + job + "/move", Map.of("toStageId", text(pipeline, "stages[1].stageId")));
        rig.settle();
        JsonNode card = ok(owner, firm, "GET", "/jobs/" + job, null);
        String request = text(card, "linked.clientRequests[0].requestId");
        assertThat(text(card, "linked.clientRequests[0].delivery")).isEqualTo("SENT");
        assertThat(rig.emailsSent() - emailsBefore).as("emails SES accepted").isEqualTo(1);

        // a redelivered ClientRequestCreated sends nothing more
        JsonNode created = rig.arrivals.stream().filter(a -> text(a.envelope(), "detail-type").equals("ClientRequestCreated"))
                .findFirst().orElseThrow().envelope();
        rig.container("RequestDeliveryFunction").invoke(created.toString());
        assertThat(rig.emailsSent() - emailsBefore).isEqualTo(1);

        // the client submits through the signed webhook; the job moves to Review by itself
        String body = Stack.submission("portal-evt-1", firm, request, Instant.now());
        var accepted = rig.webhook(body, PortalSignature.header(CloudRig.SECRET, Instant.now().getEpochSecond(), body));
        assertThat(accepted.status()).isEqualTo(200);
        rig.settle();
        card = ok(owner, firm, "GET", "/jobs/" + job, null);
        assertThat(text(card, "stageId")).isEqualTo(text(pipeline, "stages[2].stageId"));
        assertThat(text(card, "linked.clientRequests[0].status")).isEqualTo("SUBMITTED");
        // the board (moto's DynamoDB: its stage index and counters) shows the job in Review, one page per stage
        JsonNode board = ok(owner, firm, "GET", "/pipelines/" + text(pipeline, "pipelineId") + "/jobs?limit=10", null);
        assertThat(text(board, "stages[2].jobs[0].jobId")).isEqualTo(job);
        assertThat(Stack.at(board, "stages[2].counts.jobs").asNumber()).isEqualTo("1");
        assertThat(Stack.at(board, "stages[1].counts.jobs").asNumber()).isEqualTo("0");
        assertThat(Stack.at(board, "stages[2].nextCursor").isNull()).isTrue();
        JsonNode requests = ok(owner, firm, "GET", "/client-requests?accountId=" + text(card, "accountId"), null);
        assertThat(text(requests, "clientRequests[0].requestId")).isEqualTo(request);
        assertThat(Stack.at(requests, "nextCursor").isNull()).isTrue();

        // every event the relay published reached exactly the queues whose rules match it, and no other
        assertThat(rig.relayed).extracting(EventPublisher.Event::detailType)
                .contains("JobStageChanged", "ClientRequestCreated", "ClientRequestSent", "ClientRequestSubmitted");
        List<String> unexpected = new ArrayList<>();
        int deliveries = 0;
        for (EventPublisher.Event e : rig.relayed) {
            String envelope = Json.write(Map.of("version", "0", "id", "x", "detail-type", e.detailType(),
                    "source", "io.automove", "account", "000000000000", "time", Instant.now().toString(),
                    "region", Emulators.REGION, "resources", List.of(), "detail", Json.parse(e.detailJson())));
            Set<String> expected = Set.copyOf(rig.rulesMatching(envelope));
            deliveries += expected.size();
            Set<String> actual = rig.arrivals.stream()
                    .filter(a -> text(a.envelope(), "detail-type").equals(e.detailType())
                            && Stack.at(a.envelope(), "detail").equals(Json.parse(e.detailJson())))
                    .map(CloudRig.Arrival::rule).collect(Collectors.toSet());
            if (!actual.equals(expected)) unexpected.add(e.detailType() + " expected " + expected + " got " + actual);
        }
        assertThat(unexpected).isEmpty();
        // each event once per rule that matches it (the activity trail's matches every event), and nothing more
        assertThat(rig.arrivals).hasSize(deliveries);
        assertThat(rig.arrivals).filteredOn(a -> a.rule().startsWith("ActivityTrailFunction"))
                .hasSize(rig.relayed.size());
    }

    @Test
    void aReminderThatCameDue_isTakenByTheScheduledSweep_andEmailedThroughSes() throws Exception {
        String owner = "user-anna";
        String firm = text(ok(owner, null, "POST", "/firms", Map.of("name", "Reminding firm")), "firmId");
        String account = text(ok(owner, firm, "POST", "/accounts", Map.of("name", "Rossi & Co", "contacts",
                List.of(Map.of("name", "Maria Rossi", "email", "maria@rossi.example")))), "accountId");
        String request = text(ok(owner, firm, "POST", "/client-requests", Map.of("accountId", account, "title", "Payslips",
                "message", "Please send your payslips.", "items", List.of(Map.of("kind", "FILE_UPLOAD", "label", "Payslips")),
                "reminders", Map.of("everyDays", 2, "times", 1))), "requestId");
        rig.settle();
        double emailsBefore = rig.emailsSent();

        // GIVEN its first email went out three days ago, as far as the table knows
        var store = new io.automove.adapters.dynamodb.DynamoWorkflowStore(rig.dynamo, CloudRig.TABLE);
        var r = store.clientRequest(firm, request, io.automove.usecases.ports.Read.CONSISTENT).orElseThrow();
        Instant sent = Instant.now().minus(java.time.Duration.ofDays(3));
        var earlier = new io.automove.model.ClientRequest(r.firmId(), r.requestId(), r.accountId(), r.templateId(),
                r.title(), r.subject(), r.message(), r.items(), r.status(), r.jobIds(), r.delivery(), r.createdBy(),
                r.createdAt(), r.submittedAt(), r.portalEventId(), r.answers(),
                io.automove.model.Reminders.of(new io.automove.model.ReminderSettings(2, 1)).startingAt(sent), r.dueAt(),
                r.overdue(), r.previousSubmissions(), r.reopenMessage(), r.rev());
        store.commit(io.automove.usecases.ports.Changes.of().updateRequest(r, earlier));

        // WHEN the schedule ticks: the sweep function, in the Lambda runtime, queries the due-work index
        rig.invoke("ReminderSweepFunction", "{\"version\":\"0\",\"id\":\"tick-1\",\"detail-type\":\"Scheduled Event\","
                + "\"source\":\"aws.events\",\"account\":\"000000000000\",\"time\":\"" + Instant.now() + "\","
                + "\"region\":\"" + Emulators.REGION + "\",\"resources\":[],\"detail\":{}}");
        rig.settle();

        // THEN SES took one reminder, and the request records it
        assertThat(rig.emailsSent() - emailsBefore).as("reminder emails SES accepted").isEqualTo(1);
        JsonNode after = ok(owner, firm, "GET", "/client-requests/" + request, null);
        assertThat(text(after, "lastEmail.kind")).isEqualTo("REMINDER");
        assertThat(text(after, "delivery")).isEqualTo("SENT");
        assertThat(Stack.at(after, "reminders.sent").asNumber()).isEqualTo("1");
        assertThat(rig.arrivals).anySatisfy(a -> assertThat(text(a.envelope(), "detail-type")).isEqualTo("ClientRequestReminded"));

        // and a second tick finds nothing due
        rig.invoke("ReminderSweepFunction", "{\"detail-type\":\"Scheduled Event\",\"detail\":{}}");
        rig.settle();
        assertThat(rig.emailsSent() - emailsBefore).isEqualTo(1);
    }

    @Test
    void sesRefusingTheEmail_leavesNoAddressOrNameInAnyLogLine_norInTheErrorTheRuntimeReports() throws Exception {
        // GIVEN the sender's identity no longer verified: SES (moto) refuses, and its message quotes an address
        java.nio.file.Path log = java.nio.file.Path.of("target", "emulators", "RequestDeliveryFunction.log");
        long logged = java.nio.file.Files.exists(log) ? java.nio.file.Files.size(log) : 0;
        rig.ses.deleteIdentity(b -> b.identity(CloudRig.SENDER));
        String error;
        try {
            String owner = "user-anna";
            String firm = text(ok(owner, null, "POST", "/firms", Map.of("name", "Sandboxed firm")), "firmId");
            String account = text(ok(owner, firm, "POST", "/accounts", Map.of("name", "Rossi & Co", "contacts",
                    List.of(Map.of("name", "Maria Rossi", "email", "maria@rossi.example")))), "accountId");
            ok(owner, firm, "POST", "/client-requests", Map.of("accountId", account, "title", "Payslips", "message", "Please.",
                    "items", List.of(Map.of("kind", "FILE_UPLOAD", "label", "Payslips"))));
            // WHEN the delivery runs in the Lambda runtime and SES says no
            error = assertThatThrownBy(rig::settle).isInstanceOf(LambdaContainer.FunctionError.class).actual().getMessage();
        } finally {
            rig.ses.verifyEmailIdentity(b -> b.emailAddress(CloudRig.SENDER));
            rig.purgeQueues();
        }

        // THEN the error the runtime reports names the failure, and neither it nor any log line names anyone
        assertThat(error).contains("HandlingFailedException").contains("MessageRejected")
                .doesNotContain("@").doesNotContain("Maria");
        String lines;
        try (var in = java.nio.file.Files.newInputStream(log)) {
            in.skipNBytes(logged);
            lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertThat(lines).as("what the function and its runtime printed").contains("MessageRejected")
                .doesNotContain("@").doesNotContain("Maria").doesNotContain("rossi.example");
    }

    @Test
    void sesRefusesAnUnverifiedSender_asARealAccountWould() {
        assertThatThrownBy(() -> rig.ses.sendEmail(b -> b.source("someone@unverified.example")
                .destination(d -> d.toAddresses("maria@rossi.example"))
                .message(m -> m.subject(c -> c.data("x")).body(x -> x.text(c -> c.data("y"))))))
                .isInstanceOf(MessageRejectedException.class);
    }
}
