package io.automove.usecases;

import io.automove.model.AccessPolicy;
import io.automove.model.Caller;
import io.automove.model.DomainEvent.MemberAdded;
import io.automove.model.DomainEvent.MemberChanged;
import io.automove.model.DomainEvent.MemberRemoved;
import io.automove.model.DomainException;
import io.automove.model.Member;
import io.automove.model.Right;
import io.automove.model.Role;
import io.automove.usecases.ports.Directory;
import io.automove.usecases.ports.Directory.MemberState;
import io.automove.usecases.ports.Directory.MemberWrite;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A firm's members: added, changed (role, rights), removed, by the rules of {@link AccessPolicy}. Each change is
 * stored with its event (the trail's entry) and only if the member is still as read; a removed member stays as a
 * tombstone whose next call is refused.
 */
public final class ManageMembers {
    private final Directory directory;
    private final Access access;

    public ManageMembers(Directory directory) {
        this.directory = directory;
        this.access = new Access(directory);
    }

    /** Adds {@code userId}; the same add again changes nothing, a different one for an existing member is refused. */
    public Member add(Caller caller, String userId, Role role, Set<Right> rights) {
        Member manager = access.manager(caller, "add members");
        if (role == Role.OWNER && manager.role() != Role.OWNER) {
            throw DomainException.forbidden("FORBIDDEN", "Only the firm owner may add another owner.");
        }
        Member member = new Member(manager.firmId(), userId, role, rights);
        return ReadDecideCommit.run("member " + userId, io.automove.usecases.ports.Read.CONSISTENT, read -> {
            MemberState state = directory.memberState(manager.firmId(), userId);
            if (state.live()) {
                if (state.member().role() == role && state.member().rights().equals(member.rights())) return state.member();
                throw DomainException.conflict("MEMBER_EXISTS", "This user is already a member of the firm.");
            }
            directory.writeMembers(List.of(new MemberWrite(state, member, false, new MemberAdded(member.firmId(), userId,
                    role, sorted(member.rights()), manager.userId(), state.rev() + 1))));
            return member;
        });
    }

    /**
     * Changes a member's role and/or rights (null: unchanged). Making another member OWNER hands the firm over: the
     * owner becomes ADMIN in the same change.
     */
    public Member change(Caller caller, String userId, Role role, Set<Right> rights) {
        if (role == null && rights == null) {
            throw DomainException.invalid("MISSING_FIELD", "Give role, rights or both.");
        }
        return ReadDecideCommit.run("member " + userId, io.automove.usecases.ports.Read.CONSISTENT, read -> {
            Member actor = access.manager(caller, "change members");
            MemberState state = directory.memberState(actor.firmId(), userId);
            if (!state.live()) throw DomainException.notFound("member", userId);
            Member target = state.member();
            Member changed = new Member(target.firmId(), userId, role == null ? target.role() : role,
                    rights == null ? target.rights() : rights);
            AccessPolicy.requireMayChange(actor, target, changed);
            if (changed.equals(target)) return target;
            List<MemberWrite> writes = new ArrayList<>();
            writes.add(write(state, changed, actor));
            if (AccessPolicy.handsOver(actor, changed)) {
                MemberState self = directory.memberState(actor.firmId(), actor.userId());
                writes.add(write(self, new Member(actor.firmId(), actor.userId(), Role.ADMIN, actor.rights()), actor));
            }
            directory.writeMembers(writes);
            return changed;
        });
    }

    public void remove(Caller caller, String userId) {
        ReadDecideCommit.run("member " + userId, io.automove.usecases.ports.Read.CONSISTENT, read -> {
            Member actor = access.manager(caller, "remove members");
            MemberState state = directory.memberState(actor.firmId(), userId);
            if (!state.live()) throw DomainException.notFound("member", userId);
            AccessPolicy.requireMayRemove(actor, state.member());
            directory.writeMembers(List.of(new MemberWrite(state, state.member(), true,
                    new MemberRemoved(actor.firmId(), userId, actor.userId(), state.rev() + 1))));
            return null;
        });
    }

    private static MemberWrite write(MemberState before, Member after, Member actor) {
        return new MemberWrite(before, after, false, new MemberChanged(after.firmId(), after.userId(), after.role(),
                sorted(after.rights()), actor.userId(), before.rev() + 1));
    }

    private static List<Right> sorted(Set<Right> rights) { return rights.stream().sorted().toList(); }
}
