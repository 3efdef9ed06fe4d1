package io.automove.adapters.dynamodb;

import io.automove.adapters.events.EventCodec;
import io.automove.model.ClientRequest;
import io.automove.model.DomainEvent;
import io.automove.model.Id;
import io.automove.model.Job;
import io.automove.model.SkippedAutomation;
import io.automove.usecases.ports.Changes;
import io.automove.usecases.ports.ConcurrentChangeException;
import io.automove.usecases.ports.EmailCapReachedException;
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
import java.util.Set;

import static io.automove.adapters.dynamodb.Attr.n;
import static io.automove.adapters.dynamodb.Attr.s;
import static io.automove.adapters.dynamodb.Attr.ss;

/**
 * Jobs and client requests, one partition each. Each write carries the events of its change in the
 * {@code outbox} attribute; the table's stream hands them to the outbox relay, so an event is published if
 * and only if its change was stored. A write without events removes the attribute (an item never republishes).
 * Why over 300 lines: it is the whole WorkflowStore port, one method per access pattern of docs/data-model.md.
 */
public final class DynamoWorkflowStore implements WorkflowStore {
    private final Table table;
    /** When a change is stored: the {@code at} of the events it carries (the activity trail orders by it). */
    private final java.time.Clock clock;

    public DynamoWorkflowStore(DynamoDbClient client, String tableName) {
        this(client, tableName, java.time.Clock.systemUTC());
    }

