package io.automove.model;

/** What the client gave for one item. Personal data: never logged. */
public record Answer(String label, String value) {
    public Answer {
        label = Check.text(label, "answers[].label", 300);
        if (value == null) throw DomainException.invalid("MISSING_FIELD", "answers[].value is required");
        if (value.length() > 10_000) throw DomainException.invalid("FIELD_TOO_LONG", "answers[].value is longer than 10000 characters");
    }

    @Override public String toString() { return "Answer[redacted]"; }
}
