package io.automove.testing;

import io.automove.handlers.PortalSignature;
import io.automove.handlers.PortalWebhookHandler;
import io.automove.localstack.HttpApi.Response;
import io.automove.localstack.LocalStack;
import io.automove.localstack.LocalStack.Options;
import io.automove.support.Json;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The whole template running in this JVM on DynamoDB Local, driven through its HTTP routes like a firm app
 * and the portal would. The stream's records and the bus's invocations run only in {@link #settle()}, so a test
 * sees each step's effects exactly.
 */
public final class Stack implements AutoCloseable {
    public static final Path TEMPLATE = Path.of("template.yaml");
    public static final String SECRET = LocalStack.LOCAL_WEBHOOK_SECRET;

    public final LocalStack runtime;

    public Stack() { this(Options.defaults(TEMPLATE)); }

    public Stack(Options options) { this.runtime = new LocalStack(options); }

    public Response call(String user, String firm, String method, String path, Object body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        if (user != null) headers.put("x-user-id", user);
        if (firm != null) headers.put("x-firm-id", firm);
        return runtime.http(method, path, headers, body == null ? null : body instanceof String s ? s : Json.write(body));
    }

    /** A call that must succeed; returns its JSON. */
    public JsonNode ok(String user, String firm, String method, String path, Object body) {
        Response r = call(user, firm, method, path, body);
        if (r.status() >= 300) throw new AssertionError(method + " " + path + " -> " + r.status() + " " + r.body());
        return r.body() == null ? null : r.json();
    }

    public Response webhook(String body, String signature) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        if (signature != null) headers.put("x-portal-signature", signature);
        return runtime.http("POST", "/webhooks/client-portal", headers, body);
    }

    public static String submission(String eventId, String firmId, String requestId, Instant at) {
        return Json.write(Map.of("eventId", eventId, "type", PortalWebhookHandler.EVENT_TYPE, "firmId", firmId,
                "requestId", requestId, "submittedAt", at.toString(),
                "answers", List.of(Map.of("label", "Bank statements", "value", "uploaded:statements-2025.pdf"))));
    }

    /** The portal submitting a request, signed with the local secret. */
    public Response submit(String firmId, String requestId) {
        Instant now = runtime.clock().instant(); // the stack's clock: a test may have moved it days ahead
        String body = submission(UUID.randomUUID().toString(), firmId, requestId, now);
        return webhook(body, PortalSignature.header(SECRET, now.getEpochSecond(), body));
    }

    public void settle() { runtime.settle(); }

    /** Every item of the table, in a stable order: compare before and after to prove nothing was written. */
    public List<String> scan() {
        return runtime.dynamo().scanPaginator(b -> b.tableName(runtime.tableName())).items().stream()
                .map(item -> new java.util.TreeMap<>(item).toString()).sorted().toList();
    }

    /** The bus events published so far with this detail-type, as envelopes. */
    public List<JsonNode> published(String detailType) {
        return runtime.bus().published().stream().map(Json::parse)
                .filter(e -> detailType.equals(text(e, "detail-type"))).toList();
    }

    /**
     * How many times the request was emailed: each time, every contact of its account gets one email of their own.
     * -1 when the contacts did not all get the same number (a contact missed, or one emailed twice).
     */
    public int emailsFor(String requestId) {
        Map<String, Integer> perMailbox = new java.util.TreeMap<>();
        String firmId = null;
        for (var m : runtime.outbox().messages()) {
            if (!m.email().requestId().equals(requestId)) continue;
            perMailbox.merge(m.email().to().toLowerCase(java.util.Locale.ROOT), 1, Integer::sum);
            String link = m.email().portalLink();
            firmId = link.substring(0, link.lastIndexOf('/')).substring(link.substring(0, link.lastIndexOf('/')).lastIndexOf('/') + 1);
        }
        if (perMailbox.isEmpty()) return 0;
        var store = new io.automove.adapters.dynamodb.DynamoWorkflowStore(runtime.dynamo(), runtime.tableName());
        var directory = new io.automove.adapters.dynamodb.DynamoDirectory(runtime.dynamo(), runtime.tableName());
        var request = store.clientRequest(firmId, requestId, io.automove.usecases.ports.Read.CONSISTENT).orElseThrow();
        var account = directory.account(firmId, request.accountId()).orElseThrow();
        java.util.Set<String> contacts = new java.util.TreeSet<>();
        account.contacts().forEach(c -> contacts.add(c.email().toLowerCase(java.util.Locale.ROOT)));
        java.util.Set<Integer> counts = new java.util.HashSet<>(perMailbox.values());
        return perMailbox.keySet().equals(contacts) && counts.size() == 1 ? counts.iterator().next() : -1;
    }

    @Override
    public void close() { runtime.close(); }

    /** Reads a path like "linked.clientRequests[0].status". */
    public static JsonNode at(JsonNode node, String path) {
        JsonNode current = node;
        for (String part : path.split("\\.")) {
            String name = part;
            Integer index = null;
            int b = part.indexOf('[');
            if (b >= 0) {
                name = part.substring(0, b);
                index = Integer.parseInt(part.substring(b + 1, part.indexOf(']')));
            }
            if (!name.isEmpty()) current = current.field(name).orElseThrow(() -> new AssertionError("no " + path + " in " + node));
            if (index != null) current = current.asArray().get(index);
        }
        return current;
    }

    public static String text(JsonNode node, String path) { return at(node, path).asString(); }
}
