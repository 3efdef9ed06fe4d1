package io.automove.bench;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Benchmark only: asks DynamoDB for ReturnConsumedCapacity on every call of the client it is added to (INDEXES:
 * the TOTAL and its split between the table and GSI1), and books what each call consumed on the invocation in
 * progress ({@link #begin}).
 */
final class CapacityMeter implements ExecutionInterceptor {
    static final Set<String> READS = Set.of("GetItem", "BatchGetItem", "Query", "Scan", "TransactGetItems");
    static final Set<String> TRANSACTIONS = Set.of("TransactWriteItems", "TransactGetItems");

    /**
     * One DynamoDB call: its operation, read consistency (reads), what DynamoDB Local reported, what AWS bills for
     * it, and whether it failed.
     */
    record Call(String operation, String consistency, int items, int indexedItems, double reportedUnits,
                double tableUnits, double indexUnits, double billedUnits, String failure, double dueWorkIndexUnits) {
        boolean read() { return READS.contains(operation); }
        boolean transactional() { return TRANSACTIONS.contains(operation); }
    }

    private static final ExecutionAttribute<List<Map<String, AttributeValue>>> BEFORE = new ExecutionAttribute<>("bench-before-images");

    private final ThreadLocal<List<Call>> current = new ThreadLocal<>();
    private final DynamoDbClient inspector;
    private final boolean keysOnlyIndex;

    /**
     * @param inspector an unmetered client on the same table, to read a transaction's items before and after it
     * @param keysOnlyIndex whether GSI1 projects only keys (then a write leaving its keys alone does not write it)
     */
    CapacityMeter(DynamoDbClient inspector, boolean keysOnlyIndex) {
        this.inspector = inspector;
        this.keysOnlyIndex = keysOnlyIndex;
    }

    /** Calls made by this thread from now on are booked on {@code ledger}; null stops booking. */
    void begin(List<Call> ledger) {
        if (ledger == null) current.remove(); else current.set(ledger);
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest r = context.request();
        // INDEXES: the TOTAL, plus how much of it is the table's and how much each index's
        ReturnConsumedCapacity total = ReturnConsumedCapacity.INDEXES;
        if (r instanceof GetItemRequest g) return g.toBuilder().returnConsumedCapacity(total).build();
        if (r instanceof PutItemRequest p) return p.toBuilder().returnConsumedCapacity(total).build();
        if (r instanceof UpdateItemRequest u) return u.toBuilder().returnConsumedCapacity(total).build();
        if (r instanceof DeleteItemRequest d) return d.toBuilder().returnConsumedCapacity(total).build();
        if (r instanceof QueryRequest q) return q.toBuilder().returnConsumedCapacity(total).build();
        if (r instanceof ScanRequest s) return s.toBuilder().returnConsumedCapacity(total).build();
        if (r instanceof BatchGetItemRequest b) return b.toBuilder().returnConsumedCapacity(total).build();
        if (r instanceof BatchWriteItemRequest b) return b.toBuilder().returnConsumedCapacity(total).build();
        if (r instanceof TransactWriteItemsRequest t) return t.toBuilder().returnConsumedCapacity(total).build();
        if (r instanceof TransactGetItemsRequest t) return t.toBuilder().returnConsumedCapacity(total).build();
        return r;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (current.get() != null && context.request() instanceof TransactWriteItemsRequest t) {
            attributes.putAttribute(BEFORE, images(t));
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        double[] units = units(context.response());
        double billed = units[0];
        if (context.request() instanceof TransactWriteItemsRequest t && attributes.getAttribute(BEFORE) != null) {
            billed = transactionBill(attributes.getAttribute(BEFORE), images(t));
        }
        book(context.request(), attributes, units, billed, null);
    }

    /**
     * AWS's bill for a committed TransactWriteItems, from its items rather than from DynamoDB Local's report
     * (which doubles a transaction's units when it touches an index and not otherwise): every item written costs
     * 2 units per started KB of the larger of its before and after images (prepare and commit); every index entry
     * it adds or changes costs an ordinary index write, since a transaction's changes "begin propagating to global
     * secondary indexes" once it has completed (DynamoDB developer guide, transaction-apis.html).
     */
    private double transactionBill(List<Map<String, AttributeValue>> before, List<Map<String, AttributeValue>> after) {
        double units = 0;
        for (int i = 0; i < after.size(); i++) {
            Map<String, AttributeValue> b = before.get(i), a = after.get(i);
            units += 2 * ItemSize.writeUnits(Math.max(ItemSize.of(b), ItemSize.of(a)));
            units += indexWrites(b, a);
        }
        return units;
    }

    /** The projected attributes of the stage and account board indexes (template.yaml: INCLUDE). */
    static final List<String> BOARD_PROJECTION = List.of("firmId", "jobId", "accountId", "pipelineId", "title", "stageId",
            "requestIds", "createdAt", "archived");

    /**
     * Index writes of one item's change, over every index: adding or removing an entry 1, moving its keys 2 (delete,
     * put), changing a projected attribute 1, else 0. GSI1 and GSI2 project keys only (GSI1: unless
     * {@code keysOnlyIndex} is false, then every change of the item rewrites it); GSI3 and GSI4 the board's fields.
     */
    private double indexWrites(Map<String, AttributeValue> before, Map<String, AttributeValue> after) {
        double units = 0;
        for (int n = 1; n <= 4; n++) {
            String pk = "GSI" + n + "PK", sk = "GSI" + n + "SK";
            boolean was = before.containsKey(pk) && before.containsKey(sk);
            boolean is = after.containsKey(pk) && after.containsKey(sk);
            if (!was && !is) continue;
            if (was != is) { units += 1; continue; }
            if (!before.get(pk).equals(after.get(pk)) || !before.get(sk).equals(after.get(sk))) { units += 2; continue; }
            if (n == 1 && !keysOnlyIndex && !before.equals(after)) { units += ItemSize.writeUnits(ItemSize.of(after)); continue; }
            if (n >= 3 && BOARD_PROJECTION.stream().anyMatch(a -> !java.util.Objects.equals(before.get(a), after.get(a)))) units += 1;
        }
        return units;
    }

    /** The current images of the items a transaction writes (empty maps for items that do not exist). */
    private List<Map<String, AttributeValue>> images(TransactWriteItemsRequest t) {
        List<Map<String, AttributeValue>> images = new ArrayList<>();
        for (TransactWriteItem w : t.transactItems()) {
            String table;
            Map<String, AttributeValue> key;
            if (w.put() != null) {
                table = w.put().tableName();
                key = Map.of("PK", w.put().item().get("PK"), "SK", w.put().item().get("SK"));
            } else if (w.update() != null) {
                table = w.update().tableName();
                key = w.update().key();
            } else if (w.delete() != null) {
                table = w.delete().tableName();
                key = w.delete().key();
            } else {
                table = w.conditionCheck().tableName();
                key = w.conditionCheck().key();
            }
            Map<String, AttributeValue> item = inspector.getItem(b -> b.tableName(table).key(key).consistentRead(true)).item();
            images.add(item == null ? Map.of() : item);
        }
        return images;
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        Throwable e = context.exception();
        String code = e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException s && s.awsErrorDetails() != null
                ? s.awsErrorDetails().errorCode() : e.getClass().getSimpleName();
        book(context.request(), attributes, new double[3], 0, code);
    }

    private void book(SdkRequest request, ExecutionAttributes attributes, double[] units, double billed, String failure) {
        List<Call> ledger = current.get();
        if (ledger == null) return;
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        ledger.add(new Call(operation, consistency(request), items(request), indexedItems(request), units[0], units[1],
                units[2], billed, failure, units[3]));
    }

    static String consistency(SdkRequest r) {
        Boolean strong = null;
        if (r instanceof GetItemRequest g) strong = g.consistentRead();
        else if (r instanceof QueryRequest q) strong = q.consistentRead();
        else if (r instanceof ScanRequest s) strong = s.consistentRead();
        else if (r instanceof BatchGetItemRequest b) {
            strong = b.requestItems().values().stream().map(KeysAndAttributes::consistentRead).anyMatch(Boolean.TRUE::equals);
        } else if (r instanceof TransactGetItemsRequest) {
            return "transactional";
        } else {
            return "";
        }
        return Boolean.TRUE.equals(strong) ? "strong" : "eventual";
    }

    static int items(SdkRequest r) {
        if (r instanceof BatchGetItemRequest b) return b.requestItems().values().stream().mapToInt(k -> k.keys().size()).sum();
        if (r instanceof BatchWriteItemRequest b) return b.requestItems().values().stream().mapToInt(List::size).sum();
        if (r instanceof TransactWriteItemsRequest t) return t.transactItems().size();
        if (r instanceof TransactGetItemsRequest t) return t.transactItems().size();
        return 1;
    }

    /** Items written that carry GSI1 keys (PutItem, and the puts of a transaction): each also writes the index. */
    static int indexedItems(SdkRequest r) {
        if (r instanceof PutItemRequest p) return p.item().containsKey("GSI1PK") ? 1 : 0;
        if (r instanceof TransactWriteItemsRequest t) {
            return (int) t.transactItems().stream().filter(i -> i.put() != null && i.put().item().containsKey("GSI1PK")).count();
        }
        return 0;
    }

    /** {total, table, indexes} of what a response says it consumed. */
    static double[] units(SdkResponse r) {
        List<ConsumedCapacity> list = new ArrayList<>();
        if (r instanceof GetItemResponse g && g.consumedCapacity() != null) list.add(g.consumedCapacity());
        else if (r instanceof PutItemResponse p && p.consumedCapacity() != null) list.add(p.consumedCapacity());
        else if (r instanceof UpdateItemResponse u && u.consumedCapacity() != null) list.add(u.consumedCapacity());
        else if (r instanceof DeleteItemResponse d && d.consumedCapacity() != null) list.add(d.consumedCapacity());
        else if (r instanceof QueryResponse q && q.consumedCapacity() != null) list.add(q.consumedCapacity());
        else if (r instanceof ScanResponse s && s.consumedCapacity() != null) list.add(s.consumedCapacity());
        else if (r instanceof BatchGetItemResponse b && b.hasConsumedCapacity()) list.addAll(b.consumedCapacity());
        else if (r instanceof BatchWriteItemResponse b && b.hasConsumedCapacity()) list.addAll(b.consumedCapacity());
        else if (r instanceof TransactWriteItemsResponse t && t.hasConsumedCapacity()) list.addAll(t.consumedCapacity());
        else if (r instanceof TransactGetItemsResponse t && t.hasConsumedCapacity()) list.addAll(t.consumedCapacity());
        double total = 0, table = 0, index = 0, dueWork = 0;
        for (ConsumedCapacity c : list) {
            double t = c.capacityUnits() == null ? 0 : c.capacityUnits();
            total += t;
            double i = 0;
            if (c.hasGlobalSecondaryIndexes()) i += c.globalSecondaryIndexes().values().stream().mapToDouble(x -> x.capacityUnits() == null ? 0 : x.capacityUnits()).sum();
            if (c.hasLocalSecondaryIndexes()) i += c.localSecondaryIndexes().values().stream().mapToDouble(x -> x.capacityUnits() == null ? 0 : x.capacityUnits()).sum();
            index += i;
            if (c.hasGlobalSecondaryIndexes() && c.globalSecondaryIndexes().get("GSI2") != null
                    && c.globalSecondaryIndexes().get("GSI2").capacityUnits() != null) {
                dueWork += c.globalSecondaryIndexes().get("GSI2").capacityUnits();
            }
            table += c.table() != null && c.table().capacityUnits() != null ? c.table().capacityUnits() : t - i;
        }
        return new double[]{total, table, index, dueWork};
    }
}
