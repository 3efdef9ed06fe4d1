package io.automove.usecases;

import io.automove.model.Caller;
import io.automove.model.DerivedIds;
import io.automove.usecases.ports.Ids;

/**
 * Ids for things a caller creates. With an Idempotency-Key the id is derived from the key, the caller and the
 * operation, so a retried call finds what the first one made; without, it is random.
 */
public final class NewIds {
    private final Ids ids;

    public NewIds(Ids ids) { this.ids = ids; }

    public String forCreate(String prefix, Caller caller, String operation, String idempotencyKey) {
        if (idempotencyKey == null) return ids.newId(prefix);
        return DerivedIds.of(prefix, String.valueOf(caller.firmId()), caller.userId(), operation, idempotencyKey);
    }
}
