package io.automove.usecases.ports;

import java.util.List;

/**
 * One page of a list, and where the next one starts: {@code next} is the store's own continuation (opaque to the
 * use cases; the edge seals it into a cursor for the caller), null at the end.
 */
public record Page<T>(List<T> items, String next) {
    public Page {
        items = List.copyOf(items);
    }

    public static <T> Page<T> last(List<T> items) { return new Page<>(items, null); }

    public <R> Page<R> map(java.util.function.Function<T, R> f) { return new Page<>(items.stream().map(f).toList(), next); }
}
