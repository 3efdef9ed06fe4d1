package io.automove.handlers;

import io.automove.localstack.Template;
import io.automove.testing.Stack;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * template.yaml decides which routes reach which function; the handler only dispatches on the route key
 * API Gateway matched. This keeps the two equal, and every handler constructible the two ways it must be.
 */
class TemplateRoutesTest {
    private final Template template = Template.load(Stack.TEMPLATE);

    @Test
    void everyHttpFunction_answersExactlyTheRoutesTheTemplateGivesIt() throws Exception {
        try (Stack stack = new Stack()) {
            for (Template.Function f : template.functions()) {
                Class<?> type = Class.forName(f.handlerClass());
                if (!ApiFunction.class.isAssignableFrom(type)) {
                    assertThat(f.routes()).as(f.logicalId() + " has routes but is not an HTTP handler").isEmpty();
                    continue;
                }
                ApiFunction handler = (ApiFunction) type.getConstructor(Wiring.class)
                        .newInstance(Wiring.of(null, null, null, null, java.time.Clock.systemUTC(), Wiring.randomIds(),
                                Settings.fromEnvironment(java.util.Map.of("TABLE_NAME", "t", "PORTAL_WEBHOOK_SECRET", "s"))));
                Set<String> inTemplate = f.routes().stream().map(Template.HttpRoute::routeKey).collect(Collectors.toSet());
                assertThat(handler.routeKeys()).as(f.logicalId()).isEqualTo(inTemplate);
            }
        }
    }

    @Test
    void everyFunction_hasANoArgConstructorForLambda_andOneTakingItsPorts() throws Exception {
        assertThat(template.functions()).hasSizeGreaterThanOrEqualTo(6);
        for (Template.Function f : template.functions()) {
            Class<?> type = Class.forName(f.handlerClass());
            Constructor<?> lambda = type.getConstructor();
            Constructor<?> ports = type.getConstructor(Wiring.class);
            assertThat(lambda).isNotNull();
            assertThat(ports).isNotNull();
            assertThat(com.amazonaws.services.lambda.runtime.RequestStreamHandler.class.isAssignableFrom(type))
                    .as(f.handlerClass()).isTrue();
        }
    }

    @Test
    void anUnknownRoute_is404_notAnException() {
        var handler = new WorkflowApiHandler(Wiring.of(null, null, null, null, java.time.Clock.systemUTC(),
                Wiring.randomIds(), Settings.fromEnvironment(java.util.Map.of())));
        var response = handler.handle(new HttpRequest("DELETE /nothing", "/nothing", java.util.Map.of(), java.util.Map.of(),
                java.util.Map.of(), null, java.util.Map.of(), "r1"));
        assertThat(response.status()).isEqualTo(404);
    }
}
