package io.automove.support;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTest {

    @Test
    void quotesAndBackslashes_areEscaped() {
        assertThat(Json.write("say \"hi\" \\ bye")).isEqualTo("\"say \\\"hi\\\" \\\\ bye\"");
    }

    @Test
    void newlineReturnTab_useShortEscapes_otherControlsUseUnicodeEscapes() {
        assertThat(Json.write("a\nb\rc\td")).isEqualTo("\"a\\nb\\rc\\td\"");
        assertThat(Json.write("\u0000\u0001\u001f")).isEqualToIgnoringCase("\"\\u0000\\u0001\\u001f\"");
    }

    @Test
    void lineAndParagraphSeparators_areEscaped() {
        assertThat(Json.write("x\u2028y\u2029z")).isEqualTo("\"x\\u2028y\\u2029z\"");
    }

    @Test
    void angleBracket_isEscaped_soNoClosingTagCanEndAScript_slashesAreNot() {
        assertThat(Json.write("</script>")).isEqualToIgnoringCase("\"\\u003c/script>\"");
        assertThat(Json.write("a/b")).isEqualTo("\"a/b\"");
    }

    @Test
    void nonAscii_isWrittenAsIs() {
        assertThat(Json.write("Città €")).isEqualTo("\"Città €\"");
    }

    @Test
    void nestedMapsAndLists_keepOrder_andNullsBooleansNumbersEnums() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("n", 1);
        inner.put("big", 9_000_000_000L);
        inner.put("none", null);
        Map<String, Object> outer = new LinkedHashMap<>();
        outer.put("list", List.of(inner, List.of(true, false), List.of()));
        outer.put("empty", Map.of());
        outer.put("enum", Thread.State.NEW);
        outer.put("dec", new BigDecimal("1.5"));

        assertThat(Json.write(outer)).isEqualTo(
                "{\"list\":[{\"n\":1,\"big\":9000000000,\"none\":null},[true,false],[]],\"empty\":{},\"enum\":\"NEW\",\"dec\":1.5}");
    }

    @Test
    void mapKeys_areEscapedToo() {
        assertThat(Json.write(Map.of("a\"b", 1))).isEqualTo("{\"a\\\"b\":1}");
    }

    @Test
    void nanAndInfinity_areRefused() {
        assertThatThrownBy(() -> Json.write(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.write(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.write(Map.of("x", List.of(Float.NEGATIVE_INFINITY)))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyTrickyString_survivesWriteThenParse() {
        List<String> tricky = new ArrayList<>(Arrays.asList("", "\"", "\\", "\\\"", "\n\r\t", "\u2028\u2029", "</",
                "<\\/", "😀 emoji", "ctrl \u0007 \u001b end", "\u007f"));
        for (String s : tricky) {
            String json = Json.write(Map.of("v", s));
            JsonNode parsed = Json.parse(json);
            assertThat(parsed.field("v").orElseThrow().asString()).as(json).isEqualTo(s);
            assertThat(json).doesNotContain("\n").doesNotContain("\u2028");
        }
    }

    @Test
    void parse_ofInvalidText_isIllegalArgument() {
        assertThatThrownBy(() -> Json.parse("{\"a\":")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.parse("nope")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parse_ofTextWithTrailingContent_isIllegalArgument() {
        assertThatThrownBy(() -> Json.parse("{\"a\":1}xyz")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.parse("{\"a\":1}{\"b\":2}")).isInstanceOf(IllegalArgumentException.class);
    }
}
