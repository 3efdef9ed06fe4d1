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
 * pattern engine (Event Ruler) and delivered to the target functions asynchronously, at least once: a failed
 * delivery is retried twice (as Lambda does for asynchronous invokes), then parked as a dead letter.
 */
public final class LocalBus implements EventPublisher {
    public static final int MAX_ATTEMPTS = 3;

    /** Invokes a function with an event; throws if the function failed. */
    @FunctionalInterface
    public interface Invoker {
        void invoke(String functionId, String eventJson) throws Exception;
    }

    public record Delivery(String rule, String functionId, String envelope, int attempt) {}

    public record DeadLetter(String rule, String functionId, String envelope, String error) {}

    private final GenericMachine<String> machine = new GenericMachine<>();
    private final Map<String, String> targets = new LinkedHashMap<>();
    private final Invoker invoker;
    private final Clock clock;
    private final ScheduledExecutorService executor; // null: deliveries wait for drain()
    private final long retryDelayMillis;
    private final Deque<Delivery> queue = new ArrayDeque<>();
    private final List<String> published = new ArrayList<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile java.util.Random chaos;
    private volatile int minCopies = 1, maxCopies = 1;

    public LocalBus(Invoker invoker, Clock clock, ScheduledExecutorService executor, long retryDelayMillis) {
        this.invoker = invoker;
        this.clock = clock;
        this.executor = executor;
        this.retryDelayMillis = retryDelayMillis;
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

    public Map<String, String> rules() { return Map.copyOf(targets); }

    /**
     * At-least-once, exaggerated: every delivery is made {@code min} to {@code max} times, and queued deliveries
     * run in random order (foreground mode). What EventBridge may do rarely, this does always.
     */
    public void chaos(java.util.Random random, int min, int max) {
        this.chaos = random;
        this.minCopies = min;
        this.maxCopies = max;
    }

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
            String json = Json.write(envelope);
            synchronized (published) {
                published.add(json);
            }
            for (String rule : matchingRules(json)) {
                java.util.Random r = chaos;
                int copies = r == null ? 1 : minCopies + r.nextInt(maxCopies - minCopies + 1);
                for (int i = 0; i < copies; i++) submit(new Delivery(rule, targets.get(rule), json, 1));
            }
        }
    }

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

    /** Deliveries queued or running. */
    public int pending() {
        synchronized (queue) {
            return queue.size() + inFlight.get();
        }
    }

    private void submit(Delivery d) {
        if (executor == null) {
            synchronized (queue) {
                queue.add(d);
            }
            return;
        }
        inFlight.incrementAndGet();
        long delay = d.attempt() == 1 ? 0 : retryDelayMillis * (d.attempt() - 1);
        executor.schedule(() -> {
            try {
                deliver(d);
            } finally {
                inFlight.decrementAndGet();
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    /** Runs queued deliveries (and what they cause) in this thread until none is left; returns how many ran. */
    public int drain() {
        int ran = 0;
        while (true) {
            Delivery d;
            synchronized (queue) {
                java.util.Random r = chaos;
                if (r != null && queue.size() > 1) {
                    // any order: take a random one
                    List<Delivery> all = new ArrayList<>(queue);
                    d = all.remove(r.nextInt(all.size()));
                    queue.clear();
                    queue.addAll(all);
                } else {
                    d = queue.poll();
                }
                if (d != null) inFlight.incrementAndGet();
            }
            if (d == null) return ran;
            try {
                deliver(d);
            } finally {
                inFlight.decrementAndGet();
            }
            ran++;
        }
    }

    private void deliver(Delivery d) {
        try {
            invoker.invoke(d.functionId(), d.envelope());
        } catch (Exception e) {
            if (d.attempt() < MAX_ATTEMPTS) {
                submit(new Delivery(d.rule(), d.functionId(), d.envelope(), d.attempt() + 1));
            } else {
                Log.warn("delivery failed for good; dead letter", "function", d.functionId(), "count", d.attempt());
                synchronized (deadLetters) {
                    deadLetters.add(new DeadLetter(d.rule(), d.functionId(), d.envelope(), String.valueOf(e)));
                }
            }
        }
    }
}
