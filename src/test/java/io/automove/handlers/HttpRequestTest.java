package io.automove.handlers;

import io.automove.model.Caller;
import io.automove.model.DomainException;
import io.automove.support.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** API Gateway HTTP API payload 2.0 events, as the handlers see them. */
class HttpRequestTest {

    private static Map<String, Object> event() {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("version", "2.0");
        e.put("routeKey", "POST /jobs/{jobId}/move");
        e.put("rawPath", "/jobs/job-1/move");
        e.put("headers", Map.of("Content-Type", "application/json", "X-Portal-Signature", "t=1,v1=ab",
                "Idempotency-Key", "k-1", "Content-Length", 42));
        e.put("queryStringParameters", Map.of("pipelineId", "pipe-1", "Case", "Kept"));
        e.put("pathParameters", Map.of("jobId", "job-1"));
        e.put("requestContext", Map.of("requestId", "api-req-1",
                "authorizer", Map.of("jwt", Map.of("claims", Map.of("sub", "user-1", "firmId", "firm-1",
                        "cognito:groups", "[admins]")))));
        e.put("body", "{\"toStageId\":\"review\"}");
        e.put("isBase64Encoded", false);
        return e;
    }

    @Test
    void readsRoutePathParametersQueryAndRequestId() {
        HttpRequest r = HttpRequest.fromEvent(Json.write(event()));

        assertThat(r.routeKey()).isEqualTo("POST /jobs/{jobId}/move");
        assertThat(r.rawPath()).isEqualTo("/jobs/job-1/move");
        assertThat(r.path("jobId")).isEqualTo("job-1");
        assertThat(r.query()).containsEntry("pipelineId", "pipe-1").containsEntry("Case", "Kept");
        assertThat(r.requestId()).isEqualTo("api-req-1");
        assertThat(r.body()).isEqualTo("{\"toStageId\":\"review\"}");
    }

    @Test
    void headerNames_areLowerCased_andLookupIgnoresCase() {
        HttpRequest r = HttpRequest.fromEvent(Json.write(event()));

        assertThat(r.headers()).containsKeys("content-type", "x-portal-signature", "idempotency-key")
                .doesNotContainKeys("Content-Type", "X-Portal-Signature");
        assertThat(r.header("X-Portal-Signature")).isEqualTo("t=1,v1=ab");
        assertThat(r.header("idempotency-key")).isEqualTo("k-1");
        assertThat(r.header("content-length")).isEqualTo("42");
        assertThat(r.header("x-missing")).isNull();
    }

    @Test
    void base64Body_isDecodedAsUtf8() {
        Map<String, Object> e = event();
        String text = "{\"label\":\"Città – €\"}";
        e.put("body", Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
        e.put("isBase64Encoded", true);

        assertThat(HttpRequest.fromEvent(Json.write(e)).body()).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"7b2274223a22ff227d", "7b2274223a22c3227d", "7b2274223a22eda080227d", "c0af"})
    void base64BodyThatIsNotUtf8_isFlagged_notReadWithReplacementCharacters(String hex) {
        // a lone 0xFF, a truncated sequence, an encoded surrogate (ED A0 80), an overlong "/"
        Map<String, Object> e = event();
        e.put("body", Base64.getEncoder().encodeToString(java.util.HexFormat.of().parseHex(hex)));
        e.put("isBase64Encoded", true);

        HttpRequest r = HttpRequest.fromEvent(Json.write(e));
        assertThat(r.bodyIsUtf8()).isFalse();
        assertThat(r.body()).isNull();
    }

    /** Not "no body": a route that takes none would act on a body it could not read. */
    @Test
    void bodyFlaggedBase64ThatIsNot_isFlaggedUnreadable() {
        Map<String, Object> e = event();
        e.put("body", "{not base64!}");
        e.put("isBase64Encoded", true);

        HttpRequest r = HttpRequest.fromEvent(Json.write(e));
        assertThat(r.body()).isNull();
        assertThat(r.bodyIsUtf8()).isFalse();
    }

    @Test
    void plainBodyThatLooksLikeBase64_isLeftAlone() {
        Map<String, Object> e = event();
        e.put("body", "YWJj");

        assertThat(HttpRequest.fromEvent(Json.write(e)).body()).isEqualTo("YWJj");
    }

    @Test
    void claims_giveTheCaller() {
        HttpRequest r = HttpRequest.fromEvent(Json.write(event()));

        assertThat(r.claims()).containsEntry("sub", "user-1").containsEntry("firmId", "firm-1");
        assertThat(r.caller()).isEqualTo(new Caller("user-1", "firm-1"));
    }

    @Test
    void eventWithoutAuthorizer_hasNoClaims_andNoCaller() {
        Map<String, Object> e = event();
        e.put("requestContext", Map.of("requestId", "api-req-2"));
        e.remove("body");
        e.remove("headers");

        HttpRequest r = HttpRequest.fromEvent(Json.write(e));

        assertThat(r.claims()).isEmpty();
        assertThat(r.headers()).isEmpty();
        assertThat(r.body()).isNull();
        assertThatThrownBy(r::caller).isInstanceOfSatisfying(DomainException.class,
                ex -> assertThat(ex.code()).isEqualTo("UNAUTHENTICATED"));
    }

    @Test
    void minimalEvent_isRead() {
        HttpRequest r = HttpRequest.fromEvent("{}");

        assertThat(r.routeKey()).isNull();
        assertThat(r.headers()).isEmpty();
        assertThat(r.query()).isEmpty();
        assertThat(r.pathParameters()).isEmpty();
        assertThat(r.requestId()).isNull();
    }
}
