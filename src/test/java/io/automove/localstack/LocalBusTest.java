package io.automove.localstack;

import io.automove.usecases.ports.EventPublisher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The local bus on its own, in foreground mode: rules, invocations, attempts, dead letters, the dispatch hook, and
 * its journal across a kill.
 */
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
    void withAJournal_whatWasQueuedButNotRun_runsAfterARestart_andWhatRanDoesNot(@TempDir Path dir) {
        // GIVEN a bus with a journal: two events published, only the first one's invocation run before the "kill"
        Path file = dir.resolve("bus-journal.jsonl");
        List<String> invoked = new ArrayList<>();
        LocalBus first = new LocalBus((functionId, json) -> {
            invoked.add(json.contains("ping-1") ? "1" : "2");
            if (invoked.size() == 1) return;
            throw new Killed();
        }, Clock.systemUTC(), null, 0, LocalBus.Dispatch.ONCE_IN_ORDER, new Journal(file));
        first.addRule("PingRule", "PingFunction", PING);
        first.publish(List.of(ping(1), ping(2)));
        first.sync();
        assertThatThrownBy(first::drain).isInstanceOf(Killed.class);
        // no close(): a killed JVM does not close its files

        // WHEN a new bus starts on the same journal
        invoked.clear();
        LocalBus again = new LocalBus((functionId, json) -> invoked.add(json.contains("ping-1") ? "1" : "2"),
                Clock.systemUTC(), null, 0, LocalBus.Dispatch.ONCE_IN_ORDER, new Journal(file));
        assertThat(again.recovered()).extracting(LocalBus.Invocation::functionId).containsExactly("PingFunction");
        again.resume();
        again.drain();

        // THEN only the unfinished invocation runs again, with its envelope as it was
        assertThat(invoked).containsExactly("2");
        assertThat(again.deadLetters()).isEmpty();
        again.close();
        assertThat(new LocalBus((f, j) -> { }, Clock.systemUTC(), null, 0, LocalBus.Dispatch.ONCE_IN_ORDER,
                new Journal(file)).recovered()).as("nothing left after it ran").isEmpty();
    }

    @Test
    void withAJournal_attemptsCountAcrossARestart_andDeadLettersSurviveIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bus-journal.jsonl");
        AtomicInteger attempts = new AtomicInteger();
        LocalBus.Invoker failing = (functionId, json) -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("refused");
        };
        // one failed attempt, then the "kill" before the second
        LocalBus first = new LocalBus((functionId, json) -> {
            if (attempts.get() == 1) throw new Killed();
            failing.invoke(functionId, json);
        }, Clock.systemUTC(), null, 0, LocalBus.Dispatch.ONCE_IN_ORDER, new Journal(file));
        first.addRule("PingRule", "PingFunction", PING);
        first.publish(List.of(ping(1)));
        assertThatThrownBy(first::drain).isInstanceOf(Killed.class);
        assertThat(attempts).hasValue(1);

        LocalBus second = new LocalBus(failing, Clock.systemUTC(), null, 0, LocalBus.Dispatch.ONCE_IN_ORDER, new Journal(file));
        assertThat(second.recovered()).singleElement().extracting(LocalBus.Invocation::attempt).isEqualTo(2);
        second.resume();
        second.drain();
        assertThat(attempts).as("three attempts in all, across the restart").hasValue(LocalBus.MAX_ATTEMPTS);
        assertThat(second.deadLetters()).hasSize(1);

        // a journal whose last line a crash cut short still reads
        Files.writeString(file, "{\"op\":\"queued\",\"id\":\"x", StandardOpenOption.APPEND);
        LocalBus third = new LocalBus(failing, Clock.systemUTC(), null, 0, LocalBus.Dispatch.ONCE_IN_ORDER, new Journal(file));
        assertThat(third.recovered()).isEmpty();
        assertThat(third.deadLetters()).singleElement().satisfies(d -> {
            assertThat(d.rule()).isEqualTo("PingRule");
            assertThat(d.functionId()).isEqualTo("PingFunction");
            assertThat(d.envelope()).contains("ping-1");
            assertThat(d.error()).contains("refused");
        });
    }

    /** What a kill -9 does to the thread that runs an invocation: it stops there, nothing after it runs. */
    static final class Killed extends Error {
        Killed() { super("killed", null, false, false); }
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
