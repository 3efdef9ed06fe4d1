package io.automove.localstack;

import io.automove.support.Json;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * API Gateway HTTP API payload 2.0 events, as the cloud sends them to a function. Building only: {@link HttpApi}
 * (and the emulator rig) send them.
 */
public final class HttpEvents {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US);

    private HttpEvents() {}

    public static String v2(String routeKey, String path, String rawQuery, Map<String, String> headers,
                     Map<String, String> pathParameters, String body, Map<String, Object> claims, Instant now) {
        return v2(routeKey, path, rawQuery, headers, pathParameters, body, false, claims, now);
    }

    /** @param base64 the body is base64 of bytes that are not UTF-8 text, as the HTTP API sends a binary body */
    public static String v2(String routeKey, String path, String rawQuery, Map<String, String> headers,
                     Map<String, String> pathParameters, String body, boolean base64, Map<String, Object> claims,
                     Instant now) {
        String requestId = UUID.randomUUID().toString().replace("-", "").substring(0, 16) + "=";
        Map<String, Object> http = new LinkedHashMap<>();
        http.put("method", routeKey.substring(0, routeKey.indexOf(' ')));
        http.put("path", path);
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", "127.0.0.1");
        http.put("userAgent", headers.getOrDefault("user-agent", ""));
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("accountId", "000000000000");
        context.put("apiId", "local");
        if (claims != null) {
            Map<String, Object> jwt = new LinkedHashMap<>();
            jwt.put("claims", claims);
            jwt.put("scopes", null);
            context.put("authorizer", Map.of("jwt", jwt));
        }
        context.put("domainName", headers.getOrDefault("host", "localhost"));
        context.put("domainPrefix", "local");
        context.put("http", http);
        context.put("requestId", requestId);
        context.put("routeKey", routeKey);
        context.put("stage", "$default");
        context.put("time", TIME.format(now.atOffset(ZoneOffset.UTC)));
        context.put("timeEpoch", now.toEpochMilli());
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "2.0");
        event.put("routeKey", routeKey);
        event.put("rawPath", path);
        event.put("rawQueryString", rawQuery);
        event.put("headers", headers);
        Map<String, String> query = query(rawQuery);
        if (!query.isEmpty()) event.put("queryStringParameters", query);
        if (!pathParameters.isEmpty()) event.put("pathParameters", pathParameters);
        event.put("requestContext", context);
        if (body != null) event.put("body", body);
        event.put("isBase64Encoded", base64);
        return Json.write(event);
    }

    /** Repeated names are joined with commas, as the HTTP API does. */
    static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) return out;
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.merge(k, v, (a, b) -> a + "," + b);
        }
        return out;
    }
}
