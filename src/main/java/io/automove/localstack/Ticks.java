package io.automove.localstack;

import io.automove.support.Json;

import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The template's schedules, locally: a tick invokes every function that has a Schedule event, with the envelope
 * EventBridge sends ("Scheduled Event"), at the local clock's time. The launcher ticks every minute and whenever the
 * local clock is moved on; tests tick when they like. A tick is only a tick: the functions read what is due.
 */
public final class Ticks {
    private Ticks() {}

    /** Invokes each scheduled function once; returns how many. A failing one is reported, the others still run. */
    public static int tick(LocalStack stack) {
        int ticked = 0;
        for (Template.Function f : stack.template().functions()) {
            for (Template.ScheduleSource s : f.schedules()) {
                try {
                    stack.invoke(f.logicalId(), envelope(stack, s));
                } catch (Exception e) {
                    io.automove.support.Log.error("scheduled invocation failed", e, "function", f.logicalId());
                }
                ticked++;
            }
        }
        return ticked;
    }

    static String envelope(LocalStack stack, Template.ScheduleSource schedule) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("version", "0");
        e.put("id", UUID.randomUUID().toString());
        e.put("detail-type", "Scheduled Event");
        e.put("source", "aws.events");
        e.put("account", "000000000000");
        e.put("time", stack.clock().instant().truncatedTo(ChronoUnit.SECONDS).toString());
        e.put("region", "local");
        e.put("resources", List.of("arn:aws:events:local:000000000000:rule/" + schedule.name()));
        e.put("detail", Map.of());
        return Json.write(e);
    }
}
