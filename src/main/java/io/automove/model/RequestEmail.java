package io.automove.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The emails a client gets for a request: the firm's message, what is asked, and the portal link; a reminder says it
 * is one, a reopened request carries the firm's note. Which one is the request's latest delivery's kind.
 */
public final class RequestEmail {
    private RequestEmail() {}

    public static String portalLink(String portalBaseUrl, ClientRequest request) {
        String base = portalBaseUrl.endsWith("/") ? portalBaseUrl.substring(0, portalBaseUrl.length() - 1) : portalBaseUrl;
        return base + "/r/" + request.firmId() + "/" + request.requestId();
    }

    /** One email per mailbox: addresses differing only in case reach the same person and get one email. */
    public static List<Email> compose(ClientRequest request, Account account, String portalBaseUrl) {
        String link = portalLink(portalBaseUrl, request);
        EmailKind kind = request.delivery().kind();
        StringBuilder text = new StringBuilder();
        text.append("Hello ").append(account.name()).append(",\n\n");
        switch (kind) {
            case REMINDER -> text.append("This is a reminder: we are still waiting for your answers to the request below.\n\n");
            case REOPENED -> {
                text.append("We have reopened the request below: please answer it again.\n\n");
                if (request.reopenMessage() != null && !Text.isBlank(request.reopenMessage())) {
                    text.append(request.reopenMessage().strip()).append("\n\n");
                }
            }
            case REQUEST, RESEND -> { }
        }
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
        Map<String, String> byMailbox = new LinkedHashMap<>();
        for (Contact c : account.contacts()) byMailbox.putIfAbsent(mailboxKey(c.email()), c.email());
        List<Email> emails = new ArrayList<>();
        String subject = switch (kind) {
            case REMINDER -> "Reminder: " + request.subject();
            case REOPENED -> "Reopened: " + request.subject();
            case REQUEST, RESEND -> request.subject();
        };
        for (String to : byMailbox.values()) {
            emails.add(new Email(to, subject, text.toString(), request.requestId(), link, kind));
        }
        return emails;
    }

    /**
     * What identifies a mailbox without naming it: 80 bits of the SHA-256 of the lower-cased address. Stored to
     * remember who was emailed; it is not the address, and it matches only an address one already has.
     */
    public static String mailboxKey(String address) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(address.toLowerCase(Locale.ROOT)
                    .getBytes(StandardCharsets.UTF_8));
            return DerivedIds.base32(digest, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
