package io.automove.handlers;

import io.automove.support.Json;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The caller under `sam local start-api`: SAM does not run JWT authorizers, so the local overlay
 * (scripts/sam-local) swaps in a Lambda authorizer, whose context an HTTP API passes on as
 * {@code requestContext.authorizer.lambda}. The JWT claims still win wherever both could appear.
 */
class HttpRequestLambdaAuthorizerTest {

    private static String event(Map<String, Object> authorizer) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("version", "2.0");
        e.put("routeKey", "GET /jobs/{jobId}");
        e.put("rawPath", "/jobs/job-1");
        e.put("requestContext", Map.of("requestId", "r-1", "authorizer", authorizer));
        return Json.write(e);
    }

    @Test
    void lambdaAuthorizerContext_givesTheCaller_likeJwtClaims() {
        // GIVEN the context the local identity authorizer returned
        HttpRequest r = HttpRequest.fromEvent(event(Map.of("lambda", Map.of("sub", "user-1", "firmId", "firm-1"))));

        // THEN it is read as the claims
        assertThat(r.claims()).containsEntry("sub", "user-1").containsEntry("firmId", "firm-1");
        assertThat(r.caller().userId()).isEqualTo("user-1");
        assertThat(r.caller().firmId()).isEqualTo("firm-1");
    }

    @Test
    void lambdaAuthorizerContext_withoutFirm_isACallerWithoutFirm() {
        HttpRequest r = HttpRequest.fromEvent(event(Map.of("lambda", Map.of("sub", "user-1"))));

        assertThat(r.caller().userId()).isEqualTo("user-1");
        assertThat(r.caller().firmId()).isNull();
    }

    @Test
    void jwtClaims_winOverALambdaContext() {
        HttpRequest r = HttpRequest.fromEvent(event(Map.of(
                "jwt", Map.of("claims", Map.of("sub", "from-token", "firmId", "firm-token")),
                "lambda", Map.of("sub", "from-lambda", "firmId", "firm-lambda"))));

        assertThat(r.caller().userId()).isEqualTo("from-token");
        assertThat(r.caller().firmId()).isEqualTo("firm-token");
    }
}
