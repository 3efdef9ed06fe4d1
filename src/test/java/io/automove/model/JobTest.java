package io.automove.model;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Set;

import static io.automove.model.Fixtures.T0;
import static io.automove.model.Fixtures.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobTest {
    private static final Instant LATER = T0.plusSeconds(3600);

    @Test
    void openedJob_isAtStageVersionOne_withNoLinks() {
        Job job = Job.open("firm-1", "job-1", "acc-1", "pipe-1", "  Tax return 2024 ", "intake", T0);

        assertThat(job.stageVersion()).isEqualTo(1);
        assertThat(job.requestIds()).isEmpty();
        assertThat(job.awaitedRequestIds()).isEmpty();
        assertThat(job.title()).isEqualTo("Tax return 2024");
        assertThat(job.createdAt()).isEqualTo(T0);
        assertThat(job.stageEnteredAt()).isEqualTo(T0);
        assertThat(job.rev()).isZero();
    }

    @Test
    void movedTo_entersTheStage_bumpsStageVersion_andAwaitsOnlyStillUnfinishedRequestsThatStayLinked() {
        Job job = job("job-1", "intake", Set.of("r1", "r2", "r3"), Set.of("r1")).atRev(7);

        Job moved = job.movedTo("missing", Set.of("r1", "r2"), Set.of("r2", "r3"), LATER);

        assertThat(moved.stageId()).isEqualTo("missing");
        assertThat(moved.stageVersion()).isEqualTo(job.stageVersion() + 1);
        assertThat(moved.requestIds()).containsExactlyInAnyOrder("r1", "r2");
        assertThat(moved.awaitedRequestIds()).as("r3 is not linked any more; r1 is finished").containsExactly("r2");
        assertThat(moved.stageEnteredAt()).isEqualTo(LATER);
        assertThat(moved.createdAt()).isEqualTo(T0);
        assertThat(moved.rev()).as("the revision is the store's business").isEqualTo(7);
    }

    @Test
    void movedTo_withNothingUnfinished_awaitsNothing() {
        Job job = job("job-1", "missing", Set.of("r1"), Set.of("r1"));

        Job moved = job.movedTo("review", job.requestIds(), Set.of(), LATER);

        assertThat(moved.awaitedRequestIds()).isEmpty();
        assertThat(moved.awaits("r1")).isFalse();
        assertThat(moved.isLinkedTo("r1")).isTrue();
    }

    @Test
    void linkingAnUnfinishedRequest_awaitsIt() {
        Job job = job("job-1", "missing", Set.of(), Set.of());

        Job linked = job.linked("r1", true);

        assertThat(linked.isLinkedTo("r1")).isTrue();
        assertThat(linked.awaits("r1")).isTrue();
        assertThat(linked.stageVersion()).isEqualTo(job.stageVersion());
        assertThat(linked.stageId()).isEqualTo(job.stageId());
    }

    @Test
    void linkingAFinishedRequest_doesNotAwaitIt() {
        Job linked = job("job-1", "missing", Set.of(), Set.of()).linked("r1", false);

        assertThat(linked.isLinkedTo("r1")).isTrue();
        assertThat(linked.awaits("r1")).isFalse();
    }

    @Test
    void linkingAgain_keepsASet_andRelinkingAsFinishedDoesNotDropAnExistingAwait() {
        Job job = job("job-1", "missing", Set.of("r1"), Set.of("r1"));

        Job again = job.linked("r1", false);

        assertThat(again.requestIds()).containsExactly("r1");
        assertThat(again.awaits("r1")).isTrue();
    }

    @Test
    void unlinking_removesTheLink_andTheAwait_leavingOthers() {
        Job job = job("job-1", "missing", Set.of("r1", "r2"), Set.of("r1", "r2"));

        Job unlinked = job.unlinked("r1");

        assertThat(unlinked.requestIds()).containsExactly("r2");
        assertThat(unlinked.awaitedRequestIds()).containsExactly("r2");
        assertThat(job.unlinked("never-linked").requestIds()).containsExactlyInAnyOrder("r1", "r2");
    }

    @Test
    void linkSets_areImmutableCopies() {
        Job job = job("job-1", "missing", Set.of("r1"), Set.of("r1"));

        assertThatThrownBy(() -> job.requestIds().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> job.awaitedRequestIds().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void invalidIds_areRefused() {
        assertThatThrownBy(() -> Job.open("firm 1", "job-1", "acc-1", "pipe-1", "t", "intake", T0))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("INVALID_ID"));
        assertThatThrownBy(() -> Job.open("firm-1", "job-1", "acc-1", "pipe-1", " ", "intake", T0))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("MISSING_FIELD"));
    }
}
