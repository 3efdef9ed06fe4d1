package io.automove.usecases;

import io.automove.model.AutomationType;
import io.automove.model.SkippedAutomation;
import io.automove.model.LinkedRequest;
import io.automove.model.ClientRequest;
import io.automove.model.DeliveryState;
import io.automove.model.DerivedIds;
import io.automove.model.ItemKind;
import io.automove.model.Job;
import io.automove.model.RequestItem;
import io.automove.model.RequestStatus;
import io.automove.model.RequestTemplate;
import io.automove.model.StageAutomation;
import io.automove.model.DomainEvent.ClientRequestCreated;
import io.automove.model.DomainEvent.JobStageChanged;
import io.automove.model.DomainEvent.MoveCause;
import io.automove.usecases.RunStageAutomations.Outcome;
import io.automove.usecases.RunStageAutomations.Result;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import static io.automove.model.Fixtures.ACCOUNT;
import static io.automove.model.Fixtures.FIRM;
import static io.automove.model.Fixtures.PIPELINE;
import static io.automove.model.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

class RunStageAutomationsTest {
    private static final String JOB = "job-1";

    private final FakeDirectory directory = new FakeDirectory()
            .with(new RequestTemplate(FIRM, "tpl-docs", "Missing documents", "Documents please", "Please send them.",
                    List.of(new RequestItem(ItemKind.FILE_UPLOAD, "Bank statements", true))))
            .with(new RequestTemplate(FIRM, "tpl-id", "Identity", "Your ID", "Please upload your ID.", List.of()));
    private final FakeWorkflowStore store = new FakeWorkflowStore();
    private final RunStageAutomations stageEntry = new RunStageAutomations(directory, store, Clock.fixed(T0, ZoneOffset.UTC));

    private static JobStageChanged entered(long stageVersion, StageAutomation... automations) {
        return new JobStageChanged(FIRM, JOB, ACCOUNT, PIPELINE, "intake", "missing", stageVersion, List.of(automations),
                MoveCause.MANUAL, "user-1");
    }

    private void jobAtStageVersion(long v) {
        store.put(new Job(FIRM, JOB, ACCOUNT, PIPELINE, "Tax return", "missing", v, Set.of(), Set.of(), T0, T0, 4));
    }

    @Test
    void sendClientRequest_createsARequestFromTheTemplate_withAnIdDerivedFromJobStageVersionAndIndex() {
        jobAtStageVersion(3);

        Result result = stageEntry.onJobStageChanged(entered(3, StageAutomation.sendClientRequest("tpl-docs")));

        String expectedId = DerivedIds.automationRequest(FIRM, JOB, 3, 0);
        assertThat(result).isEqualTo(new Result(Outcome.DONE, List.of(expectedId)));
        ClientRequest r = store.request(FIRM, expectedId);
        assertThat(r.title()).isEqualTo("Missing documents");
        assertThat(r.subject()).isEqualTo("Documents please");
        assertThat(r.items()).extracting(RequestItem::label).containsExactly("Bank statements");
        assertThat(r.accountId()).isEqualTo(ACCOUNT);
        assertThat(r.jobIds()).containsExactly(JOB);
        assertThat(r.createdBy()).isEqualTo("automation");
        assertThat(r.status()).isEqualTo(RequestStatus.PENDING);
        assertThat(r.delivery().state()).isEqualTo(DeliveryState.QUEUED);
        assertThat(store.job(FIRM, JOB).awaits(expectedId)).isTrue();
        assertThat(store.events).as("made by the automation of the stage entered")
                .containsExactly(new ClientRequestCreated(FIRM, expectedId, ACCOUNT, List.of(JOB), null, "missing"));
    }

    @Test
    void redeliveredEvent_findsTheSameRequest_andCreatesNoSecond() {
        jobAtStageVersion(3);
        JobStageChanged event = entered(3, StageAutomation.sendClientRequest("tpl-docs"));

        Result first = stageEntry.onJobStageChanged(event);
        Result again = stageEntry.onJobStageChanged(event);

        assertThat(again.requestIds()).isEqualTo(first.requestIds());
        assertThat(store.requests).hasSize(1);
        assertThat(store.events).hasSize(1);
    }

