package io.automove.support;

import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;
import software.amazon.awssdk.thirdparty.jackson.core.JsonFactory;
import software.amazon.awssdk.thirdparty.jackson.core.JsonGenerator;
import software.amazon.awssdk.thirdparty.jackson.core.SerializableString;
import software.amazon.awssdk.thirdparty.jackson.core.io.CharacterEscapes;
import software.amazon.awssdk.thirdparty.jackson.core.io.SerializedString;
import software.amazon.awssdk.thirdparty.jackson.core.JsonParser;
import software.amazon.awssdk.thirdparty.jackson.core.json.JsonReadFeature;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.io.InputStream;
import java.util.Collection;
import java.util.Map;

/**
 * JSON in and out without reflection: the SDK's own tree parser and its shaded Jackson generator, both already
 * loaded by the DynamoDB client, so they cost no cold start. Cold start is why there is no data binding.
 */
public final class Json {
    /** Strict JSON: the SDK's default factory accepts comments, which JSON does not have. */
    private static final JsonFactory FACTORY = JsonFactory.builder().disable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .disable(JsonReadFeature.ALLOW_YAML_COMMENTS).build();
    private static final JsonNodeParser PARSER = JsonNode.parserBuilder().jsonFactory(FACTORY).removeErrorLocations(true)
            .build();

    private Json() {}

    /** @throws IllegalArgumentException if the text is not exactly one JSON value */
    public static JsonNode parse(String text) {
        JsonNode node;
        try {
            node = PARSER.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not valid JSON", e);
        }
        if (node == null || !endsAfterOneValue(text)) throw new IllegalArgumentException("not exactly one JSON value");
        return node;
    }

    /** The tree parser stops after the first value; "{...} junk" must not pass for JSON. */
    private static boolean endsAfterOneValue(String text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            if (p.nextToken() == null) return false;
            p.skipChildren();
            return p.nextToken() == null;
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    public static JsonNode parse(InputStream in) {
        try {
            return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Writes maps (keys in their order), collections, strings, numbers, booleans, enums, nulls and parsed nodes. */
    public static String write(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.setCharacterEscapes(HTML_SAFE);
            write(g, value);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void write(JsonGenerator g, Object value) throws java.io.IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Integer || value instanceof Long) {
            g.writeNumber(((Number) value).longValue());
        } else if (value instanceof BigDecimal d) {
            g.writeNumber(d);
        } else if (value instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) throw new IllegalArgumentException("not a JSON number: " + n);
            g.writeNumber(d);
        } else if (value instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof Collection<?> list) {
            g.writeStartArray();
            for (Object item : list) write(g, item);
            g.writeEndArray();
        } else if (value instanceof JsonNode node) {
            g.writeRawValue(node.toString());
        } else if (value instanceof Enum<?> e) {
            g.writeString(e.name());
        } else {
            g.writeString(value.toString());
        }
    }

    /**
     * JSON that can sit inside an HTML page or a script: "<" is escaped (no "</script>" can close the tag), and
     * so are the line and paragraph separators older JavaScript engines choke on.
     */
    private static final CharacterEscapes HTML_SAFE = new CharacterEscapes() {
        private final int[] ascii;
        {
            ascii = standardAsciiEscapesForJSON();
            ascii['<'] = ESCAPE_STANDARD;
        }

        @Override public int[] getEscapeCodesForAscii() { return ascii; }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch == 0x2028 ? LS : ch == 0x2029 ? PS : null;
        }
    };
    private static final SerializableString LS = new SerializedString("\\u2028");
    private static final SerializableString PS = new SerializedString("\\u2029");
}
