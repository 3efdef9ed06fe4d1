package io.automove.testing;

import io.automove.localstack.LocalBus;

import java.util.Random;

/**
 * At-least-once, exaggerated: the local bus queues every invocation {@code min} to {@code max} times and runs
 * the queue in random order (foreground mode). What EventBridge may do rarely, this does always. Pass it as
 * {@code Options.dispatch(...)}; a seeded {@link Random} makes a run repeatable.
 */
public final class BusChaos implements LocalBus.Dispatch {
    private final Random random;
    private final int min;
    private final int max;

    public BusChaos(Random random, int min, int max) {
        this.random = random;
        this.min = min;
        this.max = max;
    }

    @Override
    public int copies(LocalBus.Invocation invocation) { return min + random.nextInt(max - min + 1); }

    @Override
    public int next(int queued) { return random.nextInt(queued); }
}
