package dev.jrunc.core.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CgroupConversionsTest {

    /** The fixed points runc's own test pins (opencontainers/cgroups utils_test.go), plus a few more. */
    @ParameterizedTest
    @CsvSource({
        "0, 0",          // unset stays unset
        "1, 1",          // below the v1 minimum
        "2, 1",          // v1 minimum -> v2 minimum
        "3, 2",          // just above the minimum
        "1024, 100",     // v1 default -> v2 default (the old linear formula gave 39)
        "512, 59",
        "2048, 174",
        "262143, 10000", // just below the maximum
        "262144, 10000", // v1 maximum -> v2 maximum
        "262145, 10000", // above the maximum
    })
    void sharesToWeightMatchesRunc(long shares, long weight) {
        assertEquals(weight, CgroupConversions.cpuSharesToWeight(shares));
    }

    @Property(tries = 2000)
    void weightIsMonotonicAndInRange(@ForAll @LongRange(min = 2, max = 262143) long shares) {
        long w = CgroupConversions.cpuSharesToWeight(shares);
        long next = CgroupConversions.cpuSharesToWeight(shares + 1);
        assertTrue(w >= 1 && w <= 10000, shares + " -> " + w);
        assertTrue(next >= w, "not monotonic at " + shares);
    }

    @Test
    void log2IsExactForPowersOfTwo() {
        for (int i = 1; i < 62; i++) {
            assertEquals(i, CgroupConversions.log2(1L << i));
        }
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0, 0",
        "-1, 0, -1",
        "-1, -1, -1",
        "0, -1, -1",      // unlimited memory, swap unset: both unlimited
        "-1, 1000, -1",
        "1000, 1000, 0",
        "500, 200, 300",
        "500, -1, 500",
    })
    void swapConversionMatchesRunc(long swap, long memory, long expected) throws Exception {
        assertEquals(expected, CgroupConversions.swapToV2(swap, memory));
    }

    @ParameterizedTest
    @CsvSource({"-2, 0", "300, 400", "300, 0", "300, -5"})
    void impossibleSwapIsAnError(long swap, long memory) {
        assertThrows(CgroupException.class, () -> CgroupConversions.swapToV2(swap, memory));
    }

    @ParameterizedTest
    @CsvSource({"-1, max", "-5, max", "0, 1", "1, 1", "42, 42"})
    void pidsLimitText(long limit, String text) {
        assertEquals(text, PidsLimit.format(limit));
    }
}
