package io.automove.emulators;

import cloud.localstack.Localstack;
import cloud.localstack.docker.annotation.LocalstackDockerConfiguration;

import java.net.URI;
import java.util.Map;

/**
 * The emulator tier on LocalStack (needs Docker): mvn verify -Pemulators,localstack. Every service, DynamoDB and
 * its stream included, on LocalStack's edge endpoint; the same tests run unchanged.
 */
public final class LocalStackEmulators implements Emulators {
    private final URI edge;

    public LocalStackEmulators() {
        Localstack.INSTANCE.startup(LocalstackDockerConfiguration.builder()
                .randomizePorts(true)
                .environmentVariables(Map.of("SERVICES", "dynamodb,dynamodbstreams,ses,events,sqs,secretsmanager"))
                .build());
        edge = URI.create(Localstack.INSTANCE.getEndpointDynamoDB());
    }

    @Override public URI dynamoDb() { return edge; }

    @Override public URI services() { return edge; }

    @Override
    public void close() { Localstack.INSTANCE.stop(); }
}
