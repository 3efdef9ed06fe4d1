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
     * Where a link was made or removed by hand: the job card ({@code POST/DELETE /jobs/{jobId}/client-requests}),
     * a new request born linked ({@code POST /client-requests}, the job card's New), the account's request list
     * ({@code PUT /client-requests/{requestId}/jobs}), or a manual move that unlinked ({@code POST /jobs/{jobId}/move}).
     */
    enum LinkVia { JOB_CARD, NEW_REQUEST, REQUEST_LIST, JOB_MOVE }

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

    /**
     * A request was made: by a member ({@code createdBy}) or by the Send client request automation of the stage
     * {@code stageId} (then {@code createdBy} is null).
     */
    record ClientRequestCreated(String firmId, String requestId, String accountId, List<String> jobIds,
                                String createdBy, String stageId) implements DomainEvent {
        public ClientRequestCreated(String firmId, String requestId, String accountId, List<String> jobIds) {
            this(firmId, requestId, accountId, jobIds, null, null);
        }

        public String eventId() { return "ClientRequestCreated:" + requestId; }
    }

    /** The mail service accepted email {@code number} of the request ({@code kind}), one per contact. */
    record ClientRequestSent(String firmId, String requestId, String accountId, List<String> jobIds, int recipients,
                             EmailKind kind, int number) implements DomainEvent {
        public ClientRequestSent(String firmId, String requestId, String accountId, List<String> jobIds, int recipients) {
            this(firmId, requestId, accountId, jobIds, recipients, EmailKind.REQUEST, 1);
        }

        public String eventId() { return "ClientRequestSent:" + requestId + (number == 1 ? "" : ":" + number); }
    }

    /** A reminder of the request was due and taken ({@code reminder}: the how-manieth); email {@code number} follows. */
    record ClientRequestReminded(String firmId, String requestId, String accountId, List<String> jobIds, int reminder,
                                 int number) implements DomainEvent {
        public String eventId() { return "ClientRequestReminded:" + requestId + ":" + number; }
    }

    /** A person asked for the request to be emailed again; email {@code number} follows. */
    record ClientRequestResent(String firmId, String requestId, String accountId, List<String> jobIds, String resentBy,
                               int number) implements DomainEvent {
        public String eventId() { return "ClientRequestResent:" + requestId + ":" + number; }
    }

    /** The firm reopened a submitted request: unfinished again; email {@code number} tells the client. */
    record ClientRequestReopened(String firmId, String requestId, String accountId, List<String> jobIds,
                                 String reopenedBy, int number) implements DomainEvent {
        public String eventId() { return "ClientRequestReopened:" + requestId + ":" + number; }
    }

    /** The request is past its due date and still unfinished. Once per due date. */
    record ClientRequestOverdue(String firmId, String requestId, String accountId, List<String> jobIds, String dueAt)
            implements DomainEvent {
        public String eventId() { return "ClientRequestOverdue:" + requestId + ":" + dueAt; }
    }

    record JobArchived(String firmId, String jobId, String accountId, String archivedBy, long jobRev)
            implements DomainEvent {
        public String eventId() { return "JobArchived:" + jobId + ":" + jobRev; }
    }

    record JobUnarchived(String firmId, String jobId, String accountId, String unarchivedBy, long jobRev)
            implements DomainEvent {
        public String eventId() { return "JobUnarchived:" + jobId + ":" + jobRev; }
    }

    /** A member ({@code linkedBy}) linked the request to the job, from the screen {@code via} names. */
    record ClientRequestLinked(String firmId, String requestId, String jobId, String accountId, long jobRev,
                               String linkedBy, LinkVia via) implements DomainEvent {
        public ClientRequestLinked(String firmId, String requestId, String jobId, String accountId, long jobRev) {
            this(firmId, requestId, jobId, accountId, jobRev, null, null);
        }

        public String eventId() { return "ClientRequestLinked:" + requestId + ":" + jobId + ":" + jobRev; }
    }

    /** A member ({@code unlinkedBy}) unlinked the request from the job, from the screen {@code via} names. */
    record ClientRequestUnlinked(String firmId, String requestId, String jobId, String accountId, long jobRev,
                                 String unlinkedBy, LinkVia via) implements DomainEvent {
        public ClientRequestUnlinked(String firmId, String requestId, String jobId, String accountId, long jobRev) {
            this(firmId, requestId, jobId, accountId, jobRev, null, null);
        }

        public String eventId() { return "ClientRequestUnlinked:" + requestId + ":" + jobId + ":" + jobRev; }
    }

    /** {@code submission} counts the request's submissions: a reopened request is submitted again. */
    record ClientRequestSubmitted(String firmId, String requestId, String accountId, List<String> jobIds,
                                  String submittedAt, int submission) implements DomainEvent {
        public ClientRequestSubmitted(String firmId, String requestId, String accountId, List<String> jobIds,
                                      String submittedAt) {
            this(firmId, requestId, accountId, jobIds, submittedAt, 1);
        }

        public String eventId() { return "ClientRequestSubmitted:" + requestId + (submission <= 1 ? "" : ":" + submission); }
    }

    /** A member ({@code cancelledBy}) cancelled the request, by moving its job on with CANCEL. */
    record ClientRequestCancelled(String firmId, String requestId, String accountId, List<String> jobIds,
                                  String cancelledBy) implements DomainEvent {
        public ClientRequestCancelled(String firmId, String requestId, String accountId, List<String> jobIds) {
            this(firmId, requestId, accountId, jobIds, null);
        }

        public String eventId() { return "ClientRequestCancelled:" + requestId; }
    }

    /**
     * An automation of the stage the job entered ({@code stageVersion}: that entry) did not run, and why
     * ({@code requestId}: the unfinished request it would have duplicated, when that is the reason).
     */
    record AutomationSkipped(String firmId, String jobId, String accountId, String stageId, long stageVersion,
                             int automationIndex, AutomationType type, String templateId, SkippedAutomation.Reason reason,
                             String requestId) implements DomainEvent {
        public String eventId() { return "AutomationSkipped:" + jobId + ":" + stageVersion + ":" + automationIndex; }
    }

    /** A manager changed the stage's {@code fields} (names only: name, automove, automations); later entries use them. */
    record StageChanged(String firmId, String pipelineId, String stageId, List<String> fields, String changedBy,
                        long pipelineRev) implements DomainEvent {
        public StageChanged {
            fields = List.copyOf(fields);
        }

        public String eventId() { return "StageChanged:" + pipelineId + ":" + pipelineRev; }
    }

    /** {@code userId} became a member of the firm with {@code role} and {@code rights}; {@code memberRev}: its item's revision. */
    record MemberAdded(String firmId, String userId, Role role, List<Right> rights, String addedBy, long memberRev)
            implements DomainEvent {
        public MemberAdded {
            rights = List.copyOf(rights);
        }

        public String eventId() { return "MemberAdded:" + userId + ":" + memberRev; }
    }

    /** The member's role or rights changed (a hand-over changes two members: two events). */
    record MemberChanged(String firmId, String userId, Role role, List<Right> rights, String changedBy, long memberRev)
            implements DomainEvent {
        public MemberChanged {
            rights = List.copyOf(rights);
        }

        public String eventId() { return "MemberChanged:" + userId + ":" + memberRev; }
    }

    /** The member was removed: their next call is refused; what they did stays in the trail under their id. */
    record MemberRemoved(String firmId, String userId, String removedBy, long memberRev) implements DomainEvent {
        public String eventId() { return "MemberRemoved:" + userId + ":" + memberRev; }
    }

    /** The account's {@code fields} changed (names only: name, contacts, teamMemberIds, tags). */
    record AccountChanged(String firmId, String accountId, List<String> fields, String changedBy, long accountRev)
            implements DomainEvent {
        public AccountChanged {
            fields = List.copyOf(fields);
        }

        public String eventId() { return "AccountChanged:" + accountId + ":" + accountRev; }
    }
}
