package io.automove.it;

import io.automove.localstack.HttpApi.Response;
import io.automove.model.Right;
import io.automove.model.Role;
import io.automove.testing.Firm;
import io.automove.testing.Stack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.automove.testing.Stack.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may link, create, unlink and read, as one matrix: each role x assigned to the account or not x holding
 * VIEW_ALL_ACCOUNTS or not x each action. Allowed: owner, admin, assigned team member, holder of the right.
 * Refused: 403 with a message, and nothing written.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LinkingPermissionsTest {
    enum Action { LINK, CREATE_FOR_JOB, UNLINK, CREATE_WITH_JOBS, SET_JOBS, LIST, READ_JOB, READ_REQUEST, MOVE_JOB }

    private Stack stack;
    private Firm firm;
    private final List<String> assigned = new ArrayList<>();

    @BeforeAll
    void setUp() {
        stack = new Stack();
        firm = new Firm(stack);
        for (Role role : Role.values()) {
            for (boolean assign : List.of(true, false)) {
                for (boolean right : List.of(true, false)) {
                    String user = user(role, assign, right);
                    firm.ok("POST", "/members", Map.of("userId", user, "role", role.name(),
                            "rights", right ? List.of(Right.VIEW_ALL_ACCOUNTS.name()) : List.of()));
                    if (assign) assigned.add(user);
                }
            }
        }
    }

    @AfterAll
    void close() { stack.close(); }

    private static String user(Role role, boolean assigned, boolean right) {
        return "u-" + role.name().toLowerCase() + (assigned ? "-assigned" : "") + (right ? "-viewall" : "");
    }

    Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (Role role : Role.values()) {
            for (boolean assign : List.of(true, false)) {
                for (boolean right : List.of(true, false)) {
                    for (Action action : Action.values()) {
                        boolean allowed = role != Role.EMPLOYEE || assign || right;
                        cases.add(Arguments.of(role, assign, right, action, allowed));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} assigned={1} viewAll={2} {3} -> allowed={4}")
    @MethodSource("matrix")
    void onlyOwnersAdminsAssignedMembersAndViewAllHolders_mayLinkCreateUnlinkAndRead(
            Role role, boolean assign, boolean right, Action action, boolean allowed) {
        // GIVEN an account whose team is the assigned users, a job and a request made by the owner
        String accountId = text(firm.ok("POST", "/accounts", Map.of("name", "Account", "contacts",
                List.of(Map.of("name", "C", "email", "c@client.example")), "teamMemberIds", assigned)), "accountId");
        String jobId = text(firm.ok("POST", "/jobs", Map.of("accountId", accountId, "pipelineId", firm.pipelineId,
                "title", "Job")), "jobId");
        String linkedRequest = text(firm.ok("POST", "/client-requests", Map.of("accountId", accountId, "templateId",
                firm.templateId, "jobIds", List.of(jobId))), "requestId");
        String looseRequest = text(firm.ok("POST", "/client-requests", Map.of("accountId", accountId, "templateId",
                firm.templateId)), "requestId");
        stack.settle();
        List<String> before = stack.scan();
        String user = user(role, assign, right);

        // WHEN the member tries the action
        Response response = switch (action) {
            case LINK -> call(user, "POST", "/jobs/" + jobId + "/client-requests", Map.of("requestId", looseRequest));
            case CREATE_FOR_JOB -> call(user, "POST", "/jobs/" + jobId + "/client-requests", Map.of("templateId", firm.templateId));
            case UNLINK -> call(user, "DELETE", "/jobs/" + jobId + "/client-requests/" + linkedRequest, null);
            case CREATE_WITH_JOBS -> call(user, "POST", "/client-requests", Map.of("accountId", accountId,
                    "templateId", firm.templateId, "jobIds", List.of(jobId)));
            case SET_JOBS -> call(user, "PUT", "/client-requests/" + looseRequest + "/jobs", Map.of("jobIds", List.of(jobId)));
            case LIST -> call(user, "GET", "/client-requests?accountId=" + accountId, null);
            case READ_JOB -> call(user, "GET", "/jobs/" + jobId, null);
            case READ_REQUEST -> call(user, "GET", "/client-requests/" + linkedRequest, null);
            case MOVE_JOB -> call(user, "POST", "/jobs/" + jobId + "/move", Map.of("toStageId", firm.review,
                    "unfinishedRequests", "KEEP"));
        };

        // THEN
        if (allowed) {
            assertThat(response.status()).as(response.body()).isBetween(200, 299);
        } else {
            assertThat(response.status()).as(response.body()).isEqualTo(403);
            assertThat(text(response.json(), "error.code")).isEqualTo("FORBIDDEN");
            assertThat(text(response.json(), "error.message")).contains("assign");
            stack.settle();
            assertThat(stack.scan()).isEqualTo(before);
        }
    }

    private Response call(String user, String method, String path, Object body) {
        return stack.call(user, firm.firmId, method, path, body);
    }
}
