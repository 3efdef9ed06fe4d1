package io.automove.localstack;

import io.automove.model.Email;
import io.automove.usecases.ports.Mailer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The local stand-in for SES: keeps every message, and writes each as an .eml file when given a folder. Nothing
 * leaves the machine; {@link LocalPortal} shows the messages at /_local/outbox.
 */
public final class OutboxMailer implements Mailer {

    public record Sent(String messageId, Instant at, String from, Email email) {}

    private final String from;
    private final Path folder;
    private final Clock clock;
    private final List<Sent> sent = new ArrayList<>();

    public OutboxMailer(String from, Path folder, Clock clock) {
        this.from = from;
        this.folder = folder;
        this.clock = clock;
    }

    @Override
    public String send(Email email) {
        Sent message = new Sent(UUID.randomUUID().toString(), clock.instant(), from, email);
        synchronized (sent) {
            sent.add(message);
        }
        if (folder != null) write(message);
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
                + "From: " + m.from() + "\r\n"
                + "To: " + m.email().to() + "\r\n"
                + "Subject: " + m.email().subject() + "\r\n"
                + "X-Automove-Request-Id: " + m.email().requestId() + "\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
                + m.email().text().replace("\n", "\r\n");
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve(m.at().toEpochMilli() + "-" + m.email().requestId() + "-" + m.messageId() + ".eml"), eml,
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the outbox file", e);
        }
    }
}
