package io.automove.adapters.dynamodb;

import io.automove.adapters.events.EventCodec;
import io.automove.model.Account;
import io.automove.model.DomainEvent;
import io.automove.model.Firm;
import io.automove.model.Id;
import io.automove.model.Member;
import io.automove.model.Pipeline;
import io.automove.model.RequestTemplate;
import io.automove.usecases.ports.ConcurrentChangeException;
import io.automove.usecases.ports.Directory;
import io.automove.usecases.ports.Page;
import io.automove.usecases.ports.PageRequest;
import io.automove.usecases.ports.Read;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A firm's configuration in the firm's partition. Why over 300 lines: it is the whole Directory port, one short
 * method per access pattern of docs/data-model.md, each a few lines on {@link Table}.
 */
public final class DynamoDirectory implements Directory {
    private final Table table;
    /** When a change is stored: the {@code at} of the events it carries (the activity trail orders by it). */
    private final java.time.Clock clock;

    public DynamoDirectory(DynamoDbClient client, String tableName) {
        this(client, tableName, java.time.Clock.systemUTC());
    }

    public DynamoDirectory(DynamoDbClient client, String tableName, java.time.Clock clock) {
        this.table = new Table(client, tableName);
        this.clock = clock;
    }

    @Override
    public boolean createFirm(Firm firm, Member owner) {
        return putTogether(List.of(put(FirmItems.firm(firm), true), put(FirmItems.member(owner), true)));
    }

    private Put put(Map<String, AttributeValue> item, boolean onlyIfNew) {
        Put.Builder b = Put.builder().tableName(table.name).item(item);
        return (onlyIfNew ? b.conditionExpression(Table.NOT_EXISTS) : b).build();
    }

    /** All the puts in one transaction; false (nothing written) when one that must be new exists already. */
    private boolean putTogether(List<Put> puts) {
        try {
            table.transact(puts.stream().map(p -> TransactWriteItem.builder().put(p).build()).toList());
            return true;
        } catch (ConcurrentChangeException exists) {
            return false;
        }
    }

    @Override
    public OnlyFirm createOnlyFirm(Firm firm, Member owner) {
        Map<String, AttributeValue> marker = Items.item(Keys.STACK, Keys.ONLY_FIRM_SK, "ONLY_FIRM");
        marker.put("firmId", Attr.s(firm.firmId()));
        List<TransactWriteItem> writes = List.of(
                TransactWriteItem.builder().put(Put.builder().tableName(table.name).item(FirmItems.firm(firm))
                        .conditionExpression(Table.NOT_EXISTS).build()).build(),
                TransactWriteItem.builder().put(Put.builder().tableName(table.name).item(FirmItems.member(owner))
                        .conditionExpression(Table.NOT_EXISTS).build()).build(),
                TransactWriteItem.builder().put(Put.builder().tableName(table.name).item(marker)
                        .conditionExpression(Table.NOT_EXISTS).build()).build());
        try {
            table.client.transactWriteItems(b -> b.transactItems(writes));
            return OnlyFirm.CREATED;
        } catch (software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException e) {
            List<String> reasons = Table.reasons(e);
            if (!reasons.isEmpty() && "ConditionalCheckFailed".equals(reasons.get(0))) return OnlyFirm.EXISTS;
            if (reasons.size() > 2 && "ConditionalCheckFailed".equals(reasons.get(2))) return OnlyFirm.CLOSED;
            throw new ConcurrentChangeException("firm creation cancelled: " + reasons);
        }
    }

    @Override
    public Optional<Firm> firm(String firmId) {
        if (!Id.valid(firmId)) return Optional.empty();
        return table.get(Items.key(Keys.firm(firmId), Keys.FIRM_SK), false).map(FirmItems::firm);
    }

    @Override
    public Optional<Member> member(String firmId, String userId) {
        MemberState state = memberState(firmId, userId);
        return state.live() ? Optional.of(state.member()) : Optional.empty();
    }

    @Override
    public MemberState memberState(String firmId, String userId) {
        if (!Id.valid(firmId, userId)) return MemberState.none();
        return table.get(Items.key(Keys.firm(firmId), Keys.member(userId)), true)
                .map(i -> new MemberState(FirmItems.member(i), Attr.bool(i, "removed"), i.containsKey("rev") ? Attr.num(i, "rev") : 0))
                .orElse(MemberState.none());
    }

