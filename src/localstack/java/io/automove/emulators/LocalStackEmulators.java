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
        // -Dlocalstack.image=NAME:TAG: the image to run; default the one `scripts/sam-local localstack-image`
        // builds where no registry is reachable (docs/deploy.md, "LocalStack"); localstack/localstack:latest works
        // where it can be pulled
        String image = System.getProperty("localstack.image", "automove/localstack:4.6.0");
        Localstack.INSTANCE.startup(LocalstackDockerConfiguration.builder()
                .imageName(image.substring(0, image.lastIndexOf(':')))
                .imageTag(image.substring(image.lastIndexOf(':') + 1))
                .pullNewImage(false)
                .randomizePorts(true)
                .environmentVariables(Map.of("SERVICES", "dynamodb,dynamodbstreams,ses,events,sqs,secretsmanager",
                        // DynamoDB Streams from DynamoDB Local itself: the v1 provider needs Kinesis (kinesis-mock)
                        "PROVIDER_OVERRIDE_DYNAMODB", "v2", "PROVIDER_OVERRIDE_DYNAMODBSTREAMS", "v2",
                        // queue URLs on the edge endpoint: *.localhost.localstack.cloud needs public DNS
                        "SQS_ENDPOINT_STRATEGY", "path"))
                .build());
        edge = URI.create(Localstack.INSTANCE.getEndpointDynamoDB());
    }

    @Override public URI dynamoDb() { return edge; }

    @Override public URI services() { return edge; }

    @Override
    public void close() { Localstack.INSTANCE.stop(); }
}
