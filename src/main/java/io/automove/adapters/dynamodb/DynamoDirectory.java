package io.automove.adapters.dynamodb;

import io.automove.model.Account;
import io.automove.model.Firm;
import io.automove.model.Id;
import io.automove.model.Member;
import io.automove.model.Pipeline;
import io.automove.model.RequestTemplate;
import io.automove.usecases.ports.ConcurrentChangeException;
import io.automove.usecases.ports.Directory;
import io.automove.usecases.ports.Read;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** A firm's configuration in the firm's partition. */
public final class DynamoDirectory implements Directory {
    private final Table table;

    public DynamoDirectory(DynamoDbClient client, String tableName) {
        this.table = new Table(client, tableName);
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
    public Optional<Firm> firm(String firmId) {
        if (!Id.valid(firmId)) return Optional.empty();
        return table.get(Items.key(Keys.firm(firmId), Keys.FIRM_SK), false).map(FirmItems::firm);
    }

    @Override
    public boolean createMember(Member member) {
        return table.put(FirmItems.member(member), Table.NOT_EXISTS, null);
    }

    @Override
    public Optional<Member> member(String firmId, String userId) {
        if (!Id.valid(firmId, userId)) return Optional.empty();
        return table.get(Items.key(Keys.firm(firmId), Keys.member(userId)), false).map(FirmItems::member);
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
        if (!Id.valid(firmId, accountId)) return Optional.empty();
        return table.get(Items.key(Keys.firm(firmId), Keys.account(accountId)), false).map(FirmItems::account);
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
    public Pipeline updatePipeline(Pipeline changed) {
        long rev = changed.rev() + 1;
        if (!table.put(FirmItems.pipeline(changed, rev), "rev = :rev", Table.values(":rev", Attr.n(changed.rev())))) {
            throw new ConcurrentChangeException("pipeline " + changed.pipelineId() + " changed meanwhile");
        }
        return changed.atRev(rev);
    }

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
