package io.automove.handlers;

import io.automove.model.DomainException;
import io.automove.usecases.ports.PageRequest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;

/**
 * The one pagination convention of every list route: query parameters {@code limit} (1 to 200, default 50) and
 * {@code cursor}, and {@code nextCursor} in the answer (null at the end). A cursor is opaque and tamper-evident:
 * the store's continuation, sealed with an HMAC over it, the caller's firm and the query (route and parameters),
 * so an edited cursor, another firm's, or one from another query is a 400 INVALID_CURSOR. The key comes from the
 * environment (CURSOR_KEY: the stack's id, which no caller knows; locally a fixed value): a cursor is not a secret
 * and tenancy does not rest on it, as every query is built from the caller's own firm.
 */
public final class Cursors {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder UNB64 = Base64.getUrlDecoder();

    private final byte[] key;

    public Cursors(String key) {
        this.key = (key == null || key.isBlank() ? "automove-local-cursor-key" : key).getBytes(StandardCharsets.UTF_8);
    }

    /** The page a list call asks for; the cursor must have been sealed for this firm and this {@code query}. */
    public PageRequest request(HttpRequest r, String firmId, String query) {
        Map<String, String> q = r.query();
        int limit = PageRequest.DEFAULT;
        String l = q.get("limit");
        if (l != null) {
            if (!l.matches("\\d{1,3}") || Integer.parseInt(l) < PageRequest.MIN || Integer.parseInt(l) > PageRequest.MAX) {
                throw DomainException.invalid("INVALID_LIMIT", "limit must be a whole number from " + PageRequest.MIN
                        + " to " + PageRequest.MAX + ".");
            }
            limit = Integer.parseInt(l);
        }
        String cursor = q.get("cursor");
        return new PageRequest(limit, cursor == null ? null : open(cursor, firmId, query));
    }

    /** The caller's cursor for a store continuation; null stays null (the end). */
    public String seal(String next, String firmId, String query) {
        if (next == null) return null;
        String payload = B64.encodeToString(next.getBytes(StandardCharsets.UTF_8));
        return payload + "." + B64.encodeToString(mac(payload, firmId, query));
    }

    String open(String cursor, String firmId, String query) {
        int dot = cursor.indexOf('.');
        if (dot <= 0 || cursor.length() > 4096) throw invalid();
        String payload = cursor.substring(0, dot);
        // the seal is compared as text, not decoded: base64's last character carries bits no decoder reads, so an
        // edit of them would otherwise pass (any edited character is refused)
        byte[] given = cursor.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        byte[] expected = B64.encodeToString(mac(payload, firmId, query)).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(given, expected)) throw invalid();
        try {
            return new String(UNB64.decode(payload), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    private byte[] mac(String payload, String firmId, String query) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((firmId + "\n" + query + "\n").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DomainException invalid() {
        return DomainException.invalid("INVALID_CURSOR",
                "cursor is not one this list gave for this query: start again without it.");
    }
}