    @Test
    void eachAutomationOfTheEntry_getsItsOwnRequest_andALaterEntryGetsNewOnes() {
        jobAtStageVersion(3);
        StageAutomation[] automations = {StageAutomation.sendClientRequest("tpl-docs"), StageAutomation.sendClientRequest("tpl-id")};

        Result entry3 = stageEntry.onJobStageChanged(entered(3, automations));
        jobAtStageVersion(5);
        Result entry5 = stageEntry.onJobStageChanged(entered(5, automations));

        assertThat(entry3.requestIds()).containsExactly(DerivedIds.automationRequest(FIRM, JOB, 3, 0),
                DerivedIds.automationRequest(FIRM, JOB, 3, 1));
        assertThat(entry5.requestIds()).containsExactly(DerivedIds.automationRequest(FIRM, JOB, 5, 0),
                DerivedIds.automationRequest(FIRM, JOB, 5, 1));
        assertThat(store.requests).hasSize(4);
    }

    @Test
    void jobMovedOn_stopsAtOnce_asStale() {
        jobAtStageVersion(4); // the event is about entry 3: the job has moved since

        Result result = stageEntry.onJobStageChanged(entered(3, StageAutomation.sendClientRequest("tpl-docs"),
                StageAutomation.sendClientRequest("tpl-id")));

        assertThat(result).isEqualTo(new Result(Outcome.STALE, List.of()));
        assertThat(store.stageRequestCalls).as("the second automation is not tried").isEqualTo(1);
        assertThat(store.requests).isEmpty();
        assertThat(store.events).isEmpty();
    }

    @Test
    void stageWithoutAutomations_hasNothingToDo() {
        Result result = stageEntry.onJobStageChanged(entered(3));

        assertThat(result).isEqualTo(new Result(Outcome.NOTHING_TO_DO, List.of()));
        assertThat(store.stageRequestCalls).isZero();
    }

    @Test
    void missingTemplate_isSkipped_withoutShiftingTheIndexOfTheNextAutomation() {
        jobAtStageVersion(3);

        Result result = stageEntry.onJobStageChanged(entered(3, StageAutomation.sendClientRequest("tpl-deleted"),
                StageAutomation.sendClientRequest("tpl-id")));

        assertThat(result).isEqualTo(new Result(Outcome.DONE, List.of(DerivedIds.automationRequest(FIRM, JOB, 3, 1))));
    }

    @Test
    void templateWithAnUnfinishedRequestStillLinked_makesNoSecondRequest_andTheJobSaysWhy() {
        // GIVEN the job came back into the stage keeping the request this stage's automation made before
        jobAtStageVersion(5);
        JobStageChanged back = new JobStageChanged(FIRM, JOB, ACCOUNT, PIPELINE, "review", "missing", 5,
                List.of(StageAutomation.sendClientRequest("tpl-docs"), StageAutomation.sendClientRequest("tpl-id")),
                MoveCause.MANUAL, "user-1", List.of(new LinkedRequest("req-earlier", "tpl-docs")));

        // WHEN
        Result result = stageEntry.onJobStageChanged(back);

        // THEN only the other template's request is made, and the skip is on the job with the request it names
        assertThat(result.requestIds()).containsExactly(DerivedIds.automationRequest(FIRM, JOB, 5, 1));
        assertThat(store.job(FIRM, JOB).skippedAutomations()).containsExactly(new SkippedAutomation(0,
                AutomationType.SEND_CLIENT_REQUEST, "tpl-docs", SkippedAutomation.Reason.UNFINISHED_REQUEST_LINKED,
                "req-earlier"));
        assertThat(store.events).as("the request made, and the skip for the trail").extracting(e -> e.detailType())
                .containsExactly("ClientRequestCreated", "AutomationSkipped");

        // and a redelivery changes nothing more, and announces nothing again
        long rev = store.job(FIRM, JOB).rev();
        stageEntry.onJobStageChanged(back);
        assertThat(store.job(FIRM, JOB).skippedAutomations()).hasSize(1);
        assertThat(store.events).hasSize(2);
        assertThat(store.job(FIRM, JOB).rev()).isGreaterThanOrEqualTo(rev);
    }

    @Test
    void skipForAJobThatMovedOn_isNotRecorded() {
        jobAtStageVersion(6);
        JobStageChanged stale = new JobStageChanged(FIRM, JOB, ACCOUNT, PIPELINE, "review", "missing", 5,
                List.of(StageAutomation.sendClientRequest("tpl-docs")), MoveCause.MANUAL, "user-1",
                List.of(new LinkedRequest("req-earlier", "tpl-docs")));

        assertThat(stageEntry.onJobStageChanged(stale).outcome()).isEqualTo(Outcome.STALE);
        assertThat(store.job(FIRM, JOB).skippedAutomations()).isEmpty();
    }
}
