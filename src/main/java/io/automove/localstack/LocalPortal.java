package io.automove.localstack;

import io.automove.adapters.dynamodb.DynamoWorkflowStore;
import io.automove.handlers.PortalWebhookHandler;
import io.automove.localstack.HttpApi.Response;
import io.automove.model.ClientRequest;
import io.automove.model.RequestItem;
import io.automove.handlers.PortalSignature;
import io.automove.usecases.ports.Read;
import io.automove.usecases.ports.WorkflowStore;
import io.automove.support.Json;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The local-only endpoints under /_local/ ({@link LocalLauncher} serves them next to the template's routes): the
 * mail outbox, dead letters (the bus's and the stream's), published events, and a bare client portal so the link
 * in an email works: it shows the request and submits it through the signed webhook, exactly as the real portal
 * would call it. It changes nothing itself: the submission goes through the webhook function.
 *
 * <p>The page's form is the one thing here another web site could make a browser send (a cross-site form post
 * would submit a client's request with made-up answers). So the form carries a token, an HMAC under a key drawn
 * when this process started, bound to the firm and the request, which only a page served here holds; a post
 * without it, or whose Origin is not this stack's own, is refused with 403 and changes nothing. The page also
 * forbids framing and sends no Referer to any other site (its address names the firm and the request). Not
 * {@code no-referrer}: under it a browser sends {@code Origin: null} with the form's own post, which the Origin
 * check must refuse, so the page could never be submitted from a browser (found by ConsoleStoryIT).
 */
final class LocalPortal {
    private static final Map<String, String> JSON = Map.of("content-type", "application/json");
    private static final Map<String, String> HTML = Map.of("content-type", "text/html; charset=utf-8",
            "content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
                    + "frame-ancestors 'none'; base-uri 'none'",
            "x-frame-options", "DENY", "referrer-policy", "same-origin", "x-content-type-options", "nosniff",
            "cache-control", "no-store");
    static final String TOKEN_FIELD = "token";

    private final LocalStack stack;
    private final String secret;
    private final WorkflowStore store;
    private final LocalClock clock;
    private final byte[] formKey = new byte[32];

    LocalPortal(LocalStack stack, String secret, LocalClock clock) {
        this.stack = stack;
        this.secret = secret;
        this.clock = clock;
        this.store = new DynamoWorkflowStore(stack.dynamo(), stack.tableName());
        new SecureRandom().nextBytes(formKey);
    }

    /** @param headers with lower-case names */
    Response handle(String method, String path, String query, Map<String, String> headers, String body) {
        if (method.equals("GET") && path.equals("/_local/outbox")) return json(outbox());
        if (method.equals("GET") && path.equals("/_local/dead-letters")) {
            List<Object> list = new ArrayList<>();
            stack.bus().deadLetters().forEach(d -> list.add(Map.of("rule", d.rule(), "function", d.functionId(),
                    "event", Json.parse(d.envelope()), "error", d.error())));
            stack.streamDeadLetters().forEach(d -> list.add(Map.of("stream", d)));
            return json(list);
        }
        if (method.equals("GET") && path.equals("/_local/events")) {
            List<Object> list = new ArrayList<>();
            stack.bus().published().forEach(e -> list.add(Json.parse(e)));
            return json(list);
        }
        if (method.equals("GET") && path.equals("/_local/health")) {
            return json(Map.of("status", "ok", "pendingInvocations", stack.bus().pending()));
        }
        if (path.equals("/_local/clock")) {
            if (method.equals("GET")) return json(Map.of("now", clock.instant().toString()));
            if (method.equals("POST")) return advanceClock(body);
        }
        String[] parts = path.split("/");
        // /_local/portal/r/{firmId}/{requestId}
        if (parts.length == 6 && parts[2].equals("portal") && parts[3].equals("r")) {
            String firmId = decode(parts[4]);
            String requestId = decode(parts[5]);
            if (method.equals("GET")) return page(firmId, requestId, null);
            if (method.equals("POST")) {
                Map<String, String> fields = form(body);
                String refusal = crossSite(headers, fields.get(TOKEN_FIELD), firmId, requestId);
                if (refusal != null) return new Response(403, HTML, "<!doctype html><p>Refused: " + escape(refusal) + "</p>");
                return submit(firmId, requestId, fields);
            }
        }
        return new Response(404, JSON, "{\"message\":\"Not Found\"}");
    }

    /**
     * {"advance": "P2D"}: the clock moves forward by that ISO-8601 duration, and whatever became due runs before the
     * answer (the schedules tick, then everything they caused is handed on), so the outbox shows it at once.
     */
    private Response advanceClock(String body) {
        Duration by;
        try {
            JsonNode advance = Json.parse(body == null || body.isBlank() ? "{}" : body).field("advance").orElse(null);
            if (advance == null || !advance.isString()) throw new IllegalArgumentException("no advance");
            by = Duration.parse(advance.asString());
        } catch (RuntimeException e) {
            return new Response(400, JSON, Json.write(Map.of("error", Map.of("code", "INVALID_FIELD", "message",
                    "Send {\"advance\": \"P2D\"}: an ISO-8601 duration (days PnD, hours PTnH, minutes PTnM)."))));
        }
        if (by.isNegative()) {
            return new Response(400, JSON, Json.write(Map.of("error", Map.of("code", "INVALID_FIELD", "message",
                    "The local clock only moves forward."))));
        }
        clock.advance(by);
        Ticks.tick(stack);
        stack.awaitIdle(Duration.ofSeconds(60));
        return json(Map.of("now", clock.instant().toString(), "offset", clock.offset().toString()));
    }

    private List<Object> outbox() {
        List<Object> list = new ArrayList<>();
        for (OutboxMailer.Sent m : stack.outbox().messages()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("messageId", m.messageId());
            e.put("sentAt", m.at().toString());
            e.put("from", m.from());
            e.put("to", m.email().to());
            e.put("subject", m.email().subject());
            e.put("text", m.email().text());
            e.put("requestId", m.email().requestId());
            e.put("kind", m.email().kind().name());
            e.put("portalLink", m.email().portalLink());
            list.add(e);
        }
        return list;
    }

    /**
     * Why a form post is refused, or null: it must carry the token of a page served here for this request, and if
     * the browser says where it comes from (Origin, Sec-Fetch-Site), that must be this stack itself.
     */
    private String crossSite(Map<String, String> headers, String token, String firmId, String requestId) {
        String origin = headers.get("origin");
        if (origin != null && !origin.equals("http://" + headers.get("host"))) return "the form was sent from another site";
        String site = headers.get("sec-fetch-site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) return "the form was sent from another site";
        if (token == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                formToken(firmId, requestId).getBytes(StandardCharsets.UTF_8))) {
            return "the form is not one this local stack served (reload the page and send it again)";
        }
        return null;
    }

    /** The form's token: bound to the request, unknowable without a page served by this process. */
    String formToken(String firmId, String requestId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(formKey, "HmacSHA256"));
            byte[] tag = mac.doFinal((firmId + "\n" + requestId).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : (body == null ? "" : body).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) fields.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
        }
        return fields;
    }

    private Response submit(String firmId, String requestId, Map<String, String> fields) {
        Optional<ClientRequest> request = store.clientRequest(firmId, requestId, Read.CONSISTENT);
        if (request.isEmpty()) return page(firmId, requestId, null);
        List<Map<String, String>> answers = new ArrayList<>();
        List<RequestItem> items = request.get().items();
        for (int i = 0; i < items.size(); i++) {
            answers.add(Map.of("label", items.get(i).label(), "value", fields.getOrDefault("item" + i, "")));
        }
        String body = Json.write(Map.of("eventId", UUID.randomUUID().toString(), "type", PortalWebhookHandler.EVENT_TYPE,
                "firmId", firmId, "requestId", requestId, "submittedAt", Instant.now().toString(), "answers", answers));
        Response webhook = stack.http("POST", "/webhooks/client-portal", Map.of("content-type", "application/json",
                "x-portal-signature", PortalSignature.header(secret, Instant.now().getEpochSecond(), body)), body);
        return page(firmId, requestId, "The webhook answered " + webhook.status() + ": " + webhook.body());
    }

    private Response page(String firmId, String requestId, String notice) {
        Optional<ClientRequest> found = store.clientRequest(firmId, requestId, Read.CONSISTENT);
        StringBuilder html = new StringBuilder("<!doctype html><html lang=en><head><meta charset=utf-8><title>Client portal (local)</title>"
                + "<style>body{font:16px system-ui;max-width:40em;margin:2em auto}label{display:block;margin:1em 0 .3em}"
                + "textarea{width:100%}</style></head><body><p><em>Local stand-in for the client portal.</em></p>");
        if (notice != null) html.append("<p><strong>").append(escape(notice)).append("</strong></p>");
        if (found.isEmpty()) {
            html.append("<p>No such request.</p></body></html>");
            return new Response(404, HTML, html.toString());
        }
        ClientRequest r = found.get();
        html.append("<h1>").append(escape(r.subject())).append("</h1><p>").append(escape(r.message()).replace("\n", "<br>"))
                .append("</p><p>Status: ").append(r.status()).append("</p>");
        if (r.unfinished()) {
            html.append("<form method=post><input type=hidden name=" + TOKEN_FIELD + " value=\"")
                    .append(formToken(firmId, requestId)).append("\">");
            for (int i = 0; i < r.items().size(); i++) {
                RequestItem item = r.items().get(i);
                html.append("<label for=item").append(i).append('>').append(escape(item.label()))
                        .append(item.kind() == io.automove.model.ItemKind.FILE_UPLOAD ? " (file name)" : "")
                        .append(item.required() ? "" : " (optional)").append("</label><textarea id=item").append(i)
                        .append(" name=item").append(i).append("></textarea>");
            }
            html.append("<p><button type=submit>Submit</button></p></form>");
        }
        html.append("</body></html>");
        return new Response(200, HTML, html.toString());
    }

    private static Response json(Object value) { return new Response(200, JSON, Json.write(value)); }

    private static String decode(String s) { return URLDecoder.decode(s, StandardCharsets.UTF_8); }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
