package io.automove.localstack;

import io.automove.handlers.PortalSignature;
import io.automove.handlers.PortalWebhookHandler;
import io.automove.support.Json;
import io.automove.testing.Stack;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.automove.testing.Stack.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reminders seen only through the local stack's HTTP API, as a developer would: the local clock is moved with
 * {@code POST /_local/clock}, and the outbox shows what went out, by kind. Every 2 days, 2 times.
 */
class RemindersOverHttpTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private URI base;

    private JsonNode call(String method, String path, String firm, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).header("content-type", "application/json")
                .header("x-user-id", "user-anna");
        if (firm != null) b.header("x-firm-id", firm);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : Json.write(body)));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + " -> " + r.body()).isBetween(200, 299);
        return r.body().isEmpty() ? null : Json.parse(r.body());
    }

    private long reminders(String requestId) throws Exception {
        return call("GET", "/_local/outbox", null, null).asArray().stream()
                .filter(m -> text(m, "requestId").equals(requestId) && text(m, "kind").equals("REMINDER")).count();
    }

    private void advance(String duration) throws Exception {
        call("POST", "/_local/clock", null, Map.of("advance", duration));
    }

    @Test
    void every2Days2Times_thenNothing_andNothingAfterTheClientSubmits() throws Exception {
        try (LocalLauncher launcher = LocalLauncher.start("127.0.0.1", 0, null, Stack.TEMPLATE, Stack.SECRET)) {
            base = launcher.url();
            String firm = text(call("POST", "/firms", null, Map.of("name", "Bianchi Tax Advisors")), "firmId");
            String account = text(call("POST", "/accounts", firm, Map.of("name", "Rossi & Co", "contacts",
                    List.of(Map.of("name", "Maria Rossi", "email", "maria@rossi.example")))), "accountId");
            String template = text(call("POST", "/request-templates", firm, Map.of("name", "Missing documents",
                    "subject", "Documents", "message", "Please send them.",
                    "items", List.of(Map.of("kind", "FILE_UPLOAD", "label", "Bank statements")))), "templateId");
            JsonNode pipeline = call("POST", "/pipelines", firm, Map.of("name", "Tax return", "stages", List.of(
                    Map.of("name", "Intake"),
                    Map.of("name", "Missing info", "automove", true, "automations", List.of(Map.of("type",
                            "SEND_CLIENT_REQUEST", "templateId", template, "reminders", Map.of("everyDays", 2, "times", 2)))),
                    Map.of("name", "Review"))));
            String job = text(call("POST", "/jobs", firm, Map.of("accountId", account, "pipelineId",
                    text(pipeline, "pipelineId"), "title", "Tax return 2025")), "jobId");
            Instant before = Instant.parse(text(call("GET", "/_local/clock", null, null), "now"));

            // the job enters the stage: the request is made and emailed
            call("POST", "/jobs/" + job + "/move", firm, Map.of("toStageId", text(pipeline, "stages[1].stageId")));
            launcher.stack().awaitIdle(java.time.Duration.ofSeconds(20));
            String request = text(call("GET", "/jobs/" + job, firm, null), "linked.clientRequests[0].requestId");

            advance("P1D");
            assertThat(reminders(request)).as("after one day").isZero();
            advance("P1D");
            assertThat(reminders(request)).as("after two days").isEqualTo(1);
            advance("P2D");
            assertThat(reminders(request)).as("after four days").isEqualTo(2);
            advance("P2D");
            assertThat(reminders(request)).as("after six days: two in all").isEqualTo(2);
            assertThat(Instant.parse(text(call("GET", "/_local/clock", null, null), "now")))
                    .isAfterOrEqualTo(before.plus(java.time.Duration.ofDays(6)));

            // the client submits, through the signed webhook at the local clock's time: nothing more, ever
            Instant now = Instant.parse(text(call("GET", "/_local/clock", null, null), "now"));
            String body = Json.write(Map.of("eventId", UUID.randomUUID().toString(), "type", PortalWebhookHandler.EVENT_TYPE,
                    "firmId", firm, "requestId", request, "submittedAt", now.toString(),
                    "answers", List.of(Map.of("label", "Bank statements", "value", "statements.pdf"))));
            HttpResponse<String> submitted = http.send(HttpRequest.newBuilder(base.resolve("/webhooks/client-portal"))
                    .header("content-type", "application/json")
                    .header("x-portal-signature", PortalSignature.header(Stack.SECRET, now.getEpochSecond(), body))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(200);
            advance("P30D");
            assertThat(reminders(request)).isEqualTo(2);
            JsonNode outbox = call("GET", "/_local/outbox", null, null);
            assertThat(outbox.asArray()).extracting(m -> text(m, "kind")).containsOnly("REQUEST", "REMINDER");
        }
    }
}
