package io.automove.usecases.ports;

import io.automove.model.Account;
import io.automove.model.DomainEvent;
import io.automove.model.Firm;
import io.automove.model.Member;
import io.automove.model.Pipeline;
import io.automove.model.RequestTemplate;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * A firm's configuration: members, accounts, request templates, pipelines. Every lookup is scoped by firm, so
 * another firm's id is indistinguishable from an unknown one. {@code create*} return false when the item
 * already exists (a retried create with the same derived id), and write nothing then.
 */
public interface Directory {
    boolean createFirm(Firm firm, Member owner);

    enum OnlyFirm { CREATED, EXISTS, CLOSED }

    /**
     * Single-firm mode: creates the firm and its owner provided no firm was made on this stack before (a stack-wide
     * marker, written in the same transaction); EXISTS when this very firm was made already (a retried create).
     */
    OnlyFirm createOnlyFirm(Firm firm, Member owner);
    Optional<Firm> firm(String firmId);

    /** A member of the firm, never a removed one; strongly consistent (a removal is effective at the next call). */
    Optional<Member> member(String firmId, String userId);

    /**
     * A member's stored state, to decide a change on (strongly consistent): {@code member} is null if the user never
     * was a member, and the member as last stored if {@code removed}. A removed member's item stays (a tombstone),
     * so that its revision goes on and a later add is a new change with an event of its own.
     */
    record MemberState(Member member, boolean removed, long rev) {
        public static MemberState none() { return new MemberState(null, false, 0); }
        public boolean exists() { return member != null; }
        public boolean live() { return member != null && !removed; }
    }

    MemberState memberState(String firmId, String userId);

    /** One member's change: {@code after} stored (as removed if {@code remove}), with {@code event} in its outbox. */
    record MemberWrite(MemberState before, Member after, boolean remove, DomainEvent event) {}

    /**
     * Stores the changes all or none, each only if its member is still as {@code before} was read; else
     * {@link ConcurrentChangeException}.
     */
    void writeMembers(java.util.List<MemberWrite> writes) throws ConcurrentChangeException;

    boolean createAccount(Account account);
    Optional<Account> account(String firmId, String accountId);
    Optional<Account> account(String firmId, String accountId, Read read);

    /** An account and the revision it was read at, to decide a change on. */
    record AccountState(Account account, long rev) {}

    Optional<AccountState> accountState(String firmId, String accountId, Read read);

    /** Stores {@code changed} with {@code event} if the account is still at {@code before}'s revision. */
    void updateAccount(AccountState before, Account changed, DomainEvent event) throws ConcurrentChangeException;
    Map<String, Account> accounts(String firmId, Collection<String> accountIds);
    /** The accounts whose team includes the member: what an employee without VIEW_ALL_ACCOUNTS works on. */
    java.util.Set<String> accountIdsOf(String firmId, String userId);

    boolean createTemplate(RequestTemplate template);
    Optional<RequestTemplate> template(String firmId, String templateId);
    Map<String, RequestTemplate> templates(String firmId, Collection<String> templateIds);

    boolean createPipeline(Pipeline pipeline);
    Optional<Pipeline> pipeline(String firmId, String pipelineId);
    Optional<Pipeline> pipeline(String firmId, String pipelineId, Read read);
    Map<String, Pipeline> pipelines(String firmId, Collection<String> pipelineIds);

    /**
     * Stores {@code changed} if the stored pipeline is still at {@code changed.rev()} (the revision it was read
     * at), with {@code event} (StageChanged) in its outbox, and returns it at its new revision.
     */
    Pipeline updatePipeline(Pipeline changed, io.automove.model.DomainEvent event) throws ConcurrentChangeException;

    // --- lists, one page at a time, in id order (the firm's partition sorts by kind, then id) ---

    Page<Member> members(String firmId, PageRequest page);

    /** The firm's accounts; with {@code teamMemberId}, only those whose team holds that member. */
    Page<Account> accounts(String firmId, String teamMemberId, PageRequest page);

    Page<RequestTemplate> templates(String firmId, PageRequest page);

    Page<Pipeline> pipelines(String firmId, PageRequest page);
}
