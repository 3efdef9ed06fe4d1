package io.automove.model;

import java.util.List;

/**
 * A reusable subject, message and items for client requests, with optional reminders and due date: a request made
 * from it takes them unless its automation or its call says otherwise.
 */
public record RequestTemplate(String firmId, String templateId, String name, String subject, String message,
                              List<RequestItem> items, ReminderSettings reminders, Integer dueInDays) {
    public static final int MAX_ITEMS = 50;

    public RequestTemplate {
        Check.id(firmId, "firmId");
        Check.id(templateId, "templateId");
        name = Check.text(name, "name", 200);
        subject = Check.text(subject, "subject", 200);
        message = Check.text(message, "message", 5000);
        items = Check.items(items);
        Check.dueInDays(dueInDays, "dueInDays");
    }

    public RequestTemplate(String firmId, String templateId, String name, String subject, String message,
                           List<RequestItem> items) {
        this(firmId, templateId, name, subject, message, items, null, null);
    }
}
