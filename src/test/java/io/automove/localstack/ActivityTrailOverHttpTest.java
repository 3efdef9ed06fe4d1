package io.automove.localstack;

import io.automove.handlers.PortalSignature;
import io.automove.support.Json;
import io.automove.testing.Stack;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.automove.testing.Stack.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15's story, only through the local stack's HTTP API: an employee assigned to the account links a request
 * to the job; an admin removes the employee, whose next call is refused; the job's trail then tells the whole
 * story in order, each entry with who or what did it, and the refused call left nothing.
 */
class ActivityTrailOverHttpTest {
    private static final String OWNER = "user-anna";
    private static final String ADMIN = "user-carla";
    private static final String EMPLOYEE = "user-bruno";

    private final HttpClient http = HttpClient.newHttpClient();
    private URI base;
    private LocalLauncher launcher;

    private HttpResponse<String> send(String user, String method, String path, String firm, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).header("content-type", "application/json")
                .header("x-user-id", user);
        if (firm != null) b.header("x-firm-id", firm);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(Json.write(body)));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode call(String user, String method, String path, String firm, Object body) throws Exception {
        HttpResponse<String> r = send(user, method, path, firm, body);
        assertThat(r.statusCode()).as(method + " " + path + " -> " + r.body()).isBetween(200, 299);
        launcher.stack().awaitIdle(Duration.ofSeconds(20));
        return r.body().isEmpty() ? null : Json.parse(r.body());
    }

    private void submit(String firm, String requestId) throws Exception {
        Instant now = Instant.now();
        String body = Stack.submission(UUID.randomUUID().toString(), firm, requestId, now);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/webhooks/client-portal"))
                .header("content-type", "application/json")
                .header("x-portal-signature", PortalSignature.header(Stack.SECRET, now.getEpochSecond(), body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        launcher.stack().awaitIdle(Duration.ofSeconds(20));
    }

    /** Every entry of a trail, page by page (3 at a time, so the cursor is used). */
    private List<JsonNode> trail(String user, String path, String firm) throws Exception {
        List<JsonNode> entries = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = call(user, "GET", path + "?limit=3" + (cursor == null ? "" : "&cursor=" + cursor), firm, null);
            entries.addAll(page.field("activity").orElseThrow().asArray());
            JsonNode next = page.field("nextCursor").orElseThrow();
            cursor = next.isNull() ? null : next.asString();
        } while (cursor != null);
        return entries;
    }

    private static String said(JsonNode e) {
        String actor = text(e, "actor.type") + (e.field("actor").orElseThrow().field("id").orElseThrow().isNull() ? ""
                : " " + text(e, "actor.id"));
        String cause = text(e, "kind").equals("JobStageChanged") ? " " + text(e, "details.cause")
                : text(e, "kind").equals("ClientRequestLinked") ? " " + text(e, "details.via") : "";
        return text(e, "kind") + cause + " by " + actor;
    }

    @Test
    void theJobsTrail_tellsTheStoryInOrder_withWhoOrWhatDidEachStep_andARefusedCallLeavesNothing() throws Exception {
        try (LocalLauncher started = LocalLauncher.start("127.0.0.1", 0, null, Stack.TEMPLATE, Stack.SECRET)) {
            launcher = started;
            base = started.url();
            String firm = text(call(OWNER, "POST", "/firms", null, Map.of("name", "Bianchi Tax Advisors")), "firmId");
            call(OWNER, "POST", "/members", firm, Map.of("userId", ADMIN, "role", "ADMIN"));
            call(OWNER, "POST", "/members", firm, Map.of("userId", EMPLOYEE, "role", "EMPLOYEE"));
            String account = text(call(OWNER, "POST", "/accounts", firm, Map.of("name", "Rossi & Co",
                    "contacts", List.of(Map.of("name", "Maria Rossi", "email", "maria@rossi.example")),
                    "teamMemberIds", List.of(EMPLOYEE))), "accountId");
            String template = text(call(OWNER, "POST", "/request-templates", firm, Map.of("name", "Missing documents",
                    "subject", "Documents", "message", "Please send them.",
                    "items", List.of(Map.of("kind", "FILE_UPLOAD", "label", "Bank statements")))), "templateId");
            JsonNode pipeline = call(OWNER, "POST", "/pipelines", firm, Map.of("name", "Tax return", "stages", List.of(
                    Map.of("name", "Intake"),
                    Map.of("name", "Missing info", "automove", true, "automations",
                            List.of(Map.of("type", "SEND_CLIENT_REQUEST", "templateId", template))),
                    Map.of("name", "Review"))));
            String intake = text(pipeline, "stages[0].stageId");
            String missingInfo = text(pipeline, "stages[1].stageId");
            String review = text(pipeline, "stages[2].stageId");

            String job = text(call(OWNER, "POST", "/jobs", firm, Map.of("accountId", account,
                    "pipelineId", text(pipeline, "pipelineId"), "title", "Tax return 2025")), "jobId");
            call(OWNER, "POST", "/jobs/" + job + "/move", firm, Map.of("toStageId", missingInfo));
            String asked = text(call(OWNER, "GET", "/jobs/" + job, firm, null), "linked.clientRequests[0].requestId");

            // the employee makes a request for the account, the client answers it, and the employee links it to the job
            String extra = text(call(EMPLOYEE, "POST", "/client-requests", firm, Map.of("accountId", account,
                    "title", "Signed engagement letter", "message", "Please sign it.",
                    "items", List.of(Map.of("kind", "FILE_UPLOAD", "label", "Letter")))), "requestId");
            submit(firm, extra);
            call(EMPLOYEE, "POST", "/jobs/" + job + "/client-requests", firm, Map.of("requestId", extra));
            assertThat(send(EMPLOYEE, "GET", "/activity", firm, null).statusCode())
                    .as("the firm's trail is for owner and admins").isEqualTo(403);

            // the admin removes the employee: the next call is refused, and leaves no entry
            call(ADMIN, "DELETE", "/members/" + EMPLOYEE, firm, null);
            int entriesBefore = trail(OWNER, "/activity", firm).size();
            HttpResponse<String> refused = send(EMPLOYEE, "DELETE", "/jobs/" + job + "/client-requests/" + extra, firm, null);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
            assertThat(text(Json.parse(refused.body()), "error.code")).isEqualTo("NOT_A_MEMBER");
            assertThat(send(EMPLOYEE, "GET", "/jobs/" + job, firm, null).statusCode()).isEqualTo(403);
            launcher.stack().awaitIdle(Duration.ofSeconds(20));
            assertThat(trail(OWNER, "/activity", firm)).as("a refused call leaves no entry").hasSize(entriesBefore);

            // the client submits what the stage asked for: the job moves on by itself
            submit(firm, asked);
            assertThat(text(call(OWNER, "GET", "/jobs/" + job, firm, null), "stageId")).isEqualTo(review);

            List<JsonNode> jobTrail = trail(OWNER, "/jobs/" + job + "/activity", firm);
            assertThat(jobTrail).extracting(ActivityTrailOverHttpTest::said).containsExactly(
                    "JobStageChanged CREATED by MEMBER " + OWNER,
                    "JobStageChanged MANUAL by MEMBER " + OWNER,
                    "ClientRequestCreated by AUTOMATION " + missingInfo,
                    "ClientRequestSent by SYSTEM",
                    "ClientRequestLinked JOB_CARD by MEMBER " + EMPLOYEE,
                    "ClientRequestSubmitted by CLIENT",
                    "JobStageChanged AUTOMOVE by AUTOMATION " + missingInfo);
            assertThat(text(jobTrail.get(0), "details.toStageId")).isEqualTo(intake);
            assertThat(text(jobTrail.get(1), "details.toStageId")).isEqualTo(missingInfo);
            assertThat(text(jobTrail.get(2), "requestId")).isEqualTo(asked);
            assertThat(text(jobTrail.get(4), "requestId")).isEqualTo(extra);
            assertThat(text(jobTrail.get(5), "requestId")).isEqualTo(asked);
            assertThat(text(jobTrail.get(6), "details.toStageId")).isEqualTo(review);
            assertThat(jobTrail).extracting(e -> Instant.parse(text(e, "at"))).isSorted();

            // the employee's request has its own trail; what they did stays under their id after they left
            assertThat(trail(ADMIN, "/client-requests/" + extra + "/activity", firm))
                    .extracting(ActivityTrailOverHttpTest::said).containsExactly(
                            "ClientRequestCreated by MEMBER " + EMPLOYEE,
                            "ClientRequestSent by SYSTEM",
                            "ClientRequestSubmitted by CLIENT",
                            "ClientRequestLinked JOB_CARD by MEMBER " + EMPLOYEE);

            // the firm's trail, newest first: the automove last of all, the members' changes in it too
            List<JsonNode> firmTrail = trail(ADMIN, "/activity", firm);
            assertThat(said(firmTrail.get(0))).isEqualTo("JobStageChanged AUTOMOVE by AUTOMATION " + missingInfo);
            assertThat(firmTrail).extracting(e -> Instant.parse(text(e, "at"))).isSortedAccordingTo(
                    java.util.Comparator.reverseOrder());
            assertThat(firmTrail).extracting(ActivityTrailOverHttpTest::said)
                    .contains("MemberRemoved by MEMBER " + ADMIN, "MemberAdded by MEMBER " + OWNER);
            // ids and kinds only: no contact's name or address, no answer
            String all = Json.write(firmTrail.stream().map(JsonNode::toString).toList());
            assertThat(all).doesNotContain("maria", "Maria", "Rossi", "statements-2025.pdf", "Bianchi");
        }
    }
}
