package io.automove.localstack;

import io.automove.localstack.LocalStack;
import io.automove.localstack.LocalStack.Options;
import io.automove.localstack.Template;
import io.automove.usecases.ports.EventPublisher;
import io.automove.testing.Stack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The local stack wires exactly what template.yaml says: nothing listed in Java. */
class TemplateWiringTest {

    @Test
    void theStackServesEveryRouteAndRuleOfTheTemplate_andNothingElse() {
        Template template = Template.load(Stack.TEMPLATE);
        try (LocalStack runtime = new LocalStack(Options.defaults(Stack.TEMPLATE))) {
            Set<String> routes = template.functions().stream().flatMap(f -> f.routes().stream()
                    .map(r -> r.routeKey() + " -> " + f.logicalId())).collect(Collectors.toSet());
            assertThat(Set.copyOf(runtime.routeKeys())).isEqualTo(routes);
            Map<String, String> rules = template.functions().stream().flatMap(f -> f.rules().stream()
                    .map(r -> Map.entry(r.name(), f.logicalId()))).collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            assertThat(runtime.bus().rules()).isEqualTo(rules);
        }
    }

    @Test
    void aRuleAndARouteAddedToACopyOfTheTemplate_areRoutedWithoutTouchingJava(@TempDir Path dir) throws Exception {
        String yaml = Files.readString(Stack.TEMPLATE)
                .replace("""
                        Events:
                                ClientRequestSubmitted:""", """
                        Events:
                                Cancelled:
                                  Type: EventBridgeRule
                                  Properties:
                                    EventBusName: !Ref Bus
                                    Pattern:
                                      source: [io.automove]
                                      detail-type: [ClientRequestCancelled]
                                ClientRequestSubmitted:""")
                .replace("""
                        GetJob: { Type: HttpApi""", """
                        GetJobAgain: { Type: HttpApi, Properties: { ApiId: !Ref HttpApi, Method: GET, Path: '/v2/jobs/{jobId}' } }
                                GetJob: { Type: HttpApi""");
        assertThat(yaml).contains("ClientRequestCancelled").contains("/v2/jobs/{jobId}");
        Path copy = dir.resolve("template.yaml");
        Files.writeString(copy, yaml);

        try (LocalStack runtime = new LocalStack(Options.defaults(copy))) {
            assertThat(runtime.bus().rules()).containsEntry("AutomoveFunction.Cancelled", "AutomoveFunction");
            runtime.bus().publish(List.of(new EventPublisher.Event("e1", "ClientRequestCancelled",
                    "{\"firmId\":\"f\",\"requestId\":\"r\",\"accountId\":\"a\",\"jobIds\":[]}")));
            String envelope = runtime.bus().published().get(0);
            assertThat(runtime.bus().matchingRules(envelope)).as("the new rule, and the trail's rule on every event")
                    .containsExactlyInAnyOrder("AutomoveFunction.Cancelled", "ActivityTrailFunction.EveryEvent");
            assertThat(runtime.bus().pending()).isEqualTo(2);
            runtime.settle();
            assertThat(runtime.bus().deadLetters()).isEmpty();

            // the new route reaches the function: the answer is the handler's own, not the stack's "Not Found"
            var response = runtime.http("GET", "/v2/jobs/job_x", Map.of("x-user-id", "u", "x-firm-id", "f"), null);
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.body()).contains("ROUTE_NOT_FOUND").contains("GET /v2/jobs/{jobId}");
        }
    }

    @Test
    void anUnknownHandlerClass_failsAtStartup_namingTheFunction(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("template.yaml");
        Files.writeString(copy, Files.readString(Stack.TEMPLATE)
                .replace("io.automove.handlers.AutomoveHandler::handleRequest", "io.automove.handlers.NoSuchHandler::handleRequest"));
        assertThatThrownBy(() -> new LocalStack(Options.defaults(copy)))
                .hasMessageContaining("AutomoveFunction").hasMessageContaining("NoSuchHandler");
    }

    @Test
    void anInvalidEventPattern_failsAtStartup_namingTheFunction(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("template.yaml");
        Files.writeString(copy, Files.readString(Stack.TEMPLATE)
                .replace("detail-type: [ClientRequestSubmitted]", "detail-type: [{ \"wildcard\": 3 }]"));
        assertThatThrownBy(() -> new LocalStack(Options.defaults(copy)))
                .hasMessageContaining("AutomoveFunction").hasMessageContaining("pattern");
    }
}
