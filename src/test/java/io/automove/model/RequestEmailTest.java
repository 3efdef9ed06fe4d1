package io.automove.model;

import io.automove.model.Email;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.automove.model.Fixtures.T0;
import static io.automove.model.Fixtures.account;
import static io.automove.model.Fixtures.contact;
import static org.assertj.core.api.Assertions.assertThat;

class RequestEmailTest {

    private static ClientRequest request(List<RequestItem> items) {
        return ClientRequest.create("firm-1", "req_abc", "acc-1", "Missing documents", "Documents for your tax return",
                "Please send us the documents below.", items, Set.of("job-1"), "user-1", T0);
    }

    @Test
    void recipients_areTheAccountContacts_deduplicated_inOrder() {
        Account account = account(contact("Maria", "maria@rossi.example"), contact("Luca", "luca@rossi.example"),
                contact("Maria again", "maria@rossi.example"));

        List<Email> emails = RequestEmail.compose(request(List.of()), account, "https://portal.example");

        assertThat(emails).as("one email per contact").extracting(Email::to)
                .containsExactly("maria@rossi.example", "luca@rossi.example");
    }

    @Test
    void recipients_differingOnlyInCase_getOneEmail() {
        Account account = account(contact("Maria", "Maria@Rossi.example"), contact("Maria", "maria@rossi.example"));

        assertThat(RequestEmail.compose(request(List.of()), account, "https://portal.example")).extracting(Email::to)
                .containsExactly("Maria@Rossi.example");
        assertThat(RequestEmail.mailboxKey("Maria@Rossi.example")).isEqualTo(RequestEmail.mailboxKey("maria@rossi.example"))
                .doesNotContain("maria").hasSize(16);
    }

    @Test
    void portalLink_isBaseSlashRSlashFirmSlashRequest_withOrWithoutTrailingSlash() {
        ClientRequest r = request(List.of());

        assertThat(RequestEmail.portalLink("https://portal.example", r)).isEqualTo("https://portal.example/r/firm-1/req_abc");
        assertThat(RequestEmail.portalLink("https://portal.example/", r)).isEqualTo("https://portal.example/r/firm-1/req_abc");
        assertThat(RequestEmail.portalLink("https://x.example/portal/", r)).isEqualTo("https://x.example/portal/r/firm-1/req_abc");
    }

    @Test
    void email_carriesSubjectRequestIdLink_andTheTextGreetsListsItemsAndEndsWithTheLink() {
        Account account = account(contact("Maria", "maria@rossi.example"));
        ClientRequest r = request(List.of(new RequestItem(ItemKind.FILE_UPLOAD, "Bank statements", true),
                new RequestItem(ItemKind.QUESTION, "Did you move house this year?", false)));

        Email email = RequestEmail.compose(r, account, "https://portal.example/").get(0);

        assertThat(email.subject()).isEqualTo("Documents for your tax return");
        assertThat(email.requestId()).isEqualTo("req_abc");
        assertThat(email.portalLink()).isEqualTo("https://portal.example/r/firm-1/req_abc");
        assertThat(email.text()).isEqualTo("""
                Hello Rossi & Co,

                Please send us the documents below.

                What we need from you:
                  - Upload: Bank statements
                  - Did you move house this year? (optional)

                Answer here: https://portal.example/r/firm-1/req_abc
                """);
    }

    @Test
    void requestWithoutItems_hasNoItemList() {
        Email email = RequestEmail.compose(request(List.of()), account(contact("M", "m@rossi.example")), "https://p.example").get(0);

        assertThat(email.text()).doesNotContain("What we need from you").contains("Answer here: https://p.example/r/firm-1/req_abc");
    }

    @Test
    void emailToString_showsNoAddress() {
        Email email = RequestEmail.compose(request(List.of()), account(contact("M", "maria@rossi.example")), "https://p.example").get(0);

        assertThat(email.toString()).doesNotContain("maria").doesNotContain("@").contains("req_abc");
    }
}
