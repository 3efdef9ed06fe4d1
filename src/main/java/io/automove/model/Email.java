package io.automove.model;

import java.util.List;

/** One email to a client: personal data (addresses, text), so its toString shows only ids and counts. */
public record Email(List<String> to, String subject, String text, String requestId, String portalLink) {
    @Override public String toString() { return "Email[request=" + requestId + ", recipients=" + to.size() + "]"; }
}
