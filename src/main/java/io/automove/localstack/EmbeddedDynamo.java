package io.automove.localstack;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

import java.nio.file.Path;

/**
 * DynamoDB Local in this process, in memory or on disk under {@code DATA_DIR/dynamodb}, with the template's one
 * table made from its definition in template.yaml (on a data folder that already has it, the table and its
 * data are kept). Gives the table's client and its stream's client; reading the stream is {@link StreamPoller}'s
 * job.
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
        this.client = local.dynamoDbClient();
        this.streams = local.dynamoDbStreamsClient();
        try {
            client.createTable(template.createTable(tableLogicalId, TABLE_NAME));
        } catch (ResourceInUseException exists) {
            // the data folder already has it: keep the data
        } catch (RuntimeException e) {
            local.shutdown();
            throw e;
        }
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
