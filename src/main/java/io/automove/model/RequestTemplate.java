package io.automove.model;

import java.util.List;

public record RequestTemplate(String firmId, String templateId, String name, String subject, String message,
                              List<RequestItem> items) {
    public static final int MAX_ITEMS = 50;

    public RequestTemplate {
        Check.id(firmId, "firmId");
        Check.id(templateId, "templateId");
        name = Check.text(name, "name", 200);
        subject = Check.text(subject, "subject", 200);
        message = Check.text(message, "message", 5000);
        items = Check.items(items);
    }
}
