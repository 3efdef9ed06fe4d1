package io.automove.support;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogTest {
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    @BeforeEach
    void capture() { Log.redirect(new PrintStream(captured, true, StandardCharsets.UTF_8)); }

    @AfterEach
    void restore() {
        Log.redirect(System.out);
        Log.requestId(null);
    }

    private String output() { return captured.toString(StandardCharsets.UTF_8); }

    private JsonNode onlyLine() {
        String out = output();
        assertThat(out).endsWith(System.lineSeparator());
        assertThat(out.strip().lines()).hasSize(1);
        return Json.parse(out.strip());
    }

    private static String text(JsonNode line, String field) { return line.field(field).orElseThrow().asString(); }

    @Test
    void info_writesOneJsonLine_withTimestampLevelMessageAndFields() {
        Log.info("request sent", "firmId", "firm-1", "requestId", "req-1", "recipients", 2);

        JsonNode line = onlyLine();
        assertThat(text(line, "level")).isEqualTo("INFO");
        assertThat(text(line, "message")).isEqualTo("request sent");
        assertThat(text(line, "firmId")).isEqualTo("firm-1");
        assertThat(text(line, "requestId")).isEqualTo("req-1");
        assertThat(line.field("recipients").orElseThrow().asNumber()).isEqualTo("2");
        assertThat(Instant.parse(text(line, "timestamp"))).isNotNull();
    }

    @Test
    void warn_isLevelWarn() {
        Log.warn("careful", "jobId", "job-1");

        assertThat(text(onlyLine(), "level")).isEqualTo("WARN");
    }

    @Test
    void fieldOutsideTheAllowList_isDropped_theEntryStillWritten_andTheFieldNamedOnceByNameOnly() {
        String field = "email" + System.nanoTime(); // a name no other test has used in this JVM

        Log.info("contact added", "firmId", "firm-1", field, "maria@rossi.example");
        Log.info("contact added again", "firmId", "firm-2", field, "luca@rossi.example");
        Log.info("m", "level", "DEBUG");

        assertThat(output()).doesNotContain("maria").doesNotContain("luca").doesNotContain("DEBUG");
        var lines = output().strip().lines().map(Json::parse).toList();
        assertThat(lines).filteredOn(l -> l.field("droppedField").isPresent())
                .extracting(l -> text(l, "droppedField")).containsOnlyOnce(field);
        assertThat(lines).filteredOn(l -> l.field("message").map(JsonNode::asString).orElse("").startsWith("contact added"))
                .extracting(l -> text(l, "firmId")).containsExactly("firm-1", "firm-2");
        assertThat(lines).filteredOn(l -> text(l, "message").equals("m")).singleElement()
                .satisfies(l -> assertThat(text(l, "level")).isEqualTo("INFO"));
    }

    @Test
    void messageWithNewlines_staysOnOneLine() {
        Log.info("line one\nline two", "outcome", "a\r\nb");

        JsonNode line = onlyLine();
        assertThat(text(line, "message")).isEqualTo("line one\nline two");
    }

    @Test
    void error_logsOurOwnExceptionsMessage_butOnlyTheClassOfOthers_atLevelError() {
        Log.error("delivery failed", new io.automove.usecases.ports.ConcurrentChangeException("request req-1 changed meanwhile"),
                "requestId", "req-1");
        Log.error("delivery failed", new IllegalStateException("For input string: Maria Rossi"), "requestId", "req-1");

        var lines = output().strip().lines().map(Json::parse).toList();
        assertThat(lines).extracting(l -> text(l, "level")).containsOnly("ERROR");
        assertThat(text(lines.get(0), "error")).isEqualTo("ConcurrentChangeException: request req-1 changed meanwhile");
        assertThat(text(lines.get(1), "error")).isEqualTo("IllegalStateException");
        assertThat(output()).doesNotContain("Maria");
    }

    @Test
    void sesSandboxRefusal_deepInACauseChain_leavesOnlyClassesAndTheAwsCode() {
        var ses = software.amazon.awssdk.services.ses.model.MessageRejectedException.builder().statusCode(400)
                .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                        .errorCode("MessageRejected").errorMessage("Email address is not verified. The following "
                                + "identities failed the check in region US-EAST-1: maria@rossi.example").build())
                .message("Email address is not verified: maria@rossi.example").build();
        RuntimeException wrapped = new RuntimeException("sending to Maria Rossi <maria@rossi.example> failed",
                new IllegalStateException("maria@rossi.example", ses));

        Log.error("send failed", wrapped);

        assertThat(output()).doesNotContain("maria").doesNotContain("Maria").doesNotContain("@");
        assertThat(text(onlyLine(), "error"))
                .isEqualTo("RuntimeException <- IllegalStateException <- MessageRejectedException [MessageRejected 400]");
    }

    @Test
    void ourOwnMessage_holdingAnAddress_isLeftOutToo() {
        Log.error("x", new io.automove.usecases.ports.ConcurrentChangeException("maria@rossi.example"));

        assertThat(text(onlyLine(), "error")).isEqualTo("ConcurrentChangeException");
    }

    @Test
    void longErrorMessage_isCutAt300Characters() {
        Log.error("x", new io.automove.usecases.ports.ConcurrentChangeException("y".repeat(1000)));

        assertThat(text(onlyLine(), "error")).isEqualTo("ConcurrentChangeException: " + "y".repeat(300));
    }

    @Test
    void requestId_isAddedToEveryLine_untilCleared() {
        Log.requestId("aws-req-9");
        Log.info("one");
        Log.requestId(null);
        Log.info("two");

        String[] lines = output().strip().split("\\R");
        assertThat(lines).hasSize(2);
        assertThat(text(Json.parse(lines[0]), "awsRequestId")).isEqualTo("aws-req-9");
        assertThat(Json.parse(lines[1]).field("awsRequestId")).isEmpty();
    }
}
