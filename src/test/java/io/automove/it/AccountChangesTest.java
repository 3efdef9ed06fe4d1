package io.automove.it;

import io.automove.localstack.HttpApi.Response;
import io.automove.testing.Firm;
import io.automove.testing.Stack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.util.List;
import java.util.Map;

import static io.automove.testing.Stack.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PATCH /accounts/{accountId} through the local stack's HTTP API on DynamoDB Local: a new team decides who may work
 * on the account at the next call, new tags which tag-scoped automations apply at the next stage entry, and the
 * change is stored with an event that names the fields, never their values.
 */
class AccountChangesTest {
    private Stack stack;
    private Firm firm;

    @BeforeEach
    void setUp() {
        stack = new Stack();
        firm = new Firm(stack);
        firm.ok("POST", "/members", Map.of("userId", "anna", "role", "EMPLOYEE"));
        firm.ok("POST", "/members", Map.of("userId", "admin", "role", "ADMIN"));
    }

    @AfterEach
    void close() { stack.close(); }

    private Response asAnna(String method, String path) { return stack.call("anna", firm.firmId, method, path, null); }

    private List<String> annasBoardJobIds() {
        JsonNode board = stack.ok("anna", firm.firmId, "GET", "/pipelines/" + firm.pipelineId + "/jobs", null);
        return board.field("stages").orElseThrow().asArray().stream()
                .flatMap(stage -> stage.field("jobs").orElseThrow().asArray().stream())
                .map(j -> text(j, "jobId")).toList();
    }

    @Test
    void aNewTeam_decidesWhoMayWorkOnTheAccount_atTheNextCall() {
        String job = firm.newJob("Tax return 2025");
        assertThat(asAnna("GET", "/accounts/" + firm.accountId).status()).isEqualTo(403);
        assertThat(asAnna("GET", "/jobs/" + job).status()).isEqualTo(403);
        assertThat(annasBoardJobIds()).isEmpty();

        // WHEN an admin puts anna on the team, her very next calls may work on it, and her board shows its jobs
        stack.ok("admin", firm.firmId, "PATCH", "/accounts/" + firm.accountId, Map.of("teamMemberIds", List.of("anna")));
        assertThat(asAnna("GET", "/jobs/" + job).status()).isEqualTo(200);
        assertThat(text(stack.ok("anna", firm.firmId, "GET", "/accounts", null), "accounts[0].accountId")).isEqualTo(firm.accountId);
        assertThat(annasBoardJobIds()).containsExactly(job);

        // AND taken off it, her very next call is refused and her board is empty again
        firm.ok("PATCH", "/accounts/" + firm.accountId, Map.of("teamMemberIds", List.of()));
        assertThat(asAnna("GET", "/jobs/" + job).status()).isEqualTo(403);
        assertThat(stack.ok("anna", firm.firmId, "GET", "/accounts", null).field("accounts").orElseThrow().asArray()).isEmpty();
        assertThat(annasBoardJobIds()).isEmpty();
    }

    @Test
    void newTags_decideWhichTagScopedAutomationsRun_atTheNextStageEntry() {
        // GIVEN a stage whose only automation is for payroll clients, which Rossi & Co is not (yet)
        List<String> p = firm.pipeline("Payroll", List.of(Map.of("name", "Start"), Map.of("name", "Ask", "automations",
                List.of(Map.of("type", "SEND_CLIENT_REQUEST", "templateId", firm.templateId,
                        "conditions", Map.of("accountTags", List.of("payroll"))))), Map.of("name", "End")));
        String before = firm.job(p.get(0), "Before the tag");
        firm.move(before, p.get(2));
        stack.settle();
        assertThat(firm.requestIds(before)).isEmpty();

        // WHEN the account gets the tag
        JsonNode changed = firm.ok("PATCH", "/accounts/" + firm.accountId, Map.of("tags", List.of("payroll")));
        stack.settle();

        // THEN the next job entering the stage gets its request
        assertThat(text(changed, "tags[0]")).isEqualTo("payroll");
        String after = firm.job(p.get(0), "After the tag");
        firm.move(after, p.get(2));
        stack.settle();
        assertThat(firm.requestIds(after)).hasSize(1);
        assertThat(stack.published("AccountChanged")).singleElement().satisfies(e -> {
            assertThat(text(e, "detail.fields[0]")).isEqualTo("tags");
            assertThat(text(e, "detail.changedBy")).isEqualTo(Firm.OWNER);
            assertThat(e.toString()).doesNotContain("payroll").doesNotContain("rossi.example");
        });
    }

    @Test
    void contactsAndName_change_andASecondSameChange_storesNothingMore() {
        Map<String, Object> patch = Map.of("name", "Rossi & Figli", "contacts",
                List.of(Map.of("name", "Maria Rossi", "email", "maria@rossi-figli.example")));
        JsonNode changed = firm.ok("PATCH", "/accounts/" + firm.accountId, patch);
        stack.settle();
        List<String> scan = stack.scan();

        firm.ok("PATCH", "/accounts/" + firm.accountId, patch);
        stack.settle();

        assertThat(text(changed, "name")).isEqualTo("Rossi & Figli");
        assertThat(text(changed, "contacts[0].email")).isEqualTo("maria@rossi-figli.example");
        assertThat(stack.scan()).as("the same change again stores nothing").isEqualTo(scan);
        assertThat(text(stack.published("AccountChanged").get(0), "detail.fields[1]")).isEqualTo("contacts");
    }

    @Test
    void refusals_writeNothing() {
        stack.settle(); // the set-up's own trail entries, written first
        List<String> before = stack.scan();
        String path = "/accounts/" + firm.accountId;

        assertThat(code(stack.call("anna", firm.firmId, "PATCH", path, Map.of("name", "X")), 403)).isEqualTo("FORBIDDEN");
        assertThat(code(stack.call(Firm.OWNER, firm.firmId, "PATCH", path, Map.of()), 400)).isEqualTo("MISSING_FIELD");
        assertThat(code(stack.call(Firm.OWNER, firm.firmId, "PATCH", path, Map.of("contacts", List.of())), 400)).isEqualTo("NO_CONTACTS");
        assertThat(code(stack.call(Firm.OWNER, firm.firmId, "PATCH", path, Map.of("teamMemberIds", List.of("ghost"))), 400))
                .isEqualTo("UNKNOWN_MEMBER");
        assertThat(code(stack.call(Firm.OWNER, firm.firmId, "PATCH", "/accounts/acc_unknown", Map.of("name", "X")), 404))
                .isEqualTo("ACCOUNT_NOT_FOUND");
        stack.settle();

        assertThat(stack.scan()).isEqualTo(before);
    }

    private static String code(Response r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        return text(r.json(), "error.code");
    }
}
