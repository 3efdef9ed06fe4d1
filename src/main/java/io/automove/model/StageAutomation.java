package io.automove.model;

/** Something that happens when a job enters a stage. Today: send a client request made from a template. */
public record StageAutomation(AutomationType type, String templateId) {
    public StageAutomation {
        if (type == null) throw DomainException.invalid("INVALID_AUTOMATION", "automations[].type must be SEND_CLIENT_REQUEST");
        Check.id(templateId, "automations[].templateId");
    }

    public static StageAutomation sendClientRequest(String templateId) {
        return new StageAutomation(AutomationType.SEND_CLIENT_REQUEST, templateId);
    }
}
