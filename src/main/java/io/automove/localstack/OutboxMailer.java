package io.automove.localstack;

import io.automove.model.Email;
import io.automove.usecases.ports.Mailer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The local stand-in for SES: keeps every message, and writes each as an .eml file when given a folder. Nothing
 * leaves the machine; {@link LocalPortal} shows the messages at /_local/outbox. With a folder, a message is
 * sent once its file is in place (written whole, then moved in atomically), and the folder is the outbox: a new
 * start reads the files back, so the outbox lists every email ever sent with that data folder, and what a
 * killed JVM was in the middle of writing was not sent.
 */
public final class OutboxMailer implements Mailer {

    public record Sent(String messageId, Instant at, String from, Email email) {}

    private static final String REQUEST_ID = "X-Automove-Request-Id";
    private static final String PORTAL_LINK = "X-Automove-Portal-Link";
    private static final String KIND = "X-Automove-Email-Kind";

    private final String from;
    private final Path folder;
    private final Clock clock;
    private final List<Sent> sent = new ArrayList<>();

    public OutboxMailer(String from, Path folder, Clock clock) {
        this.from = from;
        this.folder = folder;
        this.clock = clock;
        if (folder != null) sent.addAll(readFolder(folder));
    }

    @Override
    public String send(Email email) {
        Sent message = new Sent(UUID.randomUUID().toString(), clock.instant(), from, email);
        if (folder != null) write(message);
        synchronized (sent) {
            sent.add(message);
        }
        return message.messageId();
    }

    public List<Sent> messages() {
        synchronized (sent) {
            return List.copyOf(sent);
        }
    }

    private void write(Sent m) {
        String eml = "Message-ID: <" + m.messageId() + "@automove.local>\r\n"
                + "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(m.at().atOffset(ZoneOffset.UTC)) + "\r\n"
                + "From: " + header(m.from()) + "\r\n"
                + "To: " + header(m.email().to()) + "\r\n"
                + "Subject: " + header(m.email().subject()) + "\r\n"
                + REQUEST_ID + ": " + header(m.email().requestId()) + "\r\n"
                + (m.email().portalLink() == null ? "" : PORTAL_LINK + ": " + header(m.email().portalLink()) + "\r\n")
                + KIND + ": " + m.email().kind().name() + "\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                + m.email().text().replace("\r\n", "\n").replace("\n", "\r\n");
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the outbox folder", e);
        }
        // the name sorts by time; the request id and the message id make it unique
        Journal.writeAtomically(folder.resolve(String.format("%013d", m.at().toEpochMilli()) + "-"
                + m.email().requestId() + "-" + m.messageId() + ".eml"), eml);
    }

    /** A header value as is if it is plain printable ASCII, else as an RFC 2047 encoded word (UTF-8, base64). */
    private static String header(String value) {
        boolean plain = !value.startsWith("=?") && value.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
        return plain ? value : "=?UTF-8?B?" + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    private static String unheader(String value) {
        if (!value.startsWith("=?UTF-8?B?") || !value.endsWith("?=")) return value;
        return new String(Base64.getDecoder().decode(value.substring(10, value.length() - 2)), StandardCharsets.UTF_8);
    }

    /**
     * The .eml files of earlier runs, oldest first; a file a crash left half-written is removed (never sent), and
     * one this outbox did not write is left alone and not listed.
     */
    private static List<Sent> readFolder(Path folder) {
        if (!Files.isDirectory(folder)) return List.of();
        List<Sent> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith(".") && name.endsWith(".tmp")) {
                    Files.deleteIfExists(file);
                } else if (name.endsWith(".eml")) {
                    try {
                        found.add(read(file));
                    } catch (RuntimeException notOurs) {
                        System.err.println("automove-local: " + file + " is not an email this outbox wrote; not listed");
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the outbox folder " + folder, e);
        }
        return found;
    }

    private static Sent read(Path file) throws IOException {
        String eml = Files.readString(file, StandardCharsets.UTF_8);
        int end = eml.indexOf("\r\n\r\n");
        if (end < 0) throw new IllegalStateException("not an outbox email: " + file);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : eml.substring(0, end).split("\r\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) headers.put(line.substring(0, colon).toLowerCase(Locale.ROOT), unheader(line.substring(colon + 2)));
        }
        String text = eml.substring(end + 4).replace("\r\n", "\n");
        String messageId = headers.getOrDefault("message-id", "").replaceAll("^<|@automove\\.local>$", "");
        String name = file.getFileName().toString();
        Instant at = Instant.ofEpochMilli(Long.parseLong(name.substring(0, name.indexOf('-'))));
        String kind = headers.get(KIND.toLowerCase(Locale.ROOT));
        Email email = new Email(headers.get("to"), headers.get("subject"), text,
                headers.get(REQUEST_ID.toLowerCase(Locale.ROOT)), headers.get(PORTAL_LINK.toLowerCase(Locale.ROOT)),
                kind == null ? io.automove.model.EmailKind.REQUEST : io.automove.model.EmailKind.valueOf(kind));
        return new Sent(messageId, at, headers.get("from"), email);
    }
}
