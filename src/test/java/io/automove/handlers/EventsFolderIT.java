package io.automove.handlers;

import io.automove.emulators.CloudRig;
import io.automove.support.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.nio.file.Files;
import java.time.Instant;
import java.util.stream.Stream;

import static io.automove.testing.Stack.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every file of events/ in the emulator tier: handed to its function by the Lambda Java runtime (which passes the
 * bytes as sam local invoke would), the function running from its deployment package with real SDK clients on
 * DynamoDB Local and moto, over the same fixtures as {@link EventsFolderTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventsFolderIT {
    private CloudRig stack;

    @BeforeAll
    void deploy() throws Exception { stack = CloudRig.deploy(); }

    @AfterAll
    void tearDown() { if (stack != null) stack.close(); }

    static Stream<String> eventFiles() throws Exception { return EventsFolderTest.eventFiles(); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventFiles")
    void eventFile_throughTheLambdaRuntime_onTheEmulators_succeeds(String relative) throws Exception {
        // GIVEN a fresh table with the fixtures the event refers to
        String functionId = relative.substring(0, relative.indexOf('/'));
        EventsFolderTest.Scenario scenario = EventsFolderTest.SCENARIOS.get(relative);
        assertThat(scenario).as("events/%s has no scenario", relative).isNotNull();
        stack.freshTable();
        try (var f = new EventsFolderTest.Fixtures(stack.dynamo(), stack.tableName())) {
            f.firmConfigured();
            scenario.given().seed(f);
        }
        String event = Files.readString(EventsFolderTest.EVENTS.resolve(relative));
        if (functionId.equals("PortalWebhookFunction")) event = resigned(event, stack.webhookSecret());

        // WHEN the runtime hands it to the function
        String output = stack.invoke(functionId, event);

        // THEN no error, and HTTP events get their documented status
        if (scenario.status() > 0) {
            assertThat(Json.parse(output).field("statusCode").orElseThrow().asNumber()).as(output)
                    .isEqualTo(Integer.toString(scenario.status()));
        } else if (output != null && !output.isBlank() && Json.parse(output).field("batchItemFailures").isPresent()) {
            assertThat(Json.parse(output).field("batchItemFailures").orElseThrow().asArray()).isEmpty();
        }
    }

    /** The file is signed at a fixed time; sign the same body now, with the stack's secret. */
    static String resigned(String event, String secret) { return resigned(event, secret, Instant.now()); }

    /** The webhook event signed at {@code at} (a moved clock's now) with {@code secret}, its body unchanged. */
    static String resigned(String event, String secret, Instant at) {
        JsonNode raw = Json.parse(event);
        String old = raw.field("headers").flatMap(h -> h.field("x-portal-signature")).orElseThrow().asString();
        String fresh = PortalSignature.header(secret, at.getEpochSecond(), text(raw, "body"));
        assertThat(event).contains(old);
        return event.replace(old, fresh);
    }
}
