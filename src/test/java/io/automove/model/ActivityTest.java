package io.automove.model;

import io.automove.model.Activity.Actor;
import io.automove.model.DomainEvent.AccountChanged;
import io.automove.model.DomainEvent.AutomationSkipped;
import io.automove.model.DomainEvent.ClientRequestCancelled;
import io.automove.model.DomainEvent.ClientRequestCreated;
import io.automove.model.DomainEvent.ClientRequestLinked;
import io.automove.model.DomainEvent.ClientRequestOverdue;
import io.automove.model.DomainEvent.ClientRequestReminded;
import io.automove.model.DomainEvent.ClientRequestReopened;
import io.automove.model.DomainEvent.ClientRequestResent;
import io.automove.model.DomainEvent.ClientRequestSent;
import io.automove.model.DomainEvent.ClientRequestSubmitted;
import io.automove.model.DomainEvent.ClientRequestUnlinked;
import io.automove.model.DomainEvent.JobArchived;
import io.automove.model.DomainEvent.JobStageChanged;
import io.automove.model.DomainEvent.JobUnarchived;
import io.automove.model.DomainEvent.LinkVia;
import io.automove.model.DomainEvent.MemberAdded;
import io.automove.model.DomainEvent.MemberChanged;
import io.automove.model.DomainEvent.MemberRemoved;
import io.automove.model.DomainEvent.MoveCause;
import io.automove.model.DomainEvent.StageChanged;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ActivityTest {
    private static final Instant AT = Instant.parse("2026-11-30T04:00:00.000001Z");

    private static Activity of(DomainEvent e) { return Activity.of(e, AT, 0); }

    /** One of each event: who or what made the change, and which trails besides the firm's hold the entry. */
    private static final Map<DomainEvent, String> EXPECTED = new java.util.LinkedHashMap<>();
    static {
        EXPECTED.put(new JobStageChanged("f", "job1", "acc", "pl", null, "intake", 1, List.of(), MoveCause.CREATED, "u1"),
                "MEMBER u1 jobs=[job1] request=null");
        EXPECTED.put(new JobStageChanged("f", "job1", "acc", "pl", "missing", "review", 3, List.of(), MoveCause.AUTOMOVE, null),
                "AUTOMATION missing jobs=[job1] request=null");
        EXPECTED.put(new JobArchived("f", "job1", "acc", "u1", 4), "MEMBER u1 jobs=[job1] request=null");
        EXPECTED.put(new JobUnarchived("f", "job1", "acc", "u2", 5), "MEMBER u2 jobs=[job1] request=null");
        EXPECTED.put(new AutomationSkipped("f", "job1", "acc", "missing", 2, 0, AutomationType.SEND_CLIENT_REQUEST, "tpl",
                SkippedAutomation.Reason.CONDITIONS_NOT_MET, null), "AUTOMATION missing jobs=[job1] request=null");
        EXPECTED.put(new ClientRequestCreated("f", "req1", "acc", List.of("job1"), null, "missing"),
                "AUTOMATION missing jobs=[job1] request=req1");
        EXPECTED.put(new ClientRequestSent("f", "req1", "acc", List.of("job1", "job2"), 2),
                "SYSTEM null jobs=[job1, job2] request=req1");
        EXPECTED.put(new ClientRequestReminded("f", "req1", "acc", List.of("job1"), 1, 2), "SYSTEM null jobs=[job1] request=req1");
        EXPECTED.put(new ClientRequestResent("f", "req1", "acc", List.of(), "u3", 3), "MEMBER u3 jobs=[] request=req1");
        EXPECTED.put(new ClientRequestReopened("f", "req1", "acc", List.of("job1"), "u3", 4), "MEMBER u3 jobs=[job1] request=req1");
        EXPECTED.put(new ClientRequestOverdue("f", "req1", "acc", List.of("job1"), "2026-12-01T00:00:00Z"),
                "SYSTEM null jobs=[job1] request=req1");
        EXPECTED.put(new ClientRequestSubmitted("f", "req1", "acc", List.of("job1"), "2026-11-30T04:00:00Z"),
                "CLIENT null jobs=[job1] request=req1");
        EXPECTED.put(new ClientRequestCancelled("f", "req1", "acc", List.of("job1"), "u1"), "MEMBER u1 jobs=[job1] request=req1");
        EXPECTED.put(new ClientRequestLinked("f", "req1", "job2", "acc", 6, "u2", LinkVia.JOB_CARD),
                "MEMBER u2 jobs=[job2] request=req1");
        EXPECTED.put(new ClientRequestUnlinked("f", "req1", "job2", "acc", 7, "u2", LinkVia.JOB_MOVE),
                "MEMBER u2 jobs=[job2] request=req1");
        EXPECTED.put(new MemberAdded("f", "u2", Role.EMPLOYEE, List.of(), "u1", 1), "MEMBER u1 jobs=[] request=null");
        EXPECTED.put(new MemberChanged("f", "u2", Role.ADMIN, List.of(), "u1", 2), "MEMBER u1 jobs=[] request=null");
        EXPECTED.put(new MemberRemoved("f", "u2", "u4", 3), "MEMBER u4 jobs=[] request=null");
        EXPECTED.put(new AccountChanged("f", "acc", List.of("tags"), "u1", 2), "MEMBER u1 jobs=[] request=null");
        EXPECTED.put(new StageChanged("f", "pl", "missing", List.of("automove"), "u1", 2), "MEMBER u1 jobs=[] request=null");
    }

    @Test
    void everyEvent_makesAnEntry_namingWhoOrWhatMadeTheChange_andTheTrailsItBelongsTo() {
        assertThat(EXPECTED.keySet().stream().map(Object::getClass).collect(Collectors.toSet()))
                .as("one of each event").containsExactlyInAnyOrderElementsOf(Arrays.asList(DomainEvent.class.getPermittedSubclasses()));
        EXPECTED.forEach((event, expected) -> {
            Activity a = of(event);
            assertThat(a.actor().type() + " " + a.actor().id() + " jobs=" + a.jobIds() + " request=" + a.requestId())
                    .as(event.detailType()).isEqualTo(expected);
            assertThat(a.kind()).isEqualTo(event.detailType());
            assertThat(a.eventId()).isEqualTo(event.eventId());
            assertThat(a.firmId()).isEqualTo("f");
            assertThat(a.at()).isEqualTo(AT);
        });
    }

    @Test
    void aMove_saysFromWhereToWhere_andWhy() {
        Activity a = of(new JobStageChanged("f", "job1", "acc", "pl", "intake", "missing", 2, List.of(), MoveCause.MANUAL, "u1"));
        assertThat(a.details()).containsEntry("fromStageId", "intake").containsEntry("toStageId", "missing")
                .containsEntry("cause", "MANUAL").containsEntry("pipelineId", "pl");
    }

    @Test
    void aLink_saysFromWhichScreen_andASkip_saysWhy() {
        assertThat(of(new ClientRequestLinked("f", "req1", "job1", "acc", 2, "u1", LinkVia.REQUEST_LIST)).details())
                .containsEntry("via", "REQUEST_LIST");
        assertThat(of(new AutomationSkipped("f", "job1", "acc", "missing", 2, 1, AutomationType.SEND_CLIENT_REQUEST, "tpl",
                SkippedAutomation.Reason.UNFINISHED_REQUEST_LINKED, "req0")).details())
                .containsEntry("reason", "UNFINISHED_REQUEST_LINKED").containsEntry("requestId", "req0")
                .containsEntry("templateId", "tpl").containsEntry("automationIndex", 1);
    }

    @Test
    void anEventFromBeforeChangesNamedTheirMember_isTheStacks() {
        Activity a = of(new ClientRequestLinked("f", "req1", "job1", "acc", 2));
        assertThat(a.actor()).isEqualTo(new Actor(Actor.Type.SYSTEM, null));
        assertThat(a.details()).doesNotContainKey("via");
    }

    @Test
    void details_holdIdsKindsAndCounts_only() {
        for (DomainEvent event : EXPECTED.keySet()) {
            for (Object value : of(event).details().values()) {
                assertThat(value == null || value instanceof String || value instanceof Number || value instanceof List)
                        .as(event.detailType() + ": " + value).isTrue();
            }
        }
    }
}
