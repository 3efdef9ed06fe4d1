package io.automove.localstack;

import io.automove.handlers.PortalSignature;
import io.automove.handlers.PortalWebhookHandler;
import io.automove.support.Json;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The product story against a running local stack, only through HTTP, printing each step: a firm sets up a
 * "Tax return" pipeline, a job enters "Missing info", the client gets an email, a team member links one more
 * request by hand, the client submits both through the signed webhook, and the job moves to "Review" by itself.
 * A second job shows the prompt when moved by hand with an unfinished request, and the firm's decision.
 */
public final class Demo {

    /** What the story ended with, for the end-to-end test. */
    public record Result(String firmId, String jobId, String finalStageName, String secondJobStageName,
                         String cancelledRequestStatus, int emails) {}

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final PrintStream out;
    private final String secret;
    private final long started = System.nanoTime();
    private String firmId;

    private Demo(URI base, PrintStream out, String secret) {
        this.base = base;
        this.out = out;
        this.secret = secret;
    }

    /** No local stack answers at the URL: what to do about it fits on one line. */
    public static final class NoStackException extends RuntimeException {
        NoStackException(String message) { super(message); }
    }

    public static Result run(URI base, PrintStream out) throws IOException, InterruptedException {
        String env = System.getenv(LocalLauncher.SECRET_ENV);
        Demo demo = new Demo(base, out, env == null || env.isBlank() ? LocalStack.LOCAL_WEBHOOK_SECRET : env);
        demo.checkStack();
        return demo.story();
    }