    public DynamoWorkflowStore(DynamoDbClient client, String tableName, java.time.Clock clock) {
        this.table = new Table(client, tableName);
        this.clock = clock;
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
    public Page<Job> jobsInStage(String firmId, String pipelineId, String stageId, Set<String> accountIds,
                                 boolean includeArchived, PageRequest page) {
        if (!Id.valid(firmId, pipelineId, stageId)) return Page.last(List.of());
        String after = page.after();
        if (after != null && !Keys.isJobPlace(after)) throw new IllegalArgumentException("not a place in a stage");
        List<Boolean> archived = includeArchived ? List.of(false, true) : List.of(false);
        List<String[]> partitions = new ArrayList<>(); // {index, pk}
        for (boolean a : archived) {
            if (accountIds == null) {
                partitions.add(new String[]{Keys.GSI3, Keys.jobsOfStage(firmId, pipelineId, stageId, a)});
            } else {
                for (String accountId : new java.util.TreeSet<>(accountIds)) {
                    if (Id.valid(accountId)) partitions.add(new String[]{Keys.GSI4,
                            Keys.jobsOfAccountInStage(firmId, accountId, pipelineId, stageId, a)});
                }
            }
        }
        // each partition's next limit+1 places after the cursor, merged: the first limit are the page, one more
        // anywhere means there is a next page. Every partition is in the same order (creation, then id).
        java.util.TreeMap<String, Map<String, AttributeValue>> merged = new java.util.TreeMap<>();
        for (String[] p : partitions) {
            String index = p[0];
            String pk = index.equals(Keys.GSI3) ? Keys.GSI3PK : Keys.GSI4PK;
            String sk = index.equals(Keys.GSI3) ? Keys.GSI3SK : Keys.GSI4SK;
            Map<String, AttributeValue> values = new java.util.HashMap<>(Map.of(":pk", s(p[1])));
            String condition = pk + " = :pk";
            if (after != null) {
                condition += " AND " + sk + " > :after";
                values.put(":after", s(after));
            }
            QueryRequest.Builder q = QueryRequest.builder().indexName(index).keyConditionExpression(condition)
                    .expressionAttributeValues(values);
            for (Map<String, AttributeValue> item : table.queryPage(q, page.limit() + 1, null).items()) {
                merged.put(item.get(sk).s(), item);
            }
            while (merged.size() > page.limit() + 1) merged.pollLastEntry();
        }
        List<Job> jobs = new ArrayList<>();
        String last = null;
        for (Map.Entry<String, Map<String, AttributeValue>> e : merged.entrySet()) {
            if (jobs.size() == page.limit()) return new Page<>(jobs, last);
            jobs.add(WorkItems.job(e.getValue()));
            last = e.getKey();
        }
        return Page.last(jobs);
    }

    @Override
    public Map<String, Long> activeJobCounts(String firmId, String pipelineId) {
        if (!Id.valid(firmId, pipelineId)) return Map.of();
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        for (Map<String, AttributeValue> item : table.query(QueryRequest.builder().keyConditionExpression("PK = :pk")
                .expressionAttributeValues(Map.of(":pk", s(Keys.boardCounters(firmId, pipelineId)))))) {
            counts.put(item.get(Keys.SK).s().substring(Keys.stageCounter("").length()), Attr.num(item, "jobs"));
        }
        return counts;
    }

    @Override
    public long activeJobCount(String firmId, String pipelineId, String stageId, Set<String> accountIds) {
        if (!Id.valid(firmId, pipelineId, stageId)) return 0;
        long count = 0;
        for (String accountId : new java.util.TreeSet<>(accountIds)) {
            if (!Id.valid(accountId)) continue;
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                QueryResponse r = table.client.query(b -> b.tableName(table.name).indexName(Keys.GSI4)
                        .keyConditionExpression("GSI4PK = :pk").select(software.amazon.awssdk.services.dynamodb.model.Select.COUNT)
                        .expressionAttributeValues(Map.of(":pk", s(Keys.jobsOfAccountInStage(firmId, accountId, pipelineId,
                                stageId, false)))).exclusiveStartKey(from));
                count += r.count();
                start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
            } while (start != null);
        }
        return count;
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
    public Page<ClientRequest> clientRequestsOfAccount(String firmId, String accountId, PageRequest page) {
        if (!Id.valid(firmId, accountId)) return Page.last(List.of());
        // GSI1 holds keys only: the page's requests are then read by key, so a list costs what its page holds
        Page<Map<String, AttributeValue>> keys = table.queryPage(QueryRequest.builder().indexName(Keys.GSI1)
                .keyConditionExpression("GSI1PK = :pk AND begins_with(GSI1SK, :sk)").scanIndexForward(false)
                .expressionAttributeValues(Map.of(":pk", s(Keys.requestsOfAccount(firmId, accountId)),
                        ":sk", s("REQUEST#"))), page.limit(), page.after());
        List<String> ids = new ArrayList<>();
        for (Map<String, AttributeValue> k : keys.items()) {
            String pk = k.get(Keys.PK).s();
            ids.add(pk.substring(pk.lastIndexOf("#REQUEST#") + "#REQUEST#".length()));
        }
        Map<String, ClientRequest> byId = new java.util.HashMap<>();
        clientRequests(firmId, ids, Read.EVENTUAL).forEach(r -> byId.put(r.requestId(), r));
        return new Page<>(ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList(), keys.next());
    }

    @Override
    public Page<Job> jobsOfAccount(String firmId, String accountId, PageRequest page) {
        if (!Id.valid(firmId, accountId)) return Page.last(List.of());
        return table.queryIndexPageThenGet(QueryRequest.builder().indexName(Keys.GSI1)
                        .keyConditionExpression("GSI1PK = :pk AND begins_with(GSI1SK, :job)")
                        .expressionAttributeValues(Map.of(":pk", s(Keys.jobsOfAccount(firmId, accountId)), ":job", s("JOB#"))),
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
        List<Update> counters = counterUpdates(changes);
        Optional<Update> emails = changes.emailCount().map(this::emailCountUpdate);
        if (puts.size() == 1 && counters.isEmpty() && emails.isEmpty()) {
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
        for (Update u : counters) writes.add(TransactWriteItem.builder().update(u).build());
        emails.ifPresent(u -> writes.add(TransactWriteItem.builder().update(u).build()));
        try {
            table.client.transactWriteItems(b -> b.transactItems(writes));
        } catch (TransactionCanceledException e) {
            List<String> reasons = Table.reasons(e);
            // the email counter is the last write: if only its condition failed, the cap said no; if an item's
            // did, the item changed meanwhile (the caller reads again, and the cap is asked again)
            boolean itemsChanged = reasons.subList(0, Math.min(puts.size(), reasons.size())).contains("ConditionalCheckFailed");
            if (!itemsChanged && emails.isPresent() && reasons.size() == writes.size()
                    && "ConditionalCheckFailed".equals(reasons.get(writes.size() - 1))) {
                throw new EmailCapReachedException("the firm's daily email cap would be passed");
            }
            throw new ConcurrentChangeException("transaction cancelled: " + reasons);
        }
    }

    /**
     * The firm's email counter of the day: ADD, in the change's transaction, so the count and the claim that sends
     * are stored together or not at all. A count up is conditional on the day's total staying within the cap; a
     * count down (a claim released unsent) is not. The item expires {@link #EMAIL_COUNTER_KEPT} after its day.
     */
    private Update emailCountUpdate(Changes.EmailCount count) {
        Map<String, AttributeValue> values = Table.values(":n", n(count.emails()), ":type", s("EMAILS"),
                ":firm", s(count.firmId()), ":exp", n(count.day().plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC)
                        .plus(EMAIL_COUNTER_KEPT).toEpochSecond()));
        Update.Builder u = Update.builder().tableName(table.name)
                .key(Items.key(Keys.firm(count.firmId()), Keys.emailCounter(count.day())))
                .updateExpression("ADD emails :n SET #type = :type, firmId = :firm, expiresAt = :exp")
                .expressionAttributeNames(Map.of("#type", "type"));
        if (count.emails() > 0 && count.cap() > 0) {
            u.conditionExpression("attribute_not_exists(emails) OR emails <= :room");
            values.put(":room", n(count.cap() - count.emails()));
        }
        return u.expressionAttributeValues(values).build();
    }

    /** How long a day's email counter is kept after the day ends, then DynamoDB's TTL deletes it, free of charge. */
    static final java.time.Duration EMAIL_COUNTER_KEPT = java.time.Duration.ofDays(2);

    @Override
    public long emailsCounted(String firmId, java.time.LocalDate day) {
        if (!Id.valid(firmId)) return 0;
        return table.get(Items.key(Keys.firm(firmId), Keys.emailCounter(day)), false)
                .map(item -> Attr.num(item, "emails")).orElse(0L);
    }

    /**
     * The board counters a change moves: each active job counts in its stage. A job created, moved, archived or
     * unarchived changes the count of the stage it left and the one it entered, in the same transaction as the
     * job's conditional put: a redelivered change fails its condition and counts nothing twice.
     */
    private List<Update> counterUpdates(Changes changes) {
        Map<List<String>, Long> deltas = new java.util.LinkedHashMap<>();
        for (Changes.Write w : changes.writes()) {
            if (!(w.after() instanceof Job after)) continue;
            if (w.before() instanceof Job before && !before.archived()) {
                deltas.merge(List.of(before.firmId(), before.pipelineId(), before.stageId()), -1L, Long::sum);
            }
            if (!after.archived()) deltas.merge(List.of(after.firmId(), after.pipelineId(), after.stageId()), 1L, Long::sum);
        }
        List<Update> updates = new ArrayList<>();
        deltas.forEach((k, delta) -> {
            if (delta == 0) return;
            updates.add(Update.builder().tableName(table.name)
                    .key(Items.key(Keys.boardCounters(k.get(0), k.get(1)), Keys.stageCounter(k.get(2))))
                    .updateExpression("ADD jobs :d SET #type = :type").expressionAttributeNames(Map.of("#type", "type"))
                    .expressionAttributeValues(Table.values(":d", n(delta), ":type", s("COUNTER"))).build());
        });
        return updates;
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

    private void withOutbox(Map<String, AttributeValue> item, List<DomainEvent> events) {
        if (!events.isEmpty()) item.put("outbox", s(EventCodec.outbox(events, clock.instant())));
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
                        // the job's bound: no more than Job.MAX_REQUESTS links, checked where they are added
                        .conditionExpression("attribute_exists(PK) AND stageVersion = :v AND "
                                + "(attribute_not_exists(requestIds) OR size(requestIds) < :max)")
                        .expressionAttributeValues(Table.values(":r", ss(java.util.Set.of(request.requestId())),
                                ":one", n(1), ":v", n(stageVersion), ":max", n(Job.MAX_REQUESTS)))
                        .build()).build());
        try {
            table.client.transactWriteItems(b -> b.transactItems(writes));
            return StageRequestOutcome.CREATED;
        } catch (TransactionCanceledException e) {
            List<String> reasons = Table.reasons(e);
            if (!reasons.isEmpty() && "ConditionalCheckFailed".equals(reasons.get(0))) return StageRequestOutcome.ALREADY_EXISTS;
            if (reasons.size() > 1 && "ConditionalCheckFailed".equals(reasons.get(1))) {
                // moved on, or full: the job as stored tells which
                Optional<Job> job = job(request.firmId(), jobId, Read.CONSISTENT);
                boolean full = job.isPresent() && job.get().stageVersion() == stageVersion
                        && job.get().requestIds().size() >= Job.MAX_REQUESTS;
                return full ? StageRequestOutcome.JOB_FULL : StageRequestOutcome.JOB_MOVED_ON;
            }
            throw new ConcurrentChangeException("stage request transaction cancelled: " + reasons);
        }
    }

    @Override
    public boolean recordSkippedAutomations(String firmId, String jobId, long stageVersion, List<SkippedAutomation> skipped,
                                            List<DomainEvent> events) {
        try {
            // once per stage entry (a move clears the list): a redelivered entry neither records nor announces again
            table.client.updateItem(b -> b.tableName(table.name).key(Items.key(Keys.job(firmId, jobId), Keys.JOB_SK))
                    .updateExpression("SET skippedAutomations = :s, outbox = :o ADD rev :one")
                    .conditionExpression("attribute_exists(PK) AND stageVersion = :v AND attribute_not_exists(skippedAutomations)")
                    .expressionAttributeValues(Table.values(":s", WorkItems.skipped(skipped), ":one", n(1),
                            ":v", n(stageVersion), ":o", s(EventCodec.outbox(events, clock.instant()))))
                    .returnValuesOnConditionCheckFailure(software.amazon.awssdk.services.dynamodb.model
                            .ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return true;
        } catch (ConditionalCheckFailedException e) {
            // recorded already for this entry (true), or the job moved on / is gone (false)
            return e.hasItem() && e.item().containsKey("stageVersion")
                    && Long.parseLong(e.item().get("stageVersion").n()) == stageVersion;
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
