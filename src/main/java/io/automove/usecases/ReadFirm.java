package io.automove.usecases;

import io.automove.model.AccessPolicy;
import io.automove.model.AccessPolicy.Action;
import io.automove.model.Account;
import io.automove.model.Caller;
import io.automove.model.DomainException;
import io.automove.model.Job;
import io.automove.model.Member;
import io.automove.model.Pipeline;
import io.automove.model.RequestTemplate;
import io.automove.model.Stage;
import io.automove.usecases.ports.Directory;
import io.automove.usecases.ports.Page;
import io.automove.usecases.ports.PageRequest;
import io.automove.usecases.ports.WorkflowStore;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the firm's screens read of its configuration, one page at a time: members (owner and admins), the accounts
 * the caller may work on, one account with its jobs, pipelines and request templates. Reads only, eventually
 * consistent.
 */
public final class ReadFirm {

    /** A job as an account's page lists it: with the names of its pipeline and stage (null if they are gone). */
    public record AccountJob(Job job, String pipelineName, String stageName) {}

    /** An account and the first page of its jobs. */
    public record AccountWithJobs(Account account, Page<AccountJob> jobs) {}

    private final Directory directory;
    private final WorkflowStore store;
    private final Access access;

    public ReadFirm(Directory directory, WorkflowStore store) {
        this.directory = directory;
        this.store = store;
        this.access = new Access(directory);
    }

    public Page<Member> members(Caller caller, PageRequest page) {
        Member manager = access.manager(caller, "see the firm's members");
        return directory.members(manager.firmId(), page);
    }

    /** The accounts the caller may work on: every one for owners, admins and VIEW_ALL_ACCOUNTS, else their team's. */
    public Page<Account> accounts(Caller caller, PageRequest page) {
        Member member = access.member(caller);
        String teamMember = AccessPolicy.seesEveryAccount(member) ? null : member.userId();
        return directory.accounts(member.firmId(), teamMember, page);
    }

    public AccountWithJobs account(Caller caller, String accountId, PageRequest jobsPage) {
        Member member = access.member(caller);
        Account account = access.account(member, accountId, Action.READ);
        return new AccountWithJobs(account, jobsOf(account, jobsPage));
    }

    public Page<AccountJob> accountJobs(Caller caller, String accountId, PageRequest page) {
        Member member = access.member(caller);
        return jobsOf(access.account(member, accountId, Action.READ), page);
    }

    private Page<AccountJob> jobsOf(Account account, PageRequest page) {
        Page<Job> jobs = store.jobsOfAccount(account.firmId(), account.accountId(), page);
        Set<String> pipelineIds = new LinkedHashSet<>();
        jobs.items().forEach(j -> pipelineIds.add(j.pipelineId()));
        Map<String, Pipeline> pipelines = directory.pipelines(account.firmId(), pipelineIds);
        return jobs.map(j -> {
            Pipeline p = pipelines.get(j.pipelineId());
            return new AccountJob(j, p == null ? null : p.name(),
                    p == null ? null : p.stage(j.stageId()).map(Stage::name).orElse(null));
        });
    }

    public Page<Pipeline> pipelines(Caller caller, PageRequest page) {
        return directory.pipelines(access.member(caller).firmId(), page);
    }

    public Page<RequestTemplate> templates(Caller caller, PageRequest page) {
        return directory.templates(access.member(caller).firmId(), page);
    }

    public RequestTemplate template(Caller caller, String templateId) {
        Member member = access.member(caller);
        return directory.template(member.firmId(), templateId)
                .orElseThrow(() -> DomainException.notFound("request template", templateId));
    }
}
