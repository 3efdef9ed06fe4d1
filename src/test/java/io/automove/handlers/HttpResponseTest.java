package io.automove.handlers;

import io.automove.support.Json;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HttpResponseTest {

    @Test
    void error_hasCodeAndMessage_underError_withDetailsBeside() {
        HttpResponse r = HttpResponse.error(409, "UNFINISHED_REQUESTS", "Say what to do \"now\".",
                Map.of("unfinishedRequests", List.of(Map.of("requestId", "req-1"))));

        JsonNode body = Json.parse(r.body());
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.headers()).containsEntry("content-type", "application/json");
        assertThat(body.field("error").orElseThrow().field("code").orElseThrow().asString()).isEqualTo("UNFINISHED_REQUESTS");
        assertThat(body.field("error").orElseThrow().field("message").orElseThrow().asString()).isEqualTo("Say what to do \"now\".");
        assertThat(body.field("unfinishedRequests").orElseThrow().asArray()).hasSize(1);
    }

    @Test
    void toEvent_isThePayload2Response() {
        JsonNode event = Json.parse(HttpResponse.json(201, Map.of("jobId", "job-1")).withHeader("location", "/jobs/job-1").toEvent());

        assertThat(event.field("statusCode").orElseThrow().asNumber()).isEqualTo("201");
        assertThat(event.field("headers").orElseThrow().field("location").orElseThrow().asString()).isEqualTo("/jobs/job-1");
        assertThat(event.field("isBase64Encoded").orElseThrow().asBoolean()).isFalse();
        assertThat(Json.parse(event.field("body").orElseThrow().asString()).field("jobId").orElseThrow().asString())
                .isEqualTo("job-1");
    }

    @Test
    void noContent_hasNoBody() {
        JsonNode event = Json.parse(HttpResponse.noContent().toEvent());

        assertThat(event.field("statusCode").orElseThrow().asNumber()).isEqualTo("204");
        assertThat(event.field("body")).isEmpty();
    }
}
