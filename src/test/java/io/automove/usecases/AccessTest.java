package io.automove.usecases;

import io.automove.model.Account;
import io.automove.model.Caller;
import io.automove.model.DomainException;
import io.automove.model.Member;
import io.automove.model.Role;
import io.automove.model.AccessPolicy.Action;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccessTest {
    private final FakeDirectory directory = new FakeDirectory()
            .with(new Member("firm-1", "owner", Role.OWNER, Set.of()))
            .with(new Member("firm-1", "emp", Role.EMPLOYEE, Set.of()))
            .with(new Account("firm-1", "acc-1", "Rossi & Co", List.of(), Set.of("someone-else")));
    private final Access access = new Access(directory);

    @Test
    void callerWhoIsNotAMemberOfTheFirm_isForbidden() {
        assertThatThrownBy(() -> access.member(new Caller("stranger", "firm-1")))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("NOT_A_MEMBER"));
    }

    @Test
    void callerWithoutAFirm_isForbidden() {
        assertThatThrownBy(() -> access.member(new Caller("owner", null)))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("NO_FIRM"));
    }

    @Test
    void aManager_isAllowedWithoutReadingTheAccount() {
        Member owner = access.member(new Caller("owner", "firm-1"));

        assertThatCode(() -> access.require(owner, "acc-unknown", Action.MOVE_JOB)).doesNotThrowAnyException();
        assertThat(directory.accountReads).isZero();
    }

    @Test
    void anUnassignedEmployee_isForbidden_andAnUnknownAccountIsNotFound() {
        Member emp = access.member(new Caller("emp", "firm-1"));

        assertThatThrownBy(() -> access.require(emp, "acc-1", Action.READ))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("FORBIDDEN"));
        assertThatThrownBy(() -> access.require(emp, "acc-unknown", Action.READ))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("ACCOUNT_NOT_FOUND"));
    }
}
