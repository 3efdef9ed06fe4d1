package io.automove.handlers;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** What the template passes to the functions as environment variables. */
public record Settings(String tableName, String busName, String senderEmail, String portalBaseUrl,
                       List<String> webhookSecrets, String webhookSecretArn, String cursorKey, String firmCreation,
                       int emailCapPerFirmPerDay) {

    /** Without the email cap: as before it existed (0, no cap). */
    public Settings(String tableName, String busName, String senderEmail, String portalBaseUrl,
                    List<String> webhookSecrets, String webhookSecretArn, String cursorKey, String firmCreation) {
        this(tableName, busName, senderEmail, portalBaseUrl, webhookSecrets, webhookSecretArn, cursorKey, firmCreation, 0);
    }

    /**
     * In the cloud the webhook secret is read from Secrets Manager ({@code PORTAL_WEBHOOK_SECRET_ARN}); a plain
     * {@code PORTAL_WEBHOOK_SECRET} is for local runs, and used only where {@code PORTAL_WEBHOOK_SECRET_ARN} is
     * empty: the local stack, and `sam local` with sam-local/env.json, which empties the ARN and sets the secret
     * (the template declares PORTAL_WEBHOOK_SECRET as AWS::NoValue: no deployed function has it).
     */
    public static Settings fromEnvironment(Map<String, String> env) {
        return new Settings(env.get("TABLE_NAME"), env.get("EVENT_BUS_NAME"), env.get("SENDER_EMAIL"),
                env.get("PORTAL_BASE_URL"), secrets(env.get("PORTAL_WEBHOOK_SECRET")), env.get("PORTAL_WEBHOOK_SECRET_ARN"),
                env.get("CURSOR_KEY"), env.get("FIRM_CREATION"), emailCap(env.get("EMAIL_CAP_PER_FIRM_PER_DAY")));
    }

    /**
     * The template's DailyEmailCapPerFirm in multi-firm mode, 0 in single-firm mode (no cap): emails a firm may send
     * a UTC day. Unset or empty: no cap (a function the template gives no cap sends none).
     */
    static int emailCap(String value) {
        if (value == null || value.isBlank()) return 0;
        int cap = Integer.parseInt(value.strip());
        if (cap < 0) throw new IllegalStateException("EMAIL_CAP_PER_FIRM_PER_DAY is negative");
        return cap;
    }

    /** Comma-separated, newest first: during a rotation both the new and the old secret are accepted. */
    static List<String> secrets(String value) {
        if (value == null || value.isBlank()) return List.of();
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    public String require(String name, String value) {
        if (value == null || value.isBlank()) throw new IllegalStateException("environment variable " + name + " is not set");
        return value;
    }

    @Override public String toString() { return "Settings[table=" + tableName + ", bus=" + busName + "]"; }
}