    @Override
    public void writeMembers(List<MemberWrite> writes) {
        List<Put> puts = new java.util.ArrayList<>();
        for (MemberWrite w : writes) {
            Map<String, AttributeValue> item = FirmItems.member(w.after(), w.before().rev() + 1, w.remove());
            item.put("outbox", Attr.s(EventCodec.outbox(List.of(w.event()), clock.instant())));
            Put.Builder put = Put.builder().tableName(table.name).item(item);
            MemberState before = w.before();
            if (!before.exists()) {
                put.conditionExpression(Table.NOT_EXISTS);
            } else if (before.rev() == 0) {
                // stored before members had revisions
                put.conditionExpression("attribute_exists(PK) AND attribute_not_exists(rev)");
            } else {
                put.conditionExpression("rev = :rev").expressionAttributeValues(Map.of(":rev", Attr.n(before.rev())));
            }
            puts.add(put.build());
        }
        if (puts.size() == 1) {
            Put p = puts.get(0);
            if (!table.put(p.item(), p.conditionExpression(), p.expressionAttributeValues())) {
                throw new ConcurrentChangeException("member changed meanwhile");
            }
            return;
        }
        table.transact(puts.stream().map(p -> TransactWriteItem.builder().put(p).build()).toList());
    }

    @Override
    public boolean createAccount(Account account) {
        if (account.teamMemberIds().isEmpty()) return table.put(FirmItems.account(account), Table.NOT_EXISTS, null);
        // the account and one assignment item per team member, together: an employee's accounts are then one query
        List<Put> puts = new java.util.ArrayList<>();
        puts.add(put(FirmItems.account(account), true));
        for (String userId : new java.util.TreeSet<>(account.teamMemberIds())) {
            puts.add(put(FirmItems.assignment(account.firmId(), userId, account.accountId()), false));
        }
        return putTogether(puts);
    }

    @Override
    public java.util.Set<String> accountIdsOf(String firmId, String userId) {
        if (!Id.valid(firmId, userId)) return java.util.Set.of();
        java.util.Set<String> ids = new java.util.TreeSet<>();
        for (Map<String, AttributeValue> item : table.query(software.amazon.awssdk.services.dynamodb.model.QueryRequest
                .builder().keyConditionExpression("PK = :pk AND begins_with(SK, :sk)")
                .expressionAttributeValues(Map.of(":pk", Attr.s(Keys.firm(firmId)), ":sk", Attr.s(Keys.teamOf(userId)))))) {
            ids.add(Attr.str(item, "accountId"));
        }
        return ids;
    }

    @Override
    public Optional<Account> account(String firmId, String accountId) {
        return account(firmId, accountId, Read.EVENTUAL);
    }

    @Override
    public Optional<Account> account(String firmId, String accountId, Read read) {
        return accountState(firmId, accountId, read).map(AccountState::account);
    }

    @Override
    public Optional<AccountState> accountState(String firmId, String accountId, Read read) {
        if (!Id.valid(firmId, accountId)) return Optional.empty();
        return table.get(Items.key(Keys.firm(firmId), Keys.account(accountId)), read == Read.CONSISTENT)
                .map(i -> new AccountState(FirmItems.account(i), i.containsKey("rev") ? Attr.num(i, "rev") : 0));
    }

