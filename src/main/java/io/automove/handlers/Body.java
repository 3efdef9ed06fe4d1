package io.automove.handlers;

import io.automove.model.DomainException;
import io.automove.model.Text;
import io.automove.support.Json;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A JSON object from a request body, read field by field. A missing or mistyped field is a 400 naming the
 * field; so is a field nobody read ({@link #end()}): a typo like "automov" must not silently mean "off".
 */
public final class Body {
    /** Larger bodies are refused before parsing. */
    public static final int MAX_BYTES = 256 * 1024;

    private final Map<String, JsonNode> fields;
    private final String path;
    private final Set<String> read = new HashSet<>();

    private Body(Map<String, JsonNode> fields, String path) {
        this.fields = fields;
        this.path = path;
    }

    public static Body of(HttpRequest request) {
        requireUtf8(request);
        String text = request.body();
        if (text == null || text.isBlank()) throw DomainException.invalid("MISSING_BODY", "The request needs a JSON body.");
        if (text.length() > MAX_BYTES / 4 && text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new ApiException(413, "BODY_TOO_LARGE", "The body is larger than " + MAX_BYTES + " bytes.");
        }
        JsonNode node;
        try {
            node = Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw DomainException.invalid("INVALID_JSON", "The body is not valid JSON.");
        }
        return object(node, "");
    }

    /**
     * The body of a route that may go without one (a bare POST that only names what it acts on): null when there is
     * none or it is blank, else a JSON object like any other, whose fields the route reads and then {@link #end()}s.
     * A body that was sent but cannot be read is refused, never taken for no body.
     */
    public static Body optional(HttpRequest request) {
        requireUtf8(request);
        String text = request.body();
        return text == null || text.isBlank() ? null : of(request);
    }

    /** A body that is not UTF-8 is refused, before anything else is read from it. */
    public static void requireUtf8(HttpRequest request) {
        if (!request.bodyIsUtf8()) throw DomainException.invalid("INVALID_ENCODING", "The body is not valid UTF-8.");
    }

    static Body object(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            String what = path.isEmpty() ? "The body" : path.endsWith(".") ? path.substring(0, path.length() - 1) : path;
            throw DomainException.invalid("INVALID_FIELD", what + " must be a JSON object.");
        }
        return new Body(node.asObject(), path);
    }

    public boolean has(String name) {
        read.add(name); // asked about: an explicit null is then an absent field, not an unknown one
        JsonNode v = fields.get(name);
        return v != null && !v.isNull();
    }

    /** Whether the field is there with the value null: "remove it", where absent means "leave it". */
    public boolean isExplicitNull(String name) {
        read.add(name);
        JsonNode v = fields.get(name);
        return v != null && v.isNull();
    }

    private JsonNode get(String name) {
        read.add(name);
        JsonNode v = fields.get(name);
        return v == null || v.isNull() ? null : v;
    }

    /** A required line of text (a name, a title, an id): blank is missing, a control character is refused. */
    public String str(String name) {
        return required(name, optStr(name));
    }

    public String optStr(String name) {
        return checked(name, rawString(name), Text.forbiddenInLine(rawStringOrNull(name)), "one line of text");
    }

    /** A required text that may span lines (a message, an answer): line breaks and tabs allowed, other controls not. */
    public String text(String name) {
        return required(name, optText(name));
    }

    public String optText(String name) {
        return checked(name, rawString(name), Text.forbiddenInText(rawStringOrNull(name)), "text");
    }

    private String required(String name, String v) {
        if (Text.isBlank(v)) throw DomainException.invalid("MISSING_FIELD", path + name + " is required.");
        return v;
    }

    private String rawString(String name) {
        JsonNode v = get(name);
        if (v == null) return null;
        if (!v.isString()) throw DomainException.invalid("INVALID_FIELD", path + name + " must be a string.");
        return v.asString();
    }

    private String rawStringOrNull(String name) {
        JsonNode v = fields.get(name);
        return v != null && v.isString() ? v.asString() : null;
    }

    private String checked(String name, String value, String forbidden, String what) {
        // spaces, tabs and line breaks alone are a blank value, which the caller treats as missing
        if (forbidden != null && !Text.isBlank(value)) {
            throw DomainException.invalid("INVALID_TEXT", path + name + " must be " + what
                    + " without control characters; it holds " + forbidden + ".");
        }
        return value;
    }

    public boolean bool(String name, boolean otherwise) {
        Boolean v = optBool(name);
        return v == null ? otherwise : v;
    }

    public Boolean optBool(String name) {
        JsonNode v = get(name);
        if (v == null) return null;
        if (!v.isBoolean()) throw DomainException.invalid("INVALID_FIELD", path + name + " must be true or false.");
        return v.asBoolean();
    }

    /** A whole number, or null when absent; a fraction, a string or a number past int is refused. */
    public Integer optInt(String name) {
        JsonNode v = get(name);
        if (v == null) return null;
        if (!v.isNumber() || !v.asNumber().matches("-?\\d{1,9}")) {
            throw DomainException.invalid("INVALID_FIELD", path + name + " must be a whole number.");
        }
        return Integer.valueOf(v.asNumber());
    }

    /**
     * An ISO-8601 date-time with an offset ("2026-03-31T17:00:00Z"), or null when absent. Years 0001 to 9999 only:
     * the parser also takes "+999999999-12-31T23:59:59Z", whose epoch milliseconds overflow a long.
     */
    public java.time.Instant optInstant(String name) {
        String v = optStr(name);
        if (v == null) return null;
        java.time.OffsetDateTime at;
        try {
            at = java.time.OffsetDateTime.parse(v);
        } catch (java.time.format.DateTimeParseException e) {
            throw DomainException.invalid("INVALID_FIELD", path + name + " must be an ISO-8601 date-time with offset.");
        }
        if (at.getYear() < 1 || at.getYear() > 9999) {
            throw DomainException.invalid("INVALID_FIELD", path + name + " must be a date-time of the years 0001 to 9999.");
        }
        return at.toInstant();
    }

    /** A nested object, or null when absent. */
    public Body optObject(String name) {
        JsonNode v = get(name);
        return v == null ? null : object(v, path + name + ".");
    }

    public <E extends Enum<E>> E enumValue(String name, Class<E> type) {
        E v = optEnum(name, type);
        if (v == null) throw DomainException.invalid("MISSING_FIELD", path + name + " is required.");
        return v;
    }

    public <E extends Enum<E>> E optEnum(String name, Class<E> type) {
        String v = optStr(name);
        if (v == null) return null;
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw DomainException.invalid("INVALID_FIELD", path + name + " must be one of " + List.of(type.getEnumConstants()) + ".");
        }
    }

    public List<Body> objects(String name) {
        List<Body> v = optObjects(name);
        if (v == null) throw DomainException.invalid("MISSING_FIELD", path + name + " is required.");
        return v;
    }

    public List<Body> optObjects(String name) {
        List<JsonNode> array = array(name);
        if (array == null) return null;
        List<Body> list = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) list.add(object(array.get(i), path + name + "[" + i + "]."));
        return list;
    }

    public List<String> strings(String name) {
        List<String> v = optStrings(name);
        return v == null ? List.of() : v;
    }

    public List<String> optStrings(String name) {
        List<JsonNode> array = array(name);
        if (array == null) return null;
        List<String> list = new ArrayList<>();
        for (JsonNode n : array) {
            if (!n.isString()) throw DomainException.invalid("INVALID_FIELD", path + name + " must be a list of strings.");
            list.add(checked(name, n.asString(), Text.forbiddenInLine(n.asString()), "a list of lines of text"));
        }
        return list;
    }

    private List<JsonNode> array(String name) {
        JsonNode v = get(name);
        if (v == null) return null;
        if (!v.isArray()) throw DomainException.invalid("INVALID_FIELD", path + name + " must be a list.");
        if (v.asArray().size() > 1000) throw DomainException.invalid("INVALID_FIELD", path + name + " has too many entries.");
        return v.asArray();
    }

    /** Refuses fields the route did not read. Call after reading everything, nested bodies included. */
    public Body end() {
        for (String name : fields.keySet()) {
            if (!read.contains(name)) {
                throw DomainException.invalid("UNKNOWN_FIELD", path + name + " is not a field of this request.");
            }
        }
        return this;
    }
}
