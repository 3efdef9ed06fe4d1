package io.automove.it;

import io.automove.testing.Firm;
import io.automove.testing.Stack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.automove.testing.Stack.at;
import static io.automove.testing.Stack.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stage automation's reminders, due date and conditions, set on the pipeline, read back as set, and reach the
 * request it makes: stage entry reads them from the JobStageChanged event as it came over the bus, not from the
 * pipeline.
 */
class AutomationSettingsTest {
    private final Stack stack = new Stack();

    @AfterEach
    void close() { stack.close(); }

    @Test
    void anAutomationsRemindersDueDateAndConditions_reachTheRequest_throughTheBus() {
        Firm firm = new Firm(stack);
        String vip = text(firm.ok("POST", "/accounts", Map.of("name", "Verdi Srl", "tags", List.of("vip"),
                "contacts", List.of(Map.of("name", "Paolo Verdi", "email", "paolo@verdi.example")))), "accountId");
        List<String> p = firm.pipeline("Payroll", List.of(Map.of("name", "Intake"), Map.of("name", "Documents",
                "automations", List.of(Map.of("type", "SEND_CLIENT_REQUEST", "templateId", firm.templateId,
                        "reminders", Map.of("everyDays", 2, "times", 4), "dueInDays", 5,
                        "conditions", Map.of("accountTags", List.of("vip"))))), Map.of("name", "Done")));
        JsonNode stage = at(firm.ok("GET", "/pipelines/" + p.get(0), null), "stages[1].automations[0]");
        assertThat(at(stage, "reminders.everyDays").asNumber()).isEqualTo("2");
        assertThat(at(stage, "reminders.times").asNumber()).isEqualTo("4");
        assertThat(at(stage, "dueInDays").asNumber()).isEqualTo("5");
        assertThat(text(stage, "conditions.accountTags[0]")).isEqualTo("vip");
        JsonNode plain = at(firm.ok("GET", "/pipelines/" + firm.pipelineId, null), "stages[1].automations[0]");
        assertThat(at(plain, "reminders").isNull()).as("the template's, or the defaults").isTrue();
        assertThat(at(plain, "dueInDays").isNull()).isTrue();
        assertThat(at(plain, "conditions.accountTags").asArray()).isEmpty();

        String tagged = text(firm.ok("POST", "/jobs", Map.of("accountId", vip, "pipelineId", p.get(0), "title", "VIP")), "jobId");
        String untagged = firm.job(p.get(0), "Not VIP");
        stack.settle();

        Instant before = Instant.now();
        firm.move(tagged, p.get(2));
        firm.move(untagged, p.get(2));
        stack.settle();

        JsonNode card = firm.job(tagged);
        assertThat(at(card, "linked.clientRequests").asArray()).hasSize(1);
        JsonNode request = firm.ok("GET", "/client-requests/" + text(card, "linked.clientRequests[0].requestId"), null);
        assertThat(at(request, "reminders.everyDays").asNumber()).isEqualTo("2");
        assertThat(at(request, "reminders.times").asNumber()).isEqualTo("4");
        Instant dueAt = Instant.parse(text(request, "dueAt"));
        assertThat(dueAt).isBetween(before.plus(Duration.ofDays(5)), Instant.now().plus(Duration.ofDays(5)));

        JsonNode skipped = firm.job(untagged);
        assertThat(at(skipped, "linked.clientRequests").asArray()).isEmpty();
        assertThat(text(skipped, "skippedAutomations[0].reason")).isEqualTo("CONDITIONS_NOT_MET");
        assertThat(stack.runtime.bus().deadLetters()).isEmpty();
    }
}
