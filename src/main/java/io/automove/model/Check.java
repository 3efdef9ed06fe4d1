package io.automove.model;

import java.util.List;

/** Small argument checks shared by the domain records; each failure is a clear INVALID. */
final class Check {
    private Check() {}

    /**
     * Required text, stripped; blank (spaces and invisible characters only) counts as missing. The edge refuses
     * control characters before anything is built ({@link Text}); values read back from the table are not refused
     * again here, so an item stored before that rule still reads.
     */
    static String text(String value, String field, int max) {
        if (Text.isBlank(value)) {
            throw DomainException.invalid("MISSING_FIELD", field + " is required");
        }
        String trimmed = value.strip();
        if (trimmed.length() > max) {
            throw DomainException.invalid("FIELD_TOO_LONG", field + " is longer than " + max + " characters");
        }
        return trimmed;
    }

    static void id(String value, String field) {
        if (value == null || value.isEmpty() || value.length() > 128 || !value.chars().allMatch(Check::idChar)) {
            throw DomainException.invalid("INVALID_ID", field + " is not a valid id");
        }
    }

    static boolean isId(String value) {
        return value != null && !value.isEmpty() && value.length() <= 128 && value.chars().allMatch(Check::idChar);
    }

    private static boolean idChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'
                || c == '.' || c == '|' || c == ':' || c == '@';
    }

    static List<RequestItem> items(List<RequestItem> items) {
        List<RequestItem> copy = items == null ? List.of() : List.copyOf(items);
        if (copy.size() > RequestTemplate.MAX_ITEMS) {
            throw DomainException.invalid("TOO_MANY_ITEMS", "a request has at most " + RequestTemplate.MAX_ITEMS + " items");
        }
        return copy;
    }

    static void dueInDays(Integer days, String field) { DueDate.days(days, field); }
}
