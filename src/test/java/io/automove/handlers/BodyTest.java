package io.automove.handlers;

import io.automove.model.DomainException;
import io.automove.model.ItemKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BodyTest {

    private static Body body(String json) {
        return Body.of(new HttpRequest("POST /x", "/x", Map.of(), Map.of(), Map.of(), json, Map.of(), "rid"));
    }

    private static void assertInvalid(Runnable r, String code, String messagePart) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.reason()).isEqualTo(DomainException.Reason.INVALID);
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(messagePart);
        });
    }

    @Test
    void readsTypedFields() {
        Body b = body("{\"title\":\"Tax 2024\",\"automove\":true,\"kind\":\"file_upload\",\"ids\":[\"a\",\"b\"],"
                + "\"stages\":[{\"name\":\"Intake\"}]}");

        assertThat(b.str("title")).isEqualTo("Tax 2024");
        assertThat(b.bool("automove", false)).isTrue();
        assertThat(b.enumValue("kind", ItemKind.class)).isEqualTo(ItemKind.FILE_UPLOAD);
        assertThat(b.strings("ids")).containsExactly("a", "b");
        assertThat(b.objects("stages")).singleElement().satisfies(s -> assertThat(s.str("name")).isEqualTo("Intake"));
        assertThat(b.end()).isSameAs(b);
    }

    @Test
    void missingOptionalFields_readAsAbsent_andNullCountsAsMissing() {
        Body b = body("{\"note\":null}");

        assertThat(b.optStr("note")).isNull();
        assertThat(b.optStr("other")).isNull();
        assertThat(b.bool("automove", true)).isTrue();
        assertThat(b.optBool("automove")).isNull();
        assertThat(b.strings("ids")).isEmpty();
        assertThat(b.optObjects("stages")).isNull();
        assertThat(b.has("note")).isFalse();
        b.end();
    }

    @Test
    void missingRequiredField_namesTheField() {
        assertInvalid(() -> body("{}").str("title"), "MISSING_FIELD", "title is required");
        assertInvalid(() -> body("{\"title\":null}").str("title"), "MISSING_FIELD", "title");
        assertInvalid(() -> body("{\"title\":\"   \"}").str("title"), "MISSING_FIELD", "title");
        assertInvalid(() -> body("{}").enumValue("kind", ItemKind.class), "MISSING_FIELD", "kind");
        assertInvalid(() -> body("{}").objects("stages"), "MISSING_FIELD", "stages");
    }

    @Test
    void mistypedField_namesTheField() {
        assertInvalid(() -> body("{\"title\":5}").str("title"), "INVALID_FIELD", "title must be a string");
        assertInvalid(() -> body("{\"automove\":\"yes\"}").bool("automove", false), "INVALID_FIELD", "automove must be true or false");
        assertInvalid(() -> body("{\"ids\":\"a\"}").strings("ids"), "INVALID_FIELD", "ids must be a list");
        assertInvalid(() -> body("{\"ids\":[\"a\",1]}").strings("ids"), "INVALID_FIELD", "ids must be a list of strings");
        assertInvalid(() -> body("{\"stages\":[\"Intake\"]}").objects("stages"), "INVALID_FIELD", "stages[0] must be a JSON object");
        assertInvalid(() -> body("{\"kind\":\"photo\"}").enumValue("kind", ItemKind.class), "INVALID_FIELD", "QUESTION");
    }

    @Test
    void nestedFields_carryTheirPath() {
        Body b = body("{\"stages\":[{\"name\":\"Intake\"},{\"name\":\"Missing\",\"automove\":\"on\"}]}");
        List<Body> stages = b.objects("stages");

        assertThat(stages.get(0).str("name")).isEqualTo("Intake");
        assertInvalid(() -> stages.get(1).bool("automove", false), "INVALID_FIELD", "stages[1].automove");
        assertInvalid(() -> stages.get(0).str("templateId"), "MISSING_FIELD", "stages[0].templateId is required");
    }

    @Test
    void unknownField_isRefusedByEnd_namingIt() {
        Body b = body("{\"name\":\"Missing info\",\"automov\":true}");
        b.str("name");

        assertInvalid(b::end, "UNKNOWN_FIELD", "automov");
    }

    @Test
    void unknownNestedField_isRefusedByTheNestedEnd_withItsPath() {
        Body b = body("{\"stages\":[{\"name\":\"Intake\",\"colour\":\"red\"}]}");
        Body stage = b.objects("stages").get(0);
        stage.str("name");
        b.end();

        assertInvalid(stage::end, "UNKNOWN_FIELD", "stages[0].colour");
    }

    @Test
    void fieldReadAsNull_isNotUnknown() {
        Body b = body("{\"name\":\"x\",\"note\":null}");
        b.str("name");
        assertThat(b.optStr("note")).isNull();

        assertThatCode(b::end).doesNotThrowAnyException();
        // the same body, with "note" never read: then it is unknown
        Body unread = body("{\"name\":\"x\",\"note\":null}");
        unread.str("name");
        assertInvalid(unread::end, "UNKNOWN_FIELD", "note");
    }

    @Test
    void bodyLargerThan256KiB_isRefusedWith413_countingBytesNotCharacters() {
        // 90 000 euro signs: 90 000 characters, 270 000 bytes of UTF-8
        String big = "{\"note\":\"" + "€".repeat(90_000) + "\"}";

        assertThatThrownBy(() -> body(big)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(413);
            assertThat(e.code()).isEqualTo("BODY_TOO_LARGE");
        });
    }

    @Test
    void bodyOfExactly256KiB_isRead() {
        String prefix = "{\"note\":\"", suffix = "\"}";
        String exact = prefix + "x".repeat(Body.MAX_BYTES - prefix.length() - suffix.length()) + suffix;

        assertThat(body(exact).str("note")).hasSize(Body.MAX_BYTES - 11);
        assertThatThrownBy(() -> body(prefix + "x".repeat(Body.MAX_BYTES) + suffix)).isInstanceOf(ApiException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"a\":}", "not json", "{\"a\":1,}", "{'a':1}"})
    void invalidJson_isRefused(String text) {
        assertInvalid(() -> body(text), "INVALID_JSON", "not valid JSON");
    }

    @Test
    void bodyWithTrailingContent_isInvalidJson() {
        assertInvalid(() -> body("{\"title\":\"a\"} {\"title\":\"b\"}"), "INVALID_JSON", "not valid JSON");
        assertInvalid(() -> body("{\"title\":\"a\"}garbage"), "INVALID_JSON", "not valid JSON");
    }

    @Test
    void missingBody_isRefused() {
        assertInvalid(() -> body(null), "MISSING_BODY", "JSON body");
        assertInvalid(() -> body("  "), "MISSING_BODY", "JSON body");
    }

    @Test
    void bodyThatIsNotAnObject_isRefused() {
        assertInvalid(() -> body("[1,2]"), "INVALID_FIELD", "must be a JSON object");
        assertInvalid(() -> body("\"text\""), "INVALID_FIELD", "must be a JSON object");
    }

    @Test
    void listWithMoreThan1000Entries_isRefused() {
        String many = "{\"ids\":[" + String.join(",", java.util.Collections.nCopies(1001, "\"a\"")) + "]}";

        assertInvalid(() -> body(many).strings("ids"), "INVALID_FIELD", "too many entries");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Tax\r\nBcc: x@evil.example", "Tax\nreturn", "Tax\treturn", "Tax\u0000", "Tax\u001b[31m",
            "Tax\u007f", "Tax\u0085", "Tax\u2028return", "Tax\u2029", "\u202Enruter xaT", "Tax\u2066"})
    void aLineHoldingAControlCharacter_isRefused_namingTheFieldAndTheCharacter(String title) {
        String json = "{\"title\":" + io.automove.support.Json.write(title) + "}";

        assertInvalid(() -> body(json).str("title"), "INVALID_TEXT", "title must be one line of text");
        assertInvalid(() -> body(json).optStr("title"), "INVALID_TEXT", "U+");
    }

    @Test
    void aText_mayHoldLineBreaksAndTabs_butNoOtherControlCharacter() {
        assertThat(body("{\"message\":\"Dear Maria,\\r\\n\\tplease send\\n\"}").text("message"))
                .isEqualTo("Dear Maria,\r\n\tplease send\n");
        assertInvalid(() -> body("{\"message\":\"a\\u0007b\"}").text("message"), "INVALID_TEXT", "U+0007");
        assertInvalid(() -> body("{\"message\":\"a\\u202eb\"}").optText("message"), "INVALID_TEXT", "U+202E");
    }

    @Test
    void halfASurrogatePair_isNotText_inALineOrAText() {
        assertInvalid(() -> body("{\"title\":\"a\\ud800b\"}").str("title"), "INVALID_TEXT", "U+D800");
        assertInvalid(() -> body("{\"message\":\"a\\udc00\"}").text("message"), "INVALID_TEXT", "U+DC00");
        assertThat(body("{\"title\":\"\\ud83d\\ude00 ok\"}").str("title")).isEqualTo("\ud83d\ude00 ok");
    }

    @Test
    void aLineOfOnlySpacesAndInvisibleCharacters_isBlank_soMissing() {
        assertInvalid(() -> body("{\"title\":\"\\u200b \\u00a0\\ufeff\"}").str("title"), "MISSING_FIELD", "title is required");
        assertInvalid(() -> body("{\"message\":\" \\n\\t \"}").text("message"), "MISSING_FIELD", "message is required");
    }

    @Test
    void aListOfIds_holdingAControlCharacter_isRefused() {
        assertInvalid(() -> body("{\"jobIds\":[\"job_1\",\"job\\n2\"]}").strings("jobIds"), "INVALID_TEXT", "jobIds");
    }

    @Test
    void aBodyThatIsNotUtf8_isRefusedBeforeItIsRead() {
        HttpRequest notUtf8 = new HttpRequest("POST /x", "/x", Map.of(), Map.of(), Map.of(), null, Map.of(), "rid", false);

        assertInvalid(() -> Body.of(notUtf8), "INVALID_ENCODING", "not valid UTF-8");
    }

    @Test
    void dateTimes_needAnOffset_andAYearOf0001To9999() {
        assertThat(body("{\"at\":\"2026-03-31T17:00:00+02:00\"}").optInstant("at"))
                .isEqualTo(java.time.Instant.parse("2026-03-31T15:00:00Z"));
        assertThat(body("{\"at\":\"9999-12-31T23:59:59Z\"}").optInstant("at")).isNotNull();
        assertThat(body("{}").optInstant("at")).isNull();
        assertInvalid(() -> body("{\"at\":\"2026-03-31T17:00:00\"}").optInstant("at"), "INVALID_FIELD", "at");
        for (String far : List.of("+999999999-12-31T23:59:59Z", "+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z",
                "0000-01-01T00:00:00Z")) {
            assertInvalid(() -> body("{\"at\":\"" + far + "\"}").optInstant("at"), "INVALID_FIELD", "years 0001 to 9999");
        }
    }
}
