package io.automove.localstack;

import io.automove.model.Email;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The local mail outbox on a folder: each email an .eml file, read back whole by the next start. */
class OutboxMailerTest {

    @Test
    void theEmailsOfEarlierRuns_areReadBackFromTheFolder_exactlyAsSent(@TempDir Path dir) throws Exception {
        List<Email> emails = List.of(
                new Email("maria@rossi.example", "Documents for your tax return", "Dear client,\nplease send them.\n",
                        "req_1", "http://localhost:3000/_local/portal/r/f1/req_1"),
                new Email("luca@rossi.example", "Città – €\r\nBcc: someone@else.example", "Line\r\nwith CRLF",
                        "req_2", "http://localhost:3000/_local/portal/r/f1/req_2"),
                new Email("anna@x.example", "=?UTF-8?B?looks encoded?=", "", "req_3", null));
        OutboxMailer first = new OutboxMailer("requests@automove.local", dir, Clock.systemUTC());
        emails.forEach(first::send);
        Files.writeString(dir.resolve(".123-req_4-x.eml.tmp"), "half written when the JVM was killed");
        Files.writeString(dir.resolve("saved-by-hand.eml"), "Subject: not ours\r\n\r\nhello");

        OutboxMailer again = new OutboxMailer("requests@automove.local", dir, Clock.systemUTC());

        assertThat(again.messages()).hasSize(3);
        assertThat(again.messages()).extracting(OutboxMailer.Sent::email).containsExactlyInAnyOrderElementsOf(List.of(
                emails.get(0), new Email("luca@rossi.example", "Città – €\r\nBcc: someone@else.example", "Line\nwith CRLF",
                        "req_2", "http://localhost:3000/_local/portal/r/f1/req_2"), emails.get(2)));
        assertThat(again.messages()).extracting(OutboxMailer.Sent::messageId)
                .containsExactlyInAnyOrderElementsOf(first.messages().stream().map(OutboxMailer.Sent::messageId).toList());
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("the half-written file is gone, a foreign one stays")
                    .hasSize(4).allMatch(n -> n.endsWith(".eml"));
        }
        String eml;
        try (var files = Files.list(dir)) {
            eml = Files.readString(files.filter(p -> p.toString().contains("req_2")).findFirst().orElseThrow());
        }
        assertThat(eml).as("a header value cannot add a header").doesNotContain("\r\nBcc:");
    }
}
