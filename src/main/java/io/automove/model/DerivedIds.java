package io.automove.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Ids computed from what identifies a thing, so that redoing the same step (a redelivered event, a retried
 * call with the same Idempotency-Key) finds the thing it already made instead of making a second one.
 */
public final class DerivedIds {
    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();

    private DerivedIds() {}

    public static String of(String prefix, String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                sha.update(p.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return prefix + "_" + base32(sha.digest(), 26);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The request a SEND_CLIENT_REQUEST automation makes for one entry of a job into a stage. */
    public static String automationRequest(String firmId, String jobId, long stageVersion, int automationIndex) {
        return of("req", firmId, jobId, Long.toString(stageVersion), Integer.toString(automationIndex));
    }

    /** Crockford base32 (lower case) of the first {@code length * 5} bits. */
    public static String base32(byte[] bytes, int length) {
        StringBuilder out = new StringBuilder(length);
        int buffer = 0, bits = 0, i = 0;
        while (out.length() < length) {
            if (bits < 5) {
                buffer = (buffer << 8) | (i < bytes.length ? bytes[i++] & 0xff : 0);
                bits += 8;
            }
            out.append(ALPHABET[(buffer >> (bits - 5)) & 31]);
            bits -= 5;
        }
        return out.toString();
    }
}
