package io.automove.model;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.automove.model.Fixtures.job;
import static io.automove.model.Fixtures.pipeline;
import static io.automove.model.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

/** The automove rule: {@link Automove#nextStage}. The pipeline is intake → missing (automove) → review → done. */
class AutomoveTest {
    private final Pipeline pipeline = pipeline();

    @Test
    void awaitedSubmission_inAnAutomoveStage_withNothingElseLinked_movesToTheNextStage() {
        Job job = job("job-1", "missing", Set.of("r1"), Set.of("r1"));

        assertThat(Automove.nextStage(pipeline, job, "r1", List.of())).map(Stage::stageId).hasValue("review");
    }

    @Test
    void submissionTheJobDoesNotAwait_doesNotMove() {
        // linked, but submitted before the job entered this stage (not awaited)
        Job job = job("job-1", "missing", Set.of("r1"), Set.of());

        assertThat(Automove.nextStage(pipeline, job, "r1", List.of())).isEmpty();
    }

    @Test
    void submissionOfARequestNotLinkedToTheJob_doesNotMove() {
        Job job = job("job-1", "missing", Set.of("r1"), Set.of("r1"));

        assertThat(Automove.nextStage(pipeline, job, "r-other", List.of())).isEmpty();
    }

    @Test
    void awaitedButNoLongerLinked_doesNotMove() {
        // awaited set out of step with the links: the link is what counts
        Job job = job("job-1", "missing", Set.of(), Set.of("r1"));

        assertThat(Automove.nextStage(pipeline, job, "r1", List.of())).isEmpty();
    }

    @Test
    void stageWithAutomoveOff_doesNotMove() {
        Job job = job("job-1", "intake", Set.of("r1"), Set.of("r1"));

        assertThat(Automove.nextStage(pipeline, job, "r1", List.of())).isEmpty();
    }

    @Test
    void jobInAStageThePipelineNoLongerHas_doesNotMove() {
        Job job = job("job-1", "removed-stage", Set.of("r1"), Set.of("r1"));

        assertThat(Automove.nextStage(pipeline, job, "r1", List.of())).isEmpty();
    }

    @Test
    void jobInTheLastStage_neverMoves() {
        Job job = job("job-1", "done", Set.of("r1"), Set.of("r1"));

        assertThat(Automove.nextStage(pipeline, job, "r1", List.of())).isEmpty();
    }

    @Test
    void anotherLinkedRequestStillPending_blocksTheMove() {
        Job job = job("job-1", "missing", Set.of("r1", "r2"), Set.of("r1", "r2"));

        assertThat(Automove.nextStage(pipeline, job, "r1", List.of(request("r2", RequestStatus.PENDING)))).isEmpty();
    }

    @Test
    void anotherLinkedRequestThatCannotBeRead_blocksTheMove() {
        Job job = job("job-1", "missing", Set.of("r1", "r2"), Set.of("r1"));

        assertThat(Automove.nextStage(pipeline, job, "r1", List.of())).isEmpty();
    }

    @Test
    void otherLinkedRequestsSubmittedOrCancelled_doNotBlock() {
        Job job = job("job-1", "missing", Set.of("r1", "r2", "r3"), Set.of("r1", "r2", "r3"));

        assertThat(Automove.nextStage(pipeline, job, "r1",
                List.of(request("r2", RequestStatus.SUBMITTED), request("r3", RequestStatus.CANCELLED))))
                .map(Stage::stageId).hasValue("review");
    }

    @Test
    void pendingRequestNotLinkedToTheJob_doesNotBlock() {
        Job job = job("job-1", "missing", Set.of("r1", "r2"), Set.of("r1"));

        assertThat(Automove.nextStage(pipeline, job, "r1",
                List.of(request("r2", RequestStatus.SUBMITTED), request("r-unlinked", RequestStatus.PENDING))))
                .map(Stage::stageId).hasValue("review");
    }

    @Test
    void theSubmittedRequestItself_isNotLookedUpAmongTheOthers() {
        // the submitted request may still read as PENDING from an older copy: the event is proof enough
        Job job = job("job-1", "missing", Set.of("r1"), Set.of("r1"));

        assertThat(Automove.nextStage(pipeline, job, "r1", List.of(request("r1", RequestStatus.PENDING))))
                .map(Stage::stageId).hasValue("review");
    }
}
