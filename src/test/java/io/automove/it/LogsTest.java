package io.automove.it;

import io.automove.handlers.HandlingFailedException;
import io.automove.localstack.Functions.Ports;
import io.automove.localstack.LocalStack.Options;
import io.automove.support.Json;
import io.automove.usecases.ports.Mailer;
import io.automove.support.Log;
import io.automove.testing.Firm;
import io.automove.testing.Stack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Logs are structured JSON with the ids involved, and never carry an email address, an answer or a secret. */
class LogsTest {
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    @AfterEach
    void restore() { Log.redirect(System.out); }

    @Test
    void theWholeStory_logsJsonWithIds_andNoPersonalDataOrSecrets() {
        Log.redirect(new PrintStream(captured, true, StandardCharsets.UTF_8));
        String requestId;
        String jobId;
        try (Stack stack = new Stack()) {
            Firm firm = new Firm(stack);
            jobId = firm.newJob("Job");
            firm.move(jobId, firm.missingInfo);
            stack.settle();
            requestId = firm.requestIds(jobId).get(0);
            stack.submit(firm.firmId, requestId);
            stack.settle();
            // and a refusal, whose message must not echo the input either
            stack.call(Firm.OWNER, firm.firmId, "POST", "/accounts", java.util.Map.of("name", "X",
                    "contacts", List.of(java.util.Map.of("name", "Y", "email", "not-an-address"))));
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        List<String> lines = log.lines().filter(l -> !l.isBlank()).toList();

        assertThat(lines).hasSizeGreaterThan(10);
        for (String line : lines) {
            var entry = Json.parse(line);
            assertThat(entry.field("level")).as(line).isPresent();
            assertThat(entry.field("message")).as(line).isPresent();
        }
        assertThat(log).contains(requestId).contains(jobId).contains("\"firmId\"");
        assertThat(log).doesNotContain("@rossi.example").doesNotContain("maria").doesNotContain("Maria")
                .doesNotContain("uploaded:statements-2025.pdf").doesNotContain("Bank statements")
                .doesNotContain(Stack.SECRET).doesNotContain("not-an-address");
    }

    @Test
    void aFunctionThatFails_handsTheRuntimeOnlyTheSafeDescription_andLogsNoAddressOrName() {
        Log.redirect(new PrintStream(captured, true, StandardCharsets.UTF_8));
        // GIVEN a mail service whose refusals quote the recipient, as SES's sandbox does, deep in a cause chain
        Mailer quoting = email -> {
            throw new RuntimeException("send failed", new IllegalStateException("Email address is not verified. "
                    + "The following identities failed the check: " + email.to() + " (Maria Rossi)"));
        };
        List<String> thrown = new java.util.ArrayList<>();
        try (Stack stack = new Stack(Options.defaults(Stack.TEMPLATE).decorate(p -> new Ports(p.directory(), p.store(),
                quoting, p.publisher(), p.webhookSecrets(), p.activityTrail())))) {
            Firm firm = new Firm(stack);
            String jobId = firm.newJob("Job");
            firm.move(jobId, firm.missingInfo);
            stack.settle();
            // WHEN the delivery fails for good and the dead letter is redriven by hand
            var dead = stack.runtime.bus().deadLetters();
            assertThat(dead).singleElement().satisfies(d -> thrown.add(d.error()));
            try {
                stack.runtime.invoke("RequestDeliveryFunction", dead.get(0).envelope());
            } catch (Exception e) {
                // THEN what reaches the runtime has no cause and names only classes
                assertThat(e).isInstanceOf(HandlingFailedException.class).hasNoCause();
                thrown.add(e.toString());
            }
        }
        assertThat(thrown).hasSize(2).allSatisfy(s -> assertThat(s).contains("DeliveryFailedException")
                .doesNotContain("@").doesNotContain("Maria").doesNotContain("rossi"));
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("DeliveryFailedException")
                .doesNotContain("@rossi.example").doesNotContain("Maria");
    }
}
