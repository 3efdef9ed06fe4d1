package io.automove.model;

/**
 * An automation of the stage a job entered that did not run on that entry, and why, so the job card can say so
 * instead of leaving the firm to wonder why nothing was sent. {@code requestId} is the request it would have
 * duplicated, when that is the reason.
 */
public record SkippedAutomation(int automationIndex, AutomationType type, String templateId, Reason reason,
                                String requestId) {

    public enum Reason {
        /** The job already has an unfinished request from the same template, linked: a second one would ask twice. */
        UNFINISHED_REQUEST_LINKED,
        /** The account lacks a tag the automation's conditions ask for. */
        CONDITIONS_NOT_MET,
        /** The job already links as many client requests as a job may (Job.MAX_REQUESTS). */
        TOO_MANY_LINKED_REQUESTS
    }

    public SkippedAutomation {
        if (type == null || reason == null) throw new IllegalArgumentException("type and reason are required");
        Check.id(templateId, "templateId");
    }
}
