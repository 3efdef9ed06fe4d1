package io.automove.adapters.dynamodb;

import io.automove.adapters.events.EventCodec;
import io.automove.model.ClientRequest;
import io.automove.model.DomainEvent;
import io.automove.model.Id;
import io.automove.model.Job;
import io.automove.model.SkippedAutomation;
import io.automove.usecases.ports.Changes;
import io.automove.usecases.ports.ConcurrentChangeException;
import io.automove.usecases.ports.Page;
import io.automove.usecases.ports.PageRequest;
import io.automove.usecases.ports.Read;
import io.automove.usecases.ports.WorkflowStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.automove.adapters.dynamodb.Attr.n;
import static io.automove.adapters.dynamodb.Attr.s;
import static io.automove.adapters.dynamodb.Attr.ss;

/**
 * Jobs and client requests, one partition each. Each write carries the events of its change in the
 * {@code outbox} attribute; the table's stream hands them to the outbox relay, so an event is published if
 * and only if its change was stored. A write without events removes the attribute (an item never republishes).
 */
public final class DynamoWorkflowStore implements WorkflowStore {
    private final Table table;

    public DynamoWorkflowStore(DynamoDbClient client, String tableName) {
        this.table = new Table(client, tableName);
    }

    @Override
    public Optional<Job> job(String firmId, String jobId, Read read) {
        if (!Id.valid(firmId, jobId)) return Optional.empty();
        return table.get(Items.key(Keys.job(firmId, jobId), Keys.JOB_SK), read == Read.CONSISTENT).map(WorkItems::job);
    }

    @Override
    public List<Job> jobs(String firmId, Collection<String> jobIds, Read read) {
        return table.getMany(firmId, jobIds, id -> Items.key(Keys.job(firmId, id), Keys.JOB_SK), read == Read.CONSISTENT)
                .stream().map(WorkItems::job).toList();
    }

    @Override
    public List<Job> jobsInPipeline(String firmId, String pipelineId) {
        if (!Id.valid(firmId, pipelineId)) return List.of();
        return table.queryIndexThenGet(QueryRequest.builder().indexName(Keys.GSI1).keyConditionExpression("GSI1PK = :pk")
                        .expressionAttributeValues(Map.of(":pk", s(Keys.jobsOfPipeline(firmId, pipelineId)))))
                .stream().map(WorkItems::job).toList();
    }

    @Override
    public Optional<ClientRequest> clientRequest(String firmId, String requestId, Read read) {
        if (!Id.valid(firmId, requestId)) return Optional.empty();
        return table.get(Items.key(Keys.request(firmId, requestId), Keys.REQUEST_SK), read == Read.CONSISTENT)
                .map(WorkItems::request);
    }

    @Override
    public List<ClientRequest> clientRequests(String firmId, Collection<String> requestIds, Read read) {
        return table.getMany(firmId, requestIds, id -> Items.key(Keys.request(firmId, id), Keys.REQUEST_SK),
                read == Read.CONSISTENT).stream().map(WorkItems::request).toList();
    }

    @Override
    public List<ClientRequest> clientRequestsOfAccount(String firmId, String accountId) {
        if (!Id.valid(firmId, accountId)) return List.of();
        return table.queryIndexThenGet(QueryRequest.builder().indexName(Keys.GSI1)
                        .keyConditionExpression("GSI1PK = :pk AND begins_with(GSI1SK, :sk)")
                        .expressionAttributeValues(Map.of(":pk", s(Keys.requestsOfAccount(firmId, accountId)),
                                ":sk", s("REQUEST#"))))
                .stream().map(WorkItems::request).toList();
    }

    @Override
    public Page<Job> jobsOfAccount(String firmId, String accountId, PageRequest page) {
        if (!Id.valid(firmId, accountId)) return Page.last(List.of());
        return table.queryIndexPageThenGet(QueryRequest.builder().indexName(Keys.GSI3)
                        .keyConditionExpression("GSI3PK = :pk")
                        .expressionAttributeValues(Map.of(":pk", s(Keys.jobsOfAccount(firmId, accountId)))),
                page.limit(), page.after()).map(WorkItems::job);
    }

    @Override
    public List<DueRequest> dueRequests(java.time.Instant now, int limit) {
        QueryResponse page = table.client.query(b -> b.tableName(table.name).indexName(Keys.GSI2)
                .keyConditionExpression("GSI2PK = :pk AND GSI2SK <= :until")
                .expressionAttributeValues(Map.of(":pk", s(Keys.DUE_WORK), ":until", s(Keys.dueWorkUntil(now))))
                .limit(limit));
        List<DueRequest> due = new ArrayList<>();
        for (Map<String, AttributeValue> k : page.items()) {
            // PK = FIRM#<firmId>#REQUEST#<requestId>
            String pk = k.get(Keys.PK).s();
            int at = pk.lastIndexOf("#REQUEST#");
            due.add(new DueRequest(pk.substring("FIRM#".length(), at), pk.substring(at + "#REQUEST#".length())));
        }
        return due;
    }

