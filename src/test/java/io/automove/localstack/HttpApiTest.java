package io.automove.localstack;

import io.automove.support.Json;
import io.automove.testing.Stack;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP API's events as a function receives them, for the bodies a socket can bring. */
class HttpApiTest {
    private final List<JsonNode> events = new ArrayList<>();
    private final HttpApi api = new HttpApi(Template.load(Stack.TEMPLATE), (functionId, event) -> {
        events.add(Json.parse(event));
        return "{\"statusCode\":200,\"body\":\"{}\"}";
    }, Clock.systemUTC(), () -> { });

    @Test
    void aBodyThatIsNotUtf8_isPassedAsABinaryBody_base64WithTheFlag() {
        byte[] notUtf8 = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

        api.handleBytes("POST", "/firms", Map.of("x-user-id", "u", "content-type", "application/json"), notUtf8);

        JsonNode event = events.get(0);
        assertThat(event.field("isBase64Encoded").orElseThrow().asBoolean()).isTrue();
        assertThat(Base64.getDecoder().decode(event.field("body").orElseThrow().asString())).isEqualTo(notUtf8);
    }

    @Test
    void aUtf8Body_isPassedAsText() {
        String text = "{\"name\":\"Città – €\"}";

        api.handleBytes("POST", "/firms", Map.of("x-user-id", "u"), text.getBytes(StandardCharsets.UTF_8));
        api.handleBytes("GET", "/jobs/j1", Map.of("x-user-id", "u"), null);

        assertThat(events.get(0).field("isBase64Encoded").orElseThrow().asBoolean()).isFalse();
        assertThat(events.get(0).field("body").orElseThrow().asString()).isEqualTo(text);
        assertThat(events.get(1).field("body")).isEmpty();
        assertThat(events.get(1).field("isBase64Encoded").orElseThrow().asBoolean()).isFalse();
    }
}
