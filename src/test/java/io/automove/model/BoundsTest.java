package io.automove.model;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static io.automove.model.Fixtures.FIRM;
import static io.automove.model.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Everything that grows inside one item has a maximum: accepted at it, refused with a clear code one past it. */
class BoundsTest {

    private static Set<String> ids(String prefix, int n) {
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < n; i++) ids.add(prefix + i);
        return ids;
    }

    private static void refused(Runnable r, String code) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void aRequestLinksAtMost50Jobs() {
        ClientRequest r = Fixtures.request("req-1", RequestStatus.PENDING);
        assertThat(r.withJobs(ids("job-", ClientRequest.MAX_JOBS)).jobIds()).hasSize(50);
        refused(() -> r.withJobs(ids("job-", ClientRequest.MAX_JOBS + 1)), "TOO_MANY_JOBS");
    }

    @Test
    void aJobLinksAtMost100Requests() {
        Job j = Fixtures.job("job-1", "intake", ids("req-", Job.MAX_REQUESTS - 1), Set.of());
        Job full = j.linked("req-last", true);
        assertThat(full.requestIds()).hasSize(100);
        refused(() -> full.linked("req-one-more", true), "TOO_MANY_LINKED_REQUESTS");
        assertThat(full.linked("req-last", true).requestIds()).as("linking again adds nothing").hasSize(100);
    }

    @Test
    void aTemplateHoldsAtMost50Items() {
        List<RequestItem> items = IntStream.range(0, RequestTemplate.MAX_ITEMS)
                .mapToObj(i -> new RequestItem(ItemKind.QUESTION, "Q" + i, false)).toList();
        assertThat(new RequestTemplate(FIRM, "tpl-1", "T", "S", "M", items).items()).hasSize(50);
        List<RequestItem> more = new ArrayList<>(items);
        more.add(new RequestItem(ItemKind.QUESTION, "one more", false));
        refused(() -> new RequestTemplate(FIRM, "tpl-1", "T", "S", "M", more), "TOO_MANY_ITEMS");
    }

    @Test
    void anAccountHoldsAtMost20Contacts20TagsAnd50TeamMembers() {
        List<Contact> contacts = IntStream.range(0, Account.MAX_CONTACTS).mapToObj(i -> new Contact("C" + i, "c" + i + "@x.example")).toList();
        assertThat(new Account(FIRM, "acc-1", "A", contacts, Set.of()).contacts()).hasSize(20);
        List<Contact> moreContacts = new ArrayList<>(contacts);
        moreContacts.add(new Contact("C", "c@x.example"));
        refused(() -> new Account(FIRM, "acc-1", "A", moreContacts, Set.of()), "TOO_MANY_CONTACTS");

        assertThat(new Account(FIRM, "acc-1", "A", contacts, Set.of(), ids("tag", Account.MAX_TAGS)).tags()).hasSize(20);
        refused(() -> new Account(FIRM, "acc-1", "A", contacts, Set.of(), ids("tag", Account.MAX_TAGS + 1)), "TOO_MANY_TAGS");

        assertThat(new Account(FIRM, "acc-1", "A", contacts, ids("u", Account.MAX_TEAM_MEMBERS)).teamMemberIds()).hasSize(50);
        refused(() -> new Account(FIRM, "acc-1", "A", contacts, ids("u", Account.MAX_TEAM_MEMBERS + 1)), "TOO_MANY_TEAM_MEMBERS");
    }

    private static Stage stage(int i, int automations) {
        return new Stage("stg-" + i, "Stage " + i, false, IntStream.range(0, automations)
                .mapToObj(a -> StageAutomation.sendClientRequest("tpl-" + a)).toList());
    }

    @Test
    void aPipelineHoldsAtMost30Stages_10AutomationsAStage_and100InAll() {
        List<Stage> stages = IntStream.range(0, Pipeline.MAX_STAGES).mapToObj(i -> stage(i, 0)).toList();
        assertThat(new Pipeline(FIRM, "pl-1", "P", stages, 0).stages()).hasSize(30);
        List<Stage> more = new ArrayList<>(stages);
        more.add(stage(99, 0));
        refused(() -> new Pipeline(FIRM, "pl-1", "P", more, 0), "TOO_MANY_STAGES");

        assertThat(stage(1, Stage.MAX_AUTOMATIONS).automations()).hasSize(10);
        refused(() -> stage(1, Stage.MAX_AUTOMATIONS + 1), "TOO_MANY_AUTOMATIONS");

        List<Stage> busy = IntStream.range(0, 10).mapToObj(i -> stage(i, 10)).toList();
        assertThat(new Pipeline(FIRM, "pl-1", "P", busy, 0).stages()).hasSize(10);
        List<Stage> tooBusy = new ArrayList<>(busy);
        tooBusy.add(stage(10, 1));
        refused(() -> new Pipeline(FIRM, "pl-1", "P", tooBusy, 0), "TOO_MANY_AUTOMATIONS");
    }

    @Test
    void conditionsHoldAtMost20Tags() {
        assertThat(new Conditions(ids("tag", Account.MAX_TAGS)).accountTags()).hasSize(20);
        refused(() -> new Conditions(ids("tag", Account.MAX_TAGS + 1)), "TOO_MANY_TAGS");
    }

    @Test
    void aRequestIsReopenedAtMost5Times() {
        ClientRequest r = Fixtures.request("req-1", RequestStatus.PENDING);
        for (int i = 0; i < ClientRequest.MAX_REOPENS; i++) {
            r = r.submitted("evt-" + i, T0, List.of()).reopened(null, T0);
        }
        assertThat(r.previousSubmissions()).hasSize(5);
        ClientRequest fifth = r.submitted("evt-last", T0, List.of());
        refused(() -> fifth.reopened(null, Instant.now()), "TOO_MANY_REOPENS");
    }

    @Test
    void aSubmissionsAnswersHoldAtMost12000Characters() {
        ClientRequest r = Fixtures.request("req-1", RequestStatus.PENDING);
        // labels and values together: 2 x (1,000 + 5,000) = 12,000
        List<Answer> atTheBound = List.of(new Answer("L".repeat(300), "v".repeat(5_700)), new Answer("M".repeat(300), "w".repeat(5_700)));
        assertThat(r.submitted("evt-1", T0, atTheBound).answers()).hasSize(2);
        List<Answer> past = List.of(new Answer("L".repeat(300), "v".repeat(5_700)), new Answer("M".repeat(300), "w".repeat(5_701)));
        refused(() -> r.submitted("evt-1", T0, past), "ANSWERS_TOO_LARGE");
    }
}
