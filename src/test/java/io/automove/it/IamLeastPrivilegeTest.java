package io.automove.it;

import io.automove.localstack.HttpApi.Response;
import io.automove.localstack.LocalStack.Options;
import io.automove.localstack.Template;
import io.automove.testing.Firm;
import io.automove.testing.IamRecorder;
import io.automove.testing.MutableClock;
import io.automove.testing.Stack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

import static io.automove.testing.Firm.stage;
import static io.automove.testing.Stack.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each function's IAM policy in template.yaml grants exactly the actions the function performs: a workload calls
 * every route of the template (and so runs every event function), an {@link IamRecorder} on the local stack's
 * hooks notes each AWS action per function, and the two sets must be equal. A policy a function does not use fails, as does a call it may not make.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IamLeastPrivilegeTest {
    private final Template template = Template.load(Stack.TEMPLATE);
    private final IamRecorder iam = new IamRecorder();
    private Stack stack;
    private Map<String, Set<String>> used;
    private final MutableClock clock = new MutableClock(java.time.Instant.now());

    @BeforeAll
    void runEveryRoute() {
        stack = new Stack(iam.attach(Options.defaults(Stack.TEMPLATE).clock(clock)));
        Firm firm = new Firm(stack);
        String job = firm.newJob("Job");
        String other = firm.newJob("Other");
        String moving = firm.newJob("Moved by automove");
        firm.move(job, firm.missingInfo);
        firm.move(moving, firm.missingInfo);
        stack.settle();
        String request = firm.requestIds(job).get(0);
        String awaited = firm.requestIds(moving).get(0);
        // a second request on the moving job: automove then reads the job's other requests too
        String extra = firm.request("Extra", moving);
        stack.settle();
        stack.submit(firm.firmId, extra);
        stack.settle();
        String loose = firm.request("Loose");
        String archived = firm.newJob("Archived");
        firm.move(archived, firm.missingInfo);
        stack.settle();
        List<String> p = firm.pipeline("Second", List.of(stage("A", false), stage("B", false)));

        Map<String, Supplier<Response>> calls = new LinkedHashMap<>();
        calls.put("POST /firms", () -> stack.call("someone", null, "POST", "/firms", Map.of("name", "Another firm")));
        calls.put("POST /members", () -> call(firm, "POST", "/members", Map.of("userId", "u2", "role", "EMPLOYEE")));
        calls.put("POST /accounts", () -> call(firm, "POST", "/accounts", Map.of("name", "A", "contacts",
                List.of(Map.of("name", "C", "email", "c@a.example")))));
        calls.put("POST /request-templates", () -> call(firm, "POST", "/request-templates", Map.of("name", "T",
                "subject", "S", "message", "M", "items", List.of())));
        calls.put("POST /pipelines", () -> call(firm, "POST", "/pipelines", Map.of("name", "P", "stages",
                List.of(stage("X", false, firm.templateId)))));
        calls.put("GET /members", () -> call(firm, "GET", "/members", null));
        calls.put("PATCH /members/{userId}", () -> call(firm, "PATCH", "/members/u2", Map.of("rights", List.of("VIEW_ALL_ACCOUNTS"))));
        calls.put("DELETE /members/{userId}", () -> call(firm, "DELETE", "/members/u2", null));
        calls.put("GET /accounts", () -> call(firm, "GET", "/accounts", null));
        calls.put("GET /accounts/{accountId}", () -> call(firm, "GET", "/accounts/" + firm.accountId, null));
        // a team change writes the account and puts and deletes assignment items in one transaction
        calls.put("PATCH /accounts/{accountId}", () -> {
            call(firm, "PATCH", "/accounts/" + firm.accountId, Map.of("tags", List.of("vip"), "teamMemberIds", List.of(Firm.OWNER)));
            return call(firm, "PATCH", "/accounts/" + firm.accountId, Map.of("teamMemberIds", List.of()));
        });
        calls.put("GET /accounts/{accountId}/jobs", () -> call(firm, "GET", "/accounts/" + firm.accountId + "/jobs", null));
        calls.put("GET /pipelines", () -> call(firm, "GET", "/pipelines", null));
        calls.put("GET /request-templates", () -> call(firm, "GET", "/request-templates", null));
        calls.put("GET /request-templates/{templateId}", () -> call(firm, "GET", "/request-templates/" + firm.templateId, null));
        calls.put("GET /pipelines/{pipelineId}", () -> call(firm, "GET", "/pipelines/" + firm.pipelineId, null));
        calls.put("PATCH /pipelines/{pipelineId}/stages/{stageId}", () -> call(firm, "PATCH",
                "/pipelines/" + p.get(0) + "/stages/" + p.get(1), Map.of("name", "A2")));
        calls.put("GET /pipelines/{pipelineId}/jobs", () -> call(firm, "GET", "/pipelines/" + firm.pipelineId + "/jobs", null));
        calls.put("POST /jobs", () -> call(firm, "POST", "/jobs", Map.of("accountId", firm.accountId,
                "pipelineId", firm.pipelineId, "title", "J")));
        calls.put("POST /jobs/{jobId}/move", () -> call(firm, "POST", "/jobs/" + job + "/move",
                Map.of("toStageId", firm.review, "unfinishedRequests", "CANCEL")));
        calls.put("GET /jobs/{jobId}", () -> call(firm, "GET", "/jobs/" + job, null));
        calls.put("GET /client-requests/{requestId}", () -> call(firm, "GET", "/client-requests/" + request, null));
        calls.put("POST /jobs/{jobId}/client-requests", () -> call(firm, "POST", "/jobs/" + other + "/client-requests",
                Map.of("requestId", loose)));
        calls.put("DELETE /jobs/{jobId}/client-requests/{requestId}", () -> call(firm, "DELETE",
                "/jobs/" + other + "/client-requests/" + loose, null));
        calls.put("POST /client-requests", () -> call(firm, "POST", "/client-requests", Map.of("accountId", firm.accountId,
                "templateId", firm.templateId, "jobIds", List.of(other))));
        calls.put("GET /client-requests", () -> call(firm, "GET", "/client-requests?accountId=" + firm.accountId, null));
        calls.put("PUT /client-requests/{requestId}/jobs", () -> call(firm, "PUT", "/client-requests/" + loose + "/jobs",
                Map.of("jobIds", List.of(other))));
        // the submission that moves a job: automove's write path
        calls.put("POST /webhooks/client-portal", () -> stack.submit(firm.firmId, awaited));
        calls.put("PATCH /client-requests/{requestId}", () -> call(firm, "PATCH", "/client-requests/" + loose,
                Map.of("reminders", Map.of("everyDays", 2, "times", 3))));
        calls.put("POST /client-requests/{requestId}/resend", () -> call(firm, "POST", "/client-requests/" + loose + "/resend", null));
        calls.put("POST /client-requests/{requestId}/reopen", () -> call(firm, "POST", "/client-requests/" + extra + "/reopen",
                Map.of("message", "One page is missing.")));
        calls.put("POST /jobs/{jobId}/archive", () -> call(firm, "POST", "/jobs/" + archived + "/archive", null));
        calls.put("POST /jobs/{jobId}/unarchive", () -> call(firm, "POST", "/jobs/" + archived + "/unarchive", null));
        calls.put("GET /jobs/{jobId}/activity", () -> call(firm, "GET", "/jobs/" + job + "/activity", null));
        calls.put("GET /client-requests/{requestId}/activity", () -> call(firm, "GET", "/client-requests/" + request + "/activity", null));
        calls.put("GET /activity", () -> call(firm, "GET", "/activity", null));

        Set<String> routes = new TreeSet<>();
        template.functions().forEach(f -> f.routes().forEach(r -> routes.add(r.routeKey())));
        assertThat(new TreeSet<>(calls.keySet())).as("the workload calls every route of the template").isEqualTo(routes);
        calls.forEach((route, call) -> {
            Response r = call.get();
            assertThat(r.status()).as(route + " " + r.body()).isBetween(200, 299);
            stack.settle();
        });
        assertThat(firm.stageOf(moving)).as("automove moved the job").isEqualTo(firm.review);
        // days later, the schedule's tick: the sweep finds reminders due, reads their jobs, queues the emails
        clock.advance(java.time.Duration.ofDays(4));
        try {
            stack.runtime.invoke("ReminderSweepFunction", "{\"detail-type\":\"Scheduled Event\"}");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        stack.settle();
        assertThat(stack.published("ClientRequestReminded")).as("the sweep reminded").isNotEmpty();
        used = iam.actions();
    }

    @AfterAll
    void close() { stack.close(); }

    private Response call(Firm firm, String method, String path, Object body) {
        return stack.call(Firm.OWNER, firm.firmId, method, path, body);
    }

    @Test
    void everyFunctionIsGrantedExactlyTheActionsItPerforms() {
        Map<String, Set<String>> granted = new TreeMap<>();
        for (Template.Function f : template.functions()) granted.put(f.logicalId(), grantedActions(f.logicalId()));
        Map<String, Set<String>> performed = new TreeMap<>();
        for (Template.Function f : template.functions()) performed.put(f.logicalId(), used.getOrDefault(f.logicalId(), Set.of()));
        System.out.println("IAM actions performed: " + performed);
        assertThat(granted).isEqualTo(performed);
    }

    /** What a function's Policies grant: inline statements, and the SAM policy templates it may use, expanded. */
    @SuppressWarnings("unchecked")
    private Set<String> grantedActions(String functionId) {
        Map<String, Object> props = (Map<String, Object>) template.resource(functionId).get("Properties");
        Set<String> actions = new TreeSet<>();
        for (Object policy : (List<Object>) props.getOrDefault("Policies", List.of())) {
            Map<String, Object> p = (Map<String, Object>) policy;
            for (var e : p.entrySet()) {
                switch (e.getKey()) {
                    case "Statement" -> {
                        for (Object st : (List<Object>) e.getValue()) {
                            Object action = ((Map<String, Object>) st).get("Action");
                            if (action instanceof String a) actions.add(a);
                            else actions.addAll((List<String>) action);
                        }
                    }
                    // SAM policy templates, as SAM expands them (policy_templates.json)
                    case "EventBridgePutEventsPolicy" -> actions.add("events:PutEvents");
                    case "AWSSecretsManagerGetSecretValuePolicy" -> actions.add("secretsmanager:GetSecretValue");
                    case "DynamoDBCrudPolicy" -> actions.addAll(List.of("dynamodb:GetItem", "dynamodb:DeleteItem",
                            "dynamodb:PutItem", "dynamodb:Scan", "dynamodb:Query", "dynamodb:UpdateItem",
                            "dynamodb:BatchWriteItem", "dynamodb:BatchGetItem", "dynamodb:DescribeTable",
                            "dynamodb:ConditionCheckItem"));
                    default -> throw new AssertionError(functionId + ": policy " + e.getKey()
                            + " is not known to this test: expand it above");
                }
            }
        }
        return actions;
    }

    @Test
    void theWorkloadRanEveryFunction() {
        assertThat(used.keySet()).containsAll(template.functions().stream().map(Template.Function::logicalId).toList());
        assertThat(text(stack.ok(Firm.OWNER, null, "POST", "/firms", Map.of("name", "x")), "firmId")).isNotBlank();
    }
}
