package io.automove.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Contact validation, and that personal data never shows in a toString (which is what ends up in logs). */
class PersonalDataTest {

    @ParameterizedTest
    @ValueSource(strings = {"maria@rossi.example", "m.rossi+tax@mail.rossi.co.uk", "x@y.io", "O'Brien@example.ie"})
    void plausibleAddresses_areAccepted(String email) {
        assertThat(new Contact("Maria", email).email()).isEqualTo(email);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "maria", "maria@", "@rossi.example", "maria@rossi", "maria@rossi.", "ma ria@rossi.example",
            "maria@ro@ssi.example", "<maria@rossi.example>", "maria@rossi.example,luca@rossi.example",
            "maria@rossi.example;", "\"maria\"@rossi.example", "maria@rossi.example\n"})
    void impossibleAddresses_areRefused(String email) {
        assertThatThrownBy(() -> new Contact("Maria", email)).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.reason()).isEqualTo(DomainException.Reason.INVALID);
            assertThat(e.code()).isEqualTo("INVALID_EMAIL");
            if (email != null && !email.isEmpty()) assertThat(e.getMessage()).doesNotContain(email.strip());
        });
    }

    @Test
    void localPartLongerThan64_isRefused() {
        assertThatThrownBy(() -> new Contact("Maria", "a".repeat(65) + "@rossi.example")).isInstanceOf(DomainException.class);
        assertThat(new Contact("Maria", "a".repeat(64) + "@rossi.example").email()).startsWith("aaaa");
    }

    @Test
    void contactNeedsAName() {
        assertThatThrownBy(() -> new Contact("  ", "maria@rossi.example"))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("MISSING_FIELD"));
    }

    @Test
    void contactToString_hidesNameAndEmail() {
        Contact c = new Contact("Maria Rossi", "maria@rossi.example");

        assertThat(c.toString()).doesNotContain("maria").doesNotContain("Maria").doesNotContain("@");
    }

    @Test
    void answerToString_hidesTheValue() {
        Answer a = new Answer("Annual income", "EUR 123456, IBAN IT60X0542811101000000123456");

        assertThat(a.toString()).doesNotContain("123456").doesNotContain("IBAN");
    }

    @Test
    void accountToString_hidesContacts() {
        Account account = new Account("firm-1", "acc-1", "Rossi & Co",
                List.of(new Contact("Maria Rossi", "maria@rossi.example")), Set.of("user-1"));

        assertThat(account.toString()).contains("acc-1").doesNotContain("maria").doesNotContain("Maria").doesNotContain("@");
        assertThat(List.of(account).toString()).doesNotContain("@");
    }

    @Test
    void answerValue_isRequired_butMayBeEmpty_andIsCappedAt10000Characters() {
        assertThatThrownBy(() -> new Answer("Q", null))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("MISSING_FIELD"));
        assertThat(new Answer("Q", "").value()).isEmpty();
        assertThat(new Answer("Q", "x".repeat(10_000)).value()).hasSize(10_000);
        assertThatThrownBy(() -> new Answer("Q", "x".repeat(10_001)))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("FIELD_TOO_LONG"));
    }

    @Test
    void accountWithMoreThan20Contacts_isRefused() {
        List<Contact> contacts = java.util.stream.IntStream.rangeClosed(1, Account.MAX_CONTACTS + 1)
                .mapToObj(i -> new Contact("C" + i, "c" + i + "@rossi.example")).toList();

        assertThatThrownBy(() -> new Account("firm-1", "acc-1", "Rossi", contacts, Set.of()))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("TOO_MANY_CONTACTS"));
    }
}
