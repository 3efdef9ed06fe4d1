package io.automove.localstack;

import io.automove.support.Log;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * When the asynchronous work runs: the stream's records ({@link StreamPoller}) and the bus's invocations
 * ({@link LocalBus}). In background mode, as in the cloud, on threads of their own: the bus on a pool of four,
 * the stream polled every 5 ms while busy and every 50 ms after a second of quiet. In foreground mode nothing
 * runs by itself: {@link #settle()} runs everything pending in the caller's thread until nothing is left, which
 * makes tests deterministic. It runs no function itself.
 */
final class Scheduler implements AutoCloseable {
    private final boolean background;
    private final ScheduledExecutorService busThreads;
    private ScheduledExecutorService streamThread;
    private StreamPoller stream;
    private LocalBus bus;
    private volatile long idleSince = System.nanoTime();
    private volatile long nextPollAt;

    Scheduler(boolean background) {
        this.background = background;
        this.busThreads = background ? Executors.newScheduledThreadPool(4, daemon("local-bus")) : null;
    }

    /** The bus's threads in background mode; null in foreground mode (invocations wait for {@link #settle()}). */
    ScheduledExecutorService busThreads() { return busThreads; }

    /** Takes charge of the stream and the bus; in background mode starts polling the stream. */
    void start(StreamPoller stream, LocalBus bus) {
        this.stream = stream;
        this.bus = bus;
        if (background) {
            streamThread = Executors.newSingleThreadScheduledExecutor(daemon("local-stream"));
            streamThread.scheduleWithFixedDelay(this::pollQuietly, 5, 5, TimeUnit.MILLISECONDS);
        }
    }

    /** Every 5 ms while busy or just after an HTTP call, every 50 ms after a second of quiet. */
    private void pollQuietly() {
        long now = System.nanoTime();
        if (now < nextPollAt) return;
        try {
            if (stream.pump() > 0 || bus.pending() > 0) idleSince = now;
        } catch (RuntimeException e) {
            Log.error("stream pump failed", e);
        }
        if (now - idleSince > 1_000_000_000L) nextPollAt = now + 50_000_000L;
    }

    /** Something came in (an HTTP request): poll at full speed again. */
    void wake() {
        idleSince = System.nanoTime();
        nextPollAt = 0;
    }

    /** Runs everything that is pending, in this thread, until nothing is left (foreground mode). */
    void settle() {
        if (background) {
            awaitIdle(Duration.ofSeconds(30));
            return;
        }
        for (int rounds = 0; rounds < 10_000; rounds++) {
            int read = stream.pump();
            int ran = bus.drain();
            if (read == 0 && ran == 0) return;
        }
        throw new IllegalStateException("the local stack did not settle: an event loop?");
    }

    /** Waits until the stream has nothing new and no invocation is pending (background mode). */
    void awaitIdle(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        int quiet = 0;
        while (Instant.now().isBefore(deadline)) {
            int read = background ? stream.pump() : stream.pump() + bus.drain();
            quiet = read == 0 && bus.pending() == 0 ? quiet + 1 : 0;
            if (quiet >= 3) return;
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("the local stack was still busy after " + timeout);
    }

    /**
     * Stops polling and lets the invocations already running finish (a few seconds at most); the queued ones are
     * not started: with a data folder the bus's journal keeps them for the next start.
     */
    @Override
    public void close() {
        stop(streamThread);
        stop(busThreads);
    }

    private static void stop(ScheduledExecutorService threads) {
        if (threads == null) return;
        if (threads instanceof java.util.concurrent.ScheduledThreadPoolExecutor pool) {
            pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            pool.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        }
        threads.shutdown();
        try {
            if (!threads.awaitTermination(5, TimeUnit.SECONDS)) threads.shutdownNow();
        } catch (InterruptedException e) {
            threads.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name + "-" + UUID.randomUUID().toString().substring(0, 4));
            t.setDaemon(true);
            return t;
        };
    }
}
