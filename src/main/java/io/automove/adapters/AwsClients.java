package io.automove.adapters;

import io.automove.adapters.ses.SesMailer;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.ses.SesClient;

import java.time.Duration;

/**
 * SDK clients as a Lambda function wants them: built once per container, the URL-connection HTTP client
 * (no Apache, no Netty), region and credentials read straight from the environment the runtime provides
 * instead of searching the default chains. Endpoints follow {@code AWS_ENDPOINT_URL} /
 * {@code AWS_ENDPOINT_URL_<SERVICE>}, which is how local stacks and emulators are reached.
 */
public final class AwsClients {
    private static final SdkHttpClient HTTP = UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(2))
            .socketTimeout(Duration.ofSeconds(5))
            .build();

    private AwsClients() {}

    static Region region() {
        String region = System.getenv("AWS_REGION");
        if (region == null) region = System.getProperty("aws.region", "us-east-1");
        return Region.of(region);
    }

    static AwsCredentialsProvider credentials() {
        return AwsCredentialsProviderChain.of(EnvironmentVariableCredentialsProvider.create(),
                SystemPropertyCredentialsProvider.create());
    }

    public static DynamoDbClient dynamoDb() {
        return DynamoDbClient.builder().httpClient(HTTP).region(region()).credentialsProvider(credentials())
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(10)))
                .build();
    }

    public static EventBridgeClient eventBridge() {
        return EventBridgeClient.builder().httpClient(HTTP).region(region()).credentialsProvider(credentials())
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(10)))
                .build();
    }

    /** Retries throttling only: a retry after a lost answer could mail a client twice. */
    public static SesClient ses() {
        return SesClient.builder().httpClient(HTTP).region(region()).credentialsProvider(credentials())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(StandardRetryStrategy.builder().maxAttempts(3)
                                .retryOnException(SesMailer::retryOnlyThrottling).build())
                        .apiCallTimeout(Duration.ofSeconds(10))
                        .build())
                .build();
    }
}
