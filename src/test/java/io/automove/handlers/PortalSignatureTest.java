package io.automove.handlers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PortalSignatureTest {
    private static final String SECRET = "whsec_current";
    private static final String OLD_SECRET = "whsec_previous";
    private static final Instant NOW = Instant.parse("2025-03-02T10:15:00Z");
    private static final long T = NOW.getEpochSecond();
    private static final String BODY = "{\"eventId\":\"evt-1\",\"type\":\"client_request.submitted\",\"answers\":[{\"label\":\"Città\",\"value\":\"Milano\"}]}";

    /** HMAC-SHA256 over "t.body", hex, computed here without the code under test. */
    private static String hmac(String secret, long t, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] out = mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8));
        StringBuilder hex = new StringBuilder();
        for (byte b : out) hex.append(String.format("%02x", b));
        return hex.toString();
    }

    private static void assertRefused(Runnable r, String code) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.code()).isEqualTo(code);
        });
    }

    @Test
    void sign_isHmacSha256OfTimestampDotBody_inLowerCaseHex() throws Exception {
        assertThat(PortalSignature.sign(SECRET, T, BODY)).isEqualTo(hmac(SECRET, T, BODY)).matches("[0-9a-f]{64}");
        assertThat(PortalSignature.header(SECRET, T, BODY)).isEqualTo("t=" + T + ",v1=" + hmac(SECRET, T, BODY));
    }

    @Test
    void sign_matchesAValueComputedOutsideJava() {
        // printf '1700000000.{}' | openssl dgst -sha256 -hmac 'secret'
        assertThat(PortalSignature.sign("secret", 1_700_000_000L, "{}"))
                .isEqualTo("b8569b78799ff9e3cbff0fc2d63a33a2b57f3282abd07c37ae5e8e7d79a5f163");
    }

    @Test
    void validSignature_isAccepted() throws Exception {
        String header = "t=" + T + ",v1=" + hmac(SECRET, T, BODY);

        assertThatCode(() -> PortalSignature.verify(header, BODY, List.of(SECRET), NOW)).doesNotThrowAnyException();
    }

    @Test
    void anyOfSeveralV1Values_isAccepted() throws Exception {
        String header = "t=" + T + ",v1=" + "0".repeat(64) + ",v1=" + hmac(SECRET, T, BODY) + ",v1=deadbeef";

        assertThatCode(() -> PortalSignature.verify(header, BODY, List.of(SECRET), NOW)).doesNotThrowAnyException();
    }

    @Test
    void signatureWithTheOldSecret_isAcceptedDuringRotation_andTheNewOneToo() throws Exception {
        List<String> secrets = List.of(SECRET, OLD_SECRET);

        assertThatCode(() -> PortalSignature.verify("t=" + T + ",v1=" + hmac(OLD_SECRET, T, BODY), BODY, secrets, NOW))
                .doesNotThrowAnyException();
        assertThatCode(() -> PortalSignature.verify("t=" + T + ",v1=" + hmac(SECRET, T, BODY), BODY, secrets, NOW))
                .doesNotThrowAnyException();
    }

    @Test
    void upperCaseHex_andSpacesAfterCommas_areAccepted() throws Exception {
        String header = "t=" + T + ", v1=" + hmac(SECRET, T, BODY).toUpperCase();

        assertThatCode(() -> PortalSignature.verify(header, BODY, List.of(SECRET), NOW)).doesNotThrowAnyException();
    }

    @Test
    void wrongSecret_isInvalid() throws Exception {
        String header = "t=" + T + ",v1=" + hmac("whsec_attacker", T, BODY);

        assertRefused(() -> PortalSignature.verify(header, BODY, List.of(SECRET, OLD_SECRET), NOW), "INVALID_SIGNATURE");
    }

    @Test
    void changedBody_isInvalid() throws Exception {
        String header = "t=" + T + ",v1=" + hmac(SECRET, T, BODY);

        assertRefused(() -> PortalSignature.verify(header, BODY.replace("Milano", "Roma"), List.of(SECRET), NOW),
                "INVALID_SIGNATURE");
        assertRefused(() -> PortalSignature.verify(header, BODY + " ", List.of(SECRET), NOW), "INVALID_SIGNATURE");
    }

    @Test
    void signatureForAnotherTimestamp_isInvalid() throws Exception {
        // the signature of t-1 presented with t: the timestamp is part of what is signed
        String header = "t=" + T + ",v1=" + hmac(SECRET, T - 1, BODY);

        assertRefused(() -> PortalSignature.verify(header, BODY, List.of(SECRET), NOW), "INVALID_SIGNATURE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "t=abc,v1=00", "v1=00", "t=1740910500", "t=,v1=00", "t=-5,v1=00",
            "sha256=00", "T=1740910500,V1=00", "t=1740910500,v0=00"})
    void malformedHeader_isInvalid(String header) {
        assertRefused(() -> PortalSignature.verify(header, BODY, List.of(SECRET), NOW), "INVALID_SIGNATURE");
    }

    @Test
    void missingOrBlankHeader_isMissing() {
        assertRefused(() -> PortalSignature.verify(null, BODY, List.of(SECRET), NOW), "MISSING_SIGNATURE");
        assertRefused(() -> PortalSignature.verify("", BODY, List.of(SECRET), NOW), "MISSING_SIGNATURE");
        assertRefused(() -> PortalSignature.verify("   ", BODY, List.of(SECRET), NOW), "MISSING_SIGNATURE");
    }

    @Test
    void timestampMoreThan300SecondsOld_orAhead_isStale_evenWithAValidSignature() throws Exception {
        long old = T - 301, ahead = T + 301;

        assertRefused(() -> PortalSignature.verify("t=" + old + ",v1=" + hmacUnchecked(SECRET, old, BODY), BODY,
                List.of(SECRET), NOW), "STALE_SIGNATURE");
        assertRefused(() -> PortalSignature.verify("t=" + ahead + ",v1=" + hmacUnchecked(SECRET, ahead, BODY), BODY,
                List.of(SECRET), NOW), "STALE_SIGNATURE");
        assertRefused(() -> PortalSignature.verify("t=0,v1=" + hmacUnchecked(SECRET, 0, BODY), BODY,
                List.of(SECRET), NOW), "STALE_SIGNATURE");
    }

    @Test
    void timestampExactly300SecondsAwayEitherWay_isStillAccepted() throws Exception {
        long old = T - 300, ahead = T + 300;

        assertThatCode(() -> PortalSignature.verify("t=" + old + ",v1=" + hmac(SECRET, old, BODY), BODY, List.of(SECRET), NOW))
                .doesNotThrowAnyException();
        assertThatCode(() -> PortalSignature.verify("t=" + ahead + ",v1=" + hmac(SECRET, ahead, BODY), BODY, List.of(SECRET), NOW))
                .doesNotThrowAnyException();
    }

    @Test
    void noSecretConfigured_isAConfigurationError_notASignatureError() {
        assertThatThrownBy(() -> PortalSignature.verify("t=" + T + ",v1=00", BODY, List.of(), NOW))
                .isInstanceOf(IllegalStateException.class);
    }

    private static String hmacUnchecked(String secret, long t, String body) {
        try {
            return hmac(secret, t, body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
