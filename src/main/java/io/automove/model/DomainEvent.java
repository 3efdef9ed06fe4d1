package io.automove.model;

import java.util.List;

/**
 * What the domain tells the rest of the system after a change is stored. Each event rides on the item whose
 * change it describes (the outbox), so it is published if and only if that change was stored. {@code eventId}
 * is derived from the change, so a redelivered or republished event keeps its id.
 */
public sealed interface DomainEvent {
    String eventId();
    String firmId();

    /** The detail-type on the bus: the record's simple name. */
    default String detailType() { return getClass().getSimpleName(); }

    enum MoveCause { CREATED, MANUAL, AUTOMOVE }

    /**
     * The job entered {@code toStageId}. {@code automations} are that stage's automations as they stood when
     * the job entered it: a stage edited later applies to jobs entering afterwards, and stage entry needs no
     * read of the pipeline. {@code unfinishedRequests} are the unfinished requests the job brought into the stage
     * still linked (kept on a manual move), so that an automation does not ask again for what is still awaited.
     */
    record JobStageChanged(String firmId, String jobId, String accountId, String pipelineId, String fromStageId,
                           String toStageId, long stageVersion, List<StageAutomation> automations, MoveCause cause,
                           String movedBy, List<LinkedRequest> unfinishedRequests) implements DomainEvent {
        public JobStageChanged {
            automations = List.copyOf(automations);
            unfinishedRequests = unfinishedRequests == null ? List.of() : List.copyOf(unfinishedRequests);
        }

        public JobStageChanged(String firmId, String jobId, String accountId, String pipelineId, String fromStageId,
                               String toStageId, long stageVersion, List<StageAutomation> automations, MoveCause cause,
                               String movedBy) {
            this(firmId, jobId, accountId, pipelineId, fromStageId, toStageId, stageVersion, automations, cause, movedBy,
                    List.of());
        }

        public static JobStageChanged entering(Job before, Job after, Stage target, MoveCause cause, String movedBy,
                                               List<LinkedRequest> unfinishedRequests) {
            return new JobStageChanged(after.firmId(), after.jobId(), after.accountId(), after.pipelineId(),
                    before == null ? null : before.stageId(), target.stageId(), after.stageVersion(),
                    target.automations(), cause, movedBy, unfinishedRequests);
        }

        /** The unfinished request from {@code templateId} the job is still linked to, if any. */
        public java.util.Optional<LinkedRequest> unfinishedFrom(String templateId) {
            return unfinishedRequests.stream().filter(r -> templateId.equals(r.templateId())).findFirst();
        }

        public String eventId() { return "JobStageChanged:" + jobId + ":" + stageVersion; }
    }

    record ClientRequestCreated(String firmId, String requestId, String accountId, List<String> jobIds)
            implements DomainEvent {
        public String eventId() { return "ClientRequestCreated:" + requestId; }
    }

    record ClientRequestSent(String firmId, String requestId, String accountId, List<String> jobIds, int recipients)
            implements DomainEvent {
        public String eventId() { return "ClientRequestSent:" + requestId; }
    }

    record ClientRequestLinked(String firmId, String requestId, String jobId, String accountId, long jobRev)
            implements DomainEvent {
        public String eventId() { return "ClientRequestLinked:" + requestId + ":" + jobId + ":" + jobRev; }
    }

    record ClientRequestUnlinked(String firmId, String requestId, String jobId, String accountId, long jobRev)
            implements DomainEvent {
        public String eventId() { return "ClientRequestUnlinked:" + requestId + ":" + jobId + ":" + jobRev; }
    }

    record ClientRequestSubmitted(String firmId, String requestId, String accountId, List<String> jobIds,
                                  String submittedAt) implements DomainEvent {
        public String eventId() { return "ClientRequestSubmitted:" + requestId; }
    }

    record ClientRequestCancelled(String firmId, String requestId, String accountId, List<String> jobIds)
            implements DomainEvent {
        public String eventId() { return "ClientRequestCancelled:" + requestId; }
    }
}
