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
     * at), and returns it at its new revision.
     */
    Pipeline updatePipeline(Pipeline changed) throws ConcurrentChangeException;
}
