package io.automove.handlers;

import io.automove.support.Json;

import java.util.LinkedHashMap;
import java.util.Map;

/** What goes back to API Gateway: status, headers, and a JSON body (or none). */
public record HttpResponse(int status, Map<String, String> headers, String body) {

    public static HttpResponse json(int status, Object body) {
        return new HttpResponse(status, Map.of("content-type", "application/json"), Json.write(body));
    }

    public static HttpResponse noContent() { return new HttpResponse(204, Map.of(), null); }

    public static HttpResponse error(int status, String code, String message, Map<String, Object> details) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.putAll(details);
        return json(status, body);
    }

    public HttpResponse withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new HttpResponse(status, h, body);
    }

    /** The payload 2.0 response document. */
    public String toEvent() {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("statusCode", status);
        event.put("headers", headers);
        if (body != null) event.put("body", body);
        event.put("isBase64Encoded", false);
        return Json.write(event);
    }
}
