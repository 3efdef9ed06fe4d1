package io.automove.usecases;

/**
 * A caller's Idempotency-Key and the call it came with ({@code scope}: the method and path, e.g.
 * "POST /jobs/job_1/client-requests"). The id of what the call creates is derived from both and the caller, so a
 * retry of the same call finds the first one's result; the same key on another call makes another thing.
 */
public record IdempotencyKey(String key, String scope) {
    public static final IdempotencyKey NONE = new IdempotencyKey(null, null);

    public boolean given() { return key != null; }
}
