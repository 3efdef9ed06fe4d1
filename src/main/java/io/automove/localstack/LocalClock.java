package io.automove.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The local stack's clock: real time plus an offset a developer moves forward ({@code POST /_local/clock}), so that
 * reminders days apart can be seen in seconds. Every function of the local stack reads it. With a data folder the
 * offset is kept there, so a restart does not send the stack back in time under data written in its future.
 */
public final class LocalClock extends Clock {
    private final Clock real;
    private final Path file;
    private volatile Duration offset;

    public LocalClock(Clock real, Path dataDir) {
        this.real = real;
        this.file = dataDir == null ? null : dataDir.resolve("clock-offset");
        this.offset = load(file);
    }

    /** Moves the clock forward; it never goes back. */
    public synchronized Instant advance(Duration by) {
        if (by.isNegative()) throw new IllegalArgumentException("the local clock only moves forward");
        offset = offset.plus(by);
        save();
        return instant();
    }

    public Duration offset() { return offset; }

    @Override public ZoneId getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(ZoneId zone) { return this; }
    @Override public Instant instant() { return real.instant().plus(offset); }

    private static Duration load(Path file) {
        try {
            return file == null || !Files.exists(file) ? Duration.ZERO
                    : Duration.parse(Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void save() {
        if (file == null) return;
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, offset.toString(), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