    private void checkStack() throws InterruptedException {
        String start = "start one first, in another terminal: java -jar target/automove-local.jar";
        HttpResponse<String> health;
        try {
            // a stack still starting has bound its port but answers only once it is up: give it time
            health = http.send(HttpRequest.newBuilder(base.resolve("/_local/health")).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            String why = e instanceof java.net.ConnectException ? "connection refused"
                    : e instanceof java.net.http.HttpTimeoutException ? "no answer in 60 s" : "cannot connect";
            throw new NoStackException("no local stack answers at " + base + " (" + why + "); " + start);
        }
        if (health.statusCode() != 200) {
            throw new NoStackException("what answers at " + base + " is not the Automove local stack (/_local/health: "
                    + health.statusCode() + "); " + start + ", or pass --url");
        }
    }

    private Result story() throws IOException, InterruptedException {
        String owner = "user-anna";
        String employee = "user-marco";
        step("A firm owner creates the firm (and becomes its OWNER)");
        firmId = text(call(owner, null, "POST", "/firms", Map.of("name", "Bianchi Tax Advisors")), "firmId");
        step("Adds Marco as an EMPLOYEE");
        call(owner, firmId, "POST", "/members", Map.of("userId", employee, "role", "EMPLOYEE"));
        step("Creates the account Rossi & Co, with two contacts and Marco on its team");
        String accountId = text(call(owner, firmId, "POST", "/accounts", Map.of("name", "Rossi & Co",
                "contacts", List.of(Map.of("name", "Maria Rossi", "email", "maria@rossi.example"),
                        Map.of("name", "Luca Rossi", "email", "luca@rossi.example")),
                "teamMemberIds", List.of(employee))), "accountId");
        step("Creates the request template 'Missing documents'");
        String templateId = text(call(owner, firmId, "POST", "/request-templates", Map.of("name", "Missing documents",
                "subject", "Documents for your 2025 tax return", "message", "Dear client, please send us the documents below.",
                "items", List.of(Map.of("kind", "FILE_UPLOAD", "label", "Bank statements 2025", "required", true),
                        Map.of("kind", "QUESTION", "label", "Did you buy or sell property in 2025?", "required", true)))),
                "templateId");
        step("Creates the pipeline 'Tax return': Intake > Missing info (Send client request, Automove jobs) > Review > Done");
        JsonNode pipeline = call(owner, firmId, "POST", "/pipelines", Map.of("name", "Tax return", "stages", List.of(
                Map.of("name", "Intake"),
                Map.of("name", "Missing info", "automove", true,
                        "automations", List.of(Map.of("type", "SEND_CLIENT_REQUEST", "templateId", templateId))),
                Map.of("name", "Review"), Map.of("name", "Done"))));
        String pipelineId = text(pipeline, "pipelineId");
        String missingInfo = text(pipeline, "stages[1].stageId");
        String review = text(pipeline, "stages[2].stageId");

        step("Creates the job 'Tax return 2025 - Rossi & Co' (it enters Intake)");
        String jobId = text(call(owner, firmId, "POST", "/jobs", Map.of("accountId", accountId, "pipelineId", pipelineId,
                "title", "Tax return 2025 - Rossi & Co")), "jobId");
        step("Moves the job into Missing info");
        call(owner, firmId, "POST", "/jobs/" + jobId + "/move", Map.of("toStageId", missingInfo));
        // the request this job's stage made, from its job card: the outbox may hold other firms' emails
        String requestId = text(await("the request made for the job", () -> {
            JsonNode requests = at(call(owner, firmId, "GET", "/jobs/" + jobId, null), "linked.clientRequests");
            return requests.asArray().isEmpty() ? null : requests.asArray().get(0);
        }), "requestId");
        JsonNode email = await("the email in the outbox", () -> outbox().stream()
                .filter(m -> text(m, "requestId").equals(requestId)).findFirst().orElse(null));
        out.println("      to " + outbox().stream().filter(m -> text(m, "requestId").equals(requestId)).count()
                + " contacts, one email each, subject '"
                + text(email, "subject") + "'");
        out.println("      portal link: " + text(email, "portalLink"));

        step("Marco links one more request to the job by hand, from the job card");
        String extraId = text(call(employee, firmId, "POST", "/jobs/" + jobId + "/client-requests", Map.of(
                "title", "One more question", "message", "Did you have any foreign income?",
                "items", List.of(Map.of("kind", "QUESTION", "label", "Foreign income?", "required", true)))), "requestId");
        await("the second email", () -> outbox().stream().filter(m -> text(m, "requestId").equals(extraId)).findFirst()
                .orElse(null));
        out.println("      job card: " + at(call(owner, firmId, "GET", "/jobs/" + jobId, null), "linked.unfinishedCount").asNumber()
                + " unfinished requests");

        step("The client submits 'Missing documents' in the portal (signed webhook)");
        submit(requestId);
        Thread.sleep(300);
        out.println("      job still in " + text(call(owner, firmId, "GET", "/jobs/" + jobId, null), "stageName")
                + ": one request is still unfinished");
        step("The client submits the extra question");
        submit(extraId);
        JsonNode moved = await("the job to move to Review", () -> {
            JsonNode card = call(owner, firmId, "GET", "/jobs/" + jobId, null);
            return text(card, "stageId").equals(review) ? card : null;
        });
        out.println("      job is now in " + text(moved, "stageName") + ", moved by itself");

        step("A second job enters Missing info; the firm moves it to Review by hand before the client answers");
        String second = text(call(owner, firmId, "POST", "/jobs", Map.of("accountId", accountId, "pipelineId", pipelineId,
                "title", "Tax return 2025 - second")), "jobId");
        call(owner, firmId, "POST", "/jobs/" + second + "/move", Map.of("toStageId", missingInfo));
        await("its request", () -> {
            JsonNode card = call(owner, firmId, "GET", "/jobs/" + second, null);
            return card.field("linked").orElseThrow().field("clientRequests").orElseThrow().asArray().isEmpty() ? null : card;
        });
        HttpResponse<String> prompt = send(owner, firmId, "POST", "/jobs/" + second + "/move", Map.of("toStageId", review));
        out.println("      " + prompt.statusCode() + ": " + text(Json.parse(prompt.body()), "error.message"));
        step("The firm decides to CANCEL the unfinished request and moves the job");
        call(owner, firmId, "POST", "/jobs/" + second + "/move", Map.of("toStageId", review, "unfinishedRequests", "CANCEL"));
        JsonNode secondCard = call(owner, firmId, "GET", "/jobs/" + second, null);
        String cancelled = text(secondCard, "linked.clientRequests[0].status");
        out.println("      job in " + text(secondCard, "stageName") + ", its request is " + cancelled);

        step("A third job enters Missing info; three days later the client has not answered: a reminder goes out");
        String third = text(call(owner, firmId, "POST", "/jobs", Map.of("accountId", accountId, "pipelineId", pipelineId,
                "title", "Tax return 2025 - third")), "jobId");
        call(owner, firmId, "POST", "/jobs/" + third + "/move", Map.of("toStageId", missingInfo));
        String thirdRequest = text(await("its request", () -> {
            JsonNode requests = at(call(owner, firmId, "GET", "/jobs/" + third, null), "linked.clientRequests");
            return requests.asArray().isEmpty() ? null : requests.asArray().get(0);
        }), "requestId");
        await("its email", () -> outbox().stream().filter(m -> text(m, "requestId").equals(thirdRequest)).findFirst()
                .orElse(null));
        // the local clock moves three days on (the automation's default: a reminder every 3 days, once)
        HttpResponse<String> later = http.send(HttpRequest.newBuilder(base.resolve("/_local/clock"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"advance\":\"P3D\"}")).build(), HttpResponse.BodyHandlers.ofString());
        if (later.statusCode() != 200) throw new IllegalStateException("the local clock answered " + later.statusCode());
        JsonNode reminder = await("the reminder", () -> outbox().stream().filter(m -> text(m, "requestId").equals(thirdRequest)
                && text(m, "kind").equals("REMINDER")).findFirst().orElse(null));
        out.println("      local clock now " + text(Json.parse(later.body()), "now") + "; reminder: '" + text(reminder, "subject") + "'");

        List<String> story = List.of(requestId, extraId, text(secondCard, "linked.clientRequests[0].requestId"), thirdRequest);
        int emails = (int) outbox().stream().filter(m -> story.contains(text(m, "requestId"))).count();
        out.printf("Done in %d ms: %d emails of this story in %s/_local/outbox%n", (System.nanoTime() - started) / 1_000_000,
                emails, base);
        return new Result(firmId, jobId, text(moved, "stageName"), text(secondCard, "stageName"), cancelled, emails);
    }

    private void submit(String requestId) throws IOException, InterruptedException {
        // signed at the stack's own time: an earlier demo may have moved the local clock on
        Instant now = Instant.parse(text(Json.parse(http.send(HttpRequest.newBuilder(base.resolve("/_local/clock")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body()), "now"));
        String body = Json.write(Map.of("eventId", UUID.randomUUID().toString(), "type", PortalWebhookHandler.EVENT_TYPE,
                "firmId", firmId, "requestId", requestId, "submittedAt", now.toString(),
                "answers", List.of(Map.of("label", "Bank statements 2025", "value", "statements.pdf"))));
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/webhooks/client-portal"))
                .header("content-type", "application/json")
                .header("x-portal-signature", PortalSignature.header(secret, now.getEpochSecond(), body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) throw new IllegalStateException("webhook answered " + response.statusCode() + " " + response.body());
        out.println("      webhook: 200 " + response.body());
    }

    private List<JsonNode> outbox() {
        try {
            return Json.parse(http.send(HttpRequest.newBuilder(base.resolve("/_local/outbox")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).asArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode call(String user, String firm, String method, String path, Object body) {
        try {
            HttpResponse<String> response = send(user, firm, method, path, body);
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + " " + response.body());
            }
            return response.body().isEmpty() ? null : Json.parse(response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> send(String user, String firm, String method, String path, Object body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                .header("content-type", "application/json").header("x-user-id", user)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(Json.write(body)));
        if (firm != null) b.header("x-firm-id", firm);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private interface Probe { JsonNode get(); }

    private JsonNode await(String what, Probe probe) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode found = probe.get();
            if (found != null) return found;
            Thread.sleep(20);
        }
        throw new IllegalStateException("timed out waiting for " + what);
    }

    private void step(String what) {
        out.printf("[%5d ms] %s%n", (System.nanoTime() - started) / 1_000_000, what);
    }

    static JsonNode at(JsonNode node, String path) {
        JsonNode current = node;
        for (String part : path.split("\\.")) {
            String name = part;
            int index = -1;
            int b = part.indexOf('[');
            if (b >= 0) {
                name = part.substring(0, b);
                index = Integer.parseInt(part.substring(b + 1, part.indexOf(']')));
            }
            if (!name.isEmpty()) current = current.field(name).orElseThrow(() -> new IllegalStateException("no " + path));
            if (index >= 0) current = current.asArray().get(index);
        }
        return current;
    }

    static String text(JsonNode node, String path) { return at(node, path).asString(); }

}
