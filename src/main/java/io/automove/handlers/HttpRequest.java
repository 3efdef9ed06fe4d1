package io.automove.handlers;

import io.automove.model.Caller;
import io.automove.support.Json;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The parts of an API Gateway HTTP API (payload 2.0) event a handler reads. Header names are lower case. A body
 * API Gateway passed base64-encoded (as it does for bytes that are not text) is decoded strictly: if it is not
 * base64, or not UTF-8 once decoded, {@code bodyIsUtf8} is false and {@code body} null, and the route refuses it
 * (INVALID_ENCODING): a body that was sent but cannot be read must not pass for no body where a route takes none.
 */
public record HttpRequest(String routeKey, String rawPath, Map<String, String> headers, Map<String, String> query,
                          Map<String, String> pathParameters, String body, Map<String, String> claims,
                          String requestId, boolean bodyIsUtf8) {

    public HttpRequest(String routeKey, String rawPath, Map<String, String> headers, Map<String, String> query,
                       Map<String, String> pathParameters, String body, Map<String, String> claims, String requestId) {
        this(routeKey, rawPath, headers, query, pathParameters, body, claims, requestId, true);
    }

    public static HttpRequest fromEvent(JsonNode event) {
        JsonNode context = event.field("requestContext").orElse(JsonNode.emptyObjectNode());
        JsonNode authorizer = context.field("authorizer").orElse(JsonNode.emptyObjectNode());
        // the template's JWT authorizer puts the token's claims under jwt.claims; a Lambda authorizer puts its
        // context under lambda: only the local identity authorizer of `sam local start-api` does that (the
        // template has no Lambda authorizer, so in the cloud it cannot happen)
        Map<String, String> claims = strings(authorizer.field("jwt").flatMap(j -> j.field("claims"))
                .or(() -> authorizer.field("lambda")).orElse(null), false);
        Map<String, String> headers = strings(event.field("headers").orElse(null), true);
        String body = event.field("body").filter(b -> !b.isNull()).map(JsonNode::asString).orElse(null);
        boolean utf8 = true;
        if (body != null && event.field("isBase64Encoded").map(JsonNode::asBoolean).orElse(false)) {
            try {
                body = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(Base64.getDecoder().decode(body))).toString();
            } catch (IllegalArgumentException | CharacterCodingException e) {
                body = null;
                utf8 = false;
            }
        }
        return new HttpRequest(text(event, "routeKey"), text(event, "rawPath"), headers,
                strings(event.field("queryStringParameters").orElse(null), false),
                strings(event.field("pathParameters").orElse(null), false), body, claims,
                context.field("requestId").map(JsonNode::asString).orElse(null), utf8);
    }

    public static HttpRequest fromEvent(String json) { return fromEvent(Json.parse(json)); }

    public String path(String name) { return pathParameters.get(name); }

    /** This call as its route key with the path parameters filled in: "POST /jobs/job_1/client-requests". */
    public String call() {
        String call = routeKey == null ? "" : routeKey;
        for (Map.Entry<String, String> p : pathParameters.entrySet()) call = call.replace("{" + p.getKey() + "}", p.getValue());
        return call;
    }

    public String header(String name) { return headers.get(name.toLowerCase(Locale.ROOT)); }

    /** The caller as the JWT authorizer vouched for it ({@code sub} and {@code firmId} claims). */
    public Caller caller() { return new Caller(claims.get("sub"), claims.get("firmId")); }

    private static String text(JsonNode node, String field) {
        return node.field(field).filter(v -> !v.isNull()).map(JsonNode::asString).orElse(null);
    }

    private static Map<String, String> strings(JsonNode object, boolean lowerCaseKeys) {
        Map<String, String> map = new HashMap<>();
        if (object == null || !object.isObject()) return map;
        object.asObject().forEach((k, v) -> {
            if (v != null && !v.isNull() && !v.isArray() && !v.isObject()) {
                map.put(lowerCaseKeys ? k.toLowerCase(Locale.ROOT) : k, v.isString() ? v.asString() : v.toString());
            }
        });
        return map;
    }
}
