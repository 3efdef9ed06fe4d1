package io.automove.localstack;

import io.automove.adapters.events.EventCodec;
import io.automove.usecases.ports.EventPublisher;
import io.automove.support.Json;
import io.automove.support.Log;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
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
 * <p>Given a {@link Journal} (the launcher's data folder), every queued invocation, each further attempt, each
 * finished one and each dead letter is written to it, so that a killed JVM forgets nothing it was handed: on
 * the next start the invocations not finished are queued again ({@link #resume()}: a crash may run one twice,
 * never zero times; the functions are idempotent) and the dead letters are still there. {@link #publish} appends
 * without waiting for the disk; {@link #sync()} waits, and the stream relay calls it before it moves past the
 * records it relayed. Without a journal everything stays in memory.
 *
 * <p>With an executor, invocations run on its threads (a retry after a growing delay); without one they wait
 * in a queue for {@link #drain()}. This class does not poll the table's stream ({@link StreamPoller}) nor decide
 * when to drain ({@link Scheduler}).
 *
 * <p>Why over 300 lines: rules, queue, retries, journal and dead letters share one lock and the invocation
 * record; split apart, each piece would reach into the others' state.
 */
public final class LocalBus implements EventPublisher, AutoCloseable {
    public static final int MAX_ATTEMPTS = 3;

    /** Invokes a function with an event; throws if the function failed. */
    @FunctionalInterface
    public interface Invoker {
        void invoke(String functionId, String eventJson) throws Exception;
    }

    /** One queued run of a rule's target function with an event envelope; {@code attempt} counts from 1. */
    public record Invocation(String id, String rule, String functionId, String envelope, int attempt) {
        Invocation nextAttempt() { return new Invocation(id, rule, functionId, envelope, attempt + 1); }
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
    private final Journal journal; // null: in memory only
    private final List<Invocation> recovered = new ArrayList<>();
    private volatile boolean stopping;

    public LocalBus(Invoker invoker, Clock clock, ScheduledExecutorService executor, long retryDelayMillis) {
        this(invoker, clock, executor, retryDelayMillis, Dispatch.ONCE_IN_ORDER);
    }

    public LocalBus(Invoker invoker, Clock clock, ScheduledExecutorService executor, long retryDelayMillis,
                    Dispatch dispatch) {
        this(invoker, clock, executor, retryDelayMillis, dispatch, null);
    }

    /**
     * @param journal where queued invocations and dead letters are kept across restarts, or null; what an earlier
     *                run left unfinished waits for {@link #resume()}
     */
    LocalBus(Invoker invoker, Clock clock, ScheduledExecutorService executor, long retryDelayMillis, Dispatch dispatch,
             Journal journal) {
        this.invoker = invoker;
        this.clock = clock;
        this.executor = executor;
        this.retryDelayMillis = retryDelayMillis;
        this.dispatch = dispatch;
        this.journal = journal;
        if (journal != null) recover(journal);
    }

    // --- the journal: one line per queued invocation, further attempt, finished invocation and dead letter ---

    /** Reads what an earlier run left: unfinished invocations (for {@link #resume()}) and dead letters; compacts. */
    private void recover(Journal journal) {
        Map<String, Invocation> unfinished = new LinkedHashMap<>();
        for (var record : journal.read()) {
            String op = record.field("op").map(JsonNode::asString).orElse("");
            String id = record.field("id").map(JsonNode::asString).orElse("");
            switch (op) {
                case "queued" -> unfinished.put(id, new Invocation(id, string(record, "rule"), string(record, "function"),
                        string(record, "event"), Integer.parseInt(record.field("attempt").orElseThrow().asNumber())));
                case "retry" -> unfinished.computeIfPresent(id, (k, i) -> new Invocation(i.id(), i.rule(), i.functionId(),
                        i.envelope(), Integer.parseInt(record.field("attempt").orElseThrow().asNumber())));
                case "done" -> unfinished.remove(id);
                case "dead" -> {
                    unfinished.remove(id);
                    deadLetters.add(new DeadLetter(string(record, "rule"), string(record, "function"),
                            string(record, "event"), string(record, "error")));
                }
                default -> { } // written by a newer version: not ours to judge
            }
        }
        recovered.addAll(unfinished.values());
        List<Object> compacted = new ArrayList<>();
        for (DeadLetter d : deadLetters) compacted.add(dead(UUID.randomUUID().toString(), d));
        for (Invocation i : recovered) compacted.add(queued(i));
        journal.rewrite(compacted);
    }

    private static String string(JsonNode record, String field) {
        return record.field(field).filter(n -> !n.isNull()).map(JsonNode::asString).orElse(null);
    }

    private static Map<String, Object> queued(Invocation i) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("op", "queued");
        r.put("id", i.id());
        r.put("rule", i.rule());
        r.put("function", i.functionId());
        r.put("attempt", i.attempt());
        r.put("event", i.envelope());
        return r;
    }

    private static Map<String, Object> dead(String id, DeadLetter d) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("op", "dead");
        r.put("id", id);
        r.put("rule", d.rule());
        r.put("function", d.functionId());
        r.put("error", d.error());
        r.put("event", d.envelope());
        return r;
    }

    /** The invocations an earlier run left unfinished, as recovered from the journal (before {@link #resume()}). */
    List<Invocation> recovered() { return List.copyOf(recovered); }

    /** Queues again what an earlier run left unfinished, each at the attempt it had reached. */
    void resume() {
        List<Invocation> again = List.copyOf(recovered);
        recovered.clear();
        if (!again.isEmpty()) Log.info("queued again after a restart", "count", again.size());
        again.forEach(this::submit);
    }

    /** Everything published so far is on disk when this returns (a no-op without a journal). */
    public void sync() {
        if (journal != null) journal.force();
    }

    /**
     * The stack is shutting down: an invocation failing from now on failed because of that (its table closed, its
     * thread interrupted), so it is neither retried nor parked; left unfinished, the next start runs it again.
     */
    void stopping() { stopping = true; }

    /** Closes the journal, once the bus's threads have stopped. */
    @Override
    public void close() {
        stopping = true;
        if (journal != null) journal.close();
    }

    private void note(String op, Invocation i) {
        if (journal == null) return;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("op", op);
        r.put("id", i.id());
        if (op.equals("retry")) r.put("attempt", i.attempt());
        journal.append(r);
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
                Invocation first = new Invocation(UUID.randomUUID().toString(), rule, targets.get(rule), json, 1);
                int copies = dispatch.copies(first);
                for (int i = 0; i < copies; i++) {
                    Invocation copy = i == 0 ? first : new Invocation(UUID.randomUUID().toString(), rule,
                            first.functionId(), json, 1);
                    if (journal != null) journal.append(queued(copy));
                    submit(copy);
                }
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
            if (stopping) return;
            if (invocation.attempt() < MAX_ATTEMPTS) {
                Invocation next = invocation.nextAttempt();
                note("retry", next);
                submit(next);
            } else {
                Log.warn("invocation failed for good; dead letter", "function", invocation.functionId(),
                        "count", invocation.attempt());
                DeadLetter dead = new DeadLetter(invocation.rule(), invocation.functionId(), invocation.envelope(),
                        String.valueOf(e));
                if (journal != null) {
                    journal.append(dead(invocation.id(), dead));
                    journal.force();
                }
                synchronized (deadLetters) {
                    deadLetters.add(dead);
                }
            }
            return;
        }
        try {
            note("done", invocation);
        } catch (RuntimeException closed) {
            if (!stopping) throw closed; // shutting down: unrecorded, it runs again at the next start
        }
    }
}
