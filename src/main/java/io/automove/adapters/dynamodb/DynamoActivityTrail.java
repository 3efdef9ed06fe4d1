package io.automove.adapters.dynamodb;

import io.automove.model.Activity;
import io.automove.model.Id;
import io.automove.support.Json;
import io.automove.usecases.ports.ActivityTrail;
import io.automove.usecases.ports.Page;
import io.automove.usecases.ports.PageRequest;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.automove.adapters.dynamodb.Attr.n;
import static io.automove.adapters.dynamodb.Attr.s;

/**
 * The activity trail on the table (docs/data-model.md, "Activity trail"): one copy of an entry in the firm's
 * trail partition and one in the partition of each job and request it names, beside the job's or request's own
 * item, so each trail is one query on the table, no index. The copies are put in one batch; their keys and
 * content follow from the event alone, so a redelivered event puts the same items again.
 */
public final class DynamoActivityTrail implements ActivityTrail {
    private final Table table;

    public DynamoActivityTrail(DynamoDbClient client, String tableName) {
        this.table = new Table(client, tableName);
    }

    @Override
    public void record(Activity entry) {
        String sk = Keys.activity(entry.at(), entry.seq(), entry.eventId());
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        items.add(item(Keys.firmActivity(entry.firmId()), sk, entry));
        for (String jobId : entry.jobIds()) items.add(item(Keys.job(entry.firmId(), jobId), sk, entry));
        if (entry.requestId() != null) items.add(item(Keys.request(entry.firmId(), entry.requestId()), sk, entry));
        table.batchPut(items);
    }

    @Override
    public Page<Activity> ofJob(String firmId, String jobId, PageRequest page) {
        if (!Id.valid(firmId, jobId)) return Page.last(List.of());
        return page(Keys.job(firmId, jobId), true, page);
    }

    @Override
    public Page<Activity> ofRequest(String firmId, String requestId, PageRequest page) {
        if (!Id.valid(firmId, requestId)) return Page.last(List.of());
        return page(Keys.request(firmId, requestId), true, page);
    }

    @Override
    public Page<Activity> ofFirm(String firmId, PageRequest page) {
        if (!Id.valid(firmId)) return Page.last(List.of());
        return page(Keys.firmActivity(firmId), false, page);
    }

    private Page<Activity> page(String pk, boolean oldestFirst, PageRequest page) {
        QueryRequest.Builder q = QueryRequest.builder()
                .keyConditionExpression("PK = :pk AND begins_with(SK, :sk)")
                .expressionAttributeValues(Map.of(":pk", s(pk), ":sk", s(Keys.ACTIVITY_SK)))
                .scanIndexForward(oldestFirst);
        return table.queryPage(q, page.limit(), page.after()).map(DynamoActivityTrail::entry);
    }

    private static Map<String, AttributeValue> item(String pk, String sk, Activity e) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(Items.key(pk, sk));
        item.put("type", s("ACTIVITY"));
        item.put("eventId", s(e.eventId()));
        item.put("firmId", s(e.firmId()));
        item.put("at", s(e.at().toString()));
        item.put("seq", n(e.seq()));
        item.put("kind", s(e.kind()));
        item.put("actorType", s(e.actor().type().name()));
        Attr.putIfPresent(item, "actorId", e.actor().id());
        Attr.putIfPresent(item, "accountId", e.accountId());
        if (!e.jobIds().isEmpty()) item.put("jobIds", Attr.l(e.jobIds().stream().map(Attr::s).toList()));
        Attr.putIfPresent(item, "requestId", e.requestId());
        item.put("details", s(Json.write(e.details())));
        return item;
    }

    private static Activity entry(Map<String, AttributeValue> i) {
        List<String> jobIds = i.containsKey("jobIds") ? i.get("jobIds").l().stream().map(AttributeValue::s).toList() : List.of();
        Map<String, Object> details = new LinkedHashMap<>();
        Json.parse(Attr.str(i, "details")).asObject().forEach((k, v) -> details.put(k, plain(v)));
        return new Activity(Attr.str(i, "eventId"), Attr.str(i, "firmId"), Instant.parse(Attr.str(i, "at")),
                (int) Attr.num(i, "seq"), Attr.str(i, "kind"),
                new Activity.Actor(Activity.Actor.Type.valueOf(Attr.str(i, "actorType")), Attr.str(i, "actorId")),
                Attr.str(i, "accountId"), jobIds, Attr.str(i, "requestId"), details);
    }

    /** The stored details back as plain values: they hold only strings, whole numbers, lists of them and nulls. */
    private static Object plain(JsonNode v) {
        if (v.isNull()) return null;
        if (v.isString()) return v.asString();
        if (v.isNumber()) return Long.parseLong(v.asNumber());
        if (v.isBoolean()) return v.asBoolean();
        if (v.isArray()) return v.asArray().stream().map(DynamoActivityTrail::plain).toList();
        Map<String, Object> m = new LinkedHashMap<>();
        v.asObject().forEach((k, x) -> m.put(k, plain(x)));
        return m;
    }
}
