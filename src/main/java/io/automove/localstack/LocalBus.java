package io.automove.localstack;

import io.automove.adapters.events.EventCodec;
import io.automove.usecases.ports.EventPublisher;
import io.automove.support.Json;
import io.automove.support.Log;
import software.amazon.event.ruler.GenericMachine;
import software.amazon.event.ruler.RuleCompiler;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The custom bus, locally: each published event is matched against the rules of template.yaml by AWS's own
 * pattern engine (Event Ruler), and each matching rule queues an {@link Invocation} of its target function.
 * At least once: a failed invocation gets another attempt, up to {@link #MAX_ATTEMPTS} (as Lambda does for
 * asynchronous invokes), then is parked as a dead letter.
 *
 * <p>With an executor, invocations run on its threads (a retry after a growing delay); without one they wait
 * in a queue for {@link #drain()}. This class does not poll the table's stream ({@link StreamPoller}) nor decide
 * when to drain ({@link Scheduler}).
 */
public final class LocalBus implements EventPublisher {
    public static final int MAX_ATTEMPTS = 3;

    /** Invokes a function with an event; throws if the function failed. */
    @FunctionalInterface
    public interface Invoker {
        void invoke(String functionId, String eventJson) throws Exception;
    }

    /** One queued run of a rule's target function with an event envelope; {@code attempt} counts from 1. */
    public record Invocation(String rule, String functionId, String envelope, int attempt) {
        Invocation nextAttempt() { return new Invocation(rule, functionId, envelope, attempt + 1); }
    }

    public record DeadLetter(String rule, String functionId, String envelope, String error) {}

    /**
     * How invocations are queued and taken. The bus itself queues one of each and runs them oldest first; a test
     * may exaggerate at-least-once (several copies, any order) by passing its own.
     */
    public interface Dispatch {
        /** How many copies of a new invocation (its first attempt) to queue. */
        int copies(Invocation invocation);

        /** Which of the {@code queued} invocations (two or more) runs next; 0 is the oldest. Foreground only. */
        int next(int queued);

        Dispatch ONCE_IN_ORDER = new Dispatch() {
            @Override public int copies(Invocation invocation) { return 1; }
            @Override public int next(int queued) { return 0; }
        };
    }

    private final GenericMachine<String> machine = new GenericMachine<>();
    private final Map<String, String> targets = new LinkedHashMap<>();
    private final Invoker invoker;
    private final Clock clock;
    private final ScheduledExecutorService executor; // null: invocations wait for drain()
    private final long retryDelayMillis;
    private final Dispatch dispatch;
    private final Deque<Invocation> queue = new ArrayDeque<>();
    private final List<String> published = new ArrayList<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private final AtomicInteger running = new AtomicInteger();

    public LocalBus(Invoker invoker, Clock clock, ScheduledExecutorService executor, long retryDelayMillis) {
        this(invoker, clock, executor, retryDelayMillis, Dispatch.ONCE_IN_ORDER);
    }

    public LocalBus(Invoker invoker, Clock clock, ScheduledExecutorService executor, long retryDelayMillis,
                    Dispatch dispatch) {
        this.invoker = invoker;
        this.clock = clock;
        this.executor = executor;
        this.retryDelayMillis = retryDelayMillis;
        this.dispatch = dispatch;
    }

    /** @throws IllegalArgumentException naming the rule if the pattern is not a valid EventBridge pattern */
    public void addRule(String rule, String functionId, String pattern) {
        String error = RuleCompiler.check(pattern);
        if (error != null) throw new IllegalArgumentException("rule " + rule + ": invalid event pattern: " + error);
        try {
            machine.addRule(rule, pattern);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("rule " + rule + ": " + e.getMessage(), e);
        }
        targets.put(rule, functionId);
    }

    /** Every EventBridge rule of the template, each targeting its function. */
    void addRules(Template template) {
        for (Template.Function f : template.functions()) {
            for (Template.BusRule rule : f.rules()) {
                try {
                    addRule(rule.name(), f.logicalId(), rule.pattern());
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException("function " + f.logicalId() + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /** Rule name to target function. */
    public Map<String, String> rules() { return Map.copyOf(targets); }

    /** The rules an event matches, by the same engine the bus uses. */
    public List<String> matchingRules(String envelope) {
        try {
            return machine.rulesForJSONEvent(envelope);
        } catch (Exception e) {
            throw new IllegalArgumentException("not a matchable event: " + e.getMessage(), e);
        }
    }

    @Override
    public void publish(List<Event> events) {
        for (Event e : events) {
            String json = envelope(e);
            synchronized (published) {
                published.add(json);
            }
            for (String rule : matchingRules(json)) {
                Invocation first = new Invocation(rule, targets.get(rule), json, 1);
                int copies = dispatch.copies(first);
                for (int i = 0; i < copies; i++) submit(first);
            }
        }
    }

    /** The event as EventBridge hands it to a target. */
    private String envelope(Event e) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("version", "0");
        envelope.put("id", UUID.randomUUID().toString());
        envelope.put("detail-type", e.detailType());
        envelope.put("source", EventCodec.SOURCE);
        envelope.put("account", "000000000000");
        envelope.put("time", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
        envelope.put("region", "local");
        envelope.put("resources", List.of());
        envelope.put("detail", Json.parse(e.detailJson()));
        return Json.write(envelope);
    }

    /** Every envelope published so far, in order. */
    public List<String> published() {
        synchronized (published) {
            return List.copyOf(published);
        }
    }

    public List<DeadLetter> deadLetters() {
        synchronized (deadLetters) {
            return List.copyOf(deadLetters);
        }
    }

    /** Invocations queued or running. */
    public int pending() {
        synchronized (queue) {
            return queue.size() + running.get();
        }
    }

    private void submit(Invocation invocation) {
        if (executor == null) {
            synchronized (queue) {
                queue.add(invocation);
            }
            return;
        }
        running.incrementAndGet();
        long delay = invocation.attempt() == 1 ? 0 : retryDelayMillis * (invocation.attempt() - 1);
        executor.schedule(() -> {
            try {
                run(invocation);
            } finally {
                running.decrementAndGet();
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    /** Runs queued invocations (and what they cause) in this thread until none is left; returns how many ran. */
    public int drain() {
        int ran = 0;
        while (true) {
            Invocation next;
            synchronized (queue) {
                next = queue.size() > 1 ? take(dispatch.next(queue.size())) : queue.poll();
                if (next != null) running.incrementAndGet();
            }
            if (next == null) return ran;
            try {
                run(next);
            } finally {
                running.decrementAndGet();
            }
            ran++;
        }
    }

    /** Removes the queued invocation at {@code index}, keeping the others in order. Holds the queue's lock. */
    private Invocation take(int index) {
        if (index == 0) return queue.poll();
        List<Invocation> all = new ArrayList<>(queue);
        Invocation taken = all.remove(index);
        queue.clear();
        queue.addAll(all);
        return taken;
    }

    private void run(Invocation invocation) {
        try {
            invoker.invoke(invocation.functionId(), invocation.envelope());
        } catch (Exception e) {
            if (invocation.attempt() < MAX_ATTEMPTS) {
                submit(invocation.nextAttempt());
            } else {
                Log.warn("invocation failed for good; dead letter", "function", invocation.functionId(),
                        "count", invocation.attempt());
                synchronized (deadLetters) {
                    deadLetters.add(new DeadLetter(invocation.rule(), invocation.functionId(), invocation.envelope(),
                            String.valueOf(e)));
                }
            }
        }
    }
}
