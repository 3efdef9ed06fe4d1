package io.automove.model;


import java.util.List;

/** The email a client gets for a request: the firm's message, what is asked, and the portal link. */
public final class RequestEmail {
    private RequestEmail() {}

    public static String portalLink(String portalBaseUrl, ClientRequest request) {
        String base = portalBaseUrl.endsWith("/") ? portalBaseUrl.substring(0, portalBaseUrl.length() - 1) : portalBaseUrl;
        return base + "/r/" + request.firmId() + "/" + request.requestId();
    }

    public static Email compose(ClientRequest request, Account account, String portalBaseUrl) {
        String link = portalLink(portalBaseUrl, request);
        StringBuilder text = new StringBuilder();
        text.append("Hello ").append(account.name()).append(",\n\n");
        text.append(request.message()).append("\n\n");
        if (!request.items().isEmpty()) {
            text.append("What we need from you:\n");
            for (RequestItem item : request.items()) {
                text.append("  - ").append(item.kind() == ItemKind.FILE_UPLOAD ? "Upload: " : "").append(item.label())
                        .append(item.required() ? "" : " (optional)").append('\n');
            }
            text.append('\n');
        }
        text.append("Answer here: ").append(link).append('\n');
        // one email per mailbox: addresses differing only in case reach the same person
        java.util.Map<String, String> byMailbox = new java.util.LinkedHashMap<>();
        for (Contact c : account.contacts()) byMailbox.putIfAbsent(c.email().toLowerCase(java.util.Locale.ROOT), c.email());
        List<String> to = List.copyOf(byMailbox.values());
        return new Email(to, request.subject(), text.toString(), request.requestId(), link);
    }
}
