package io.automove.localstack;

import io.automove.support.Json;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * An append-only file of JSON lines under the data folder, for what the local stack must not forget when its JVM
 * is killed (the bus's queued invocations and dead letters, the stream's dead letters). Each record is one line,
 * appended with one write: a kill -9 keeps every line written (the operating system holds it), and
 * {@link #force()} makes them survive a machine crash too (fsync). A last line cut short by a crash is ignored
 * when read back. {@link #rewrite} replaces the whole file atomically, to drop what is finished. Also the one
 * place that writes a small file atomically ({@link #writeAtomically}): a temporary file, forced, moved over.
 */
final class Journal implements AutoCloseable {
    private final Path file;
    private FileChannel channel;

    /** Opens (or creates) the file; {@link #read()} gives what earlier runs wrote. */
    Journal(Path file) {
        this.file = file;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            this.channel = open(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file, e);
        }
    }

    private static FileChannel open(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** Every complete record in the file, oldest first. */
    synchronized List<JsonNode> read() {
        List<JsonNode> records = new ArrayList<>();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        for (String line : text.split("\n")) {
            if (line.isBlank()) continue;
            try {
                records.add(Json.parse(line));
            } catch (IllegalArgumentException cutShort) {
                // only the last line can be cut short by a crash; there is nothing after it to lose
            }
        }
        return records;
    }

    /** Appends one record (a map, as {@link Json#write} writes it) with one write; not forced yet. */
    synchronized void append(Object record) {
        ByteBuffer line = ByteBuffer.wrap((Json.write(record) + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            while (line.hasRemaining()) channel.write(line);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }

    /** Everything appended so far is on disk when this returns. */
    synchronized void force() {
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sync " + file, e);
        }
    }

    /** Replaces the file with these records, atomically: a crash leaves either the old file or the new one. */
    synchronized void rewrite(List<?> records) {
        StringBuilder text = new StringBuilder();
        for (Object r : records) text.append(Json.write(r)).append('\n');
        try {
            channel.close();
            writeAtomically(file, text.toString());
            channel = open(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite " + file, e);
        }
    }

    /** Writes a whole file so that a crash leaves either its old content or the new one, never a part. */
    static void writeAtomically(Path file, String content) {
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) out.write(bytes);
            out.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + temp, e);
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace " + file, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
