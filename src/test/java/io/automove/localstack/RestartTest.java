package io.automove.localstack;

import io.automove.localstack.Functions.Ports;
import io.automove.localstack.LocalBusTest.Killed;
import io.automove.localstack.LocalStack.Options;
import io.automove.support.Json;
import io.automove.testing.Firm;
import io.automove.testing.Stack;
import io.automove.usecases.ports.Mailer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.automove.testing.Stack.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The local stack on a data folder, stopped the way a kill -9 stops it (the thread running an invocation dies
 * there and nothing after it runs: {@link Killed}), then started again on the same folder, in this JVM and in
 * foreground mode so that each hole is hit exactly. {@link CrashRecoveryTest} does it for real, at random.
 */
class RestartTest {

    /** The main hole: the stream relay had saved its position, the bus's queue died with the JVM. */
    @Test
    void invocationsQueuedWhenTheJvmDied_runAfterTheRestart(@TempDir Path dir) {
        String firmId;
        List<String> jobs;
        // GIVEN two jobs moved into Missing info, whose stage entries are queued on the bus when the JVM dies
        AtomicInteger looks = new AtomicInteger();
        LocalBus.Dispatch dieAtTheFirstStageEntry = new LocalBus.Dispatch() {
            @Override public int copies(LocalBus.Invocation invocation) { return 1; }
            @Override public int next(int queued) {
                if (looks.get() > 0) throw new Killed();
                return 0;
            }
        };
        try (Stack stack = new Stack(Options.defaults(Stack.TEMPLATE).dataDir(dir).dispatch(dieAtTheFirstStageEntry))) {
            Firm firm = new Firm(stack);
            firmId = firm.firmId;
            jobs = List.of(firm.newJob("One"), firm.newJob("Two"));
            stack.settle();
            looks.incrementAndGet();
            jobs.forEach(j -> firm.move(j, firm.missingInfo));
            assertThatThrownBy(stack::settle).isInstanceOf(Killed.class);
            assertThat(jobs).allSatisfy(j -> assertThat(firm.requestIds(j)).as("not run before the kill").isEmpty());
        }

        // WHEN the stack starts again on the same folder
        try (Stack stack = new Stack(Options.defaults(Stack.TEMPLATE).dataDir(dir))) {
            stack.settle();

            // THEN each moved job has its request, emailed once to each contact
            for (String job : jobs) {
                var card = stack.ok(Firm.OWNER, firmId, "GET", "/jobs/" + job, null);
                var requests = card.field("linked").orElseThrow().field("clientRequests").orElseThrow().asArray();
                assertThat(requests).hasSize(1);
                assertThat(stack.emailsFor(text(requests.get(0), "requestId"))).isEqualTo(1);
            }
            assertThat(stack.runtime.bus().deadLetters()).isEmpty();
        }
    }

    /**
     * A kill between two contacts' emails leaves the delivery claimed (SENDING) by an attempt that is gone. The
     * restart settles the claim from the outbox: the contact already emailed is not emailed again, the other one is.
     */
    @Test
    void aKillBetweenTwoContactsEmails_eachContactGetsOneEmail_afterTheRestart(@TempDir Path dir) {
        AtomicInteger sends = new AtomicInteger();
        String firmId;
        String jobId;
        try (Stack stack = new Stack(Options.defaults(Stack.TEMPLATE).dataDir(dir).decorate(p -> new Ports(p.directory(),
                p.store(), email -> {
                    if (sends.incrementAndGet() == 2) throw new Killed();
                    return p.mailer().send(email);
                }, p.publisher(), p.webhookSecrets(), p.activityTrail())))) {
            Firm firm = new Firm(stack);
            firmId = firm.firmId;
            jobId = firm.newJob("Job");
            firm.move(jobId, firm.missingInfo);
            assertThatThrownBy(stack::settle).isInstanceOf(Killed.class);
            String requestId = firm.requestIds(jobId).get(0);
            assertThat(text(firm.ok("GET", "/client-requests/" + requestId, null), "delivery")).isEqualTo("SENDING");
            assertThat(stack.runtime.outbox().messages()).hasSize(1);
        }

        try (Stack stack = new Stack(Options.defaults(Stack.TEMPLATE).dataDir(dir))) {
            stack.settle();
            var card = stack.ok(Firm.OWNER, firmId, "GET", "/jobs/" + jobId, null);
            String requestId = text(card, "linked.clientRequests[0].requestId");
            assertThat(stack.runtime.outbox().messages()).as("the earlier email is listed too").hasSize(2);
            assertThat(stack.emailsFor(requestId)).as("each contact once").isEqualTo(1);
            assertThat(text(stack.ok(Firm.OWNER, firmId, "GET", "/client-requests/" + requestId, null), "delivery"))
                    .isEqualTo("SENT");
            assertThat(stack.runtime.bus().deadLetters()).isEmpty();
        }
    }

    @Test
    void deadLetters_areStillListedAfterARestart(@TempDir Path dir) {
        Mailer refusing = email -> { throw new Mailer.MailRejectedException("Throttling", null); };
        try (Stack stack = new Stack(Options.defaults(Stack.TEMPLATE).dataDir(dir).decorate(p -> new Ports(p.directory(),
                p.store(), refusing, p.publisher(), p.webhookSecrets(), p.activityTrail())))) {
            Firm firm = new Firm(stack);
            firm.move(firm.newJob("Job"), firm.missingInfo);
            stack.settle();
            assertThat(stack.runtime.bus().deadLetters()).hasSize(1);
        }

        try (Stack stack = new Stack(Options.defaults(Stack.TEMPLATE).dataDir(dir))) {
            stack.settle();
            assertThat(stack.runtime.bus().deadLetters()).singleElement()
                    .satisfies(d -> assertThat(d.functionId()).isEqualTo("RequestDeliveryFunction"));
            var listed = Json.parse(new LocalPortal(stack.runtime, Stack.SECRET, new LocalClock(java.time.Clock.systemUTC(), null))
                    .handle("GET", "/_local/dead-letters", null, Map.of(), "").body()).asArray();
            assertThat(listed).singleElement().satisfies(d -> {
                assertThat(text(d, "function")).isEqualTo("RequestDeliveryFunction");
                assertThat(text(d, "event.detail-type")).isEqualTo("ClientRequestCreated");
            });
        }
    }
}
