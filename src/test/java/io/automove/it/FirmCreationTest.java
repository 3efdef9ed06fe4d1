package io.automove.it;

import io.automove.localstack.HttpApi.Response;
import io.automove.localstack.LocalStack.Options;
import io.automove.testing.Stack;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static io.automove.testing.Stack.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may create a firm: the template's FirmCreation parameter, through the local stack on DynamoDB Local. A stack
 * deployed as it comes (SingleFirm) serves the first firm made and refuses every other, writing nothing; the local
 * stack allows any number unless started otherwise.
 */
class FirmCreationTest {

    @Test
    void theTemplate_defaultsToSingleFirm() throws Exception {
        String template = Files.readString(Stack.TEMPLATE);
        String parameter = template.substring(template.indexOf("  FirmCreation:"), template.indexOf("  ReminderSweepSchedule:"));
        assertThat(parameter).contains("Default: SingleFirm").contains("AllowedValues: [SingleFirm, MultiFirm]");
    }

    @Test
    void singleFirm_theFirstFirmClosesCreation_aSecondIsRefusedAndWritesNothing_aRetryOfTheFirstIsAReplay() {
        try (Stack stack = new Stack(Options.defaults(Stack.TEMPLATE).parameters(Map.of("FirmCreation", "SingleFirm")))) {
            Map<String, String> key = Map.of("idempotency-key", "first-firm");
            Response first = stack.runtime.http("POST", "/firms", headers("founder", key), "{\"name\":\"Bianchi\"}");
            assertThat(first.status()).isEqualTo(201);
            List<String> before = stack.scan();

            Response second = stack.call("intruder", null, "POST", "/firms", Map.of("name", "Intruder & Co"));
            Response again = stack.call("founder", null, "POST", "/firms", Map.of("name", "Bianchi again"));
            Response retried = stack.runtime.http("POST", "/firms", headers("founder", key), "{\"name\":\"Bianchi\"}");

            assertThat(second.status()).isEqualTo(403);
            assertThat(text(second.json(), "error.code")).isEqualTo("FIRM_CREATION_CLOSED");
            assertThat(again.status()).as("not even the owner makes a second firm").isEqualTo(403);
            assertThat(retried.status()).isEqualTo(201);
            assertThat(retried.headers()).containsEntry("idempotent-replayed", "true");
            assertThat(text(retried.json(), "firmId")).isEqualTo(text(first.json(), "firmId"));
            assertThat(stack.scan()).isEqualTo(before);
        }
    }

    @Test
    void theLocalStack_allowsAnyNumberOfFirms_unlessStartedOtherwise() {
        try (Stack stack = new Stack()) {
            assertThat(stack.call("a", null, "POST", "/firms", Map.of("name", "A")).status()).isEqualTo(201);
            assertThat(stack.call("b", null, "POST", "/firms", Map.of("name", "B")).status()).isEqualTo(201);
        }
    }

    private static Map<String, String> headers(String user, Map<String, String> extra) {
        Map<String, String> h = new java.util.LinkedHashMap<>(extra);
        h.put("content-type", "application/json");
        h.put("x-user-id", user);
        return h;
    }
}
