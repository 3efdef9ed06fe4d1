package io.automove.bench;

import io.automove.adapters.dynamodb.DynamoStores;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.HashMap;
import java.util.Map;

/**
 * The floor of a cold start, run in a fresh JVM by the benchmark: build one DynamoDB client exactly as the
 * functions build theirs ({@link DynamoStores#client()}: AwsClients' URL-connection HTTP client, region and
 * credentials from the environment, the endpoint from AWS_ENDPOINT_URL_DYNAMODB), then one PutItem and one
 * GetItem. No Lambda runtime client, no handler, no event. Each step prints a line the benchmark timestamps on
 * arrival; then it waits for its standard input to close, so that its memory can be read before it exits.
 *
 * <p>Self-contained on purpose: the benchmark copies this one class next to a function's deployment package.
 */
public final class FloorProbe {
    private FloorProbe() {}

    public static void main(String[] args) throws Exception {
        System.out.println("main");
        System.out.flush();
        String table = System.getenv("TABLE_NAME");
        String id = args.length > 0 ? args[0] : "0";
        DynamoDbClient client = DynamoStores.client();
        System.out.println("built");
        System.out.flush();
        Map<String, AttributeValue> key = new HashMap<>();
        key.put("PK", AttributeValue.fromS("BENCH#floor#" + id));
        key.put("SK", AttributeValue.fromS("FLOOR"));
        Map<String, AttributeValue> item = new HashMap<>(key);
        item.put("note", AttributeValue.fromS("the cold start floor probe"));
        item.put("rev", AttributeValue.fromN("1"));
        client.putItem(b -> b.tableName(table).item(item));
        System.out.println("put");
        System.out.flush();
        Map<String, AttributeValue> read = client.getItem(b -> b.tableName(table).key(key)).item();
        if (read == null || read.isEmpty()) throw new IllegalStateException("the probe's item was not read back");
        System.out.println("get");
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the benchmark to close our standard input
        }
    }
}
