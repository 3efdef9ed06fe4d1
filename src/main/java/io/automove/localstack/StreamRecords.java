package io.automove.localstack;

import io.automove.support.Json;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** DynamoDB Streams records in the JSON shape Lambda hands to a stream-triggered function: a converter, no I/O. */
public final class StreamRecords {
    private StreamRecords() {}

    public static Map<String, Object> lambdaRecord(Record r, String streamArn) {
        Map<String, Object> dynamodb = new LinkedHashMap<>();
        var d = r.dynamodb();
        if (d.approximateCreationDateTime() != null) {
            dynamodb.put("ApproximateCreationDateTime", d.approximateCreationDateTime().getEpochSecond());
        }
        dynamodb.put("Keys", image(d.keys()));
        if (d.hasNewImage()) dynamodb.put("NewImage", image(d.newImage()));
        if (d.hasOldImage()) dynamodb.put("OldImage", image(d.oldImage()));
        dynamodb.put("SequenceNumber", d.sequenceNumber());
        dynamodb.put("SizeBytes", d.sizeBytes());
        dynamodb.put("StreamViewType", d.streamViewTypeAsString());
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("eventID", r.eventID());
        record.put("eventName", r.eventNameAsString());
        record.put("eventVersion", r.eventVersion());
        record.put("eventSource", "aws:dynamodb");
        record.put("awsRegion", r.awsRegion());
        record.put("dynamodb", dynamodb);
        record.put("eventSourceARN", streamArn);
        return record;
    }

    public static String event(List<Map<String, Object>> records) {
        return Json.write(Map.of("Records", records));
    }

    static Map<String, Object> image(Map<String, AttributeValue> item) {
        Map<String, Object> out = new LinkedHashMap<>();
        item.forEach((k, v) -> out.put(k, value(v)));
        return out;
    }

    private static Map<String, Object> value(AttributeValue v) {
        if (v.s() != null) return Map.of("S", v.s());
        if (v.n() != null) return Map.of("N", v.n());
        if (v.b() != null) return Map.of("B", Base64.getEncoder().encodeToString(v.b().asByteArray()));
        if (v.bool() != null) return Map.of("BOOL", v.bool());
        if (Boolean.TRUE.equals(v.nul())) return Map.of("NULL", true);
        if (v.hasSs()) return Map.of("SS", v.ss());
        if (v.hasNs()) return Map.of("NS", v.ns());
        if (v.hasBs()) {
            List<String> bs = new ArrayList<>();
            v.bs().forEach(b -> bs.add(Base64.getEncoder().encodeToString(b.asByteArray())));
            return Map.of("BS", bs);
        }
        if (v.hasM()) return Map.of("M", image(v.m()));
        if (v.hasL()) {
            List<Object> l = new ArrayList<>();
            v.l().forEach(x -> l.add(value(x)));
            return Map.of("L", l);
        }
        return Map.of("NULL", true);
    }
}
