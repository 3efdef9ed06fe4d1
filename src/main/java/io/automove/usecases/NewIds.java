package io.automove.usecases;

import io.automove.model.Caller;
import io.automove.model.DerivedIds;
import io.automove.usecases.ports.Ids;

/**
 * Ids for things a caller creates. With an Idempotency-Key the id is derived from the key, its call and the
 * caller, so a retried call finds what the first one made; without, it is random.
 */
final class NewIds {
    private final Ids ids;

    NewIds(Ids ids) { this.ids = ids; }

    String forCreate(String prefix, Caller caller, IdempotencyKey key) {
        if (!key.given()) return ids.newId(prefix);
        return DerivedIds.of(prefix, String.valueOf(caller.firmId()), caller.userId(), key.scope(), key.key());
    }
}
