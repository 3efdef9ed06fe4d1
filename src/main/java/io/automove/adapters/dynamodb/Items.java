package io.automove.adapters.dynamodb;

import io.automove.model.ItemKind;
import io.automove.model.ReminderSettings;
import io.automove.model.RequestItem;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.automove.adapters.dynamodb.Attr.bool;
import static io.automove.adapters.dynamodb.Attr.l;
import static io.automove.adapters.dynamodb.Attr.list;
import static io.automove.adapters.dynamodb.Attr.m;
import static io.automove.adapters.dynamodb.Attr.n;
import static io.automove.adapters.dynamodb.Attr.num;
import static io.automove.adapters.dynamodb.Attr.s;
import static io.automove.adapters.dynamodb.Attr.str;

/**
 * What the item mappers share: keys, the item skeleton, and the values both configuration and work items hold
 * (a request's items, reminder settings). {@link FirmItems} maps a firm's configuration, {@link WorkItems} its jobs
 * and client requests; by hand, no reflection, each layout visible in one place (docs/data-model.md).
 */
final class Items {
    private Items() {}

    static Map<String, AttributeValue> key(String pk, String sk) {
        Map<String, AttributeValue> key = new HashMap<>(2);
        key.put(Keys.PK, s(pk));
        key.put(Keys.SK, s(sk));
        return key;
    }

    static Map<String, AttributeValue> item(String pk, String sk, String type) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(Keys.PK, s(pk));
        item.put(Keys.SK, s(sk));
        item.put("type", s(type));
        return item;
    }

    static AttributeValue items(List<RequestItem> items) {
        List<AttributeValue> list = new ArrayList<>();
        for (RequestItem it : items) {
            list.add(m(Map.of("kind", s(it.kind().name()), "label", s(it.label()), "required", bool(it.required()))));
        }
        return l(list);
    }

    static List<RequestItem> items(Map<String, AttributeValue> i) {
        List<RequestItem> items = new ArrayList<>();
        for (AttributeValue v : list(i, "items")) {
            items.add(new RequestItem(ItemKind.valueOf(str(v.m(), "kind")), str(v.m(), "label"), Attr.bool(v.m(), "required")));
        }
        return items;
    }

    static void putReminderSettings(Map<String, AttributeValue> item, ReminderSettings settings) {
        if (settings != null) item.put("reminders", m(Map.of("everyDays", n(settings.everyDays()), "times", n(settings.times()))));
    }

    static ReminderSettings reminderSettings(Map<String, AttributeValue> i) {
        AttributeValue v = i.get("reminders");
        if (v == null || !v.hasM()) return null;
        return new ReminderSettings((int) num(v.m(), "everyDays"), (int) num(v.m(), "times"));
    }

    static void putInteger(Map<String, AttributeValue> item, String name, Integer value) {
        if (value != null) item.put(name, n(value));
    }

    static Integer integer(Map<String, AttributeValue> i, String name) {
        AttributeValue v = i.get(name);
        return v == null || v.n() == null ? null : Integer.valueOf(v.n());
    }
}
