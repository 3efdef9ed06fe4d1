package io.automove.adapters.events;

import io.automove.model.DomainEvent;
import io.automove.model.DomainEvent.ClientRequestCancelled;
import io.automove.model.DomainEvent.ClientRequestCreated;
import io.automove.model.DomainEvent.ClientRequestLinked;
import io.automove.model.DomainEvent.ClientRequestSent;
import io.automove.model.DomainEvent.ClientRequestSubmitted;
import io.automove.model.DomainEvent.ClientRequestUnlinked;
import io.automove.model.DomainEvent.JobStageChanged;
import io.automove.model.DomainEvent.MoveCause;
import io.automove.model.AutomationType;
import io.automove.model.Conditions;
import io.automove.model.ReminderSettings;
import io.automove.model.StageAutomation;
import io.automove.usecases.ports.EventPublisher.Event;
import io.automove.support.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventCodecTest {
    /**
     * Fields a detail may leave out: the first entry of a job has no fromStageId; events stored before
     * unfinishedRequests existed have none.
     */
    private static final Set<String> OPTIONAL = Set.of("fromStageId", "movedBy", "automations", "eventId",
            "unfinishedRequests", "kind", "emailNumber", "submission", "resentBy", "reopenedBy", "archivedBy",
            "unarchivedBy", "createdBy", "linkedBy", "unlinkedBy", "via", "cancelledBy",
            // per event: a request made by a member names no stage; a skip names a request only when it is the reason
            "ClientRequestCreated.stageId", "AutomationSkipped.requestId");

    static List<DomainEvent> samples() {
        return List.of(
                new JobStageChanged("firm-1", "job-1", "acc-1", "pipe-1", "intake", "missing", 3,
                        List.of(StageAutomation.sendClientRequest("tpl-1"), StageAutomation.sendClientRequest("tpl-2")),
                        MoveCause.MANUAL, "user-1"),
                new JobStageChanged("firm-1", "job-2", "acc-1", "pipe-1", null, "intake", 1, List.of(), MoveCause.CREATED, null),
                new JobStageChanged("firm-1", "job-4", "acc-1", "pipe-1", "review", "missing", 4,
                        List.of(StageAutomation.sendClientRequest("tpl-1")), MoveCause.MANUAL, "user-1",
                        List.of(new io.automove.model.LinkedRequest("req-kept", "tpl-1"),
                                new io.automove.model.LinkedRequest("req-adhoc", null))),
                new JobStageChanged("firm-1", "job-3", "acc-1", "pipe-1", "missing", "review", 9_000_000_000L, List.of(),
                        MoveCause.AUTOMOVE, "req_abc"),
                new JobStageChanged("firm-1", "job-5", "acc-1", "pipe-1", "intake", "missing", 2, List.of(
                        new StageAutomation(AutomationType.SEND_CLIENT_REQUEST, "tpl-1", new ReminderSettings(2, 4), 14,
                                new Conditions(Set.of("vip", "payroll"))),
                        new StageAutomation(AutomationType.SEND_CLIENT_REQUEST, "tpl-2", new ReminderSettings(7, 0), null,
                                Conditions.NONE)), MoveCause.MANUAL, "user-1"),
                new ClientRequestCreated("firm-1", "req-1", "acc-1", List.of("job-1")),
                new ClientRequestCreated("firm-1", "req-2", "acc-1", List.of()),
                new ClientRequestSent("firm-1", "req-1", "acc-1", List.of("job-1", "job-2"), 3),
                new ClientRequestLinked("firm-1", "req-1", "job-2", "acc-1", 7),
                new ClientRequestUnlinked("firm-1", "req-1", "job-2", "acc-1", 8),
                new ClientRequestSubmitted("firm-1", "req-1", "acc-1", List.of("job-1"), "2025-03-02T10:15:00Z"),
                new ClientRequestCancelled("firm-1", "req-1", "acc-1", List.of("job-1", "job-2")),
                new ClientRequestSent("firm-1", "req-1", "acc-1", List.of("job-1"), 2, io.automove.model.EmailKind.REMINDER, 3),
                new ClientRequestSubmitted("firm-1", "req-1", "acc-1", List.of("job-1"), "2025-03-09T10:15:00Z", 2),
                new io.automove.model.DomainEvent.ClientRequestReminded("firm-1", "req-1", "acc-1", List.of("job-1"), 1, 2),
                new io.automove.model.DomainEvent.ClientRequestResent("firm-1", "req-1", "acc-1", List.of(), "user-1", 4),
                new io.automove.model.DomainEvent.ClientRequestReopened("firm-1", "req-1", "acc-1", List.of("job-1"),
                        "user-1", 5),
                new io.automove.model.DomainEvent.ClientRequestOverdue("firm-1", "req-1", "acc-1", List.of("job-1"),
                        "2025-03-31T17:00:00Z"),
                new io.automove.model.DomainEvent.JobArchived("firm-1", "job-1", "acc-1", "user-1", 9),
                new io.automove.model.DomainEvent.JobUnarchived("firm-1", "job-1", "acc-1", "user-1", 10),
                new io.automove.model.DomainEvent.MemberAdded("firm-1", "user-2", io.automove.model.Role.EMPLOYEE,
                        List.of(io.automove.model.Right.VIEW_ALL_ACCOUNTS), "user-1", 1),
                new io.automove.model.DomainEvent.MemberChanged("firm-1", "user-2", io.automove.model.Role.ADMIN, List.of(),
                        "user-1", 2),
                new io.automove.model.DomainEvent.MemberRemoved("firm-1", "user-2", "user-1", 3),
                new io.automove.model.DomainEvent.AccountChanged("firm-1", "acc-1", List.of("teamMemberIds", "tags"),
                        "user-1", 4),
                new ClientRequestCreated("firm-1", "req-3", "acc-1", List.of("job-1"), null, "missing"),
                new ClientRequestCreated("firm-1", "req-4", "acc-1", List.of(), "user-1", null),
                new ClientRequestLinked("firm-1", "req-1", "job-3", "acc-1", 2, "user-1",
                        io.automove.model.DomainEvent.LinkVia.REQUEST_LIST),
                new ClientRequestUnlinked("firm-1", "req-1", "job-3", "acc-1", 3, "user-1",
                        io.automove.model.DomainEvent.LinkVia.JOB_MOVE),
                new ClientRequestCancelled("firm-1", "req-5", "acc-1", List.of("job-1"), "user-1"),
                new io.automove.model.DomainEvent.AutomationSkipped("firm-1", "job-1", "acc-1", "missing", 2, 1,
                        AutomationType.SEND_CLIENT_REQUEST, "tpl-1",
                        io.automove.model.SkippedAutomation.Reason.UNFINISHED_REQUEST_LINKED, "req-1"),
                new io.automove.model.DomainEvent.AutomationSkipped("firm-1", "job-1", "acc-1", "missing", 3, 0,
                        AutomationType.SEND_CLIENT_REQUEST, "tpl-2",
                        io.automove.model.SkippedAutomation.Reason.CONDITIONS_NOT_MET, null),
                new io.automove.model.DomainEvent.StageChanged("firm-1", "pipe-1", "missing", List.of("automove"),
                        "user-1", 5));
    }

    private static JsonNode json(Map<String, Object> detail) { return Json.parse(Json.write(detail)); }

    @Test
    void samples_coverEveryDomainEventType() {
        Set<Class<?>> covered = new java.util.HashSet<>();
        samples().forEach(e -> covered.add(e.getClass()));

        assertThat(covered).containsExactlyInAnyOrderElementsOf(Arrays.asList(DomainEvent.class.getPermittedSubclasses()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everyEvent_roundTripsThroughDetailAndDecode(DomainEvent event) {
        Map<String, Object> detail = EventCodec.detail(event);

        assertThat(detail.get("firmId")).isEqualTo(event.firmId());
        assertThat(EventCodec.decode(event.detailType(), json(detail))).isEqualTo(event);
    }

    @Test
    void detailType_isTheRecordName() {
        assertThat(samples()).extracting(DomainEvent::detailType).contains("JobStageChanged", "ClientRequestCreated",
                "ClientRequestSent", "ClientRequestLinked", "ClientRequestUnlinked", "ClientRequestSubmitted",
                "ClientRequestCancelled");
    }

    @Test
    void jobStageChangedDetail_hasTheDocumentedShape() {
        JsonNode d = json(EventCodec.detail(samples().get(0)));

        assertThat(d.field("stageVersion").orElseThrow().asNumber()).isEqualTo("3");
        assertThat(d.field("cause").orElseThrow().asString()).isEqualTo("MANUAL");
        List<JsonNode> automations = d.field("automations").orElseThrow().asArray();
        assertThat(automations).hasSize(2);
        assertThat(automations.get(0).field("type").orElseThrow().asString()).isEqualTo("SEND_CLIENT_REQUEST");
        assertThat(automations.get(0).field("templateId").orElseThrow().asString()).isEqualTo("tpl-1");
    }

    /** Stage entry applies an automation's settings from the event alone: losing them on the bus would drop them. */
    @Test
    void automationSettings_rideOnJobStageChanged_andAreLeftOutWhenUnset() {
        JsonNode withSettings = json(EventCodec.detail(samples().get(4)));
        JsonNode first = withSettings.field("automations").orElseThrow().asArray().get(0);
        assertThat(first.field("reminders").orElseThrow().field("everyDays").orElseThrow().asNumber()).isEqualTo("2");
        assertThat(first.field("reminders").orElseThrow().field("times").orElseThrow().asNumber()).isEqualTo("4");
        assertThat(first.field("dueInDays").orElseThrow().asNumber()).isEqualTo("14");
        assertThat(first.field("conditions").orElseThrow().field("accountTags").orElseThrow().asArray())
                .extracting(JsonNode::asString).containsExactly("payroll", "vip");

        JsonNode plain = json(EventCodec.detail(samples().get(0))).field("automations").orElseThrow().asArray().get(0);
        assertThat(plain.asObject().keySet()).containsExactly("type", "templateId");

        Map<String, Object> detail = new LinkedHashMap<>(EventCodec.detail(samples().get(4)));
        detail.put("automations", List.of(Map.of("type", "SEND_CLIENT_REQUEST", "templateId", "tpl-1",
                "reminders", Map.of("everyDays", 99, "times", 1))));
        assertThatThrownBy(() -> EventCodec.decode("JobStageChanged", json(detail))).isInstanceOf(IllegalArgumentException.class);
        detail.put("automations", List.of(Map.of("type", "SEND_CLIENT_REQUEST", "templateId", "tpl-1", "conditions", "vip")));
        assertThatThrownBy(() -> EventCodec.decode("JobStageChanged", json(detail))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyEvent_roundTripsThroughTheOutbox_keepingIdTypeAndOrder() {
        List<DomainEvent> events = samples();

        List<Event> read = EventCodec.readOutbox(EventCodec.outbox(events, java.time.Instant.parse("2026-11-30T04:00:00.123456Z")));

        assertThat(read).hasSize(events.size());
        for (int i = 0; i < events.size(); i++) {
            DomainEvent e = events.get(i);
            Event r = read.get(i);
            assertThat(r.eventId()).isEqualTo(e.eventId());
            assertThat(r.detailType()).isEqualTo(e.detailType());
            assertThat(EventCodec.decode(r.detailType(), Json.parse(r.detailJson()))).isEqualTo(e);
        }
    }

    @Test
    void outboxDetails_carryWhenTheChangeWasStored_toTheMicrosecond_andEachEventsPlaceInIt() {
        Instant at = Instant.parse("2026-11-30T04:00:00.123456789Z");
        List<Event> read = EventCodec.readOutbox(EventCodec.outbox(samples().subList(0, 3), at));

        for (int i = 0; i < 3; i++) {
            JsonNode detail = Json.parse(read.get(i).detailJson());
            assertThat(detail.field("at").orElseThrow().asString()).isEqualTo("2026-11-30T04:00:00.123456Z");
            assertThat(detail.field("seq").orElseThrow().asNumber()).isEqualTo(Integer.toString(i));
        }
    }

    @Test
    void anOutboxStoredWithEntryIds_beforeTheyWereLeftOut_readsTheSame() {
        List<Event> fresh = EventCodec.readOutbox(EventCodec.outbox(samples().subList(0, 2), Instant.EPOCH));
        String stored = "[" + fresh.stream().map(e -> "{\"id\":\"" + e.eventId() + "\",\"type\":\"" + e.detailType()
                + "\",\"detail\":" + e.detailJson() + "}").collect(java.util.stream.Collectors.joining(",")) + "]";

        assertThat(EventCodec.readOutbox(stored)).isEqualTo(fresh);
        assertThat(EventCodec.outbox(samples().subList(0, 1), Instant.EPOCH)).doesNotContain("\"id\"");
    }

    @Test
    void emptyOutbox_readsAsNoEvents() {
        assertThat(EventCodec.readOutbox(null)).isEmpty();
        assertThat(EventCodec.readOutbox("")).isEmpty();
        assertThat(EventCodec.readOutbox(EventCodec.outbox(List.of(), java.time.Instant.EPOCH))).isEmpty();
    }

    @Test
    void outboxEntryWithoutDetail_isRefused() {
        assertThatThrownBy(() -> EventCodec.readOutbox("[{\"id\":\"x\",\"type\":\"ClientRequestCreated\"}]"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownDetailType_isRefused() {
        JsonNode detail = json(EventCodec.detail(samples().get(3)));

        assertThatThrownBy(() -> EventCodec.decode("ClientRequestExploded", detail))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ClientRequestExploded");
        assertThatThrownBy(() -> EventCodec.decode("clientrequestcreated", detail)).isInstanceOf(IllegalArgumentException.class);
    }

    static Stream<Arguments> requiredFields() {
        List<Arguments> rows = new ArrayList<>();
        for (DomainEvent e : samples()) {
            for (String field : EventCodec.detail(e).keySet()) {
                if (!OPTIONAL.contains(field) && !OPTIONAL.contains(e.detailType() + "." + field)) rows.add(Arguments.of(e.detailType(), field, e));
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} without {1}")
    @MethodSource("requiredFields")
    void missingRequiredField_isRefused(String type, String field, DomainEvent event) {
        Map<String, Object> detail = new LinkedHashMap<>(EventCodec.detail(event));
        detail.remove(field);

        assertThatThrownBy(() -> EventCodec.decode(type, json(detail))).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0} with null {1}")
    @MethodSource("requiredFields")
    void nullRequiredField_isRefused(String type, String field, DomainEvent event) {
        Map<String, Object> detail = new LinkedHashMap<>(EventCodec.detail(event));
        detail.put(field, null);

        assertThatThrownBy(() -> EventCodec.decode(type, json(detail))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyDetail_carriesTheDerivedEventId() {
        for (DomainEvent e : samples()) assertThat(EventCodec.detail(e)).containsEntry("eventId", e.eventId());
    }

    @Test
    void mistypedListEntriesOptionalFieldsAndMissingAutomations_areIllegalArguments() {
        String base = "\"firmId\":\"f\",\"requestId\":\"r\",\"accountId\":\"a\"";
        assertThatThrownBy(() -> EventCodec.decode("ClientRequestCreated", Json.parse("{" + base + ",\"jobIds\":[1]}")))
                .isInstanceOf(IllegalArgumentException.class);
        String stage = "\"firmId\":\"f\",\"jobId\":\"j\",\"accountId\":\"a\",\"pipelineId\":\"p\","
                + "\"toStageId\":\"s\",\"stageVersion\":2,\"cause\":\"MANUAL\"";
        assertThatThrownBy(() -> EventCodec.decode("JobStageChanged", Json.parse("{" + stage + "}")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventCodec.decode("JobStageChanged",
                Json.parse("{" + stage + ",\"automations\":[],\"fromStageId\":7}")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void emptyOrMistypedFields_areRefused() {
        Map<String, Object> detail = new LinkedHashMap<>(EventCodec.detail(samples().get(0)));

        Map<String, Object> emptyJob = new LinkedHashMap<>(detail);
        emptyJob.put("jobId", "");
        assertThatThrownBy(() -> EventCodec.decode("JobStageChanged", json(emptyJob))).isInstanceOf(IllegalArgumentException.class);

        Map<String, Object> textVersion = new LinkedHashMap<>(detail);
        textVersion.put("stageVersion", "3");
        assertThatThrownBy(() -> EventCodec.decode("JobStageChanged", json(textVersion))).isInstanceOf(IllegalArgumentException.class);

        Map<String, Object> badCause = new LinkedHashMap<>(detail);
        badCause.put("cause", "TELEPORT");
        assertThatThrownBy(() -> EventCodec.decode("JobStageChanged", json(badCause))).isInstanceOf(IllegalArgumentException.class);

        Map<String, Object> automationWithoutTemplate = new LinkedHashMap<>(detail);
        automationWithoutTemplate.put("automations", List.of(Map.of("type", "SEND_CLIENT_REQUEST")));
        assertThatThrownBy(() -> EventCodec.decode("JobStageChanged", json(automationWithoutTemplate)))
                .isInstanceOf(IllegalArgumentException.class);

        Map<String, Object> jobIdsAsText = new LinkedHashMap<>(EventCodec.detail(samples().get(3)));
        jobIdsAsText.put("jobIds", "job-1");
        assertThatThrownBy(() -> EventCodec.decode("ClientRequestCreated", json(jobIdsAsText)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eventIds_areStablePerChange() {
        assertThat(samples().get(0).eventId()).isEqualTo("JobStageChanged:job-1:3");
        assertThat(new ClientRequestLinked("f", "r", "j", "a", 7).eventId())
                .isNotEqualTo(new ClientRequestLinked("f", "r", "j", "a", 8).eventId());
        assertThat(new ClientRequestSubmitted("f", "r", "a", List.of("j"), "t1").eventId())
                .isEqualTo(new ClientRequestSubmitted("f", "r", "a", List.of("j", "k"), "t2").eventId());
    }
}
