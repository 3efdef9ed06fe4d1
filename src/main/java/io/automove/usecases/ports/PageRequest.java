package io.automove.usecases.ports;

/**
 * Which page of a list: at most {@code limit} items ({@value #MIN} to {@value #MAX}), starting after {@code after}
 * (a store continuation from an earlier {@link Page#next()}; null: from the start).
 */
public record PageRequest(int limit, String after) {
    public static final int MIN = 1;
    public static final int MAX = 200;
    public static final int DEFAULT = 50;

    public PageRequest {
        if (limit < MIN || limit > MAX) throw new IllegalArgumentException("limit out of range: " + limit);
    }

    public static PageRequest first(int limit) { return new PageRequest(limit, null); }
}
