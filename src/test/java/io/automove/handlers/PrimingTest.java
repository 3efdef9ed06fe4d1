package io.automove.handlers;

import io.automove.localstack.OutboxMailer;
import io.automove.localstack.Template;
import io.automove.usecases.ports.EventPublisher;
import io.automove.support.Log;
import io.automove.testing.Firm;
import io.automove.testing.Stack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SnapStart priming runs each function's code on a read-only path before the snapshot: it must succeed, reach
 * DynamoDB, and write, mail and publish nothing (the snapshot is taken once per published version, on real data).
 */
class PrimingTest {
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @AfterEach
    void restore() { Log.redirect(System.out); }

    @Test
    void everyFunctionPrimes_withoutWritingMailingOrPublishing() throws Exception {
        try (Stack stack = new Stack()) {
            new Firm(stack).newJob("Existing data must stay as it is");
            stack.settle();
            List<String> before = stack.scan();
            OutboxMailer mailer = new OutboxMailer("from@x.example", null, Clock.systemUTC());
            List<EventPublisher.Event> published = new ArrayList<>();
            Wiring wiring = Wiring.onDynamo(stack.runtime.dynamo(), mailer, published::addAll, Clock.systemUTC(),
                    Wiring.randomIds(), Settings.fromEnvironment(Map.of("TABLE_NAME", stack.runtime.tableName(),
                            "PORTAL_BASE_URL", "https://portal.example", "PORTAL_WEBHOOK_SECRET", "s".repeat(32))));
            Log.redirect(new PrintStream(log, true, StandardCharsets.UTF_8));

            int primed = 0;
            for (Template.Function f : Template.load(Stack.TEMPLATE).functions()) {
                Object handler = Class.forName(f.handlerClass()).getConstructor(Wiring.class).newInstance(wiring);
                Method priming = handler.getClass().getDeclaredMethod("priming");
                ((Priming) priming.invoke(handler)).run();
                primed++;
            }

            String output = log.toString(StandardCharsets.UTF_8);
            assertThat(primed).as("every function of the template").isEqualTo(11);
            assertThat(output).doesNotContain("priming failed");
            assertThat(output.lines().filter(l -> l.contains("\"message\":\"primed\""))).hasSize(primed);
            assertThat(stack.scan()).isEqualTo(before);
            assertThat(mailer.messages()).isEmpty();
            assertThat(published).isEmpty();
        }
    }
}
