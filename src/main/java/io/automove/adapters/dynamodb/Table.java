package io.automove.adapters.dynamodb;

import io.automove.model.Id;
import io.automove.usecases.ports.ConcurrentChangeException;
import io.automove.usecases.ports.Page;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The few DynamoDB calls the stores make, on one table. */
final class Table {
    static final String NOT_EXISTS = "attribute_not_exists(PK)";

    final DynamoDbClient client;
    final String name;

    Table(DynamoDbClient client, String name) {
        this.client = client;
        this.name = name;
    }

    Optional<Map<String, AttributeValue>> get(Map<String, AttributeValue> key, boolean consistent) {
        Map<String, AttributeValue> item = client.getItem(b -> b.tableName(name).key(key).consistentRead(consistent)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    /** The items of a firm's {@code ids} that exist; ids that cannot be ids name nothing and are not asked for. */
    List<Map<String, AttributeValue>> getMany(String firmId, Collection<String> ids,
                                              Function<String, Map<String, AttributeValue>> keyOf, boolean consistent) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        if (Id.valid(firmId)) {
            for (String id : new LinkedHashSet<>(ids)) if (Id.valid(id)) keys.add(keyOf.apply(id));
        }
        return keys.isEmpty() ? List.of() : batchGet(keys, consistent);
    }

    /** BatchGetItem in chunks of 100, retrying what DynamoDB leaves unprocessed. */
    List<Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> keys, boolean consistent) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += 100) {
            Map<String, KeysAndAttributes> pending = Map.of(name, KeysAndAttributes.builder()
                    .keys(keys.subList(from, Math.min(keys.size(), from + 100))).consistentRead(consistent).build());
            for (int round = 0; !pending.isEmpty(); round++) {
                if (round > 0) backoff(round);
                Map<String, KeysAndAttributes> ask = pending;
                BatchGetItemResponse response = client.batchGetItem(b -> b.requestItems(ask));
                items.addAll(response.responses().getOrDefault(name, List.of()));
                pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
                if (round > 8 && !pending.isEmpty()) throw new IllegalStateException("DynamoDB kept keys unprocessed");
            }
        }
        return items;
    }

    List<Map<String, AttributeValue>> query(QueryRequest.Builder request) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = client.query(request.tableName(name).exclusiveStartKey(start).build());
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    /**
     * One page of a query: at most {@code limit} items after {@code after} (a continuation this method gave), and the
     * continuation of the next page (null at the end). The continuation is DynamoDB's LastEvaluatedKey, its string
     * values as a JSON object; it names a position, never a firm: the caller's query decides whose partition it is.
     */
    Page<Map<String, AttributeValue>> queryPage(QueryRequest.Builder request, int limit, String after) {
        QueryRequest.Builder b = request.tableName(name).limit(limit);
        if (after != null) b.exclusiveStartKey(continuationKey(after));
        QueryResponse page;
        try {
            page = client.query(b.build());
        } catch (software.amazon.awssdk.services.dynamodb.model.DynamoDbException e) {
            // a start key from another partition or index: DynamoDB refuses it (a forged or stale continuation)
            if (e.statusCode() == 400 && !(e instanceof software.amazon.awssdk.services.dynamodb.model
                    .ProvisionedThroughputExceededException)) {
                throw new IllegalArgumentException("the continuation does not fit this query");
            }
            throw e;
        }
        Map<String, AttributeValue> last = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : Map.of();
        return new Page<>(page.items(), last.isEmpty() ? null : continuation(last));
    }

    /**
     * A page of a query with a filter: DynamoDB filters after it reads ({@code Limit} counts the items read, not the
     * items kept), so one query may keep fewer than {@code limit}. This asks again, for what is missing, from where
     * the last one stopped, until the page is full or the query ends; at most {@code rounds} queries, after which a
     * shorter page comes back with its continuation. Each query reads at most what is missing, so nothing is cut.
     */
    Page<Map<String, AttributeValue>> queryFilledPage(QueryRequest.Builder request, int limit, String after, int rounds) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        String next = after;
        for (int round = 0; round < rounds; round++) {
            Page<Map<String, AttributeValue>> page = queryPage(request, limit - items.size(), next);
            items.addAll(page.items());
            next = page.next();
            if (next == null || items.size() >= limit) break;
        }
        return new Page<>(items, next);
    }

    /** A page of a keys-only index query, its items then read by key, in the index's order (see {@link #queryIndexThenGet}). */
    Page<Map<String, AttributeValue>> queryIndexPageThenGet(QueryRequest.Builder request, int limit, String after) {
        Page<Map<String, AttributeValue>> keys = queryPage(request, limit, after);
        return new Page<>(getInOrder(keys.items()), keys.next());
    }

    static String continuation(Map<String, AttributeValue> lastKey) {
        Map<String, Object> values = new java.util.TreeMap<>();
        lastKey.forEach((k, v) -> values.put(k, v.s()));
        return io.automove.support.Json.write(values);
    }

    static Map<String, AttributeValue> continuationKey(String continuation) {
        Map<String, AttributeValue> key = new HashMap<>();
        try {
            io.automove.support.Json.parse(continuation).asObject().forEach((k, v) -> key.put(k, AttributeValue.fromS(v.asString())));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a continuation");
        }
        return key;
    }

    /**
     * The items an index query names, in the index's order. GSI1 projects only keys, so that a write leaving
     * the index keys alone (a move, a delivery, a submission) does not write the index too; the items
     * themselves are then read by key. One the query named but that is gone by then is left out.
     */
    List<Map<String, AttributeValue>> queryIndexThenGet(QueryRequest.Builder request) {
        return getInOrder(query(request));
    }

    /** The items the index entries name, read by key, in the entries' order; one gone meanwhile is left out. */
    private List<Map<String, AttributeValue>> getInOrder(List<Map<String, AttributeValue>> entries) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (Map<String, AttributeValue> entry : entries) {
            keys.add(Map.of(Keys.PK, entry.get(Keys.PK), Keys.SK, entry.get(Keys.SK)));
        }
        if (keys.isEmpty()) return List.of();
        Map<List<String>, Map<String, AttributeValue>> byKey = new java.util.HashMap<>();
        for (Map<String, AttributeValue> item : batchGet(keys, false)) {
            byKey.put(List.of(item.get(Keys.PK).s(), item.get(Keys.SK).s()), item);
        }
        List<Map<String, AttributeValue>> items = new ArrayList<>(keys.size());
        for (Map<String, AttributeValue> k : keys) {
            Map<String, AttributeValue> item = byKey.get(List.of(k.get(Keys.PK).s(), k.get(Keys.SK).s()));
            if (item != null) items.add(item);
        }
        return items;
    }

    /** @return false if the condition failed */
    boolean put(Map<String, AttributeValue> item, String condition, Map<String, AttributeValue> values) {
        try {
            client.putItem(b -> {
                b.tableName(name).item(item).conditionExpression(condition);
                if (values != null && !values.isEmpty()) b.expressionAttributeValues(values);
            });
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Puts without condition, in BatchWriteItem chunks of 25, retrying what DynamoDB leaves unprocessed (8 rounds,
     * then it gives up with an exception, so the caller's event is retried). For items whose key and content are
     * fixed by what they record: putting one again changes nothing.
     */
    void batchPut(List<Map<String, AttributeValue>> items) {
        for (int from = 0; from < items.size(); from += 25) {
            List<software.amazon.awssdk.services.dynamodb.model.WriteRequest> chunk = new ArrayList<>();
            for (Map<String, AttributeValue> item : items.subList(from, Math.min(items.size(), from + 25))) {
                chunk.add(software.amazon.awssdk.services.dynamodb.model.WriteRequest.builder()
                        .putRequest(p -> p.item(item)).build());
            }
            Map<String, List<software.amazon.awssdk.services.dynamodb.model.WriteRequest>> pending = Map.of(name, chunk);
            for (int round = 0; !pending.isEmpty(); round++) {
                if (round == 8) throw new IllegalStateException("DynamoDB left writes unprocessed after " + round + " rounds");
                if (round > 0) backoff(round);
                Map<String, List<software.amazon.awssdk.services.dynamodb.model.WriteRequest>> ask = pending;
                pending = client.batchWriteItem(b -> b.requestItems(ask)).unprocessedItems();
                if (pending == null) pending = Map.of();
            }
        }
    }

    /** All or nothing; any failed condition or a conflicting transaction means someone wrote first. */
    void transact(List<TransactWriteItem> writes) {
        try {
            client.transactWriteItems(b -> b.transactItems(writes));
        } catch (TransactionCanceledException e) {
            throw new ConcurrentChangeException("transaction cancelled: " + reasons(e));
        }
    }

    static List<String> reasons(TransactionCanceledException e) {
        List<String> codes = new ArrayList<>();
        if (e.hasCancellationReasons()) {
            for (CancellationReason r : e.cancellationReasons()) codes.add(r.code() == null ? "None" : r.code());
        }
        return codes;
    }

    static Map<String, AttributeValue> values(Object... nameValue) {
        Map<String, AttributeValue> values = new HashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) values.put((String) nameValue[i], (AttributeValue) nameValue[i + 1]);
        return values;
    }

    private static void backoff(int round) {
        try {
            Thread.sleep(Math.min(1000, 25L << Math.min(round, 6)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
