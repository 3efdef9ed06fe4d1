package io.automove.usecases;

import io.automove.model.Account;
import io.automove.model.Firm;
import io.automove.model.Member;
import io.automove.model.Pipeline;
import io.automove.model.RequestTemplate;
import io.automove.usecases.ports.ConcurrentChangeException;
import io.automove.usecases.ports.Directory;
import io.automove.usecases.ports.Read;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** An in-memory {@link Directory}; counts account reads so tests can tell when one was needed. */
final class FakeDirectory implements Directory {
    final Map<String, Firm> firms = new HashMap<>();
    final Map<String, Member> members = new HashMap<>();
    final Map<String, Account> accounts = new HashMap<>();
    final Map<String, RequestTemplate> templates = new HashMap<>();
    final Map<String, Pipeline> pipelines = new HashMap<>();
    int accountReads;
    /** Thrown by the next account read (a transient DynamoDB error), then cleared. */
    RuntimeException failNextAccountRead;

    private static String key(String firmId, String id) { return firmId + "/" + id; }

    FakeDirectory with(Member m) { members.put(key(m.firmId(), m.userId()), m); return this; }
    FakeDirectory with(Account a) { accounts.put(key(a.firmId(), a.accountId()), a); return this; }
    FakeDirectory with(RequestTemplate t) { templates.put(key(t.firmId(), t.templateId()), t); return this; }
    FakeDirectory with(Pipeline p) { pipelines.put(key(p.firmId(), p.pipelineId()), p); return this; }

    @Override public boolean createFirm(Firm firm, Member owner) {
        if (firms.putIfAbsent(firm.firmId(), firm) != null) return false;
        with(owner);
        return true;
    }
    @Override public OnlyFirm createOnlyFirm(Firm firm, Member owner) {
        if (firms.containsKey(firm.firmId())) return OnlyFirm.EXISTS;
        if (!firms.isEmpty()) return OnlyFirm.CLOSED;
        createFirm(firm, owner);
        return OnlyFirm.CREATED;
    }
    @Override public Optional<Firm> firm(String firmId) { return Optional.ofNullable(firms.get(firmId)); }

    @Override public MemberState memberState(String firmId, String userId) {
        Member m = members.get(key(firmId, userId));
        return m == null ? MemberState.none() : new MemberState(m, false, 1);
    }
    @Override public void writeMembers(java.util.List<MemberWrite> writes) {
        for (MemberWrite w : writes) {
            if (w.remove()) members.remove(key(w.after().firmId(), w.after().userId()));
            else with(w.after());
        }
    }
    @Override public Optional<Member> member(String firmId, String userId) {
        return Optional.ofNullable(members.get(key(firmId, userId)));
    }

    @Override public boolean createAccount(Account a) { return accounts.putIfAbsent(key(a.firmId(), a.accountId()), a) == null; }
    @Override public Optional<Account> account(String firmId, String accountId) {
        accountReads++;
        if (failNextAccountRead != null) {
            RuntimeException e = failNextAccountRead;
            failNextAccountRead = null;
            throw e;
        }
        return Optional.ofNullable(accounts.get(key(firmId, accountId)));
    }
    @Override public Optional<Account> account(String firmId, String accountId, Read read) { return account(firmId, accountId); }
    @Override public Optional<AccountState> accountState(String firmId, String accountId, Read read) {
        return account(firmId, accountId).map(a -> new AccountState(a, 1));
    }
    @Override public void updateAccount(AccountState before, Account changed, io.automove.model.DomainEvent event) { with(changed); }
    @Override public Map<String, Account> accounts(String firmId, Collection<String> ids) {
        Map<String, Account> out = new LinkedHashMap<>();
        ids.forEach(id -> { Account a = accounts.get(key(firmId, id)); if (a != null) out.put(id, a); });
        return out;
    }

    @Override public java.util.Set<String> accountIdsOf(String firmId, String userId) {
        java.util.Set<String> ids = new java.util.TreeSet<>();
        accounts.values().forEach(a -> { if (a.firmId().equals(firmId) && a.hasTeamMember(userId)) ids.add(a.accountId()); });
        return ids;
    }

    @Override public boolean createTemplate(RequestTemplate t) {
        return templates.putIfAbsent(key(t.firmId(), t.templateId()), t) == null;
    }
    @Override public Optional<RequestTemplate> template(String firmId, String templateId) {
        return Optional.ofNullable(templates.get(key(firmId, templateId)));
    }
    @Override public Map<String, RequestTemplate> templates(String firmId, Collection<String> ids) {
        Map<String, RequestTemplate> out = new LinkedHashMap<>();
        ids.forEach(id -> { RequestTemplate t = templates.get(key(firmId, id)); if (t != null) out.put(id, t); });
        return out;
    }

    @Override public boolean createPipeline(Pipeline p) {
        return pipelines.putIfAbsent(key(p.firmId(), p.pipelineId()), p) == null;
    }
    @Override public Optional<Pipeline> pipeline(String firmId, String pipelineId) {
        return Optional.ofNullable(pipelines.get(key(firmId, pipelineId)));
    }
    @Override public Optional<Pipeline> pipeline(String firmId, String pipelineId, Read read) {
        return pipeline(firmId, pipelineId);
    }
    @Override public Map<String, Pipeline> pipelines(String firmId, Collection<String> ids) {
        Map<String, Pipeline> out = new LinkedHashMap<>();
        ids.forEach(id -> { Pipeline p = pipelines.get(key(firmId, id)); if (p != null) out.put(id, p); });
        return out;
    }

    @Override public Pipeline updatePipeline(Pipeline changed, io.automove.model.DomainEvent event) {
        Pipeline current = pipelines.get(key(changed.firmId(), changed.pipelineId()));
        if (current == null || current.rev() != changed.rev()) throw new ConcurrentChangeException("pipeline changed");
        Pipeline stored = changed.atRev(changed.rev() + 1);
        with(stored);
        return stored;
    }

    @Override public io.automove.usecases.ports.Page<Member> members(String firmId, io.automove.usecases.ports.PageRequest page) {
        return page(members.values().stream().filter(m -> m.firmId().equals(firmId)).sorted(java.util.Comparator.comparing(Member::userId)).toList());
    }
    @Override public io.automove.usecases.ports.Page<Account> accounts(String firmId, String teamMemberId,
                                                                       io.automove.usecases.ports.PageRequest page) {
        return page(accounts.values().stream().filter(a -> a.firmId().equals(firmId))
                .filter(a -> teamMemberId == null || a.hasTeamMember(teamMemberId))
                .sorted(java.util.Comparator.comparing(Account::accountId)).toList());
    }
    @Override public io.automove.usecases.ports.Page<RequestTemplate> templates(String firmId, io.automove.usecases.ports.PageRequest page) {
        return page(templates.values().stream().filter(t -> t.firmId().equals(firmId)).sorted(java.util.Comparator.comparing(RequestTemplate::templateId)).toList());
    }
    @Override public io.automove.usecases.ports.Page<Pipeline> pipelines(String firmId, io.automove.usecases.ports.PageRequest page) {
        return page(pipelines.values().stream().filter(p -> p.firmId().equals(firmId)).sorted(java.util.Comparator.comparing(Pipeline::pipelineId)).toList());
    }
    /** The whole list as one page: the fakes do not paginate. */
    private static <T> io.automove.usecases.ports.Page<T> page(java.util.List<T> all) { return io.automove.usecases.ports.Page.last(all); }
}
