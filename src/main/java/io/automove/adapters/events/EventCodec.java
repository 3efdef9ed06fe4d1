package io.automove.adapters.events;

import io.automove.model.AutomationType;
import io.automove.model.Conditions;
import io.automove.model.DomainException;
import io.automove.model.ReminderSettings;
import io.automove.model.DomainEvent;
import io.automove.model.DomainEvent.ClientRequestCancelled;
import io.automove.model.DomainEvent.ClientRequestCreated;
import io.automove.model.DomainEvent.ClientRequestLinked;
import io.automove.model.DomainEvent.ClientRequestOverdue;
import io.automove.model.DomainEvent.ClientRequestReminded;
import io.automove.model.DomainEvent.ClientRequestReopened;
import io.automove.model.DomainEvent.ClientRequestResent;
import io.automove.model.DomainEvent.JobArchived;
import io.automove.model.DomainEvent.JobUnarchived;
import io.automove.model.DomainEvent.AccountChanged;
import io.automove.model.DomainEvent.AutomationSkipped;
import io.automove.model.DomainEvent.LinkVia;
import io.automove.model.DomainEvent.StageChanged;
import io.automove.model.SkippedAutomation;
import io.automove.model.DomainEvent.MemberAdded;
import io.automove.model.DomainEvent.MemberChanged;
import io.automove.model.DomainEvent.MemberRemoved;
import io.automove.model.Right;
import io.automove.model.Role;
import io.automove.model.EmailKind;
import io.automove.model.DomainEvent.ClientRequestSent;
import io.automove.model.DomainEvent.ClientRequestSubmitted;
import io.automove.model.DomainEvent.ClientRequestUnlinked;
import io.automove.model.DomainEvent.JobStageChanged;
import io.automove.model.DomainEvent.MoveCause;
import io.automove.model.LinkedRequest;
import io.automove.model.ReminderSettings;
import io.automove.model.StageAutomation;
import io.automove.usecases.ports.EventPublisher;
import io.automove.support.Json;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The bus format of each domain event: the {@code detail} JSON documented in docs/events.md, and the outbox
 * entries ({@code [{"type","detail"}]}, the id being the detail's eventId) that ride on stored items until the
 * relay publishes them.
 * Why over 300 lines: one encoding and one decoding branch per event; one file keeps both sides of each format
 * side by side.
 */
public final class EventCodec {
    /** The {@code source} of every event we put on the bus. */
    public static final String SOURCE = "io.automove";

    private EventCodec() {}

    public static Map<String, Object> detail(DomainEvent event) {
        Map<String, Object> d = new LinkedHashMap<>();
        // derived from the change: the same in every redelivery and republication, so consumers can tell
        d.put("eventId", event.eventId());
        d.put("firmId", event.firmId());
        // Java 17: no pattern switch yet, an instanceof chain over the sealed hierarchy instead
        if (event instanceof JobStageChanged e) {
            d.put("jobId", e.jobId());
            d.put("accountId", e.accountId());
            d.put("pipelineId", e.pipelineId());
            d.put("fromStageId", e.fromStageId());
            d.put("toStageId", e.toStageId());
            d.put("stageVersion", e.stageVersion());
            List<Map<String, Object>> automations = new ArrayList<>();
            for (StageAutomation a : e.automations()) automations.add(automation(a));
            d.put("automations", automations);
            d.put("cause", e.cause().name());
            d.put("movedBy", e.movedBy());
            List<Map<String, Object>> unfinished = new ArrayList<>();
            for (LinkedRequest r : e.unfinishedRequests()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("requestId", r.requestId());
                m.put("templateId", r.templateId());
                unfinished.add(m);
            }
            d.put("unfinishedRequests", unfinished);
        } else if (event instanceof ClientRequestCreated e) {
            request(d, e.requestId(), e.accountId(), e.jobIds());
            // one of the two, the other left out: a request item stays under 1 KB longer
            if (e.createdBy() != null) d.put("createdBy", e.createdBy());
            if (e.stageId() != null) d.put("stageId", e.stageId());
        } else if (event instanceof ClientRequestSent e) {
            request(d, e.requestId(), e.accountId(), e.jobIds());
            d.put("recipients", e.recipients());
            d.put("kind", e.kind().name());
            d.put("emailNumber", e.number());
        } else if (event instanceof ClientRequestReminded e) {
            request(d, e.requestId(), e.accountId(), e.jobIds());
            d.put("reminder", e.reminder());
            d.put("emailNumber", e.number());
        } else if (event instanceof ClientRequestResent e) {
            request(d, e.requestId(), e.accountId(), e.jobIds());
            d.put("resentBy", e.resentBy());
            d.put("emailNumber", e.number());
        } else if (event instanceof ClientRequestReopened e) {
            request(d, e.requestId(), e.accountId(), e.jobIds());
            d.put("reopenedBy", e.reopenedBy());
            d.put("emailNumber", e.number());
        } else if (event instanceof ClientRequestOverdue e) {
            request(d, e.requestId(), e.accountId(), e.jobIds());
            d.put("dueAt", e.dueAt());
        } else if (event instanceof JobArchived e) {
            job(d, e.jobId(), e.accountId(), e.jobRev());
            d.put("archivedBy", e.archivedBy());
        } else if (event instanceof JobUnarchived e) {
            job(d, e.jobId(), e.accountId(), e.jobRev());
            d.put("unarchivedBy", e.unarchivedBy());
        } else if (event instanceof ClientRequestLinked e) {
            link(d, e.requestId(), e.jobId(), e.accountId(), e.jobRev());
            d.put("linkedBy", e.linkedBy());
            d.put("via", e.via() == null ? null : e.via().name());
        } else if (event instanceof ClientRequestUnlinked e) {
            link(d, e.requestId(), e.jobId(), e.accountId(), e.jobRev());
            d.put("unlinkedBy", e.unlinkedBy());
            d.put("via", e.via() == null ? null : e.via().name());
        } else if (event instanceof ClientRequestSubmitted e) {
            request(d, e.requestId(), e.accountId(), e.jobIds());
            d.put("submittedAt", e.submittedAt());
            d.put("submission", e.submission());
        } else if (event instanceof ClientRequestCancelled e) {
            request(d, e.requestId(), e.accountId(), e.jobIds());
            d.put("cancelledBy", e.cancelledBy());
        } else if (event instanceof AutomationSkipped e) {
            d.put("jobId", e.jobId());
            d.put("accountId", e.accountId());
            d.put("stageId", e.stageId());
            d.put("stageVersion", e.stageVersion());
            d.put("automationIndex", e.automationIndex());
            d.put("type", e.type().name());
            d.put("templateId", e.templateId());
            d.put("reason", e.reason().name());
            d.put("requestId", e.requestId());
        } else if (event instanceof StageChanged e) {
            d.put("pipelineId", e.pipelineId());
            d.put("stageId", e.stageId());
            d.put("fields", e.fields());
            d.put("changedBy", e.changedBy());
            d.put("pipelineRev", e.pipelineRev());
        } else if (event instanceof MemberAdded e) {
            member(d, e.userId(), e.memberRev());
            d.put("role", e.role().name());
            d.put("rights", e.rights().stream().map(Enum::name).toList());
            d.put("addedBy", e.addedBy());
        } else if (event instanceof MemberChanged e) {
            member(d, e.userId(), e.memberRev());
            d.put("role", e.role().name());
            d.put("rights", e.rights().stream().map(Enum::name).toList());
            d.put("changedBy", e.changedBy());
        } else if (event instanceof MemberRemoved e) {
            member(d, e.userId(), e.memberRev());
            d.put("removedBy", e.removedBy());
        } else if (event instanceof AccountChanged e) {
            d.put("accountId", e.accountId());
            d.put("fields", e.fields());
            d.put("changedBy", e.changedBy());
            d.put("accountRev", e.accountRev());
        } else {
            throw new IllegalArgumentException("no bus format for " + event.detailType());
        }
        return d;
    }

    /**
     * An automation as the stage held it: its type and template, and, only when set, its reminders, due date and
     * conditions; stage entry applies them from the event, without reading the pipeline.
     */
    private static Map<String, Object> automation(StageAutomation a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", a.type().name());
        m.put("templateId", a.templateId());
        if (a.reminders() != null) {
            m.put("reminders", Map.of("everyDays", a.reminders().everyDays(), "times", a.reminders().times()));
        }
        if (a.dueInDays() != null) m.put("dueInDays", a.dueInDays());
        if (!a.conditions().none()) m.put("conditions", Map.of("accountTags", new TreeSet<>(a.conditions().accountTags())));
        return m;
    }

    private static void request(Map<String, Object> d, String requestId, String accountId, List<String> jobIds) {
        d.put("requestId", requestId);
        d.put("accountId", accountId);
        d.put("jobIds", jobIds);
    }

    private static void job(Map<String, Object> d, String jobId, String accountId, long jobRev) {
        d.put("jobId", jobId);
        d.put("accountId", accountId);
        d.put("jobRev", jobRev);
    }

    private static void member(Map<String, Object> d, String userId, long memberRev) {
        d.put("userId", userId);
        d.put("memberRev", memberRev);
    }

    private static LinkVia via(String name) {
        return name == null ? null : LinkVia.valueOf(name);
    }

    private static List<Right> rights(List<String> names) {
        return names.stream().map(Right::valueOf).toList();
    }

    private static void link(Map<String, Object> d, String requestId, String jobId, String accountId, long jobRev) {
        d.put("requestId", requestId);
        d.put("jobId", jobId);
        d.put("accountId", accountId);
        d.put("jobRev", jobRev);
    }

    /** @throws IllegalArgumentException when the detail-type is unknown or a field is missing */
    public static DomainEvent decode(String detailType, JsonNode detail) {
        Fields f = new Fields(detail);
        return switch (detailType) {
            case "JobStageChanged" -> new JobStageChanged(f.s("firmId"), f.s("jobId"), f.s("accountId"), f.s("pipelineId"),
                    f.optional("fromStageId"), f.s("toStageId"), f.n("stageVersion"), automations(detail),
                    MoveCause.valueOf(f.s("cause")), f.optional("movedBy"), unfinishedRequests(detail));
            case "ClientRequestCreated" -> new ClientRequestCreated(f.s("firmId"), f.s("requestId"), f.s("accountId"),
                    f.list("jobIds"), f.optional("createdBy"), f.optional("stageId"));
            case "ClientRequestSent" -> new ClientRequestSent(f.s("firmId"), f.s("requestId"), f.s("accountId"),
                    f.list("jobIds"), (int) f.n("recipients"), EmailKind.valueOf(f.optionalOr("kind", "REQUEST")),
                    (int) f.nOr("emailNumber", 1));
            case "ClientRequestReminded" -> new ClientRequestReminded(f.s("firmId"), f.s("requestId"), f.s("accountId"),
                    f.list("jobIds"), (int) f.n("reminder"), (int) f.n("emailNumber"));
            case "ClientRequestResent" -> new ClientRequestResent(f.s("firmId"), f.s("requestId"), f.s("accountId"),
                    f.list("jobIds"), f.optional("resentBy"), (int) f.n("emailNumber"));
            case "ClientRequestReopened" -> new ClientRequestReopened(f.s("firmId"), f.s("requestId"), f.s("accountId"),
                    f.list("jobIds"), f.optional("reopenedBy"), (int) f.n("emailNumber"));
            case "ClientRequestOverdue" -> new ClientRequestOverdue(f.s("firmId"), f.s("requestId"), f.s("accountId"),
                    f.list("jobIds"), f.s("dueAt"));
            case "JobArchived" -> new JobArchived(f.s("firmId"), f.s("jobId"), f.s("accountId"), f.optional("archivedBy"),
                    f.n("jobRev"));
            case "JobUnarchived" -> new JobUnarchived(f.s("firmId"), f.s("jobId"), f.s("accountId"),
                    f.optional("unarchivedBy"), f.n("jobRev"));
            case "ClientRequestLinked" -> new ClientRequestLinked(f.s("firmId"), f.s("requestId"), f.s("jobId"),
                    f.s("accountId"), f.n("jobRev"), f.optional("linkedBy"), via(f.optional("via")));
            case "ClientRequestUnlinked" -> new ClientRequestUnlinked(f.s("firmId"), f.s("requestId"), f.s("jobId"),
                    f.s("accountId"), f.n("jobRev"), f.optional("unlinkedBy"), via(f.optional("via")));
            case "ClientRequestSubmitted" -> new ClientRequestSubmitted(f.s("firmId"), f.s("requestId"), f.s("accountId"),
                    f.list("jobIds"), f.s("submittedAt"), (int) f.nOr("submission", 1));
            case "ClientRequestCancelled" -> new ClientRequestCancelled(f.s("firmId"), f.s("requestId"), f.s("accountId"),
                    f.list("jobIds"), f.optional("cancelledBy"));
            case "AutomationSkipped" -> new AutomationSkipped(f.s("firmId"), f.s("jobId"), f.s("accountId"), f.s("stageId"),
                    f.n("stageVersion"), Math.toIntExact(f.n("automationIndex")), AutomationType.valueOf(f.s("type")),
                    f.s("templateId"), SkippedAutomation.Reason.valueOf(f.s("reason")), f.optional("requestId"));
            case "StageChanged" -> new StageChanged(f.s("firmId"), f.s("pipelineId"), f.s("stageId"), f.list("fields"),
                    f.s("changedBy"), f.n("pipelineRev"));
            case "MemberAdded" -> new MemberAdded(f.s("firmId"), f.s("userId"), Role.valueOf(f.s("role")),
                    rights(f.list("rights")), f.s("addedBy"), f.n("memberRev"));
            case "MemberChanged" -> new MemberChanged(f.s("firmId"), f.s("userId"), Role.valueOf(f.s("role")),
                    rights(f.list("rights")), f.s("changedBy"), f.n("memberRev"));
            case "MemberRemoved" -> new MemberRemoved(f.s("firmId"), f.s("userId"), f.s("removedBy"), f.n("memberRev"));
            case "AccountChanged" -> new AccountChanged(f.s("firmId"), f.s("accountId"), f.list("fields"),
                    f.s("changedBy"), f.n("accountRev"));
            default -> throw new IllegalArgumentException("unknown detail-type " + detailType);
        };
    }

    private static List<StageAutomation> automations(JsonNode detail) {
        List<StageAutomation> list = new ArrayList<>();
        JsonNode automations = detail.field("automations").orElse(null);
        if (automations == null || !automations.isArray()) {
            throw new IllegalArgumentException("event field automations missing or not a list");
        }
        for (JsonNode a : automations.asArray()) {
            if (!a.isObject()) throw new IllegalArgumentException("event field automations[] is not an object");
            Fields f = new Fields(a);
            try {
                JsonNode r = f.optionalObject("reminders");
                ReminderSettings reminders = r == null ? null
                        : new ReminderSettings((int) new Fields(r).n("everyDays"), (int) new Fields(r).n("times"));
                JsonNode c = f.optionalObject("conditions");
                Conditions conditions = c == null ? Conditions.NONE
                        : new Conditions(new LinkedHashSet<>(new Fields(c).list("accountTags")));
                Long dueInDays = f.nOrNull("dueInDays");
                list.add(new StageAutomation(AutomationType.valueOf(f.s("type")), f.s("templateId"), reminders,
                        dueInDays == null ? null : Math.toIntExact(dueInDays), conditions));
            } catch (DomainException | ArithmeticException e) {
                throw new IllegalArgumentException("event field automations[] is not a valid automation", e);
            }
        }
        return list;
    }

    /** Absent in events stored before the field existed: none then. */
    private static List<LinkedRequest> unfinishedRequests(JsonNode detail) {
        List<LinkedRequest> list = new ArrayList<>();
        JsonNode value = detail.field("unfinishedRequests").orElse(null);
        if (value == null || value.isNull()) return list;
        if (!value.isArray()) throw new IllegalArgumentException("event field unfinishedRequests is not a list");
        for (JsonNode r : value.asArray()) {
            if (!r.isObject()) throw new IllegalArgumentException("event field unfinishedRequests[] is not an object");
            Fields f = new Fields(r);
            list.add(new LinkedRequest(f.s("requestId"), f.optional("templateId")));
        }
        return list;
    }

    /**
     * The outbox attribute: the events of one stored change, in order. Each detail carries {@code at}, when the
     * change was stored (microseconds), and {@code seq}, the event's place in its change: stored once with the
     * change, they are the same in every republication, and the activity trail orders by them.
     */
    public static String outbox(List<DomainEvent> events, java.time.Instant at) {
        List<Map<String, Object>> entries = new ArrayList<>();
        String when = at.truncatedTo(java.time.temporal.ChronoUnit.MICROS).toString();
        int seq = 0;
        for (DomainEvent e : events) {
            Map<String, Object> entry = new LinkedHashMap<>();
            // no "id": the detail's eventId is the id (a request item stays under 1 KB longer; items stored with
            // an "id" read as before)
            entry.put("type", e.detailType());
            Map<String, Object> detail = detail(e);
            detail.put("at", when);
            detail.put("seq", seq++);
            entry.put("detail", detail);
            entries.add(entry);
        }
        return Json.write(entries);
    }

    /** Reads an outbox attribute back as bus entries, detail kept as the JSON text it was stored as. */
    public static List<EventPublisher.Event> readOutbox(String outbox) {
        List<EventPublisher.Event> events = new ArrayList<>();
        if (outbox == null || outbox.isEmpty()) return events;
        for (JsonNode entry : Json.parse(outbox).asArray()) {
            Fields f = new Fields(entry);
            JsonNode detail = entry.field("detail").orElseThrow(() -> new IllegalArgumentException("outbox entry without detail"));
            String id = entry.field("id").isPresent() ? f.s("id") : new Fields(detail).s("eventId");
            events.add(new EventPublisher.Event(id, f.s("type"), detail.toString()));
        }
        return events;
    }

    private record Fields(JsonNode node) {
        String s(String name) {
            JsonNode v = node.field(name).orElse(null);
            if (v == null || !v.isString() || v.asString().isEmpty()) {
                throw new IllegalArgumentException("event field " + name + " missing or not a string");
            }
            return v.asString();
        }

        String optional(String name) {
            JsonNode v = node.field(name).orElse(null);
            if (v == null || v.isNull()) return null;
            if (!v.isString()) throw new IllegalArgumentException("event field " + name + " is not a string");
            return v.asString();
        }

        /** Absent in events stored before the field existed. */
        String optionalOr(String name, String otherwise) {
            String v = optional(name);
            return v == null ? otherwise : v;
        }

        /** An object, or null when absent (events stored before the field existed). */
        JsonNode optionalObject(String name) {
            JsonNode v = node.field(name).orElse(null);
            if (v == null || v.isNull()) return null;
            if (!v.isObject()) throw new IllegalArgumentException("event field " + name + " is not an object");
            return v;
        }

        Long nOrNull(String name) {
            JsonNode v = node.field(name).orElse(null);
            return v == null || v.isNull() ? null : n(name);
        }

        long nOr(String name, long otherwise) {
            JsonNode v = node.field(name).orElse(null);
            return v == null || v.isNull() ? otherwise : n(name);
        }

        long n(String name) {
            JsonNode v = node.field(name).orElse(null);
            if (v == null || !v.isNumber()) throw new IllegalArgumentException("event field " + name + " missing or not a number");
            return Long.parseLong(v.asNumber());
        }

        List<String> list(String name) {
            JsonNode v = node.field(name).orElse(null);
            if (v == null || !v.isArray()) throw new IllegalArgumentException("event field " + name + " missing or not a list");
            List<String> out = new ArrayList<>();
            for (JsonNode e : v.asArray()) {
                if (!e.isString()) throw new IllegalArgumentException("event field " + name + " has a non-string entry");
                out.add(e.asString());
            }
            return out;
        }
    }
}