    @Override
    public void commit(Changes changes) {
        List<Put> puts = new ArrayList<>();
        for (Changes.Write w : changes.writes()) puts.add(put(w));
        if (puts.isEmpty()) return;
        if (puts.size() == 1) {
            // a lone write needs no transaction, which would cost twice the write units
            Put p = puts.get(0);
            try {
                table.client.putItem(b -> b.tableName(p.tableName()).item(p.item()).conditionExpression(p.conditionExpression())
                        .expressionAttributeValues(p.expressionAttributeValues().isEmpty() ? null : p.expressionAttributeValues()));
            } catch (ConditionalCheckFailedException e) {
                throw new ConcurrentChangeException("item changed meanwhile");
            }
            return;
        }
        List<TransactWriteItem> writes = new ArrayList<>();
        for (Put p : puts) writes.add(TransactWriteItem.builder().put(p).build());
        table.transact(writes);
    }

    private Put put(Changes.Write w) {
        long rev = w.before() == null ? 1 : revOf(w.before()) + 1;
        Map<String, AttributeValue> item;
        if (w.after() instanceof Job j) item = WorkItems.job(j, rev);
        else if (w.after() instanceof ClientRequest r) item = WorkItems.request(r, rev);
        else throw new IllegalArgumentException("cannot store " + w.after().getClass());
        withOutbox(item, w.events());
        Put.Builder put = Put.builder().tableName(table.name).item(item);
        if (w.before() == null) {
            put.conditionExpression(Table.NOT_EXISTS);
        } else {
            put.conditionExpression("rev = :rev").expressionAttributeValues(Map.of(":rev", n(revOf(w.before()))));
        }
        return put.build();
    }

    private static long revOf(Object value) {
        if (value instanceof Job j) return j.rev();
        if (value instanceof ClientRequest r) return r.rev();
        throw new IllegalArgumentException("cannot store " + value.getClass());
    }

    private static void withOutbox(Map<String, AttributeValue> item, List<DomainEvent> events) {
        if (!events.isEmpty()) item.put("outbox", s(EventCodec.outbox(events)));
    }

    @Override
    public StageRequestOutcome createStageRequest(ClientRequest request, String jobId, long stageVersion,
                                                  DomainEvent created) {
        Map<String, AttributeValue> item = WorkItems.request(request, 1);
        withOutbox(item, List.of(created));
        List<TransactWriteItem> writes = List.of(
                TransactWriteItem.builder().put(Put.builder().tableName(table.name).item(item)
                        .conditionExpression(Table.NOT_EXISTS).build()).build(),
                // ADD to the link sets needs no read of the job; the condition makes a stale entry a no-op
                TransactWriteItem.builder().update(Update.builder().tableName(table.name)
                        .key(Items.key(Keys.job(request.firmId(), jobId), Keys.JOB_SK))
                        .updateExpression("ADD requestIds :r, awaitedRequestIds :r, rev :one REMOVE outbox")
                        .conditionExpression("attribute_exists(PK) AND stageVersion = :v")
                        .expressionAttributeValues(Table.values(":r", ss(java.util.Set.of(request.requestId())),
                                ":one", n(1), ":v", n(stageVersion)))
                        .build()).build());
        try {
            table.client.transactWriteItems(b -> b.transactItems(writes));
            return StageRequestOutcome.CREATED;
        } catch (TransactionCanceledException e) {
            List<String> reasons = Table.reasons(e);
            if (!reasons.isEmpty() && "ConditionalCheckFailed".equals(reasons.get(0))) return StageRequestOutcome.ALREADY_EXISTS;
            if (reasons.size() > 1 && "ConditionalCheckFailed".equals(reasons.get(1))) return StageRequestOutcome.JOB_MOVED_ON;
            throw new ConcurrentChangeException("stage request transaction cancelled: " + reasons);
        }
    }

    @Override
    public boolean recordSkippedAutomations(String firmId, String jobId, long stageVersion, List<SkippedAutomation> skipped) {
        try {
            table.client.updateItem(b -> b.tableName(table.name).key(Items.key(Keys.job(firmId, jobId), Keys.JOB_SK))
                    .updateExpression("SET skippedAutomations = :s ADD rev :one REMOVE outbox")
                    .conditionExpression("attribute_exists(PK) AND stageVersion = :v")
                    .expressionAttributeValues(Table.values(":s", WorkItems.skipped(skipped), ":one", n(1),
                            ":v", n(stageVersion))));
            return true;
        } catch (ConditionalCheckFailedException movedOn) {
            return false;
        }
    }

    @Override
    public Optional<String> bindPortalEvent(String firmId, String portalEventId, String requestId, java.time.Instant expiresAt) {
        Map<String, AttributeValue> item = new java.util.LinkedHashMap<>(
                Items.key(Keys.portalEvent(firmId, portalEventId), Keys.PORTAL_EVENT_SK));
        item.put("type", s("PORTALEVENT"));
        item.put("firmId", s(firmId));
        item.put("requestId", s(requestId));
        item.put("expiresAt", n(expiresAt.getEpochSecond())); // the table's TTL attribute
        try {
            table.client.putItem(b -> b.tableName(table.name).item(item).conditionExpression(Table.NOT_EXISTS)
                    .returnValuesOnConditionCheckFailure(software.amazon.awssdk.services.dynamodb.model
                            .ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return Optional.empty();
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> old = e.hasItem() ? e.item() : Map.of();
            return Optional.of(old.containsKey("requestId") ? old.get("requestId").s() : "");
        }
    }
}
