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
 * Members change and leave, through the local stack's HTTP API on DynamoDB Local: the rules of AccessPolicy, the
 * hand-over, a removal effective at the next call, each change stored with its event and a refusal writing nothing.
 */
class MembersTest {
    private Stack stack;
    private Firm firm;

    @BeforeEach
    void setUp() {
        stack = new Stack();
        firm = new Firm(stack);
        firm.ok("POST", "/members", Map.of("userId", "admin", "role", "ADMIN"));
        firm.ok("POST", "/members", Map.of("userId", "admin2", "role", "ADMIN"));
        firm.ok("POST", "/members", Map.of("userId", "anna", "role", "EMPLOYEE"));
        stack.settle();
    }

    @AfterEach
    void close() { stack.close(); }

    private Response as(String user, String method, String path, Object body) {
        return stack.call(user, firm.firmId, method, path, body);
    }

    private String refusal(Response r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        return text(r.json(), "error.code");
    }

    @Test
    void anAdminGrantsAnEmployeeARight_andTheChangeIsStoredWithItsEvent() {
        // WHEN an admin gives anna VIEW_ALL_ACCOUNTS
        JsonNode changed = stack.ok("admin", firm.firmId, "PATCH", "/members/anna", Map.of("rights", List.of("VIEW_ALL_ACCOUNTS")));
        stack.settle();

        // THEN the member is changed, and the change published who did it
        assertThat(text(changed, "role")).isEqualTo("EMPLOYEE");
        assertThat(text(changed, "rights[0]")).isEqualTo("VIEW_ALL_ACCOUNTS");
        assertThat(stack.published("MemberChanged")).singleElement().satisfies(e -> {
            assertThat(text(e, "detail.userId")).isEqualTo("anna");
            assertThat(text(e, "detail.changedBy")).isEqualTo("admin");
        });
    }

    @Test
    void anAdminTouchingAnotherAdminOrTheOwner_isRefused_andNothingIsWritten() {
        List<String> before = stack.scan();

        assertThat(refusal(as("admin", "PATCH", "/members/admin2", Map.of("role", "EMPLOYEE")), 403)).isEqualTo("FORBIDDEN");
        assertThat(refusal(as("admin", "PATCH", "/members/" + Firm.OWNER, Map.of("role", "ADMIN")), 403)).isEqualTo("FORBIDDEN");
        assertThat(refusal(as("admin", "DELETE", "/members/admin2", null), 403)).isEqualTo("FORBIDDEN");
        assertThat(refusal(as("admin", "DELETE", "/members/" + Firm.OWNER, null), 403)).isEqualTo("OWNER_NOT_REMOVABLE");
        assertThat(refusal(as("admin", "PATCH", "/members/anna", Map.of("role", "OWNER")), 403)).isEqualTo("FORBIDDEN");
        assertThat(refusal(as("admin", "PATCH", "/members/admin", Map.of("rights", List.of())), 403)).isEqualTo("OWN_MEMBERSHIP");
        assertThat(refusal(as("anna", "DELETE", "/members/admin", null), 403)).isEqualTo("FORBIDDEN");
        assertThat(refusal(as(Firm.OWNER, "DELETE", "/members/" + Firm.OWNER, null), 403)).isEqualTo("OWNER_NOT_REMOVABLE");
        assertThat(refusal(as(Firm.OWNER, "PATCH", "/members/" + Firm.OWNER, Map.of("role", "ADMIN")), 403))
                .isEqualTo("OWN_MEMBERSHIP");
        assertThat(refusal(as(Firm.OWNER, "PATCH", "/members/nobody", Map.of("role", "ADMIN")), 404)).isEqualTo("MEMBER_NOT_FOUND");
        assertThat(refusal(as(Firm.OWNER, "PATCH", "/members/anna", Map.of()), 400)).isEqualTo("MISSING_FIELD");
        stack.settle();

        assertThat(stack.scan()).isEqualTo(before);
    }

    @Test
    void theOwnerHandsOver_byMakingAnAdminOwner_andBecomesAdmin() {
        // WHEN the owner makes admin the OWNER
        JsonNode changed = firm.ok("PATCH", "/members/admin", Map.of("role", "OWNER"));
        stack.settle();

        // THEN admin is the owner, the former owner an admin: the new owner may now remove them, and they may not
        assertThat(text(changed, "role")).isEqualTo("OWNER");
        JsonNode members = stack.ok("admin", firm.firmId, "GET", "/members", null);
        assertThat(members.field("members").orElseThrow().asArray())
                .filteredOn(m -> text(m, "userId").equals(Firm.OWNER)).singleElement()
                .satisfies(m -> assertThat(text(m, "role")).isEqualTo("ADMIN"));
        assertThat(refusal(as(Firm.OWNER, "DELETE", "/members/admin", null), 403)).isEqualTo("OWNER_NOT_REMOVABLE");
        assertThat(as("admin", "DELETE", "/members/" + Firm.OWNER, null).status()).isEqualTo(204);
        assertThat(stack.published("MemberChanged")).extracting(e -> text(e, "detail.userId"))
                .containsExactlyInAnyOrder("admin", Firm.OWNER);
    }

    @Test
    void aRemovedMember_isRefusedAtTheirNextCall_isOffTheList_andMayBeAddedBackAsANewChange() {
        // GIVEN anna can read the pipelines
        assertThat(as("anna", "GET", "/pipelines", null).status()).isEqualTo(200);

        // WHEN the admin removes her
        assertThat(as("admin", "DELETE", "/members/anna", null).status()).isEqualTo(204);

        // THEN her very next call is refused, whatever her token says, and the member list no longer holds her
        assertThat(refusal(as("anna", "GET", "/pipelines", null), 403)).isEqualTo("NOT_A_MEMBER");
        assertThat(firm.ok("GET", "/members", null).field("members").orElseThrow().asArray())
                .extracting(m -> text(m, "userId")).doesNotContain("anna");
        assertThat(refusal(as("admin", "DELETE", "/members/anna", null), 404)).isEqualTo("MEMBER_NOT_FOUND");

        // AND added back, she is a member again, through a change with an event of its own
        firm.ok("POST", "/members", Map.of("userId", "anna", "role", "EMPLOYEE"));
        stack.settle();
        assertThat(as("anna", "GET", "/pipelines", null).status()).isEqualTo(200);
        assertThat(stack.published("MemberAdded")).filteredOn(e -> text(e, "detail.userId").equals("anna"))
                .extracting(e -> text(e, "detail.eventId")).doesNotHaveDuplicates().hasSize(2);
        assertThat(stack.published("MemberRemoved")).singleElement()
                .satisfies(e -> assertThat(text(e, "detail.removedBy")).isEqualTo("admin"));
    }
}
