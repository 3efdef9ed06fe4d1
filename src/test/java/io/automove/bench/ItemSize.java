package io.automove.bench;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An item's size as DynamoDB counts it for capacity units: each attribute's name in UTF-8 plus its value (strings
 * in UTF-8, numbers about one byte per two significant digits plus one, lists and maps 3 bytes plus 1 byte per
 * element). Write units are then 1 per started KB, read units 1 per started 4 KB.
 */
final class ItemSize {
    private ItemSize() {}

    static int of(Map<String, AttributeValue> item) {
        int size = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) size += utf8(e.getKey()) + value(e.getValue());
        return size;
    }

    /** Each attribute's share (name and value), largest first. */
    static java.util.List<Map.Entry<String, Integer>> attributes(Map<String, AttributeValue> item) {
        return item.entrySet().stream().map(e -> Map.entry(e.getKey(), utf8(e.getKey()) + value(e.getValue())))
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).toList();
    }

    static int writeUnits(int bytes) { return Math.max(1, (bytes + 1023) / 1024); }

    private static int value(AttributeValue v) {
        if (v.s() != null) return utf8(v.s());
        if (v.n() != null) return number(v.n());
        if (v.b() != null) return bytes(v.b());
        if (v.bool() != null || Boolean.TRUE.equals(v.nul())) return 1;
        if (v.hasSs()) return v.ss().stream().mapToInt(ItemSize::utf8).sum();
        if (v.hasNs()) return v.ns().stream().mapToInt(ItemSize::number).sum();
        if (v.hasBs()) return v.bs().stream().mapToInt(ItemSize::bytes).sum();
        if (v.hasL()) return 3 + v.l().stream().mapToInt(x -> 1 + value(x)).sum();
        if (v.hasM()) return 3 + v.m().entrySet().stream().mapToInt(x -> 1 + utf8(x.getKey()) + value(x.getValue())).sum();
        return 0;
    }

    private static int number(String n) {
        String digits = new BigDecimal(n).stripTrailingZeros().unscaledValue().abs().toString();
        return (digits.length() + 1) / 2 + 1;
    }

    private static int bytes(SdkBytes b) { return b.asByteArray().length; }

    private static int utf8(String s) { return s.getBytes(StandardCharsets.UTF_8).length; }
}
