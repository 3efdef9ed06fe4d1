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

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
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
 */
final class LocalPortal {
    private static final Map<String, String> JSON = Map.of("content-type", "application/json");

    private final LocalStack stack;
    private final String secret;
    private final WorkflowStore store;

    LocalPortal(LocalStack stack, String secret) {
        this.stack = stack;
        this.secret = secret;
        this.store = new DynamoWorkflowStore(stack.dynamo(), stack.tableName());
    }

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
        String[] parts = path.split("/");
        // /_local/portal/r/{firmId}/{requestId}
        if (parts.length == 6 && parts[2].equals("portal") && parts[3].equals("r")) {
            String firmId = decode(parts[4]);
            String requestId = decode(parts[5]);
            if (method.equals("GET")) return page(firmId, requestId, null);
            if (method.equals("POST")) return submit(firmId, requestId, body);
        }
        return new Response(404, JSON, "{\"message\":\"Not Found\"}");
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
            e.put("portalLink", m.email().portalLink());
            list.add(e);
        }
        return list;
    }

    private Response submit(String firmId, String requestId, String form) {
        Optional<ClientRequest> request = store.clientRequest(firmId, requestId, Read.CONSISTENT);
        if (request.isEmpty()) return page(firmId, requestId, null);
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) fields.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
        }
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
        StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset=utf-8><title>Client portal (local)</title>"
                + "<style>body{font:16px system-ui;max-width:40em;margin:2em auto}label{display:block;margin:1em 0 .3em}"
                + "textarea{width:100%}</style></head><body><p><em>Local stand-in for the client portal.</em></p>");
        if (notice != null) html.append("<p><strong>").append(escape(notice)).append("</strong></p>");
        if (found.isEmpty()) {
            html.append("<p>No such request.</p></body></html>");
            return new Response(404, Map.of("content-type", "text/html; charset=utf-8"), html.toString());
        }
        ClientRequest r = found.get();
        html.append("<h1>").append(escape(r.subject())).append("</h1><p>").append(escape(r.message()).replace("\n", "<br>"))
                .append("</p><p>Status: ").append(r.status()).append("</p>");
        if (r.unfinished()) {
            html.append("<form method=post>");
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
        return new Response(200, Map.of("content-type", "text/html; charset=utf-8"), html.toString());
    }

    private static Response json(Object value) { return new Response(200, JSON, Json.write(value)); }

    private static String decode(String s) { return URLDecoder.decode(s, StandardCharsets.UTF_8); }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
