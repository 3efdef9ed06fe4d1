package io.automove.adapters.dynamodb;

import io.automove.adapters.AwsClients;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;

/** The DynamoDB client of a function: built once per container, on first use. */
public final class DynamoStores {
    private DynamoStores() {}

    private static final class Holder {
        static final DynamoDbClient CLIENT = AwsClients.configure(DynamoDbClient.builder())
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(10)))
                .build();
    }

    public static DynamoDbClient client() { return Holder.CLIENT; }
}
