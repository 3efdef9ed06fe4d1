package io.automove.emulators;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.util.Map;

/**
 * Where the AWS services of the emulator tier live: DynamoDB (and its stream) on one endpoint, SES, EventBridge
 * and SQS on another. Functions reach them only through the SDK's endpoint overrides, exactly as configured by
 * {@link #functionEnvironment()}; the test reaches them with ordinary SDK clients.
 */
interface Emulators extends AutoCloseable {
    String REGION = "us-east-1";

    URI dynamoDb();

    URI services();

    /** What a function needs in its environment to talk to these emulators instead of AWS. */
    default Map<String, String> functionEnvironment() {
        return Map.of("AWS_REGION", REGION, "AWS_DEFAULT_REGION", REGION,
                "AWS_ACCESS_KEY_ID", "emulated", "AWS_SECRET_ACCESS_KEY", "emulated", "AWS_SESSION_TOKEN", "emulated",
                "AWS_ENDPOINT_URL_DYNAMODB", dynamoDb().toString(),
                "AWS_ENDPOINT_URL", services().toString());
    }

    private static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>
            & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, ?>> B configure(B b, URI endpoint) {
        return b.endpointOverride(endpoint).region(Region.of(REGION)).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("emulated", "emulated")));
    }

    default DynamoDbClient dynamoClient() { return configure(DynamoDbClient.builder(), dynamoDb()).build(); }

    default DynamoDbStreamsClient streamsClient() { return configure(DynamoDbStreamsClient.builder(), dynamoDb()).build(); }

    default SesClient sesClient() { return configure(SesClient.builder(), services()).build(); }

    default EventBridgeClient eventsClient() { return configure(EventBridgeClient.builder(), services()).build(); }

    default SqsClient sqsClient() { return configure(SqsClient.builder(), services()).build(); }

    default SecretsManagerClient secretsClient() { return configure(SecretsManagerClient.builder(), services()).build(); }

    @Override
    void close();
}
