package io.automove.it;

import io.automove.testing.Firm;
import io.automove.testing.Stack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.automove.testing.Stack.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The firm's lists page through everything exactly once, on DynamoDB Local: an employee's accounts (a filtered
 * query asked again until the page is full), an account's jobs (GSI3 then the jobs by key), the members.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FirmListsTest {
    private Stack stack;
    private Firm firm;
    private final List<String> annasAccounts = new ArrayList<>();
    private final List<String> jobs = new ArrayList<>();

    @BeforeAll
    void setUp() {
        stack = new Stack();
        firm = new Firm(stack);
        firm.ok("POST", "/members", Map.of("userId", "anna", "role", "EMPLOYEE"));
        for (int i = 0; i < 9; i++) {
            boolean hers = i % 3 == 1;
            String id = text(firm.ok("POST", "/accounts", Map.of("name", "Client " + i, "contacts",
                    List.of(Map.of("name", "C", "email", "c" + i + "@lists.example")),
                    "teamMemberIds", hers ? List.of("anna") : List.of())), "accountId");
            if (hers) annasAccounts.add(id);
        }
        for (int i = 0; i < 5; i++) jobs.add(firm.newJob("Job " + i));
    }

    @AfterAll
    void close() { stack.close(); }

    /** Every page of {@code path} with {@code limit}, as {@code user}: the ids under {@code list}, page by page. */
    private List<List<String>> pages(String user, String path, String list, int limit) {
        List<List<String>> pages = new ArrayList<>();
        String cursor = null;
        do {
            String url = path + "?limit=" + limit + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            JsonNode page = stack.ok(user, firm.firmId, "GET", url, null);
            List<String> ids = new ArrayList<>();
            for (JsonNode item : page.field(list).orElseThrow().asArray()) {
                ids.add(text(item, list.equals("members") ? "userId" : list.equals("jobs") ? "jobId" : "accountId"));
            }
            pages.add(ids);
            JsonNode next = page.field("nextCursor").orElseThrow();
            cursor = next.isNull() ? null : next.asString();
        } while (cursor != null && pages.size() < 50);
        return pages;
    }

    @Test
    void anEmployeesAccounts_comeInFullPages_eachOnce_andOnlyHers() {
        List<List<String>> pages = pages("anna", "/accounts", "accounts", 2);

        assertThat(pages.stream().flatMap(List::stream).toList()).containsExactlyInAnyOrderElementsOf(annasAccounts);
        assertThat(pages.get(0)).as("a page of a filtered list is filled, not cut short by the filter").hasSize(2);
    }

    @Test
    void theOwnerSeesEveryAccount_pageByPage() {
        List<String> all = pages(Firm.OWNER, "/accounts", "accounts", 4).stream().flatMap(List::stream).toList();

        assertThat(all).hasSize(10).doesNotHaveDuplicates().containsAll(annasAccounts).contains(firm.accountId);
    }

    @Test
    void anAccountsJobs_pageInTheOrderTheyWereMade_andTheAccountsPageGoesOnWithTheSameCursor() {
        List<String> listed = pages(Firm.OWNER, "/accounts/" + firm.accountId + "/jobs", "jobs", 2).stream()
                .flatMap(List::stream).toList();
        JsonNode account = stack.ok(Firm.OWNER, firm.firmId, "GET", "/accounts/" + firm.accountId + "?limit=3", null);
        JsonNode rest = stack.ok(Firm.OWNER, firm.firmId, "GET", "/accounts/" + firm.accountId + "/jobs?cursor="
                + URLEncoder.encode(text(account, "jobsNextCursor"), StandardCharsets.UTF_8), null);

        assertThat(listed).containsExactlyElementsOf(jobs);
        assertThat(account.field("jobs").orElseThrow().asArray()).extracting(j -> text(j, "jobId")).containsExactlyElementsOf(jobs.subList(0, 3));
        assertThat(rest.field("jobs").orElseThrow().asArray()).extracting(j -> text(j, "jobId")).containsExactlyElementsOf(jobs.subList(3, 5));
    }

    @Test
    void theMembers_pageOneByOne_toTheEnd() {
        assertThat(pages(Firm.OWNER, "/members", "members", 1).stream().flatMap(List::stream).toList())
                .containsExactlyInAnyOrder(Firm.OWNER, "anna");
    }
}
