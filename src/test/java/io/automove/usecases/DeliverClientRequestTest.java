package io.automove.usecases;

import io.automove.model.ClientRequest;
import io.automove.model.Delivery;
import io.automove.model.DeliveryState;
import io.automove.model.Email;
import io.automove.model.RequestEmail;
import io.automove.model.RequestStatus;
import io.automove.testing.MutableClock;
import io.automove.model.DomainEvent.ClientRequestSent;
import io.automove.usecases.DeliverClientRequest.DeliveryFailedException;
import io.automove.usecases.DeliverClientRequest.Outcome;
import io.automove.usecases.ports.Changes;
import io.automove.usecases.ports.Mailer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

import static io.automove.model.Fixtures.ACCOUNT;
import static io.automove.model.Fixtures.FIRM;
import static io.automove.model.Fixtures.T0;
import static io.automove.model.Fixtures.account;
import static io.automove.model.Fixtures.contact;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeliverClientRequestTest {
    private static final String REQ = "req-1";
    private static final String PORTAL = "https://portal.example";

    /** Records what it is asked to send; each call does what the next scripted step says (default: accepted). */
    static final class ScriptedMailer implements Mailer {
        final List<Email> sent = new ArrayList<>();
        final Deque<Runnable> script = new ArrayDeque<>();

        @Override
        public String send(Email email) {
            sent.add(email);
            Runnable step = script.poll();
            if (step != null) step.run();
            return "ses-msg-" + sent.size();
        }
    }

    private final MutableClock clock = new MutableClock(T0.plusSeconds(60));
    private final FakeDirectory directory = new FakeDirectory()
            .with(account(contact("Maria", "maria@rossi.example"), contact("Luca", "luca@rossi.example")));
    private final FakeWorkflowStore store = new FakeWorkflowStore();
    private final ScriptedMailer mailer = new ScriptedMailer();
    private final DeliverClientRequest delivery = new DeliverClientRequest(directory, store, mailer, clock, PORTAL);

    private ClientRequest storedRequest() {
        return store.put(ClientRequest.create(FIRM, REQ, ACCOUNT, "Missing documents", "Documents please",
                "Please send us the documents.", List.of(), Set.of("job-1"), "user-1", T0).atRev(1));
    }

    private ClientRequest current() { return store.request(FIRM, REQ); }

    @Test
    void queuedRequest_isClaimedThenSentThenRecordedSent_withAClientRequestSentEvent() {
        // GIVEN a new request, its email QUEUED
        storedRequest();
        List<DeliveryState> stateWhileSending = new ArrayList<>();
        mailer.script.add(() -> stateWhileSending.add(current().delivery().state()));

        // WHEN
        Outcome outcome = delivery.deliver(FIRM, REQ, "attempt-1");

        // THEN the claim was stored before the mail service was called, and SENT after
        assertThat(outcome).isEqualTo(Outcome.SENT);
        assertThat(stateWhileSending).containsExactly(DeliveryState.SENDING);
        assertThat(mailer.sent).as("one email per contact, none seeing the other's address")
                .extracting(Email::to).containsExactly("maria@rossi.example", "luca@rossi.example");
        assertThat(mailer.sent).allSatisfy(e -> assertThat(e.portalLink()).isEqualTo(PORTAL + "/r/" + FIRM + "/" + REQ));
        assertThat(current().delivery()).isEqualTo(new Delivery(DeliveryState.SENT, null, clock.instant(), 2,
                Set.of(RequestEmail.mailboxKey("maria@rossi.example"), RequestEmail.mailboxKey("luca@rossi.example"))));
        assertThat(current().status()).isEqualTo(RequestStatus.PENDING);
        assertThat(current().rev()).as("claim + outcome: two writes").isEqualTo(3);
        assertThat(store.events).containsExactly(new ClientRequestSent(FIRM, REQ, ACCOUNT, List.of("job-1"), 2));
    }

    @Test
    void claim_namesTheAttempt() {
        storedRequest();
        List<Delivery> whileSending = new ArrayList<>();
        mailer.script.add(() -> whileSending.add(current().delivery()));

        delivery.deliver(FIRM, REQ, "attempt-42");

        assertThat(whileSending).singleElement().satisfies(d -> {
            assertThat(d.state()).isEqualTo(DeliveryState.SENDING);
            assertThat(d.claim()).isEqualTo("attempt-42");
            assertThat(d.changedAt()).isEqualTo(clock.instant());
        });
    }

    @Test
    void rejectedEmail_isQueuedAgain_andTheRetrySendsExactlyOnce() {
        storedRequest();
        mailer.script.add(() -> { throw new Mailer.MailRejectedException("throttled", null); });

        // WHEN the mail service says no
        assertThatThrownBy(() -> delivery.deliver(FIRM, REQ, "attempt-1"))
                .isInstanceOf(DeliveryFailedException.class)
                .hasCauseInstanceOf(Mailer.MailRejectedException.class);

        // THEN the claim is released, nothing is announced
        assertThat(current().delivery().state()).isEqualTo(DeliveryState.QUEUED);
        assertThat(current().delivery().claim()).isNull();
        assertThat(store.events).isEmpty();

        // WHEN the platform retries
        clock.advance(Duration.ofSeconds(30));
        Outcome retry = delivery.deliver(FIRM, REQ, "attempt-2");

        // THEN each contact is emailed once, and later deliveries do nothing
        assertThat(retry).isEqualTo(Outcome.SENT);
        assertThat(mailer.sent).extracting(Email::to)
                .containsExactly("maria@rossi.example", "maria@rossi.example", "luca@rossi.example");
        assertThat(current().delivery().state()).isEqualTo(DeliveryState.SENT);
        assertThat(store.events).hasSize(1).first().isInstanceOf(ClientRequestSent.class);

        assertThat(delivery.deliver(FIRM, REQ, "attempt-3")).isEqualTo(Outcome.ALREADY_DONE);
        assertThat(mailer.sent).hasSize(3);
    }

    @Test
    void noAnswerFromTheMailService_marksUnconfirmed_withoutFailing_andIsNeverResent() {
        storedRequest();
        mailer.script.add(() -> { throw new Mailer.MailOutcomeUnknownException("timeout", null); });

        Outcome outcome = delivery.deliver(FIRM, REQ, "attempt-1");

        assertThat(outcome).isEqualTo(Outcome.UNCONFIRMED);
        assertThat(current().delivery().state()).isEqualTo(DeliveryState.UNCONFIRMED);
        assertThat(current().delivery().recipients()).as("none confirmed").isZero();
        assertThat(store.events).as("no ClientRequestSent for an email we cannot vouch for").isEmpty();

        clock.advance(Duration.ofMinutes(10));
        assertThat(delivery.deliver(FIRM, REQ, "attempt-2")).isEqualTo(Outcome.ALREADY_DONE);
        assertThat(mailer.sent).hasSize(1);
    }

    @Test
    void claimOfAnotherAttemptWithinTheLease_isLeftAlone_andNothingIsSent() {
        // GIVEN another attempt claimed the request half a lease ago
        store.put(storedRequest().withDelivery(new Delivery(DeliveryState.SENDING, "attempt-other",
                clock.instant().minus(DeliverClientRequest.CLAIM_LEASE.dividedBy(2)), 0, Set.of())));

        Outcome outcome = delivery.deliver(FIRM, REQ, "attempt-2");

        assertThat(outcome).isEqualTo(Outcome.IN_PROGRESS_ELSEWHERE);
        assertThat(mailer.sent).isEmpty();
        assertThat(current().delivery().claim()).isEqualTo("attempt-other");
        assertThat(store.commits).isZero();
    }

    @Test
    void claimOneSecondShortOfTheLease_isStillInProgressElsewhere() {
        store.put(storedRequest().withDelivery(new Delivery(DeliveryState.SENDING, "attempt-other",
                clock.instant().minus(DeliverClientRequest.CLAIM_LEASE).plusSeconds(1), 0, Set.of())));

        assertThat(delivery.deliver(FIRM, REQ, "attempt-2")).isEqualTo(Outcome.IN_PROGRESS_ELSEWHERE);
        assertThat(mailer.sent).isEmpty();
    }

    @Test
    void claimOlderThanTheLease_becomesUnconfirmed_andNothingIsSent() {
        store.put(storedRequest().withDelivery(new Delivery(DeliveryState.SENDING, "attempt-crashed",
                clock.instant().minus(DeliverClientRequest.CLAIM_LEASE).minusSeconds(1), 0, Set.of())));

        Outcome outcome = delivery.deliver(FIRM, REQ, "attempt-2");

        assertThat(outcome).isEqualTo(Outcome.UNCONFIRMED);
        assertThat(mailer.sent).isEmpty();
        assertThat(current().delivery().state()).isEqualTo(DeliveryState.UNCONFIRMED);
        assertThat(current().delivery().claim()).isNull();
        assertThat(current().delivery().changedAt()).isEqualTo(clock.instant());
        assertThat(store.events).isEmpty();
    }

    @Test
    void claimExactlyAsOldAsTheLease_hasExpired() {
        store.put(storedRequest().withDelivery(new Delivery(DeliveryState.SENDING, "attempt-old",
                clock.instant().minus(DeliverClientRequest.CLAIM_LEASE), 0, Set.of())));

        assertThat(delivery.deliver(FIRM, REQ, "attempt-2")).isEqualTo(Outcome.UNCONFIRMED);
        assertThat(mailer.sent).isEmpty();
    }

    @Test
    void requestNoLongerPending_isNotSent() {
        store.put(storedRequest().cancelled());
        assertThat(delivery.deliver(FIRM, REQ, "attempt-1")).isEqualTo(Outcome.REQUEST_FINISHED);

        store.put(current().submitted("evt", T0, List.of()));
        assertThat(delivery.deliver(FIRM, REQ, "attempt-2")).isEqualTo(Outcome.REQUEST_FINISHED);

        assertThat(mailer.sent).isEmpty();
        assertThat(store.commits).isZero();
    }

    @Test
    void unknownRequest_isNotFound() {
        assertThat(delivery.deliver(FIRM, "req-missing", "attempt-1")).isEqualTo(Outcome.NOT_FOUND);
        assertThat(mailer.sent).isEmpty();
    }

    @Test
    void sentOrUnconfirmedAlready_isNotSentAgain() {
        store.put(storedRequest().withDelivery(new Delivery(DeliveryState.SENT, null, T0, 2, Set.of())));
        assertThat(delivery.deliver(FIRM, REQ, "a")).isEqualTo(Outcome.ALREADY_DONE);

        store.put(current().withDelivery(new Delivery(DeliveryState.UNCONFIRMED, null, T0, 2, Set.of())));
        assertThat(delivery.deliver(FIRM, REQ, "b")).isEqualTo(Outcome.ALREADY_DONE);

        assertThat(mailer.sent).isEmpty();
    }

    @Test
    void failureBeforeTheMailServiceIsCalled_releasesTheClaim_soThePlatformRetrySends() {
        // GIVEN the account read fails once, after the claim is stored
        storedRequest();
        directory.failNextAccountRead = new IllegalStateException("DynamoDB: throughput exceeded");

        assertThatThrownBy(() -> delivery.deliver(FIRM, REQ, "attempt-1")).isInstanceOf(RuntimeException.class);

        // THEN nothing was sent: whatever is stored must not stop the retry from sending
        assertThat(mailer.sent).isEmpty();

        // WHEN the platform retries one minute later (Lambda's first async retry)
        clock.advance(Duration.ofMinutes(1));
        Outcome retry = delivery.deliver(FIRM, REQ, "attempt-2");

        assertThat(retry).isEqualTo(Outcome.SENT);
        assertThat(mailer.sent).hasSize(2);
    }

    @Test
    void linkWrittenWhileTheEmailIsInFlight_isKept_whenSentIsRecorded() {
        // GIVEN someone links the request to a second job while the mail service is being called
        storedRequest();
        mailer.script.add(() -> {
            ClientRequest during = current();
            store.commit(Changes.of().updateRequest(during, during.withJobs(Set.of("job-1", "job-2"))));
        });

        Outcome outcome = delivery.deliver(FIRM, REQ, "attempt-1");

        // THEN SENT is recorded on top of the link, not over it
        assertThat(outcome).isEqualTo(Outcome.SENT);
        assertThat(current().jobIds()).containsExactlyInAnyOrder("job-1", "job-2");
        assertThat(current().delivery().state()).isEqualTo(DeliveryState.SENT);
        assertThat(mailer.sent).hasSize(2);
        assertThat(store.events).singleElement().isInstanceOf(ClientRequestSent.class);
    }

    @Test
    void claimLostToAConcurrentWriter_isRetried_fromAFreshRead() {
        // GIVEN a link lands between our read and our claim
        storedRequest();
        store.beforeNextCommit(() -> store.put(current().withJobs(Set.of("job-1", "job-3")).atRev(current().rev() + 1)));

        Outcome outcome = delivery.deliver(FIRM, REQ, "attempt-1");

        assertThat(outcome).isEqualTo(Outcome.SENT);
        assertThat(mailer.sent).hasSize(2);
        assertThat(current().jobIds()).containsExactlyInAnyOrder("job-1", "job-3");
    }

    @Test
    void secondContactRefused_afterTheFirstWasEmailed_theRetryEmailsOnlyTheSecond() {
        // GIVEN the mail service takes Maria's email and refuses Luca's
        storedRequest();
        mailer.script.add(() -> {});
        mailer.script.add(() -> { throw new Mailer.MailRejectedException("throttled", null); });

        assertThatThrownBy(() -> delivery.deliver(FIRM, REQ, "attempt-1")).isInstanceOf(DeliveryFailedException.class);

        // THEN the claim is released remembering Maria, by key, not by address
        assertThat(current().delivery().state()).isEqualTo(DeliveryState.QUEUED);
        assertThat(current().delivery().emailedTo()).containsExactly(RequestEmail.mailboxKey("maria@rossi.example"));
        assertThat(current().delivery().emailedTo().toString()).doesNotContain("maria");

        // WHEN the platform retries, THEN only Luca is emailed, and the delivery is SENT to both
        clock.advance(Duration.ofSeconds(30));
        assertThat(delivery.deliver(FIRM, REQ, "attempt-2")).isEqualTo(Outcome.SENT);
        assertThat(mailer.sent).extracting(Email::to)
                .containsExactly("maria@rossi.example", "luca@rossi.example", "luca@rossi.example");
        assertThat(current().delivery().recipients()).isEqualTo(2);
        assertThat(store.events).singleElement().isEqualTo(new ClientRequestSent(FIRM, REQ, ACCOUNT, List.of("job-1"), 2));
    }

    @Test
    void claimWriteRetriedByTheSdkAfterALostAnswer_meetsItsOwnClaim_andStillSendsOnce() {
        // GIVEN the claim lands, its answer is lost, and the SDK's retry of the same conditional write is refused
        storedRequest();
        store.beforeNextCommit(() -> store.put(current().withDelivery(current().delivery()
                .claimedBy("attempt-1", clock.instant())).atRev(current().rev() + 1)));

        // WHEN
        Outcome outcome = delivery.deliver(FIRM, REQ, "attempt-1");

        // THEN the attempt recognises its own claim: the email goes out, once per contact, and is recorded SENT
        assertThat(outcome).isEqualTo(Outcome.SENT);
        assertThat(mailer.sent).hasSize(2);
        assertThat(current().delivery().state()).isEqualTo(DeliveryState.SENT);
    }

    // the firm's daily email cap (multi-firm mode): counted at the claim, one per recipient

    private DeliverClientRequest capped(int perDay) {
        return new DeliverClientRequest(directory, store, mailer, clock, PORTAL, new EmailCap(store, clock, perDay));
    }

    private long countedToday() { return store.emailsCounted(FIRM, EmailCap.dayOf(clock.instant())); }

    @Test
    void withACap_theClaimCountsOnePerRecipient_andARedeliveredEventCountsNothingMore() {
        storedRequest();
        DeliverClientRequest delivery = capped(10);

        assertThat(delivery.deliver(FIRM, REQ, "attempt-1")).isEqualTo(Outcome.SENT);
        assertThat(delivery.deliver(FIRM, REQ, "attempt-2")).isEqualTo(Outcome.ALREADY_DONE);

        assertThat(countedToday()).isEqualTo(2);
        assertThat(mailer.sent).hasSize(2);
    }

    @Test
    void anEmailThatWouldPassTheCap_isHeld_sendsNothing_countsNothing_andAResendQueuesItAgain() {
        storedRequest();
        store.emailCounts.put(FIRM + "/" + EmailCap.dayOf(clock.instant()), 2L);

        Outcome outcome = capped(3).deliver(FIRM, REQ, "attempt-1");

        assertThat(outcome).isEqualTo(Outcome.HELD);
        assertThat(mailer.sent).isEmpty();
        assertThat(store.events).isEmpty();
        assertThat(countedToday()).isEqualTo(2);
        assertThat(current().delivery().state()).isEqualTo(DeliveryState.HELD);
        assertThat(current().reminders().startedAt()).as("nothing went out: reminders wait for a sent email").isNull();
        assertThat(capped(3).deliver(FIRM, REQ, "attempt-2")).as("said once").isEqualTo(Outcome.ALREADY_DONE);
        assertThat(current().resent(clock.instant()).delivery().state()).isEqualTo(DeliveryState.QUEUED);
    }

    @Test
    void aClaimReleasedAfterARefusal_givesBackWhatItDidNotSend_andTheRetryCountsOnlyThat() {
        storedRequest();
        DeliverClientRequest delivery = capped(10);
        mailer.script.add(() -> { });
        mailer.script.add(() -> { throw new Mailer.MailRejectedException("throttled", null); });

        assertThatThrownBy(() -> delivery.deliver(FIRM, REQ, "attempt-1")).isInstanceOf(DeliveryFailedException.class);
        assertThat(countedToday()).as("Maria's email went out; Luca's was given back").isEqualTo(1);

        assertThat(delivery.deliver(FIRM, REQ, "attempt-2")).isEqualTo(Outcome.SENT);
        assertThat(countedToday()).isEqualTo(2);
    }

    @Test
    void anAnswerLost_staysCounted_sinceTheEmailMayHaveGone() {
        storedRequest();
        mailer.script.add(() -> { throw new Mailer.MailOutcomeUnknownException("timeout", null); });

        assertThat(capped(10).deliver(FIRM, REQ, "attempt-1")).isEqualTo(Outcome.UNCONFIRMED);

        assertThat(countedToday()).isEqualTo(2);
    }

    @Test
    void theOutcomeWrite_outlastsTwoFailedCalls_andRecordsSent() {
        storedRequest();
        RuntimeException throttled = new RuntimeException("injected: throttled");
        // WHEN the first two tries of the SENT write fail before reaching the table
        mailer.script.add(() -> store.beforeNextCommit(() -> {
            store.beforeNextCommit(() -> { throw throttled; });
            throw throttled;
        }));

        Outcome outcome = delivery.deliver(FIRM, REQ, "attempt-1");

        // THEN the third records it: not left SENDING for the lease to turn UNCONFIRMED
        assertThat(outcome).isEqualTo(Outcome.SENT);
        assertThat(current().delivery().state()).isEqualTo(DeliveryState.SENT);
        assertThat(store.events).hasSize(1);
    }
}
