package io.automove.model;

/**
 * What text a person may give us. A line (a name, a title, a subject, a label) holds no control character at all:
 * no CR or LF that could start a new header in an email, no tab, no line or paragraph separator, no bidirectional
 * override that could make a subject read backwards. A text (a message, an answer) may hold line breaks and tabs,
 * nothing else of the kind. Neither may hold half of a surrogate pair, which is not a character in any encoding.
 * Text made only of spaces and invisible format characters is blank.
 */
public final class Text {
    private Text() {}

    /** The first character a line may not hold, as U+XXXX, or null if it is fine. */
    public static String forbiddenInLine(String value) { return forbidden(value, false); }

    /** The first character a multi-line text may not hold, as U+XXXX, or null if it is fine. */
    public static String forbiddenInText(String value) { return forbidden(value, true); }

    public static boolean isBlank(String value) {
        if (value == null) return true;
        return value.codePoints().allMatch(cp -> Character.isWhitespace(cp) || Character.isSpaceChar(cp)
                || Character.getType(cp) == Character.FORMAT);
    }

    private static String forbidden(String value, boolean lineBreaksAllowed) {
        if (value == null) return null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return hex(c);
            }
            if (Character.isLowSurrogate(c)) return hex(c);
            if (lineBreaksAllowed && (c == '\n' || c == '\r' || c == '\t')) continue;
            int type = Character.getType(c);
            if (type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                    || isBidiControl(c)) {
                return hex(c);
            }
        }
        return null;
    }

    private static boolean isBidiControl(char c) {
        return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') || c == '\u200E' || c == '\u200F'
                || c == '\u061C';
    }

    private static String hex(char c) { return String.format("U+%04X", (int) c); }
}
