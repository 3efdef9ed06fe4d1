package io.automove.localstack;

import io.automove.support.Json;
import io.automove.support.Log;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP API, locally: a request is matched to a route of template.yaml ({@link Routes}), turned into the
 * payload 2.0 event the cloud would send ({@link HttpEvents}), its function invoked, and the function's answer
 * turned back into an HTTP response. On routes with the JWT authorizer the claims come from the headers
 * X-User-Id ({@code sub}) and X-Firm-Id ({@code firmId}): local mode only, no token is checked. A body that is
 * not valid UTF-8 is passed on as the HTTP API passes a binary body: base64, with {@code isBase64Encoded}. The
 * socket is {@link LocalLauncher}'s; the /_local endpoints are {@link LocalPortal}'s.
 */
public final class HttpApi {

    public record Response(int status, Map<String, String> headers, String body) {
        public JsonNode json() { return Json.parse(body); }
    }

    /** Runs a function with an event and returns what it wrote ({@link Functions#invoke}). */
    @FunctionalInterface
    interface Invoker {
        String invoke(String functionId, String eventJson) throws Exception;
    }

    private static final Map<String, String> JSON = Map.of("content-type", "application/json");

    private final Routes routes;
    private final Invoker functions;
    private final Clock clock;
    private final Runnable beforeInvoke;

    /** @param beforeInvoke runs before each function call (the scheduler polls faster while requests come in) */
    HttpApi(Template template, Invoker functions, Clock clock, Runnable beforeInvoke) {
        this.routes = new Routes(template);
        this.functions = functions;
        this.clock = clock;
        this.beforeInvoke = beforeInvoke;
    }

    /** One HTTP request through the template's routes, as the HTTP API would pass it on. */
    public Response handle(String method, String pathAndQuery, Map<String, String> headers, String body) {
        return handle(method, pathAndQuery, headers, body, false);
    }

    /** The same with the body as it came off the wire: as text if it is UTF-8, else base64 (a binary body). */
    public Response handleBytes(String method, String pathAndQuery, Map<String, String> headers, byte[] body) {
        if (body == null) return handle(method, pathAndQuery, headers, null, false);
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
            return handle(method, pathAndQuery, headers, text, false);
        } catch (CharacterCodingException binary) {
            return handle(method, pathAndQuery, headers, Base64.getEncoder().encodeToString(body), true);
        }
    }

    private Response handle(String method, String pathAndQuery, Map<String, String> headers, String body, boolean base64) {
        String path = pathAndQuery;
        String rawQuery = "";
        int q = pathAndQuery.indexOf('?');
        if (q >= 0) {
            path = pathAndQuery.substring(0, q);
            rawQuery = pathAndQuery.substring(q + 1);
        }
        Map<String, String> lower = new LinkedHashMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        Routes.Match match = routes.match(method, path).orElse(null);
        if (match == null) return new Response(404, JSON, "{\"message\":\"Not Found\"}");
        Map<String, Object> claims = null;
        if (match.route().authorized()) {
            claims = claims(lower);
            if (claims == null) return new Response(401, JSON, "{\"message\":\"Unauthorized\"}");
        }
        String event = HttpEvents.v2(match.route().routeKey(), path, rawQuery, lower, match.pathParameters(), body,
                base64, claims, clock.instant());
        beforeInvoke.run();
        try {
            return response(functions.invoke(match.functionId(), event));
        } catch (Exception e) {
            Log.error("function failed", e, "function", match.functionId());
            return new Response(500, JSON, "{\"message\":\"Internal Server Error\"}");
        }
    }

    /** The JWT claims the local identity headers stand for; null without X-User-Id (the authorizer's 401). */
    private static Map<String, Object> claims(Map<String, String> lowerCaseHeaders) {
        String user = lowerCaseHeaders.get("x-user-id");
        if (user == null || user.isBlank()) return null;
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", user);
        if (lowerCaseHeaders.get("x-firm-id") != null) claims.put("firmId", lowerCaseHeaders.get("x-firm-id"));
        return claims;
    }

    /** A payload 2.0 response document as the HTTP API turns it into an HTTP response. */
    public static Response response(String functionOutput) {
        JsonNode out = Json.parse(functionOutput);
        Map<String, String> headers = new LinkedHashMap<>();
        out.field("headers").ifPresent(h -> h.asObject().forEach((k, v) -> headers.put(k, v.asString())));
        int status = Integer.parseInt(out.field("statusCode").map(JsonNode::asNumber).orElse("200"));
        return new Response(status, headers, out.field("body").filter(b -> !b.isNull()).map(JsonNode::asString).orElse(null));
    }

    /** "POST /jobs -> WorkflowApiFunction", for banners and checks. */
    public List<String> routeKeys() { return routes.describe(); }
}
