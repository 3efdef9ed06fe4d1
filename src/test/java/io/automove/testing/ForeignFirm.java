package io.automove.testing;

import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.util.List;
import java.util.Map;

import static io.automove.testing.Stack.text;

/**
 * Another firm, for tenancy tests: its own users, and every name it holds contains {@link #MARK}, so an answer
 * to a caller of another firm can be searched for any trace of it. It has one of everything: a member, an
 * account, a template, a pipeline of two stages, a job and a pending client request linked to it.
 */
public final class ForeignFirm {
    public static final String OWNER = "zeta-owner";
    public static final String EMPLOYEE = "zeta-employee";
    public static final String MARK = "Zeta";

    public final String firmId;
    public final String accountId;
    public final String templateId;
    public final String pipelineId;
    public final String firstStage;
    public final String secondStage;
    public final String jobId;
    public final String requestId;

    public ForeignFirm(Stack stack) {
        firmId = text(stack.ok(OWNER, null, "POST", "/firms", Map.of("name", "Zeta Partners")), "firmId");
        stack.ok(OWNER, firmId, "POST", "/members", Map.of("userId", EMPLOYEE, "role", "EMPLOYEE"));
        accountId = text(stack.ok(OWNER, firmId, "POST", "/accounts", Map.of("name", "Zeta Client",
                "contacts", List.of(Map.of("name", "Zeta Contact", "email", "contact@zeta.example")),
                "teamMemberIds", List.of(EMPLOYEE))), "accountId");
        templateId = text(stack.ok(OWNER, firmId, "POST", "/request-templates", Map.of("name", "Zeta template",
                "subject", "Zeta subject", "message", "Zeta message",
                "items", List.of(Map.of("kind", "QUESTION", "label", "Zeta question")))), "templateId");
        JsonNode pipeline = stack.ok(OWNER, firmId, "POST", "/pipelines", Map.of("name", "Zeta pipeline",
                "stages", List.of(Map.of("name", "Zeta intake"), Map.of("name", "Zeta review"))));
        pipelineId = text(pipeline, "pipelineId");
        firstStage = text(pipeline, "stages[0].stageId");
        secondStage = text(pipeline, "stages[1].stageId");
        jobId = text(stack.ok(OWNER, firmId, "POST", "/jobs", Map.of("accountId", accountId, "pipelineId", pipelineId,
                "title", "Zeta job")), "jobId");
        requestId = text(stack.ok(OWNER, firmId, "POST", "/client-requests", Map.of("accountId", accountId,
                "templateId", templateId, "jobIds", List.of(jobId))), "requestId");
    }

    /** Every id this firm holds: none may show up in an answer to another firm's caller. */
    public List<String> ids() {
        return List.of(firmId, accountId, templateId, pipelineId, firstStage, secondStage, jobId, requestId, OWNER, EMPLOYEE);
    }
}
