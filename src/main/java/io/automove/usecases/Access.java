package io.automove.usecases;

import io.automove.model.AccessPolicy;
import io.automove.model.Account;
import io.automove.model.Caller;
import io.automove.model.DomainException;
import io.automove.model.Member;
import io.automove.model.AccessPolicy.Action;
import io.automove.usecases.ports.Directory;
import io.automove.usecases.ports.Read;

/** Resolves the caller to a member of their firm and applies {@link AccessPolicy} to accounts. */
public final class Access {
    private final Directory directory;

    public Access(Directory directory) { this.directory = directory; }

    public Member member(Caller caller) {
        String firmId = caller.requireFirm();
        return directory.member(firmId, caller.userId()).orElseThrow(() -> DomainException.forbidden("NOT_A_MEMBER",
                "You are not a member of this firm."));
    }

    public Member manager(Caller caller, String what) {
        Member member = member(caller);
        AccessPolicy.requireManager(member, what);
        return member;
    }

    /**
     * Reads the account only when the member's role and rights do not decide alone; strongly, so that a change of
     * the account's team is effective at the next call.
     */
    public void require(Member member, String accountId, Action action) {
        if (AccessPolicy.seesEveryAccount(member)) return;
        Account account = directory.account(member.firmId(), accountId, Read.CONSISTENT)
                .orElseThrow(() -> DomainException.notFound("account", accountId));
        AccessPolicy.require(member, account, action);
    }

    public Account account(Member member, String accountId, Action action) {
        Account account = directory.account(member.firmId(), accountId,
                        AccessPolicy.seesEveryAccount(member) ? Read.EVENTUAL : Read.CONSISTENT)
                .orElseThrow(() -> DomainException.notFound("account", accountId));
        AccessPolicy.require(member, account, action);
        return account;
    }
}
