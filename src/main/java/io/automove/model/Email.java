package io.automove.model;

/**
 * One email to one client contact: personal data (the address, the text), so its toString shows only the request.
 * Each contact gets an email of their own, so no contact sees another's address.
 */
public record Email(String to, String subject, String text, String requestId, String portalLink, EmailKind kind) {
    public Email {
        if (kind == null) kind = EmailKind.REQUEST;
    }

    public Email(String to, String subject, String text, String requestId, String portalLink) {
        this(to, subject, text, requestId, portalLink, EmailKind.REQUEST);
    }

    @Override public String toString() { return "Email[request=" + requestId + ", " + kind + "]"; }
}
