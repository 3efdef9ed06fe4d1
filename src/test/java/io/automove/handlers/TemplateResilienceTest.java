package io.automove.handlers;

import io.automove.localstack.Template;
import io.automove.testing.Stack;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Nothing the platform fails to deliver is dropped: every asynchronous path ends in the dead-letter queue. */
class TemplateResilienceTest {
    private final Template template = Template.load(Stack.TEMPLATE);

    @SuppressWarnings("unchecked")
    private Map<String, Object> props(String functionId) {
        return (Map<String, Object>) template.resource(functionId).get("Properties");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) { return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of(); }

    @Test
    void everyRule_retriesForADay_andParksWhatItCannotDeliver() {
        int rules = 0;
        for (Template.Function f : template.functions()) {
            for (var event : map(props(f.logicalId()).get("Events")).values()) {
                Map<String, Object> e = map(event);
                if (!"EventBridgeRule".equals(e.get("Type"))) continue;
                rules++;
                Map<String, Object> p = map(e.get("Properties"));
                assertThat(map(p.get("RetryPolicy"))).as(f.logicalId()).containsEntry("MaximumEventAgeInSeconds", 86400);
                assertThat(map(p.get("DeadLetterConfig")).get("Arn")).as(f.logicalId())
                        .isEqualTo(Map.of("Fn::GetAtt", List.of("FailedEventsQueue", "Arn")));
                // and what the function itself fails on, after Lambda's two retries
                Map<String, Object> invoke = map(props(f.logicalId()).get("EventInvokeConfig"));
                assertThat(invoke).as(f.logicalId()).containsEntry("MaximumRetryAttempts", 2);
                assertThat(map(map(map(invoke.get("DestinationConfig")).get("OnFailure"))).get("Destination"))
                        .isEqualTo(Map.of("Fn::GetAtt", List.of("FailedEventsQueue", "Arn")));
            }
        }
        assertThat(rules).as("stage entry, delivery, automove, the activity trail").isEqualTo(4);
    }

    /** A scheduled run that fails is retried twice by Lambda, then parked; its work stays due for the next run. */
    @Test
    void everyScheduledFunction_retriesTwice_andParksWhatFails() {
        int scheduled = 0;
        for (Template.Function f : template.functions()) {
            boolean onSchedule = map(props(f.logicalId()).get("Events")).values().stream()
                    .anyMatch(e -> "Schedule".equals(map(e).get("Type")));
            if (!onSchedule) continue;
            scheduled++;
            Map<String, Object> invoke = map(props(f.logicalId()).get("EventInvokeConfig"));
            assertThat(invoke).as(f.logicalId()).containsEntry("MaximumRetryAttempts", 2);
            assertThat(map(map(map(invoke.get("DestinationConfig")).get("OnFailure"))).get("Destination")).as(f.logicalId())
                    .isEqualTo(Map.of("Fn::GetAtt", List.of("FailedEventsQueue", "Arn")));
        }
        assertThat(scheduled).as("the reminder sweep").isEqualTo(1);
    }

    @Test
    void theStreamRelay_reportsBatchItemFailures_andParksRecordsItCannotPublish() {
        Template.Function relay = template.functions().stream().filter(f -> !f.streams().isEmpty()).findFirst().orElseThrow();
        Map<String, Object> stream = map(map(map(props(relay.logicalId()).get("Events")).get("Outbox")).get("Properties"));
        assertThat(stream.get("FunctionResponseTypes")).isEqualTo(List.of("ReportBatchItemFailures"));
        assertThat(map(map(map(stream.get("DestinationConfig")).get("OnFailure"))).get("Destination"))
                .isEqualTo(Map.of("Fn::GetAtt", List.of("FailedEventsQueue", "Arn")));
        assertThat(stream.get("StartingPosition")).isEqualTo("TRIM_HORIZON");
    }

    @Test
    void theTableIsKept_andRecoverable() {
        Map<String, Object> table = template.resource(template.tableLogicalId());
        assertThat(table.get("DeletionPolicy")).isEqualTo("Retain");
        assertThat(map(map(table.get("Properties")).get("PointInTimeRecoverySpecification")))
                .containsEntry("PointInTimeRecoveryEnabled", true);
    }

    @Test
    void theTable_isProtectedFromDeletion_unlessATestStackTurnsItOff() {
        Map<String, Object> table = map(template.resource(template.tableLogicalId()).get("Properties"));
        assertThat(table.get("DeletionProtectionEnabled"))
                .isEqualTo(Map.of("Fn::If", List.of("TableProtected", true, false)));
        assertThat(map(template.parameters().get("TableDeletionProtection"))).containsEntry("Default", "true");
        assertThat(template.resource(template.tableLogicalId())).containsEntry("DeletionPolicy", "Retain");
    }

    @Test
    void theDeadLetterQueue_refusesEveryCallThatIsNotOverTls() {
        Map<String, Object> policy = map(map(template.resource("FailedEventsQueuePolicy").get("Properties")).get("PolicyDocument"));
        @SuppressWarnings("unchecked")
        List<Object> statements = (List<Object>) policy.get("Statement");
        assertThat(statements).anySatisfy(s -> {
            Map<String, Object> st = map(s);
            assertThat(st).containsEntry("Effect", "Deny").containsEntry("Principal", "*").containsEntry("Action", "sqs:*");
            assertThat(map(map(st.get("Condition")).get("Bool"))).containsEntry("aws:SecureTransport", "false");
        });
    }
}