    @Override
    public void updateAccount(AccountState before, Account changed, DomainEvent event) {
        Map<String, AttributeValue> item = FirmItems.account(changed);
        item.put("rev", Attr.n(before.rev() + 1));
        item.put("outbox", Attr.s(EventCodec.outbox(List.of(event), clock.instant())));
        String condition = before.rev() == 0
                // stored before accounts had revisions
                ? "attribute_exists(PK) AND attribute_not_exists(rev)" : "rev = :rev";
        Map<String, AttributeValue> values = before.rev() == 0 ? null : Table.values(":rev", Attr.n(before.rev()));
        java.util.Set<String> added = new java.util.TreeSet<>(changed.teamMemberIds());
        added.removeAll(before.account().teamMemberIds());
        java.util.Set<String> removed = new java.util.TreeSet<>(before.account().teamMemberIds());
        removed.removeAll(changed.teamMemberIds());
        if (added.isEmpty() && removed.isEmpty()) {
            if (!table.put(item, condition, values)) {
                throw new ConcurrentChangeException("account " + changed.accountId() + " changed meanwhile");
            }
            return;
        }
        // a team change moves the assignment items (an employee's accounts, read by their board) in the same
        // transaction as the account: a member added sees the account's jobs at the next call, one removed no more
        List<TransactWriteItem> writes = new java.util.ArrayList<>();
        Put.Builder account = Put.builder().tableName(table.name).item(item).conditionExpression(condition);
        if (values != null) account.expressionAttributeValues(values);
        writes.add(TransactWriteItem.builder().put(account.build()).build());
        for (String userId : added) {
            writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table.name)
                    .item(FirmItems.assignment(changed.firmId(), userId, changed.accountId())).build()).build());
        }
        for (String userId : removed) {
            writes.add(TransactWriteItem.builder().delete(software.amazon.awssdk.services.dynamodb.model.Delete.builder()
                    .tableName(table.name).key(Items.key(Keys.firm(changed.firmId()), Keys.team(userId, changed.accountId())))
                    .build()).build());
        }
        table.transact(writes);
    }

    @Override
    public Map<String, Account> accounts(String firmId, Collection<String> accountIds) {
        return many(firmId, accountIds, Keys::account, FirmItems::account, Account::accountId);
    }

    @Override
    public boolean createTemplate(RequestTemplate template) {
        return table.put(FirmItems.template(template), Table.NOT_EXISTS, null);
    }

    @Override
    public Optional<RequestTemplate> template(String firmId, String templateId) {
        if (!Id.valid(firmId, templateId)) return Optional.empty();
        return table.get(Items.key(Keys.firm(firmId), Keys.template(templateId)), false).map(FirmItems::template);
    }

    @Override
    public Map<String, RequestTemplate> templates(String firmId, Collection<String> templateIds) {
        return many(firmId, templateIds, Keys::template, FirmItems::template, RequestTemplate::templateId);
    }

    @Override
    public boolean createPipeline(Pipeline pipeline) {
        return table.put(FirmItems.pipeline(pipeline, 1), Table.NOT_EXISTS, null);
    }

    @Override
    public Optional<Pipeline> pipeline(String firmId, String pipelineId) {
        return pipeline(firmId, pipelineId, Read.EVENTUAL);
    }

    @Override
    public Optional<Pipeline> pipeline(String firmId, String pipelineId, Read read) {
        if (!Id.valid(firmId, pipelineId)) return Optional.empty();
        return table.get(Items.key(Keys.firm(firmId), Keys.pipeline(pipelineId)), read == Read.CONSISTENT)
                .map(FirmItems::pipeline);
    }

    @Override
    public Map<String, Pipeline> pipelines(String firmId, Collection<String> pipelineIds) {
        return many(firmId, pipelineIds, Keys::pipeline, FirmItems::pipeline, Pipeline::pipelineId);
    }

    @Override
    public Pipeline updatePipeline(Pipeline changed, DomainEvent event) {
        long rev = changed.rev() + 1;
        Map<String, AttributeValue> item = FirmItems.pipeline(changed, rev);
        item.put("outbox", Attr.s(EventCodec.outbox(List.of(event), clock.instant())));
        if (!table.put(item, "rev = :rev", Table.values(":rev", Attr.n(changed.rev())))) {
            throw new ConcurrentChangeException("pipeline " + changed.pipelineId() + " changed meanwhile");
        }
        return changed.atRev(rev);
    }

    @Override
    public Page<Member> members(String firmId, PageRequest page) {
        // removed members stay as tombstones: not in the list
        return list(firmId, Keys.member(""), page, "attribute_not_exists(removed)", Map.of()).map(FirmItems::member);
    }

    @Override
    public Page<Account> accounts(String firmId, String teamMemberId, PageRequest page) {
        if (teamMemberId == null) return list(firmId, Keys.account(""), page, null, Map.of()).map(FirmItems::account);
        return list(firmId, Keys.account(""), page, "contains(teamMemberIds, :u)", Map.of(":u", Attr.s(teamMemberId)))
                .map(FirmItems::account);
    }

    @Override
    public Page<RequestTemplate> templates(String firmId, PageRequest page) {
        return list(firmId, Keys.template(""), page, null, Map.of()).map(FirmItems::template);
    }

    @Override
    public Page<Pipeline> pipelines(String firmId, PageRequest page) {
        return list(firmId, Keys.pipeline(""), page, null, Map.of()).map(FirmItems::pipeline);
    }

    /** The firm's items of one kind (sort key prefix), those a {@code filter} keeps if there is one. */
    private Page<Map<String, AttributeValue>> list(String firmId, String prefix, PageRequest page, String filter,
                                                   Map<String, AttributeValue> filterValues) {
        if (!Id.valid(firmId)) return Page.last(List.of());
        Map<String, AttributeValue> values = new LinkedHashMap<>(filterValues);
        values.put(":pk", Attr.s(Keys.firm(firmId)));
        values.put(":sk", Attr.s(prefix));
        QueryRequest.Builder q = QueryRequest.builder().keyConditionExpression("PK = :pk AND begins_with(SK, :sk)")
                .expressionAttributeValues(values);
        if (filter == null) return table.queryPage(q, page.limit(), page.after());
        return table.queryFilledPage(q.filterExpression(filter), page.limit(), page.after(), FILTERED_ROUNDS);
    }

    /** How many queries a filtered page may take before it comes back short (with its continuation). */
    private static final int FILTERED_ROUNDS = 5;

    private <T> Map<String, T> many(String firmId, Collection<String> ids, Function<String, String> sortKey,
                                    Function<Map<String, AttributeValue>, T> mapper, Function<T, String> idOf) {
        Map<String, T> found = new LinkedHashMap<>();
        for (Map<String, AttributeValue> item : table.getMany(firmId, ids,
                id -> Items.key(Keys.firm(firmId), sortKey.apply(id)), false)) {
            T value = mapper.apply(item);
            found.put(idOf.apply(value), value);
        }
        return found;
    }
}
