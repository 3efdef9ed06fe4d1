package io.automove.adapters;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

import java.time.Duration;

/**
 * What every SDK client of a function shares: one URL-connection HTTP client (no Apache, no Netty), the region
 * and credentials read straight from the environment the runtime provides instead of searching the default
 * chains. Each adapter builds its own client from this, so a function only loads the services it uses.
 * Endpoints follow {@code AWS_ENDPOINT_URL} / {@code AWS_ENDPOINT_URL_<SERVICE>}: that is how local stacks and
 * emulators are reached.
 */
public final class AwsClients {
    private static final SdkHttpClient HTTP = UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(2))
            .socketTimeout(Duration.ofSeconds(5))
            .build();

    private AwsClients() {}

    /** Applies the shared HTTP client, region and credentials to a service client builder. */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(B builder) {
        return builder.httpClient(HTTP).region(region()).credentialsProvider(credentials());
    }

    static Region region() {
        String region = System.getenv("AWS_REGION");
        if (region == null) region = System.getProperty("aws.region", "us-east-1");
        return Region.of(region);
    }

    static AwsCredentialsProvider credentials() {
        return AwsCredentialsProviderChain.of(EnvironmentVariableCredentialsProvider.create(),
                SystemPropertyCredentialsProvider.create());
    }
}
