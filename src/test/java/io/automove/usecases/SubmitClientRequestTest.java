package io.automove.usecases;

import io.automove.model.Answer;
import io.automove.model.ClientRequest;
import io.automove.model.RequestStatus;
import io.automove.model.DomainEvent.ClientRequestSubmitted;
import io.automove.usecases.SubmitClientRequest.Outcome;
import io.automove.usecases.ports.Read;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static io.automove.model.Fixtures.ACCOUNT;
import static io.automove.model.Fixtures.FIRM;
import static io.automove.model.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

class SubmitClientRequestTest {
    private static final String REQ = "req-1";
    private static final Instant AT = Instant.parse("2025-03-02T10:15:00Z");
    private static final List<Answer> ANSWERS = List.of(new Answer("Did you move?", "No"));

    private final FakeWorkflowStore store = new FakeWorkflowStore();
    private final SubmitClientRequest submissions = new SubmitClientRequest(store, java.time.Clock.systemUTC());

    private ClientRequest stored(Set<String> jobIds) {
        return store.put(ClientRequest.create(FIRM, REQ, ACCOUNT, "Missing documents", "Documents please",
                "Please send us the documents.", List.of(), jobIds, "user-1", T0).atRev(2));
    }

    @Test
    void pendingRequest_isRecordedSubmitted_withTheSubmittedEventForItsJobs() {
        stored(Set.of("job-1", "job-2"));

        Outcome outcome = submissions.submit(FIRM, REQ, "portal-evt-1", AT, ANSWERS);

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Recorded.class, r -> {
            assertThat(r.request().status()).isEqualTo(RequestStatus.SUBMITTED);
            assertThat(r.request().rev()).isEqualTo(3);
            assertThat(r.request()).isEqualTo(store.request(FIRM, REQ));
        });
        ClientRequest now = store.request(FIRM, REQ);
        assertThat(now.portalEventId()).isEqualTo("portal-evt-1");
        assertThat(now.submittedAt()).isEqualTo(AT);
        assertThat(now.answers()).isEqualTo(ANSWERS);
        assertThat(store.events).singleElement().isInstanceOfSatisfying(ClientRequestSubmitted.class, e -> {
            assertThat(e.firmId()).isEqualTo(FIRM);
            assertThat(e.requestId()).isEqualTo(REQ);
            assertThat(e.accountId()).isEqualTo(ACCOUNT);
            assertThat(e.jobIds()).containsExactlyInAnyOrder("job-1", "job-2");
            assertThat(e.submittedAt()).isEqualTo("2025-03-02T10:15:00Z");
        });
    }

    @Test
    void samePortalEventAgain_isADuplicate_andChangesNothing() {
        stored(Set.of("job-1"));
        submissions.submit(FIRM, REQ, "portal-evt-1", AT, ANSWERS);
        ClientRequest after = store.request(FIRM, REQ);

        Outcome again = submissions.submit(FIRM, REQ, "portal-evt-1", AT.plusSeconds(5), List.of());

        assertThat(again).isInstanceOfSatisfying(Outcome.Duplicate.class, d -> assertThat(d.request()).isEqualTo(after));
        assertThat(store.request(FIRM, REQ)).isEqualTo(after);
        assertThat(store.events).hasSize(1);
        assertThat(store.commits).isEqualTo(1);
    }

    @Test
    void otherPortalEventForASubmittedRequest_isAlreadySubmitted_andChangesNothing() {
        stored(Set.of("job-1"));
        submissions.submit(FIRM, REQ, "portal-evt-1", AT, ANSWERS);

        Outcome other = submissions.submit(FIRM, REQ, "portal-evt-2", AT, List.of(new Answer("Did you move?", "Yes")));

        assertThat(other).isInstanceOf(Outcome.AlreadySubmitted.class);
        assertThat(store.request(FIRM, REQ).answers()).isEqualTo(ANSWERS);
        assertThat(store.request(FIRM, REQ).portalEventId()).isEqualTo("portal-evt-1");
        assertThat(store.events).hasSize(1);
    }

    @Test
    void cancelledRequest_isCancelled_andNotSubmitted() {
        store.put(stored(Set.of("job-1")).cancelled());

        Outcome outcome = submissions.submit(FIRM, REQ, "portal-evt-1", AT, ANSWERS);

        assertThat(outcome).isInstanceOf(Outcome.Cancelled.class);
        assertThat(store.request(FIRM, REQ).status()).isEqualTo(RequestStatus.CANCELLED);
        assertThat(store.events).isEmpty();
    }

    @Test
    void unknownRequest_isNotFound_afterAConsistentSecondLook() {
        Outcome outcome = submissions.submit(FIRM, "req-unknown", "portal-evt-1", AT, ANSWERS);

        assertThat(outcome).isInstanceOf(Outcome.NotFound.class);
        assertThat(store.requestReads).containsExactly(Read.EVENTUAL, Read.CONSISTENT);
    }

    @Test
    void requestNotYetVisibleToAnEventualRead_isStillRecorded() {
        stored(Set.of("job-1"));
        store.laggingForEventualReads.add(REQ);

        Outcome outcome = submissions.submit(FIRM, REQ, "portal-evt-1", AT, ANSWERS);

        assertThat(outcome).isInstanceOf(Outcome.Recorded.class);
    }

    @Test
    void requestOfAnotherFirm_isNotFound() {
        stored(Set.of("job-1"));

        assertThat(submissions.submit("firm-other", REQ, "portal-evt-1", AT, ANSWERS)).isInstanceOf(Outcome.NotFound.class);
        assertThat(store.request(FIRM, REQ).status()).isEqualTo(RequestStatus.PENDING);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"req 1", "../req-1", "req/1", "req#1"})
    void invalidIds_areNotFound_withoutTouchingTheStore(String badId) {
        assertThat(submissions.submit(FIRM, badId, "portal-evt-1", AT, ANSWERS)).isInstanceOf(Outcome.NotFound.class);
        assertThat(submissions.submit(badId, REQ, "portal-evt-1", AT, ANSWERS)).isInstanceOf(Outcome.NotFound.class);
        assertThat(store.requestReads).isEmpty();
    }

    @Test
    void linkLandingBetweenReadAndWrite_isSeenByTheRetry_andTheEventNamesTheNewJob() {
        ClientRequest r = stored(Set.of("job-1"));
        store.beforeNextCommit(() -> store.put(r.withJobs(Set.of("job-1", "job-2")).atRev(r.rev() + 1)));

        Outcome outcome = submissions.submit(FIRM, REQ, "portal-evt-1", AT, ANSWERS);

        assertThat(outcome).isInstanceOf(Outcome.Recorded.class);
        assertThat(store.request(FIRM, REQ).jobIds()).containsExactlyInAnyOrder("job-1", "job-2");
        assertThat(store.events).singleElement().isInstanceOfSatisfying(ClientRequestSubmitted.class,
                e -> assertThat(e.jobIds()).containsExactlyInAnyOrder("job-1", "job-2"));
    }
}
