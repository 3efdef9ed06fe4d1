package io.automove.usecases;

/** The result of a create; {@code replayed} when an Idempotency-Key found the one made earlier. */
public record Created<T>(T value, boolean replayed) {}
