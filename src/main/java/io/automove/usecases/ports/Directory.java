package io.automove.usecases.ports;

import io.automove.model.Account;
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
    Optional<Firm> firm(String firmId);

    boolean createMember(Member member);
    Optional<Member> member(String firmId, String userId);

    boolean createAccount(Account account);
    Optional<Account> account(String firmId, String accountId);
    Map<String, Account> accounts(String firmId, Collection<String> accountIds);

    boolean createTemplate(RequestTemplate template);
    Optional<RequestTemplate> template(String firmId, String templateId);
    Map<String, RequestTemplate> templates(String firmId, Collection<String> templateIds);

    boolean createPipeline(Pipeline pipeline);
    Optional<Pipeline> pipeline(String firmId, String pipelineId);
    Optional<Pipeline> pipeline(String firmId, String pipelineId, Read read);
    Map<String, Pipeline> pipelines(String firmId, Collection<String> pipelineIds);

    /**
     * Stores {@code changed} if the stored pipeline is still at {@code changed.rev()} (the revision it was read
     * at), and returns it at its new revision.
     */
    Pipeline updatePipeline(Pipeline changed) throws ConcurrentChangeException;

    // --- lists, one page at a time, in id order (the firm's partition sorts by kind, then id) ---

    Page<Member> members(String firmId, PageRequest page);

    /** The firm's accounts; with {@code teamMemberId}, only those whose team holds that member. */
    Page<Account> accounts(String firmId, String teamMemberId, PageRequest page);

    Page<RequestTemplate> templates(String firmId, PageRequest page);

    Page<Pipeline> pipelines(String firmId, PageRequest page);
}
