package io.automove.handlers;

import io.automove.localstack.StreamReader;
import io.automove.localstack.StreamRecords;
import io.automove.localstack.Template;
import io.automove.emulators.SamLocalEmulators;
import io.automove.support.Json;
import io.automove.testing.Stack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.event.ruler.GenericMachine;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.automove.testing.Stack.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The core story through `sam local start-api`: every HTTP call of the firm app and the portal goes to SAM's
 * local HTTP API, which runs the route's function in its container; nothing is invoked in this JVM.
 *
 * <p>SAM does not run JWT authorizers, so the API is the overlay scripts/sam-local generates
 * (target/sam-local/api/template.yaml): the same template with the local identity authorizer, a Lambda authorizer
 * that believes X-User-Id and X-Firm-Id, in place of FirmJwt; the overlay refuses to deploy. What the cloud does
 * between the functions (the table's stream into the relay, the bus's rules into their functions) SAM does not
 * emulate either: this test reads DynamoDB Local's stream and the rules' SQS queues on moto, and hands each batch
 * or event to its function through `sam local start-lambda` (the same image, flags and env-vars file).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SamLocalTier.Resolver.class)
class SamLocalStoryIT {
    private SamLocalTier tier;
    private SamLocalEmulators emulators;
    private SamLocal.Server api;
    private URI apiUri;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private StreamReader stream;
    private final GenericMachine<String> streamFilter = new GenericMachine<>();
    private String relayFunction;
    private final List<String> invoked = new ArrayList<>();

    @BeforeAll
    void start(SamLocalTier tier) throws Exception {
        this.tier = tier;
        emulators = tier.emulators;
        emulators.freshTable(SamLocalTier.KEY);
        for (Template.Function f : emulators.template.functions()) {
            for (Template.StreamSource s : f.streams()) {
                relayFunction = f.logicalId();
                for (int i = 0; i < s.filterPatterns().size(); i++) streamFilter.addRule("filter" + i, s.filterPatterns().get(i));
            }
        }
        String streamArn = emulators.dynamo(SamLocalTier.KEY).describeTable(b -> b.tableName(emulators.env.table()))
                .table().latestStreamArn();
        stream = new StreamReader(emulators.streams(SamLocalTier.KEY), streamArn);

        Path overlay = Path.of(System.getProperty("sam.api.template", "target/sam-local/api/template.yaml"));
        assertThat(overlay).as("the start-api overlay: scripts/sam-local overlay writes it").isRegularFile();
        api = tier.sam.new Server("start-api", overlay, "EAGER", SamLocalTier.KEY);
        apiUri = api.uri;
    }

    @AfterAll
    void stop() {
        if (api != null) api.close();
        System.out.println("through sam local start-lambda: " + invoked);
    }

    record Answer(int status, String body) {
        JsonNode json() { return Json.parse(body); }
    }

