package io.automove.it;

import io.automove.support.Json;
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
}
