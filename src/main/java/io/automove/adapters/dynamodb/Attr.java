package io.automove.adapters.dynamodb;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Terse AttributeValue building and reading; absent attributes read as null or empty. */
final class Attr {
    private Attr() {}

    static AttributeValue s(String v) { return AttributeValue.fromS(v); }
    static AttributeValue n(long v) { return AttributeValue.fromN(Long.toString(v)); }
    static AttributeValue bool(boolean v) { return AttributeValue.fromBool(v); }
    static AttributeValue ss(Set<String> v) { return AttributeValue.fromSs(List.copyOf(v)); }
    static AttributeValue l(List<AttributeValue> v) { return AttributeValue.fromL(v); }
    static AttributeValue m(Map<String, AttributeValue> v) { return AttributeValue.fromM(v); }

    /** Sets only non-empty values: DynamoDB refuses empty sets, and absent is cheaper than empty. */
    static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) item.put(name, s(value));
    }

    static void putIfPresent(Map<String, AttributeValue> item, String name, Instant value) {
        if (value != null) item.put(name, s(value.toString()));
    }

    static void putSet(Map<String, AttributeValue> item, String name, Set<String> value) {
        if (value != null && !value.isEmpty()) item.put(name, ss(value));
    }

    static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    static long num(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }

    static boolean bool(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v != null && Boolean.TRUE.equals(v.bool());
    }

    static Instant instant(Map<String, AttributeValue> item, String name) {
        String v = str(item, name);
        return v == null ? null : Instant.parse(v);
    }

    static Set<String> set(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || !v.hasSs() ? Set.of() : new LinkedHashSet<>(v.ss());
    }

    static List<AttributeValue> list(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || !v.hasL() ? List.of() : v.l();
    }
}