    private Answer call(String user, String firm, String method, String path, Object body) throws Exception {
        var b = java.net.http.HttpRequest.newBuilder(apiUri.resolve(path)).timeout(Duration.ofMinutes(2))
                .header("content-type", "application/json");
        if (user != null) b.header("X-User-Id", user);
        if (firm != null) b.header("X-Firm-Id", firm);
        b.method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(Json.write(body)));
        var response = http.send(b.build(), BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    private JsonNode ok(String user, String firm, String method, String path, Object body) throws Exception {
        Answer a = call(user, firm, method, path, body);
        assertThat(a.status()).as(method + " " + path + ": " + a.body()).isBetween(200, 299);
        return a.body() == null || a.body().isEmpty() ? null : a.json();
    }

    @Test
    void theStory_throughSamLocalStartApi_movesTheJobWhenTheClientSubmits() throws Exception {
        String owner = "user-anna";
        double emailsBefore = emulators.ses().getSendQuota().sentLast24Hours();

        // the local identity authorizer refuses a call without an identity, as API Gateway refuses one without a token
        Answer anonymous = call(null, null, "POST", "/firms", Map.of("name", "Nobody"));
        assertThat(anonymous.status()).as(anonymous.body()).isEqualTo(401);

        // a firm sets itself up
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
        String pipelineId = text(pipeline, "pipelineId");
        String job = text(ok(owner, firm, "POST", "/jobs", Map.of("accountId", account, "pipelineId", pipelineId,
                "title", "Tax return 2025")), "jobId");
        settle();

        // the job enters Missing info: the stage's automation makes the request, links it and emails it
        ok(owner, firm, "POST", "/jobs/" + job + "/move", Map.of("toStageId", text(pipeline, "stages[1].stageId")));
        settle();
        JsonNode card = ok(owner, firm, "GET", "/jobs/" + job, null);
        String request = text(card, "linked.clientRequests[0].requestId");
        assertThat(text(card, "stageName")).isEqualTo("Missing info");
        assertThat(text(card, "linked.clientRequests[0].delivery")).isEqualTo("SENT");
        assertThat(emulators.ses().getSendQuota().sentLast24Hours() - emailsBefore).as("emails SES accepted").isEqualTo(1);

        // the board shows it waiting on the client
        JsonNode board = ok(owner, firm, "GET", "/pipelines/" + pipelineId + "/jobs", null);
        assertThat(text(board, "stages[1].jobs[0].jobId")).isEqualTo(job);
        assertThat(Stack.at(board, "stages[1].jobs[0].unfinishedCount").asNumber()).isEqualTo("1");

        // a wrong signature is refused; the client's signed submission is accepted
        String body = Stack.submission("portal-evt-1", firm, request, Instant.now());
        String secret = emulators.env.get("PORTAL_WEBHOOK_SECRET");
        Answer forged = webhook(body, PortalSignature.header("not-the-secret", Instant.now().getEpochSecond(), body));
        assertThat(forged.status()).as(forged.body()).isEqualTo(401);
        Answer accepted = webhook(body, PortalSignature.header(secret, Instant.now().getEpochSecond(), body));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        assertThat(text(accepted.json(), "status")).isEqualTo("accepted");
        settle();

        // the job moved to Review by itself, the request is submitted
        card = ok(owner, firm, "GET", "/jobs/" + job, null);
        assertThat(text(card, "stageName")).isEqualTo("Review");
        assertThat(text(card, "linked.clientRequests[0].status")).isEqualTo("SUBMITTED");
        JsonNode submitted = ok(owner, firm, "GET", "/client-requests/" + request, null);
        assertThat(text(submitted, "status")).isEqualTo("SUBMITTED");

        // the job's trail tells it, in order, through start-api and the activity function's own container
        JsonNode trail = ok(owner, firm, "GET", "/jobs/" + job + "/activity", null);
        assertThat(Stack.at(trail, "activity").asArray()).extracting(e -> text(e, "kind") + " " + text(e, "actor.type"))
                .containsExactly("JobStageChanged MEMBER", "JobStageChanged MEMBER", "ClientRequestCreated AUTOMATION",
                        "ClientRequestSent SYSTEM", "ClientRequestSubmitted CLIENT", "JobStageChanged AUTOMATION");

        // and every function of the template took part
        assertThat(invoked).contains("OutboxRelayFunction", "StageEntryFunction", "RequestDeliveryFunction", "AutomoveFunction",
                "ActivityTrailFunction");
    }

    private Answer webhook(String body, String signature) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(apiUri.resolve("/webhooks/client-portal"))
                .timeout(Duration.ofMinutes(2)).header("content-type", "application/json")
                .header("X-Portal-Signature", signature).POST(BodyPublishers.ofString(body)).build();
        var response = http.send(request, BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    /**
     * What the cloud would do next, until nothing moves: new stream records (through the template's filter) to the
     * relay, and whatever the bus routed into a rule's queue to that rule's function, each through start-lambda.
     */
    private void settle() throws Exception {
        for (int quiet = 0, rounds = 0; quiet < 2; rounds++) {
            if (rounds > 100) throw new IllegalStateException("the story does not settle");
            int moved = relayStream() + deliverQueues();
            quiet = moved == 0 ? quiet + 1 : 0;
        }
    }

    private int relayStream() throws Exception {
        List<Record> records = stream.next();
        List<Map<String, Object>> batch = new ArrayList<>();
        for (Record r : records) {
            Map<String, Object> lambdaRecord = StreamRecords.lambdaRecord(r, stream.streamArn());
            if (!streamFilter.rulesForJSONEvent(Json.write(lambdaRecord)).isEmpty()) batch.add(lambdaRecord);
        }
        if (batch.isEmpty()) return records.size();
        JsonNode out = Json.parse(invoke(relayFunction, StreamRecords.event(batch)));
        assertThat(out.field("batchItemFailures").orElseThrow().asArray()).as("relay: %s", out).isEmpty();
        return records.size();
    }

    private int deliverQueues() throws Exception {
        int delivered = 0;
        var sqs = emulators.sqs();
        for (SamLocalEmulators.RuleQueue q : emulators.rules().values()) {
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(q.queueUrl()).maxNumberOfMessages(10)
                    .waitTimeSeconds(0)).messages();
            for (Message m : messages) {
                invoke(q.functionId(), m.body());
                sqs.deleteMessage(b -> b.queueUrl(q.queueUrl()).receiptHandle(m.receiptHandle()));
                delivered++;
            }
        }
        return delivered;
    }

    /** Through the tier's `sam local start-lambda`; a function error fails the story. */
    private String invoke(String functionId, String event) throws Exception {
        String answer = SamLocal.invoke(tier.lambda, functionId, event);
        invoked.add(functionId);
        return answer;
    }
}
