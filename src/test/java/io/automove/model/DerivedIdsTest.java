package io.automove.model;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DerivedIdsTest {
    private static final String CROCKFORD_LOWER = "0123456789abcdefghjkmnpqrstvwxyz";

    @Test
    void sameParts_giveTheSameId() {
        assertThat(DerivedIds.of("job", "firm-1", "user-1", "POST /jobs", "key-1"))
                .isEqualTo(DerivedIds.of("job", "firm-1", "user-1", "POST /jobs", "key-1"));
    }

    @Test
    void id_isThePrefix_anUnderscore_and26CrockfordBase32Characters() {
        String id = DerivedIds.of("req", "a", "b");

        assertThat(id).startsWith("req_").hasSize(4 + 26);
        assertThat(id.substring(4)).matches("[" + CROCKFORD_LOWER + "]{26}");
        assertThat(id.substring(4)).doesNotContain("i", "l", "o", "u");
    }

    @Test
    void id_isSha256OfThePartsEachFollowedByAZeroByte_inCrockfordBase32() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update("firm-1\0job-1\0".getBytes(StandardCharsets.UTF_8));
        BigInteger first130Bits = new BigInteger(1, sha.digest()).shiftRight(256 - 130);
        StringBuilder expected = new StringBuilder();
        for (int i = 25; i >= 0; i--) expected.append(CROCKFORD_LOWER.charAt(first130Bits.shiftRight(5 * i).intValue() & 31));

        assertThat(DerivedIds.of("x", "firm-1", "job-1")).isEqualTo("x_" + expected);
    }

    @Test
    void distinctParts_giveDistinctIds_includingWherePartBoundariesDiffer() {
        Set<String> ids = new HashSet<>();
        ids.add(DerivedIds.of("p", "ab", "c"));
        ids.add(DerivedIds.of("p", "a", "bc"));
        ids.add(DerivedIds.of("p", "abc"));
        ids.add(DerivedIds.of("p", "abc", ""));
        ids.add(DerivedIds.of("p", "c", "ab"));
        ids.add(DerivedIds.of("p"));

        assertThat(ids).hasSize(6);
    }

    @Test
    void prefix_doesNotChangeTheHashPart_onlyTheFront() {
        String a = DerivedIds.of("job", "x");
        String b = DerivedIds.of("acc", "x");

        assertThat(a).startsWith("job_");
        assertThat(b).startsWith("acc_");
        assertThat(a.substring(4)).isEqualTo(b.substring(4));
    }

    @Test
    void automationRequest_isStablePerJobStageEntryAndAutomation_andDistinctOtherwise() {
        String id = DerivedIds.automationRequest("firm-1", "job-1", 2, 0);

        assertThat(id).isEqualTo(DerivedIds.automationRequest("firm-1", "job-1", 2, 0));
        assertThat(id).isEqualTo(DerivedIds.of("req", "firm-1", "job-1", "2", "0"));
        assertThat(Set.of(id,
                DerivedIds.automationRequest("firm-1", "job-1", 3, 0),
                DerivedIds.automationRequest("firm-1", "job-1", 2, 1),
                DerivedIds.automationRequest("firm-1", "job-2", 2, 0),
                DerivedIds.automationRequest("firm-2", "job-1", 2, 0))).hasSize(5);
        // "1"+"12" must not collide with "11"+"2"
        assertThat(DerivedIds.automationRequest("f", "j", 1, 12)).isNotEqualTo(DerivedIds.automationRequest("f", "j", 11, 2));
    }

    @Test
    void base32_ofKnownBytes() {
        assertThat(DerivedIds.base32(new byte[] {0, 0, 0, 0, 0}, 8)).isEqualTo("00000000");
        assertThat(DerivedIds.base32(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}, 8))
                .isEqualTo("zzzzzzzz");
        // 0x08 = 00001 000 → "1", then 000 + padding → "0"
        assertThat(DerivedIds.base32(new byte[] {0x08}, 2)).isEqualTo("10");
        // 0x84 0x21 = 10000 10000 10000 1 → "ggg" then 1 + 0000 padding → "g"
        assertThat(DerivedIds.base32(new byte[] {(byte) 0x84, 0x21}, 4)).isEqualTo("ggg" + "g");
    }
}
