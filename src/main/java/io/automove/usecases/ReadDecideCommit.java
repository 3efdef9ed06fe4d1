package io.automove.usecases;

import io.automove.usecases.ports.ConcurrentChangeException;
import io.automove.usecases.ports.Read;

/**
 * The one optimistic-concurrency loop every use case runs: read, decide, commit conditionally on what was read;
 * when somebody else wrote in between ({@link ConcurrentChangeException}), read again and decide again. The first
 * read may be eventual (half the price, and usually right); every later read is consistent, since a conflict
 * proves the eventual read was stale. After {@link #ATTEMPTS} conflicts it gives up with one exception,
 * {@link KeptChangingException}: a caller answers 409, a bus consumer fails so the platform retries later.
 */
public final class ReadDecideCommit {
    public static final int ATTEMPTS = 4;

    /** One attempt: reads with {@code read}, decides, commits; throws {@link ConcurrentChangeException} to go again. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run(Read read);
    }

    private ReadDecideCommit() {}

    /**
     * @param what       names the thing being changed, for the give-up message ("job job_1")
     * @param firstRead  EVENTUAL when a stale first read is caught by the commit's condition; CONSISTENT when the
     *                   decision itself must see every earlier write
     */
    public static <T> T run(String what, Read firstRead, Attempt<T> attempt) {
        return run(what, firstRead, ATTEMPTS, attempt);
    }

    public static <T> T run(String what, Read firstRead, int attempts, Attempt<T> attempt) {
        for (int i = 0; i < attempts; i++) {
            try {
                return attempt.run(i == 0 ? firstRead : Read.CONSISTENT);
            } catch (ConcurrentChangeException conflict) {
                // somebody wrote in between: read again, decide again
            }
        }
        throw new KeptChangingException(what + " kept changing through " + attempts + " attempts");
    }

    /** Asks for another attempt without a failed commit: what was read is not enough to decide yet. */
    public static ConcurrentChangeException lookAgain(String why) {
        return new ConcurrentChangeException(why);
    }

    /** The loop gave up: every attempt met a concurrent change. */
    public static final class KeptChangingException extends RuntimeException {
        public KeptChangingException(String message) {
            super(message, null, false, false);
        }
    }
}
