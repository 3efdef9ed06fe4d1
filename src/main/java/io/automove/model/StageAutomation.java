package io.automove.model;

/**
 * Something that happens when a job enters a stage. Today: send a client request made from a template, with its
 * reminders and due date ({@code null}: what the template says, else the defaults), and only for accounts that
 * meet its {@code conditions}.
 */
public record StageAutomation(AutomationType type, String templateId, ReminderSettings reminders, Integer dueInDays,
                              Conditions conditions) {
    public StageAutomation {
        if (type == null) throw DomainException.invalid("INVALID_AUTOMATION", "automations[].type must be SEND_CLIENT_REQUEST");
        Check.id(templateId, "automations[].templateId");
        Check.dueInDays(dueInDays, "automations[].dueInDays");
        if (conditions == null) conditions = Conditions.NONE;
    }

    public StageAutomation(AutomationType type, String templateId) { this(type, templateId, null, null, Conditions.NONE); }

    public static StageAutomation sendClientRequest(String templateId) {
        return new StageAutomation(AutomationType.SEND_CLIENT_REQUEST, templateId);
    }
}
