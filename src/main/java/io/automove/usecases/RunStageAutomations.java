package io.automove.usecases;

import io.automove.model.Account;
import io.automove.model.AutomationType;
import io.automove.model.ClientRequest;
import io.automove.model.DerivedIds;
import io.automove.model.DomainEvent.ClientRequestCreated;
import io.automove.model.DomainEvent.JobStageChanged;
import io.automove.model.LinkedRequest;
import io.automove.model.SkippedAutomation;
import io.automove.model.DomainEvent.AutomationSkipped;
import io.automove.model.ReminderSettings;
import io.automove.model.RequestTemplate;
import io.automove.model.StageAutomation;
import io.automove.usecases.ports.Directory;
import io.automove.usecases.ports.WorkflowStore;
import io.automove.usecases.ports.WorkflowStore.StageRequestOutcome;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs the automations of the stage a job entered. SEND_CLIENT_REQUEST makes a client request from the template
 * and links it to the job in one transaction; its ClientRequestCreated event has it emailed
 * ({@link DeliverClientRequest}).
 *
 * <p>An automation whose template already has an unfinished request linked to the job (kept on a manual move out
 * of the stage and back) makes no second one: the job records it as skipped, with the request, so its card can say
 * so.
 *
 * <p>Redelivery is harmless: the request id is derived from the job, the stage entry and the automation, so a
 * second delivery of the event finds the request already there, and the skips are written whole again. A stale
 * event (the job has moved on) creates nothing.
 */
public final class RunStageAutomations {

    public enum Outcome { DONE, NOTHING_TO_DO, STALE }

    public record Result(Outcome outcome, List<String> requestIds) {}

    private final Directory directory;
    private final WorkflowStore store;
    private final Clock clock;

    public RunStageAutomations(Directory directory, WorkflowStore store, Clock clock) {
        this.directory = directory;
        this.store = store;
        this.clock = clock;
    }

    public Result onJobStageChanged(JobStageChanged event) {
        List<StageAutomation> automations = event.automations();
        if (automations.isEmpty()) return new Result(Outcome.NOTHING_TO_DO, List.of());
        List<String> made = new ArrayList<>();
        List<SkippedAutomation> skipped = new ArrayList<>();
        Optional<Account> account = Optional.empty();
        for (int i = 0; i < automations.size(); i++) {
            StageAutomation automation = automations.get(i);
            if (automation.type() != AutomationType.SEND_CLIENT_REQUEST) continue;
            if (!automation.conditions().none()) {
                // the account as it is now: tags changed since the stage was set up count
                if (account.isEmpty()) account = directory.account(event.firmId(), event.accountId());
                if (account.isEmpty() || !automation.conditions().metBy(account.get())) {
                    skipped.add(new SkippedAutomation(i, automation.type(), automation.templateId(),
                            SkippedAutomation.Reason.CONDITIONS_NOT_MET, null));
                    continue;
                }
            }
            Optional<LinkedRequest> unfinished = event.unfinishedFrom(automation.templateId());
            if (unfinished.isPresent()) {
                skipped.add(new SkippedAutomation(i, automation.type(), automation.templateId(),
                        SkippedAutomation.Reason.UNFINISHED_REQUEST_LINKED, unfinished.get().requestId()));
                continue;
            }
            Optional<RequestTemplate> template = directory.template(event.firmId(), automation.templateId());
            if (template.isEmpty()) continue; // the pipeline check keeps this from happening; never fail the chain on it
            String requestId = DerivedIds.automationRequest(event.firmId(), event.jobId(), event.stageVersion(), i);
            Instant now = clock.instant();
            // the automation's own settings, else its template's, else the defaults (reminders) or none (due date)
            ReminderSettings reminders = ReminderSettings.firstGiven(automation.reminders(), template.get().reminders());
            Integer dueInDays = automation.dueInDays() != null ? automation.dueInDays() : template.get().dueInDays();
            ClientRequest request = ClientRequest.fromTemplate(template.get(), requestId, event.accountId(),
                    Set.of(event.jobId()), ClientRequest.BY_AUTOMATION, now, reminders,
                    dueInDays == null ? null : now.plus(Duration.ofDays(dueInDays)));
            StageRequestOutcome outcome = store.createStageRequest(request, event.jobId(), event.stageVersion(),
                    new ClientRequestCreated(event.firmId(), requestId, event.accountId(), List.of(event.jobId()), null,
                            event.toStageId()));
            if (outcome == StageRequestOutcome.JOB_MOVED_ON) return new Result(Outcome.STALE, made);
            if (outcome == StageRequestOutcome.JOB_FULL) {
                skipped.add(new SkippedAutomation(i, automation.type(), automation.templateId(),
                        SkippedAutomation.Reason.TOO_MANY_LINKED_REQUESTS, null));
                continue;
            }
            made.add(requestId);
        }
        if (!skipped.isEmpty() && !store.recordSkippedAutomations(event.firmId(), event.jobId(), event.stageVersion(),
                skipped, skipped.stream().map(s -> (io.automove.model.DomainEvent) new AutomationSkipped(event.firmId(),
                        event.jobId(), event.accountId(), event.toStageId(), event.stageVersion(), s.automationIndex(),
                        s.type(), s.templateId(), s.reason(), s.requestId())).toList())) {
            return new Result(Outcome.STALE, made);
        }
        return new Result(Outcome.DONE, made);
    }
}
