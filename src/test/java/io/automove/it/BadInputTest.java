package io.automove.it;

import io.automove.testing.Firm;
import io.automove.testing.Stack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.automove.testing.Stack.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Bad input gets a clear 4xx with an error code, and writes nothing. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
    private Stack stack;
    private Firm firm;
    private Firm other;
    private String jobId;
    private String pending;

    @BeforeAll
    void setUp() {
        stack = new Stack();
        firm = new Firm(stack);
        other = new Firm(stack);
        jobId = firm.newJob("Job");
        pending = firm.request("Pending");
        stack.settle();
    }

    @AfterAll
    void close() { stack.close(); }

    Stream<Arguments> cases() {
        String job = "/jobs/" + jobId;
        return Stream.of(
                arguments("POST", "/firms", "{", 400, "INVALID_JSON"),
                arguments("POST", "/firms", "{}", 400, "MISSING_FIELD"),
                arguments("POST", "/firms", Map.of("name", 42), 400, "INVALID_FIELD"),
                arguments("POST", "/firms", Map.of("name", "A", "nmae", "typo"), 400, "UNKNOWN_FIELD"),
                arguments("POST", "/firms", Map.of("name", "x".repeat(201)), 400, "FIELD_TOO_LONG"),
                arguments("POST", "/firms", "{\"name\":\"" + "x".repeat(300_000) + "\"}", 413, "BODY_TOO_LARGE"),
                arguments("POST", "/members", Map.of("userId", "u2", "role", "KING"), 400, "INVALID_FIELD"),
                arguments("POST", "/members", Map.of("userId", "u2", "role", "ADMIN", "rights", List.of("ALL")), 400, "INVALID_FIELD"),
                arguments("POST", "/accounts", Map.of("name", "A", "contacts", List.of()), 400, "NO_CONTACTS"),
                arguments("POST", "/accounts", Map.of("name", "A", "contacts", List.of(Map.of("name", "B", "email", "nope"))), 400, "INVALID_EMAIL"),
                arguments("POST", "/accounts", Map.of("name", "A", "contacts", List.of(Map.of("name", "B", "email", "b@c.example")),
                        "teamMemberIds", List.of("stranger")), 400, "UNKNOWN_MEMBER"),
                arguments("POST", "/request-templates", Map.of("name", "T", "subject", "S", "message", "M",
                        "items", List.of(Map.of("kind", "DRAWING", "label", "L"))), 400, "INVALID_FIELD"),
                arguments("POST", "/request-templates", Map.of("name", "T", "subject", "S", "message", "M", "items", "all"), 400, "INVALID_FIELD"),
                arguments("POST", "/pipelines", Map.of("name", "P", "stages", List.of()), 400, "NO_STAGES"),
                arguments("POST", "/pipelines", Map.of("name", "P", "stages", List.of(Map.of("name", "A", "automove", "yes"))), 400, "INVALID_FIELD"),
                arguments("POST", "/pipelines", Map.of("name", "P", "stages", List.of(Map.of("name", "A",
                        "automations", List.of(Map.of("type", "SEND_SMS", "templateId", "t"))), Map.of("name", "B"))), 400, "INVALID_FIELD"),
                arguments("GET", "/pipelines/pl_unknown", null, 404, "PIPELINE_NOT_FOUND"),
                arguments("PATCH", "/pipelines/pl_unknown/stages/stg_x", Map.of("automove", true), 404, "PIPELINE_NOT_FOUND"),
                arguments("POST", "/jobs", Map.of("accountId", "acc_unknown", "pipelineId", "p", "title", "T"), 404, "ACCOUNT_NOT_FOUND"),
                arguments("POST", "/jobs", Map.of("title", "T"), 400, "MISSING_FIELD"),
                arguments("POST", job + "/move", Map.of("toStageId", "stg_nowhere"), 400, "UNKNOWN_STAGE"),
                arguments("POST", job + "/move", Map.of("toStageId", "SAME"), 400, "SAME_STAGE"),
                arguments("POST", job + "/move", Map.of("toStageId", "X", "unfinishedRequests", "IGNORE"), 400, "INVALID_FIELD"),
                arguments("POST", "/jobs/job_unknown/move", Map.of("toStageId", "x"), 404, "JOB_NOT_FOUND"),
                arguments("GET", "/jobs/job_unknown", null, 404, "JOB_NOT_FOUND"),
                arguments("GET", "/client-requests/req_unknown", null, 404, "CLIENT_REQUEST_NOT_FOUND"),
                // a date the ISO-8601 parser takes but epoch milliseconds cannot hold: was a 500 from the index key
                arguments("POST", "/client-requests", Map.of("accountId", firm.accountId, "templateId", firm.templateId,
                        "dueAt", "+999999999-12-31T23:59:59Z"), 400, "INVALID_FIELD"),
                // the note is bad whatever the request's state: 400 before the 409 of a request not submitted
                arguments("POST", "/client-requests/" + pending + "/reopen", Map.of("message", "x".repeat(5001)), 400,
                        "FIELD_TOO_LONG"));
    }

    @ParameterizedTest(name = "{0} {1} -> {3} {4}")
    @MethodSource("cases")
    void isRefusedWithACode_andWritesNothing(String method, String path, Object body, int status, String code) {
        Object b = body instanceof Map<?, ?> m && "SAME".equals(m.get("toStageId"))
                ? Map.of("toStageId", firm.intake) : body;
        List<String> before = stack.scan();
        var response = stack.call(Firm.OWNER, firm.firmId, method, path, b);
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(text(response.json(), "error.code")).isEqualTo(code);
        assertThat(text(response.json(), "error.message")).isNotBlank();
        stack.settle();
        assertThat(stack.scan()).isEqualTo(before);
    }

    @ParameterizedTest(name = "another firm's {0}")
    @MethodSource("crossFirm")
    void anotherFirmsIds_lookExactlyLikeUnknownIds(String what, String path) {
        var theirs = stack.call(Firm.OWNER, other.firmId, "GET", path, null);
        var unknown = stack.call(Firm.OWNER, other.firmId, "GET", path.replaceAll("/[a-z]+_[0-9a-z]+$", "/x_unknown"), null);
        assertThat(theirs.status()).isEqualTo(404);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(text(theirs.json(), "error.code")).isEqualTo(text(unknown.json(), "error.code"));
    }

    Stream<Arguments> crossFirm() {
        return Stream.of(arguments("job", "/jobs/" + jobId), arguments("pipeline", "/pipelines/" + firm.pipelineId));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void strangersAndEmployees_cannotConfigureTheFirm(String who, String user, String firmId, int status) {
        List<String> before = stack.scan();
        var response = stack.call(user, firmId, "POST", "/request-templates", Map.of("name", "T", "subject", "S",
                "message", "M", "items", List.of()));
        assertThat(response.status()).isEqualTo(status);
        assertThat(stack.scan()).isEqualTo(before);
    }

    Stream<Arguments> callers() {
        firm.ok("POST", "/members", Map.of("userId", "user-employee", "role", "EMPLOYEE"));
        return Stream.of(arguments("no token", null, firm.firmId, 401),
                arguments("not a member", "user-stranger", firm.firmId, 403),
                arguments("no firm in the token", Firm.OWNER, null, 403),
                arguments("an employee", "user-employee", firm.firmId, 403));
    }
}
