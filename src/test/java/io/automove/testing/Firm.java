package io.automove.testing;

import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.util.List;
import java.util.Map;

import static io.automove.testing.Stack.text;

/**
 * A firm set up like in the product story: owner, account "Rossi & Co", template "Missing documents", pipeline
 * "Tax return" (Intake, Missing info with Send client request and automove, Review, Done).
 */
public final class Firm {
    public static final String OWNER = "user-owner";

    public final Stack stack;
    public final String firmId;
    public final String accountId;
    public final String templateId;
    public final String pipelineId;
    public final String intake, missingInfo, review, done;

    public Firm(Stack stack) { this(stack, true); }

    public Firm(Stack stack, boolean missingInfoAutomove) {
        this.stack = stack;
        firmId = text(stack.ok(OWNER, null, "POST", "/firms", Map.of("name", "Bianchi Tax Advisors")), "firmId");
        accountId = text(ok("POST", "/accounts", Map.of("name", "Rossi & Co",
                "contacts", List.of(Map.of("name", "Maria Rossi", "email", "maria@rossi.example"),
                        Map.of("name", "Luca Rossi", "email", "luca@rossi.example")),
                "teamMemberIds", List.of())), "accountId");
        templateId = text(ok("POST", "/request-templates", Map.of("name", "Missing documents",
                "subject", "Documents for your tax return", "message", "Please send us the documents below.",
                "items", List.of(Map.of("kind", "FILE_UPLOAD", "label", "Bank statements", "required", true),
                        Map.of("kind", "QUESTION", "label", "Did you move house this year?", "required", false)))),
                "templateId");
        JsonNode pipeline = ok("POST", "/pipelines", Map.of("name", "Tax return", "stages", List.of(
                Map.of("name", "Intake"),
                Map.of("name", "Missing info", "automove", missingInfoAutomove,
                        "automations", List.of(Map.of("type", "SEND_CLIENT_REQUEST", "templateId", templateId))),
                Map.of("name", "Review"),
                Map.of("name", "Done"))));
        pipelineId = text(pipeline, "pipelineId");
        intake = text(pipeline, "stages[0].stageId");
        missingInfo = text(pipeline, "stages[1].stageId");
        review = text(pipeline, "stages[2].stageId");
        done = text(pipeline, "stages[3].stageId");
    }

    public JsonNode ok(String method, String path, Object body) { return stack.ok(OWNER, firmId, method, path, body); }

    /** One stage of a pipeline to create: {@code templateIds} each become a SEND_CLIENT_REQUEST automation. */
    public static Map<String, Object> stage(String name, boolean automove, String... templateIds) {
        return Map.of("name", name, "automove", automove, "automations", java.util.Arrays.stream(templateIds)
                .map(t -> Map.of("type", "SEND_CLIENT_REQUEST", "templateId", t)).toList());
    }

    /** Creates a pipeline; returns its id followed by its stage ids. */
    public List<String> pipeline(String name, List<Map<String, Object>> stages) {
        JsonNode p = ok("POST", "/pipelines", Map.of("name", name, "stages", stages));
        List<String> ids = new java.util.ArrayList<>();
        ids.add(text(p, "pipelineId"));
        for (int i = 0; i < stages.size(); i++) ids.add(text(p, "stages[" + i + "].stageId"));
        return ids;
    }

    public String template(String name) {
        return text(ok("POST", "/request-templates", Map.of("name", name, "subject", name, "message", "Please answer.",
                "items", List.of(Map.of("kind", "QUESTION", "label", "Anything to add?", "required", false)))), "templateId");
    }

    public String job(String pipelineId, String title) {
        return text(ok("POST", "/jobs", Map.of("accountId", accountId, "pipelineId", pipelineId, "title", title)), "jobId");
    }

    /** The ids of the job's linked requests, oldest first. */
    public List<String> requestIds(String jobId) {
        return job(jobId).field("linked").orElseThrow().field("clientRequests").orElseThrow().asArray().stream()
                .map(r -> text(r, "requestId")).toList();
    }

    public String stageOf(String jobId) { return text(job(jobId), "stageId"); }

    /** A request made by hand for the account, linked to {@code jobIds}; returns its id. */
    public String request(String title, String... jobIds) {
        return text(ok("POST", "/client-requests", Map.of("accountId", accountId, "title", title, "message", "Please.",
                "items", List.of(Map.of("kind", "QUESTION", "label", "Anything?", "required", true)),
                "jobIds", List.of(jobIds))), "requestId");
    }

    public JsonNode link(String jobId, String requestId) {
        return ok("POST", "/jobs/" + jobId + "/client-requests", Map.of("requestId", requestId));
    }

    public String status(String requestId) { return text(ok("GET", "/client-requests/" + requestId, null), "status"); }

    public long unfinished(String jobId) {
        return Long.parseLong(Stack.at(job(jobId), "linked.unfinishedCount").asNumber());
    }

    public String newJob(String title) {
        return text(ok("POST", "/jobs", Map.of("accountId", accountId, "pipelineId", pipelineId, "title", title)), "jobId");
    }

    public JsonNode job(String jobId) { return ok("GET", "/jobs/" + jobId, null); }

    public JsonNode move(String jobId, String toStageId) {
        return ok("POST", "/jobs/" + jobId + "/move", Map.of("toStageId", toStageId));
    }
}
