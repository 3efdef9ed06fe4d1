package io.automove.usecases;

import io.automove.model.Job;
import io.automove.model.RequestStatus;
import io.automove.testing.MutableClock;
import io.automove.usecases.AutomoveJobs.Moved;
import io.automove.model.DomainEvent.ClientRequestSubmitted;
import io.automove.model.DomainEvent.JobStageChanged;
import io.automove.model.DomainEvent.MoveCause;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.automove.model.Fixtures.ACCOUNT;
import static io.automove.model.Fixtures.FIRM;
import static io.automove.model.Fixtures.T0;
import static io.automove.model.Fixtures.job;
import static io.automove.model.Fixtures.pipeline;
import static io.automove.model.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link AutomoveJobs}: the automove rule applied to the stored jobs. Pipeline: intake → missing (automove) → review → done. */
class AutomoveJobsTest {
    private final FakeDirectory directory = new FakeDirectory().with(pipeline());
    private final FakeWorkflowStore store = new FakeWorkflowStore();
    private final MutableClock clock = new MutableClock(T0.plusSeconds(3600));
    private final AutomoveJobs automover = new AutomoveJobs(directory, store, clock);

    private static ClientRequestSubmitted submitted(String requestId, String... jobIds) {
        return new ClientRequestSubmitted(FIRM, requestId, ACCOUNT, List.of(jobIds), T0.toString());
    }

    @Test
    void lastAwaitedSubmission_movesTheJob_withAnAutomoveStageChange() {
        store.put(job("job-1", "missing", Set.of("r1", "r2"), Set.of("r1", "r2")).atRev(4));
        store.put(request("r2", RequestStatus.SUBMITTED));

        List<Moved> moved = automover.onSubmitted(submitted("r1", "job-1"));

        assertThat(moved).containsExactly(new Moved("job-1", "missing", "review"));
        Job after = store.job(FIRM, "job-1");
        assertThat(after.stageId()).isEqualTo("review");
        assertThat(after.stageVersion()).isEqualTo(2);
        assertThat(after.awaitedRequestIds()).isEmpty();
        assertThat(after.requestIds()).containsExactlyInAnyOrder("r1", "r2");
        assertThat(after.stageEnteredAt()).isEqualTo(clock.instant());
        assertThat(store.events).singleElement().isInstanceOfSatisfying(JobStageChanged.class, e -> {
            assertThat(e.cause()).isEqualTo(MoveCause.AUTOMOVE);
            assertThat(e.fromStageId()).isEqualTo("missing");
            assertThat(e.toStageId()).isEqualTo("review");
            assertThat(e.stageVersion()).isEqualTo(2);
            assertThat(e.movedBy()).isEqualTo("r1");
        });
    }

    @Test
    void anotherPendingRequest_keepsTheJobWhereItIs() {
        store.put(job("job-1", "missing", Set.of("r1", "r2"), Set.of("r1", "r2")));
        store.put(request("r2", RequestStatus.PENDING));

        assertThat(automover.onSubmitted(submitted("r1", "job-1"))).isEmpty();
        assertThat(store.job(FIRM, "job-1").stageId()).isEqualTo("missing");
        assertThat(store.commits).isZero();
    }

    @Test
    void redeliveredSubmission_movesTheJobOnlyOnce() {
        store.put(job("job-1", "missing", Set.of("r1"), Set.of("r1")));

        automover.onSubmitted(submitted("r1", "job-1"));
        List<Moved> again = automover.onSubmitted(submitted("r1", "job-1"));

        assertThat(again).isEmpty();
        assertThat(store.job(FIRM, "job-1").stageId()).isEqualTo("review");
        assertThat(store.events).hasSize(1);
    }

    @Test
    void eachLinkedJob_isDecidedOnItsOwn() {
        store.put(job("job-1", "missing", Set.of("r1"), Set.of("r1")));
        store.put(job("job-2", "intake", Set.of("r1"), Set.of("r1"))); // automove off there
        store.put(job("job-3", "missing", Set.of("r1"), Set.of()));    // not awaited in its stage

        List<Moved> moved = automover.onSubmitted(submitted("r1", "job-1", "job-2", "job-3", "job-1", "job-missing"));

        assertThat(moved).containsExactly(new Moved("job-1", "missing", "review"));
    }

    @Test
    void jobChangedConcurrently_isReadAgain_andMovedOnceFromItsNewState() {
        Job stored = store.put(job("job-1", "missing", Set.of("r1"), Set.of("r1")));
        // someone links a finished request between our read and our write
        store.beforeNextCommit(() -> store.put(stored.linked("r9", false).atRev(stored.rev() + 1)));
        store.put(request("r9", RequestStatus.SUBMITTED));

        List<Moved> moved = automover.onSubmitted(submitted("r1", "job-1"));

        assertThat(moved).containsExactly(new Moved("job-1", "missing", "review"));
        assertThat(store.job(FIRM, "job-1").requestIds()).containsExactlyInAnyOrder("r1", "r9");
        assertThat(store.events).hasSize(1);
    }
}
