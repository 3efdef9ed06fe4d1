package io.automove.model;

/** One thing the client is asked for: an answer to a question or a file. */
public record RequestItem(ItemKind kind, String label, boolean required) {
    public RequestItem {
        if (kind == null) throw DomainException.invalid("INVALID_ITEM_KIND", "items[].kind must be QUESTION or FILE_UPLOAD");
        label = Check.text(label, "items[].label", 300);
    }
}
