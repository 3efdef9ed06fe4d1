package io.automove.bench;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The arithmetic the benchmark's verdicts rest on: item sizes, write units, and the MemorySize proposal. */
class BenchArithmeticTest {
    private static AttributeValue s(String v) { return AttributeValue.fromS(v); }

    @Test
    void anItemWeighsItsAttributeNamesAndValues_listsAndMapsCarryTheirOverhead() {
        assertThat(ItemSize.of(Map.of("PK", s("abc")))).isEqualTo(2 + 3);
        assertThat(ItemSize.of(Map.of("n", AttributeValue.fromN("12345")))).isEqualTo(1 + 4);
        assertThat(ItemSize.of(Map.of("ok", AttributeValue.fromBool(true)))).isEqualTo(2 + 1);
        assertThat(ItemSize.of(Map.of("l", AttributeValue.fromL(List.of(s("ab"), s("c")))))).isEqualTo(1 + 3 + (1 + 2) + (1 + 1));
        assertThat(ItemSize.of(Map.of("m", AttributeValue.fromM(Map.of("k", s("v")))))).isEqualTo(1 + 3 + (1 + 1 + 1));
        assertThat(ItemSize.of(Map.of("ss", AttributeValue.fromSs(List.of("a", "bc"))))).isEqualTo(2 + 3);
        assertThat(ItemSize.of(Map.of("é", s("ü")))).as("UTF-8 bytes, not chars").isEqualTo(2 + 2);
    }

    @Test
    void aWriteCostsOneUnitPerStartedKilobyte() {
        assertThat(ItemSize.writeUnits(0)).isEqualTo(1);
        assertThat(ItemSize.writeUnits(1024)).isEqualTo(1);
        assertThat(ItemSize.writeUnits(1025)).isEqualTo(2);
        assertThat(ItemSize.writeUnits(2048)).isEqualTo(2);
    }

    @Test
    void theMemoryProposal_keepsTodaysSizeWhileItFitsAndTheSmallestSavesLittle() {
        // an asynchronous function: 90 MB peak, 10 ms warm of which 3 ms CPU, 250 ms first call, 1 s of CPU cold
        // (6.9 s cold at 256 MB: over the 5 s limit; 4.6 s at 384 MB)
        assertThat(Report.propose(90, 10, 3, 250, 1000, false, 1536)).as("a size far too big gives way to the smallest that fits")
                .isEqualTo(384);
        assertThat(Report.propose(90, 10, 3, 250, 1000, false, 512)).as("512 fits and 384 would save under 10%").isEqualTo(512);
    }

    @Test
    void theMemoryProposal_leavesTodaysSizeWhenItNoLongerFits() {
        // 3.2 s of CPU cold: at 1,024 MB that is 5.5 s without SnapStart, over the 5 s limit
        assertThat(Report.propose(90, 10, 3, 250, 3200, false, 1024)).isEqualTo(1536);
        // 300 MB peak needs at least 600 MB: 512 does not fit, 768 does
        assertThat(Report.propose(300, 10, 3, 250, 1000, false, 512)).isEqualTo(768);
    }

    @Test
    void anHttpFunctionKeepsItsFirstCallAfterARestoreUnderOneSecond() {
        // 400 ms of first call at one vCPU: 1,382 ms at 512 MB, 921 ms at 768 MB (and a warm mean within 25% of 1,024 MB's)
        assertThat(Report.propose(90, 10, 3, 400, 1000, true, 1536)).isEqualTo(768);
        assertThat(Report.propose(90, 10, 3, 400, 1000, false, 1536)).as("asynchronous: nobody waits on it").isEqualTo(384);
    }
}
