package io.automove.it;

import io.automove.localstack.LocalStack.Options;
import io.automove.localstack.Functions.Ports;
import io.automove.usecases.ports.Mailer;
import io.automove.testing.Firm;
import io.automove.testing.Stack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static io.automove.testing.Stack.text;
import static org.assertj.core.api.Assertions.assertThat;

/** A mail service that says no must not lose the request, nor mail the client twice once it says yes. */
class DeliveryFailureTest {
    private final AtomicInteger refusalsLeft = new AtomicInteger();
    private final AtomicInteger lostAnswersLeft = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();
    private Stack stack;

    private Stack stack() {
        stack = new Stack(Options.defaults(Stack.TEMPLATE).decorate(p -> new Ports(p.directory(), p.store(),
                flaky(p.mailer()), p.publisher(), p.webhookSecrets(), p.activityTrail())));
        return stack;
    }

    /** Refuses (throttling) while refusalsLeft > 0; sends but loses the answer while lostAnswersLeft > 0. */
    private Mailer flaky(Mailer real) {
        return email -> {
            calls.incrementAndGet();
            if (refusalsLeft.getAndDecrement() > 0) {
                throw new Mailer.MailRejectedException("Throttling: Maximum sending rate exceeded", null);
            }
            String id = real.send(email);
            if (lostAnswersLeft.getAndDecrement() > 0) throw new Mailer.MailOutcomeUnknownException("read timed out", null);
            return id;
        };
    }

    @AfterEach
    void close() { stack.close(); }

    @Test
    void throttledTwice_theRequestExists_andThePlatformsRetrySendsExactlyOneEmail() throws Exception {
        Stack stack = stack();
        Firm firm = new Firm(stack);
        refusalsLeft.set(2);
        String jobId = firm.newJob("Job");
        firm.move(jobId, firm.missingInfo);
        stack.settle();

        String requestId = firm.requestIds(jobId).get(0);
        assertThat(calls.get()).as("two refusals, then one call per contact").isEqualTo(4);
        assertThat(stack.emailsFor(requestId)).isEqualTo(1);
        assertThat(text(firm.ok("GET", "/client-requests/" + requestId, null), "delivery")).isEqualTo("SENT");
        assertThat(stack.runtime.bus().deadLetters()).isEmpty();

        // a later redelivery of the creation does not mail again
        var created = stack.published("ClientRequestCreated").get(0);
        stack.runtime.invoke("RequestDeliveryFunction", created.toString());
        assertThat(stack.emailsFor(requestId)).isEqualTo(1);
        assertThat(calls.get()).isEqualTo(4);
    }

    @Test
    void refusedOnEveryAttempt_theRequestStaysPendingAndQueued_andTheEventIsParkedAsADeadLetter() {
        Stack stack = stack();
        Firm firm = new Firm(stack);
        refusalsLeft.set(Integer.MAX_VALUE);
        String jobId = firm.newJob("Job");
        firm.move(jobId, firm.missingInfo);
        stack.settle();

        String requestId = firm.requestIds(jobId).get(0);
        var request = firm.ok("GET", "/client-requests/" + requestId, null);
        assertThat(text(request, "status")).isEqualTo("PENDING");
        assertThat(text(request, "delivery")).isEqualTo("QUEUED");
        assertThat(stack.runtime.bus().deadLetters()).hasSize(1);
        assertThat(stack.runtime.bus().deadLetters().get(0).functionId()).isEqualTo("RequestDeliveryFunction");

        // redriving the dead letter once the mail service is back sends it
        refusalsLeft.set(0);
        try {
            stack.runtime.invoke("RequestDeliveryFunction", stack.runtime.bus().deadLetters().get(0).envelope());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(stack.emailsFor(requestId)).isEqualTo(1);
    }

    @Test
    void anEmailWhoseAnswerIsLost_isMarkedUnconfirmed_andNeverSentAgain() throws Exception {
        Stack stack = stack();
        Firm firm = new Firm(stack);
        lostAnswersLeft.set(1);
        String jobId = firm.newJob("Job");
        firm.move(jobId, firm.missingInfo);
        stack.settle();

        String requestId = firm.requestIds(jobId).get(0);
        assertThat(text(firm.ok("GET", "/client-requests/" + requestId, null), "delivery")).isEqualTo("UNCONFIRMED");
        stack.runtime.invoke("RequestDeliveryFunction", stack.published("ClientRequestCreated").get(0).toString());
        // the first contact's email may have gone: nothing more is sent to anyone, by any later attempt
        assertThat(stack.runtime.outbox().messages()).extracting(m -> m.email().to()).containsExactly("maria@rossi.example");
        assertThat(calls.get()).isEqualTo(1);
    }
}
