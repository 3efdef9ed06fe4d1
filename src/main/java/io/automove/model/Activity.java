package io.automove.model;

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
import io.automove.model.DomainEvent.MemberAdded;
import io.automove.model.DomainEvent.MemberChanged;
import io.automove.model.DomainEvent.MemberRemoved;
import io.automove.model.DomainEvent.StageChanged;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of the activity trail: a stored change, told by the event that announced it. {@code kind} is the
 * event's name, {@code actor} who or what made the change, {@code jobIds} / {@code requestId} the trails it
 * belongs to beside the firm's, and {@code details} the ids and kinds that say what changed: never a name, an
 * email address or an answer. {@code at} is when the change was stored and {@code seq} its place among the
 * events of that change, so an entry sorts the same however often its event is delivered.
 */
public record Activity(String eventId, String firmId, Instant at, int seq, String kind, Actor actor, String accountId,
                       List<String> jobIds, String requestId, Map<String, Object> details) {

    public Activity {
        jobIds = jobIds == null ? List.of() : List.copyOf(jobIds);
        details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** Who or what made a change: a member (their user id), a stage's automation (the stage's id), the client, or the stack. */
    public record Actor(Type type, String id) {
        public enum Type { MEMBER, AUTOMATION, CLIENT, SYSTEM }

        public static Actor member(String userId) {
            // an event from before changes named their member: the stack's, as far as anyone can tell now
            return userId == null ? SYSTEM_ACTOR : new Actor(Type.MEMBER, userId);
        }

        public static Actor automation(String stageId) { return new Actor(Type.AUTOMATION, stageId); }

        static final Actor CLIENT_ACTOR = new Actor(Type.CLIENT, null);
        static final Actor SYSTEM_ACTOR = new Actor(Type.SYSTEM, null);
    }

    /** The entry an event makes; {@code at} and {@code seq} as stored with the change. */
    public static Activity of(DomainEvent event, Instant at, int seq) {
        Map<String, Object> d = new LinkedHashMap<>();
        String f = event.firmId();
        String id = event.eventId();
        String kind = event.detailType();
        if (event instanceof JobStageChanged e) {
            d.put("pipelineId", e.pipelineId());
            d.put("fromStageId", e.fromStageId());
            d.put("toStageId", e.toStageId());
            d.put("cause", e.cause().name());
            // an automove is the automation of the stage the job left
            Actor actor = e.cause() == DomainEvent.MoveCause.AUTOMOVE ? Actor.automation(e.fromStageId())
                    : Actor.member(e.movedBy());
            return new Activity(id, f, at, seq, kind, actor, e.accountId(), List.of(e.jobId()), null, d);
        }
        if (event instanceof JobArchived e) {
            return new Activity(id, f, at, seq, kind, Actor.member(e.archivedBy()), e.accountId(), List.of(e.jobId()), null, d);
        }
        if (event instanceof JobUnarchived e) {
            return new Activity(id, f, at, seq, kind, Actor.member(e.unarchivedBy()), e.accountId(), List.of(e.jobId()), null, d);
        }
        if (event instanceof AutomationSkipped e) {
            d.put("stageId", e.stageId());
            d.put("automationIndex", e.automationIndex());
            d.put("type", e.type().name());
            d.put("templateId", e.templateId());
            d.put("reason", e.reason().name());
            if (e.requestId() != null) d.put("requestId", e.requestId());
            return new Activity(id, f, at, seq, kind, Actor.automation(e.stageId()), e.accountId(), List.of(e.jobId()), null, d);
        }
        if (event instanceof ClientRequestCreated e) {
            Actor actor = e.createdBy() == null && e.stageId() != null ? Actor.automation(e.stageId()) : Actor.member(e.createdBy());
            return request(e.requestId(), e.accountId(), e.jobIds(), id, f, at, seq, kind, actor, d);
        }
        if (event instanceof ClientRequestSent e) {
            d.put("emailKind", e.kind().name());
            d.put("emailNumber", e.number());
            d.put("recipients", e.recipients());
            return request(e.requestId(), e.accountId(), e.jobIds(), id, f, at, seq, kind, Actor.SYSTEM_ACTOR, d);
        }
        if (event instanceof ClientRequestReminded e) {
            d.put("reminder", e.reminder());
            d.put("emailNumber", e.number());
            return request(e.requestId(), e.accountId(), e.jobIds(), id, f, at, seq, kind, Actor.SYSTEM_ACTOR, d);
        }
        if (event instanceof ClientRequestResent e) {
            d.put("emailNumber", e.number());
            return request(e.requestId(), e.accountId(), e.jobIds(), id, f, at, seq, kind, Actor.member(e.resentBy()), d);
        }
        if (event instanceof ClientRequestReopened e) {
            d.put("emailNumber", e.number());
            return request(e.requestId(), e.accountId(), e.jobIds(), id, f, at, seq, kind, Actor.member(e.reopenedBy()), d);
        }
        if (event instanceof ClientRequestOverdue e) {
            d.put("dueAt", e.dueAt());
            return request(e.requestId(), e.accountId(), e.jobIds(), id, f, at, seq, kind, Actor.SYSTEM_ACTOR, d);
        }
        if (event instanceof ClientRequestSubmitted e) {
            d.put("submission", e.submission());
            return request(e.requestId(), e.accountId(), e.jobIds(), id, f, at, seq, kind, Actor.CLIENT_ACTOR, d);
        }
        if (event instanceof ClientRequestCancelled e) {
            return request(e.requestId(), e.accountId(), e.jobIds(), id, f, at, seq, kind, Actor.member(e.cancelledBy()), d);
        }
        if (event instanceof ClientRequestLinked e) {
            if (e.via() != null) d.put("via", e.via().name());
            return request(e.requestId(), e.accountId(), List.of(e.jobId()), id, f, at, seq, kind, Actor.member(e.linkedBy()), d);
        }
        if (event instanceof ClientRequestUnlinked e) {
            if (e.via() != null) d.put("via", e.via().name());
            return request(e.requestId(), e.accountId(), List.of(e.jobId()), id, f, at, seq, kind, Actor.member(e.unlinkedBy()), d);
        }
        if (event instanceof MemberAdded e) {
            member(d, e.userId(), e.role(), e.rights());
            return new Activity(id, f, at, seq, kind, Actor.member(e.addedBy()), null, List.of(), null, d);
        }
        if (event instanceof MemberChanged e) {
            member(d, e.userId(), e.role(), e.rights());
            return new Activity(id, f, at, seq, kind, Actor.member(e.changedBy()), null, List.of(), null, d);
        }
        if (event instanceof MemberRemoved e) {
            d.put("userId", e.userId());
            return new Activity(id, f, at, seq, kind, Actor.member(e.removedBy()), null, List.of(), null, d);
        }
        if (event instanceof AccountChanged e) {
            d.put("fields", e.fields());
            return new Activity(id, f, at, seq, kind, Actor.member(e.changedBy()), e.accountId(), List.of(), null, d);
        }
        if (event instanceof StageChanged e) {
            d.put("pipelineId", e.pipelineId());
            d.put("stageId", e.stageId());
            d.put("fields", e.fields());
            return new Activity(id, f, at, seq, kind, Actor.member(e.changedBy()), null, List.of(), null, d);
        }
        throw new IllegalArgumentException("no activity entry for " + kind);
    }

    private static Activity request(String requestId, String accountId, List<String> jobIds, String id, String firmId,
                                    Instant at, int seq, String kind, Actor actor, Map<String, Object> details) {
        return new Activity(id, firmId, at, seq, kind, actor, accountId, jobIds, requestId, details);
    }

    private static void member(Map<String, Object> d, String userId, Role role, List<Right> rights) {
        d.put("userId", userId);
        d.put("role", role.name());
        d.put("rights", rights.stream().map(Enum::name).toList());
    }
}
