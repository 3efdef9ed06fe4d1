package io.automove.support;

import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;
import software.amazon.awssdk.thirdparty.jackson.core.JsonFactory;
import software.amazon.awssdk.thirdparty.jackson.core.JsonParser;
import software.amazon.awssdk.thirdparty.jackson.core.json.JsonReadFeature;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON in and out without reflection: the SDK's own tree parser (already loaded by the DynamoDB client) and a
 * small writer for maps, lists, strings, numbers and booleans. Cold start is why there is no data binding.
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

    public static String write(Object value) {
        StringBuilder out = new StringBuilder(256);
        write(out, value);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            string(out, s);
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            out.append(value);
        } else if (value instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) throw new IllegalArgumentException("not a JSON number: " + n);
            out.append(n);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) out.append(',');
                first = false;
                string(out, String.valueOf(e.getKey()));
                out.append(':');
                write(out, e.getValue());
            }
            out.append('}');
        } else if (value instanceof Collection<?> list) {
            out.append('[');
            Iterator<?> it = list.iterator();
            while (it.hasNext()) {
                write(out, it.next());
                if (it.hasNext()) out.append(',');
            }
            out.append(']');
        } else if (value instanceof JsonNode node) {
            out.append(node.toString());
        } else if (value instanceof Enum<?> e) {
            string(out, e.name());
        } else {
            string(out, value.toString());
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    // escape controls and the line separators JavaScript chokes on; </ for embedding in HTML
                    if (c < 0x20 || c == '\u2028' || c == '\u2029' || (c == '/' && i > 0 && s.charAt(i - 1) == '<')) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    public static byte[] bytes(InputStream in) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            in.transferTo(out);
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
