package io.automove.model;

/** A request linked to a job, as far as a stage entry needs to know it: which template it came from, if any. */
public record LinkedRequest(String requestId, String templateId) {
    public LinkedRequest {
        Check.id(requestId, "requestId");
    }
}
