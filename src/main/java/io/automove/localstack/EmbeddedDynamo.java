package io.automove.localstack;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * DynamoDB Local in this process, in memory or on disk under {@code DATA_DIR/dynamodb}, with the template's one
 * table made from its definition in template.yaml (on a data folder that already has it, the table and its
 * data are kept). Gives the table's client and its stream's client; reading the stream is {@link StreamPoller}'s
 * job.
 *
 * <p>DynamoDB Local (3.3.1) answers TransactWriteItems as soon as it has queued the transaction's SQLite COMMIT,
 * not once it ran (its {@code commitTransaction} does not wait for the job, unlike every other write): a JVM killed
 * in between loses a transaction it acknowledged, which the cloud never does. The client given out waits for it:
 * after each transaction it makes one read, which the same single SQLite queue runs after the COMMIT.
 */
final class EmbeddedDynamo implements AutoCloseable {
    static final String TABLE_NAME = "automove-local";

    private final AmazonDynamoDBLocal local;
    private final DynamoDbClient client;
    private final DynamoDbStreamsClient streams;
    private final String tableLogicalId;

    EmbeddedDynamo(Template template, Path dataDir) {
        this.tableLogicalId = template.tableLogicalId();
        this.local = DynamoDBEmbedded.create(dataDir == null ? null : dataDir.resolve("dynamodb").toFile(), false);
        if (dataDir != null) dataDir.resolve("dynamodb").toFile().mkdirs();
        DynamoDbClient raw = local.dynamoDbClient();
        this.streams = local.dynamoDbStreamsClient();
        try {
            raw.createTable(template.createTable(tableLogicalId, TABLE_NAME));
        } catch (ResourceInUseException exists) {
            // the data folder already has it: keep the data
        } catch (RuntimeException e) {
            local.shutdown();
            throw e;
        }
        this.client = waitingForCommits(raw, probeKey(raw));
    }

    /** A key of the table's shape that names no item: what the read after a transaction asks for. */
    private static Map<String, AttributeValue> probeKey(DynamoDbClient client) {
        TableDescription table = client.describeTable(b -> b.tableName(TABLE_NAME)).table();
        Map<String, AttributeValue> key = new HashMap<>();
        for (KeySchemaElement k : table.keySchema()) {
            String type = table.attributeDefinitions().stream().filter(d -> d.attributeName().equals(k.attributeName()))
                    .findFirst().orElseThrow().attributeTypeAsString();
            key.put(k.attributeName(), switch (type) {
                case "N" -> AttributeValue.fromN("0");
                case "B" -> AttributeValue.fromB(SdkBytes.fromUtf8String("#local-commit-probe"));
                default -> AttributeValue.fromS("#local-commit-probe");
            });
        }
        return key;
    }

    static DynamoDbClient waitingForCommits(DynamoDbClient raw, Map<String, AttributeValue> probeKey) {
        InvocationHandler handler = (proxy, method, args) -> {
            Object result;
            try {
                result = method.invoke(raw, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (method.getName().equals("transactWriteItems")) {
                raw.getItem(b -> b.tableName(TABLE_NAME).key(probeKey).consistentRead(true)); // runs after the COMMIT
            }
            return result;
        };
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, handler);
    }

    DynamoDbClient client() { return client; }

    DynamoDbStreamsClient streams() { return streams; }

    String tableName() { return TABLE_NAME; }

    /** The table's logical id in the template, which a function's {@code !Ref} names. */
    String tableLogicalId() { return tableLogicalId; }

    String streamArn() {
        return client.describeTable(b -> b.tableName(TABLE_NAME)).table().latestStreamArn();
    }

    @Override
    public void close() { local.shutdown(); }
}
