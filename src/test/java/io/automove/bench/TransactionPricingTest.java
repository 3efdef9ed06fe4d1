package io.automove.bench;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark prices a TransactWriteItems from its items, not from DynamoDB Local's report: 2 units per started
 * KB of each item (prepare and commit), plus 1 per index entry it adds. Pinned on the stage entry's shape: a new
 * request with GSI1 keys and an update of the job's link.
 */
class TransactionPricingTest {
    private static final String TABLE = "pricing";
    private static DynamoDBProxyServer server;
    private static URI uri;
    private static DynamoDbClient plain;

    @BeforeAll
    static void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) { port = s.getLocalPort(); }
        server = ServerRunner.createServerFromCommandLineArgs(new String[]{"-inMemory", "-port", Integer.toString(port), "-disableTelemetry"});
        server.start();
        uri = URI.create("http://127.0.0.1:" + port);
        plain = Functions.dynamo(uri);
        plain.createTable(b -> b.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(def("PK"), def("SK"), def("GSI1PK"), def("GSI1SK"))
                .keySchema(key("PK", KeyType.HASH), key("SK", KeyType.RANGE))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("GSI1")
                        .keySchema(key("GSI1PK", KeyType.HASH), key("GSI1SK", KeyType.RANGE))
                        .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build()).build()));
    }

    @AfterAll
    static void stop() throws Exception {
        plain.close();
        server.stop();
    }

    @Test
    void aTransactionOfANewIndexedItemAndAnUpdateCostsTwiceEachItemPlusTheIndexEntry() {
        plain.putItem(b -> b.tableName(TABLE).item(Map.of("PK", s("JOB#1"), "SK", s("JOB"), "GSI1PK", s("P"), "GSI1SK", s("1"))));
        CapacityMeter meter = new CapacityMeter(plain, true);
        List<CapacityMeter.Call> calls = new ArrayList<>();
        try (DynamoDbClient metered = Functions.dynamo(uri, meter)) {
            meter.begin(calls);
            metered.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().put(Put.builder().tableName(TABLE).item(Map.of("PK", s("REQ#1"), "SK", s("REQ"),
                            "GSI1PK", s("A"), "GSI1SK", s("1"), "text", s("x".repeat(1500)))).build()).build(),
                    TransactWriteItem.builder().update(Update.builder().tableName(TABLE).key(Map.of("PK", s("JOB#1"), "SK", s("JOB")))
                            .updateExpression("SET linked = :r").expressionAttributeValues(Map.of(":r", s("REQ#1"))).build()).build()));
            meter.begin(null);
        }
        assertThat(calls).singleElement().satisfies(c -> {
            assertThat(c.transactional()).isTrue();
            // the request: 1.5 KB, 2 units, doubled = 4; the job: under 1 KB, doubled = 2; the request's index entry: 1
            assertThat(c.billedUnits()).isEqualTo(7);
        });
    }

    @Test
    void aPlainWriteIsTakenAsReported_aRewriteKeepingTheIndexKeysDoesNotWriteAKeysOnlyIndex() {
        CapacityMeter meter = new CapacityMeter(plain, true);
        List<CapacityMeter.Call> calls = new ArrayList<>();
        Map<String, AttributeValue> item = Map.of("PK", s("JOB#2"), "SK", s("JOB"), "GSI1PK", s("P"), "GSI1SK", s("2"));
        try (DynamoDbClient metered = Functions.dynamo(uri, meter)) {
            meter.begin(calls);
            metered.putItem(b -> b.tableName(TABLE).item(item));
            metered.putItem(b -> b.tableName(TABLE).item(item));
            meter.begin(null);
        }
        assertThat(calls).extracting(CapacityMeter.Call::billedUnits).containsExactly(2.0, 1.0);
    }

    private static AttributeValue s(String v) { return AttributeValue.fromS(v); }

    private static AttributeDefinition def(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType("S").build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
