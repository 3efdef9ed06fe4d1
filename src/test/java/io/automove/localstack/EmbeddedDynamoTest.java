package io.automove.localstack;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DynamoDB Local answers a transaction before its SQLite COMMIT ran (its commitTransaction queues the COMMIT and
 * returns); the client the local stack gives out follows each transaction with a read that the same queue runs
 * after it, so an acknowledged transaction is on disk, as in the cloud. {@link CrashRecoveryTest} found it: a
 * kill right after a stage entry's transaction lost the request it had acknowledged.
 */
class EmbeddedDynamoTest {

    @Test
    void eachTransaction_isFollowedByAConsistentReadOfTheProbeKey_otherCallsAreNot() {
        List<String> calls = new ArrayList<>();
        Map<String, AttributeValue> probe = Map.of("PK", AttributeValue.fromS("#local-commit-probe"),
                "SK", AttributeValue.fromS("#local-commit-probe"));
        DynamoDbClient raw = (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                    if (args != null && args[0] instanceof java.util.function.Consumer) { // builds the request
                        return java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    if (method.getName().equals("getItem")) {
                        GetItemRequest r = (GetItemRequest) args[0];
                        calls.add("getItem " + r.key().equals(probe) + " consistent=" + r.consistentRead());
                        return GetItemResponse.builder().build();
                    }
                    calls.add(method.getName());
                    return method.getName().equals("putItem") ? PutItemResponse.builder().build()
                            : TransactWriteItemsResponse.builder().build();
                });
        DynamoDbClient client = EmbeddedDynamo.waitingForCommits(raw, probe);

        client.putItem(b -> b.tableName("t"));
        client.transactWriteItems(b -> b.transactItems(List.of()));

        assertThat(calls).containsExactly("putItem", "transactWriteItems", "getItem true consistent=true");
    }
}
