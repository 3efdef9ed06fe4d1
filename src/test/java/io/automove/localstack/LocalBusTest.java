package io.automove.localstack;

import io.automove.usecases.ports.EventPublisher;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The local bus on its own, in foreground mode: rules, invocations, attempts, dead letters, the dispatch hook. */
class LocalBusTest {
    private static final String PING = "{\"detail-type\":[\"Ping\"]}";

    private static EventPublisher.Event ping(int n) {
        return new EventPublisher.Event("e" + n, "Ping", "{\"n\":\"ping-" + n + "\"}");
    }

    @Test
    void aFailingInvocation_getsThreeAttempts_thenIsParkedAsADeadLetter() {
        // GIVEN a bus whose only target always fails
        List<String> invoked = new ArrayList<>();
        LocalBus bus = new LocalBus((functionId, json) -> {
            invoked.add(functionId);
            throw new IllegalStateException("refused");
        }, Clock.systemUTC(), null, 0);
        bus.addRule("PingRule", "PingFunction", PING);

        // WHEN an event is published and the queue drained
        bus.publish(List.of(ping(1)));
        assertThat(bus.pending()).isEqualTo(1);
        int ran = bus.drain();

        // THEN three attempts ran, and the event waits as a dead letter naming rule and function
        assertThat(ran).isEqualTo(LocalBus.MAX_ATTEMPTS);
        assertThat(invoked).containsExactly("PingFunction", "PingFunction", "PingFunction");
        assertThat(bus.pending()).isZero();
        assertThat(bus.deadLetters()).singleElement().satisfies(d -> {
            assertThat(d.rule()).isEqualTo("PingRule");
            assertThat(d.functionId()).isEqualTo("PingFunction");
            assertThat(d.error()).contains("refused");
        });
    }

    @Test
    void theDispatch_decidesHowManyCopiesAreQueued_andWhichRunsNext() {
        // GIVEN a dispatch that queues two copies of each invocation and always runs the newest first
        List<String> invoked = new ArrayList<>();
        LocalBus.Dispatch twiceNewestFirst = new LocalBus.Dispatch() {
            @Override public int copies(LocalBus.Invocation invocation) { return 2; }
            @Override public int next(int queued) { return queued - 1; }
        };
        LocalBus bus = new LocalBus((functionId, json) -> invoked.add(json.contains("ping-1") ? "1" : "2"),
                Clock.systemUTC(), null, 0, twiceNewestFirst);
        bus.addRule("PingRule", "PingFunction", PING);

        // WHEN two events are published
        bus.publish(List.of(ping(1), ping(2)));

        // THEN four invocations are queued, and run newest first
        assertThat(bus.pending()).isEqualTo(4);
        assertThat(bus.drain()).isEqualTo(4);
        assertThat(invoked).containsExactly("2", "2", "1", "1");
        assertThat(bus.published()).hasSize(2);
    }

    @Test
    void anEventNoRuleMatches_isPublishedButInvokesNothing() {
        LocalBus bus = new LocalBus((functionId, json) -> { throw new AssertionError("invoked"); }, Clock.systemUTC(), null, 0);
        bus.addRule("PingRule", "PingFunction", PING);
        bus.publish(List.of(new EventPublisher.Event("e1", "Pong", "{}")));
        assertThat(bus.pending()).isZero();
        assertThat(bus.published()).hasSize(1);
    }
}
