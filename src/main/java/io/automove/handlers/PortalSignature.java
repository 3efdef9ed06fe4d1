package io.automove.handlers;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Checks {@code X-Portal-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>}. Several
 * v1 values and several secrets may be present (rotation); any match over any secret accepts. Comparison is
 * constant-time; the timestamp must lie within {@link #TOLERANCE_SECONDS} of now, either way.
 */
public final class PortalSignature {
    public static final long TOLERANCE_SECONDS = 300;

    private PortalSignature() {}

    public static void verify(String header, String body, List<String> secrets, Instant now) {
        verify(header, body, () -> secrets, now);
    }

    /** The secrets are read only for a well-formed, timely header: a malformed or stale one costs no secret read. */
    public static void verify(String header, String body, java.util.function.Supplier<List<String>> secretSource,
                              Instant now) {
        if (header == null || header.isBlank()) {
            throw new ApiException(401, "MISSING_SIGNATURE", "The X-Portal-Signature header is missing.");
        }
        long timestamp = -1;
        List<String> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            String p = part.strip();
            if (p.startsWith("t=")) {
                try {
                    timestamp = Long.parseLong(p.substring(2));
                } catch (NumberFormatException e) {
                    throw invalid();
                }
            } else if (p.startsWith("v1=")) {
                signatures.add(p.substring(3));
            }
        }
        if (timestamp < 0 || signatures.isEmpty()) throw invalid();
        if (Math.abs(now.getEpochSecond() - timestamp) > TOLERANCE_SECONDS) {
            throw new ApiException(401, "STALE_SIGNATURE", "The signature timestamp is outside the "
                    + TOLERANCE_SECONDS + " s tolerance.");
        }
        List<String> secrets = secretSource.get();
        if (secrets.isEmpty()) throw new IllegalStateException("no portal webhook secret configured");
        boolean match = false;
        for (String secret : secrets) {
            byte[] expected = sign(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII);
            for (String candidate : signatures) {
                // no early exit: the time taken must not tell which secret or which candidate matched
                match |= MessageDigest.isEqual(expected, candidate.toLowerCase().getBytes(StandardCharsets.US_ASCII));
            }
        }
        if (!match) throw invalid();
    }

    /** The v1 value the portal computes; also what the local stack and tests sign with. */
    public static String sign(String secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String header(String secret, long timestamp, String body) {
        return "t=" + timestamp + ",v1=" + sign(secret, timestamp, body);
    }

    private static ApiException invalid() {
        return new ApiException(401, "INVALID_SIGNATURE", "The X-Portal-Signature header does not match the body.");
    }
}
