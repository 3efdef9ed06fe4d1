package io.automove.model;

import io.automove.model.AccessPolicy.Action;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Role × assigned to the account × VIEW_ALL_ACCOUNTS × action: the whole matrix, spelled out. */
class AccessPolicyTest {
    private static final String USER = "user-7";

    static Stream<Arguments> matrix() {
        List<Arguments> rows = new ArrayList<>();
        for (Role role : Role.values()) {
            for (boolean assigned : new boolean[] {false, true}) {
                for (boolean viewAll : new boolean[] {false, true}) {
                    for (Action action : Action.values()) {
                        // the rule, written out independently of the code under test
                        boolean allowed = role == Role.OWNER || role == Role.ADMIN || assigned || viewAll;
                        rows.add(Arguments.of(role, assigned, viewAll, action, allowed));
                    }
                }
            }
        }
        return rows.stream();
    }

    private static Member member(Role role, boolean viewAll) {
        return new Member("firm-1", USER, role, viewAll ? Set.of(Right.VIEW_ALL_ACCOUNTS) : Set.of());
    }

    private static Account account(boolean assigned) {
        return new Account("firm-1", "acc-1", "Rossi & Co", List.of(),
                assigned ? Set.of("someone-else", USER) : Set.of("someone-else"));
    }

    @ParameterizedTest(name = "{0} assigned={1} viewAll={2} {3} -> allowed={4}")
    @MethodSource("matrix")
    void onlyOwnersAdminsAssignedMembersOrViewAllHolders_mayActOnAnAccount(Role role, boolean assigned, boolean viewAll,
                                                                          Action action, boolean allowed) {
        Member member = member(role, viewAll);
        Account account = account(assigned);

        assertThat(AccessPolicy.canWorkOn(member, account)).isEqualTo(allowed);
        if (allowed) {
            assertThatCode(() -> AccessPolicy.require(member, account, action)).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> AccessPolicy.require(member, account, action))
                    .isInstanceOfSatisfying(DomainException.class, e -> {
                        assertThat(e.reason()).isEqualTo(DomainException.Reason.FORBIDDEN);
                        assertThat(e.code()).isEqualTo("FORBIDDEN");
                        assertThat(e.getMessage()).startsWith("You may not ").contains("this account");
                    });
        }
    }

    @Test
    void refusal_namesTheAction() {
        Member employee = member(Role.EMPLOYEE, false);
        Account account = account(false);

        assertThatThrownBy(() -> AccessPolicy.require(employee, account, Action.MOVE_JOB)).hasMessageContaining("move jobs of");
        assertThatThrownBy(() -> AccessPolicy.require(employee, account, Action.READ)).hasMessageContaining("You may not see");
        assertThatThrownBy(() -> AccessPolicy.require(employee, account, Action.CREATE_REQUEST))
                .hasMessageContaining("create client requests for");
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void seesEveryAccount_onlyForManagersOrViewAllHolders(Role role) {
        boolean manager = role != Role.EMPLOYEE;

        assertThat(AccessPolicy.isManager(member(role, false))).isEqualTo(manager);
        assertThat(AccessPolicy.seesEveryAccount(member(role, false))).isEqualTo(manager);
        assertThat(AccessPolicy.seesEveryAccount(member(role, true))).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void firmConfiguration_isForOwnersAndAdminsOnly_evenWithViewAll(Role role) {
        Member withViewAll = member(role, true);

        if (role == Role.EMPLOYEE) {
            assertThatThrownBy(() -> AccessPolicy.requireManager(withViewAll, "create pipelines"))
                    .isInstanceOfSatisfying(DomainException.class, e -> {
                        assertThat(e.reason()).isEqualTo(DomainException.Reason.FORBIDDEN);
                        assertThat(e.getMessage()).contains("create pipelines");
                    });
        } else {
            assertThatCode(() -> AccessPolicy.requireManager(withViewAll, "create pipelines")).doesNotThrowAnyException();
        }
    }

    // ---------------------------------------------------------------- members: who changes and removes whom

    private static Member someone(String userId, Role role) { return new Member("firm-1", userId, role, Set.of()); }

    /** actor role x target role x new role, and acting on oneself: the rule written out independently. */
    static Stream<Arguments> memberChanges() {
        List<Arguments> rows = new ArrayList<>();
        for (Role actor : Role.values()) {
            for (Role target : Role.values()) {
                for (Role to : Role.values()) {
                    for (boolean self : new boolean[] {false, true}) {
                        if (self && target != actor) continue;
                        String refusal;
                        if (actor == Role.EMPLOYEE) refusal = "FORBIDDEN";
                        else if (self) refusal = "OWN_MEMBERSHIP";
                        else if (actor == Role.OWNER) refusal = target == Role.OWNER ? "FORBIDDEN" : null;
                        else refusal = target != Role.EMPLOYEE || to == Role.OWNER ? "FORBIDDEN" : null; // an admin
                        rows.add(Arguments.of(actor, target, to, self, refusal));
                    }
                }
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} changes {1} (self={3}) into {2}: refused with {4}")
    @MethodSource("memberChanges")
    void onlyTheOwnerChangesAdmins_anAdminChangesEmployees_nobodyThemselves(Role actorRole, Role targetRole, Role to,
                                                                           boolean self, String refusal) {
        Member actor = someone("actor", actorRole);
        Member target = self ? actor : someone("target", targetRole);
        Member changed = new Member("firm-1", target.userId(), to, Set.of(Right.VIEW_ALL_ACCOUNTS));

        if (refusal == null) {
            assertThatCode(() -> AccessPolicy.requireMayChange(actor, target, changed)).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> AccessPolicy.requireMayChange(actor, target, changed))
                    .isInstanceOfSatisfying(DomainException.class, e -> {
                        assertThat(e.reason()).isEqualTo(DomainException.Reason.FORBIDDEN);
                        assertThat(e.code()).isEqualTo(refusal);
                    });
        }
    }

    static Stream<Arguments> memberRemovals() {
        List<Arguments> rows = new ArrayList<>();
        for (Role actor : Role.values()) {
            for (Role target : Role.values()) {
                for (boolean self : new boolean[] {false, true}) {
                    if (self && target != actor) continue;
                    String refusal;
                    if (actor == Role.EMPLOYEE) refusal = "FORBIDDEN";
                    else if (target == Role.OWNER) refusal = "OWNER_NOT_REMOVABLE";
                    else if (self) refusal = "OWN_MEMBERSHIP";
                    else if (actor == Role.ADMIN && target == Role.ADMIN) refusal = "FORBIDDEN";
                    else refusal = null;
                    rows.add(Arguments.of(actor, target, self, refusal));
                }
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} removes {1} (self={2}): refused with {3}")
    @MethodSource("memberRemovals")
    void nobodyRemovesTheOwner_onlyTheOwnerRemovesAdmins_nobodyThemselves(Role actorRole, Role targetRole, boolean self,
                                                                         String refusal) {
        Member actor = someone("actor", actorRole);
        Member target = self ? actor : someone("target", targetRole);

        if (refusal == null) {
            assertThatCode(() -> AccessPolicy.requireMayRemove(actor, target)).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> AccessPolicy.requireMayRemove(actor, target))
                    .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo(refusal));
        }
    }

    @Test
    void makingAnotherMemberOwner_handsTheFirmOver_andOnlyTheOwnerCan() {
        Member owner = someone("owner", Role.OWNER);
        Member admin = someone("admin", Role.ADMIN);
        Member promoted = new Member("firm-1", "admin", Role.OWNER, Set.of());

        assertThat(AccessPolicy.handsOver(owner, promoted)).isTrue();
        assertThat(AccessPolicy.handsOver(owner, new Member("firm-1", "admin", Role.ADMIN, Set.of()))).isFalse();
        assertThatThrownBy(() -> AccessPolicy.requireMayChange(admin, someone("e", Role.EMPLOYEE),
                new Member("firm-1", "e", Role.OWNER, Set.of()))).hasMessageContaining("owner");
    }
}
