package dev.cinnabar.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The percentiles must be the bucket bounds Redis reports. The expected values were produced by Redis 7.2's own
 * HDR histogram (1 ns .. 1 s, 2 significant digits) recording the same values.
 */
class LatencyHistogramTest {
    private static final double[] PERCENTILES = {0.0, 0.5, 50.0, 90.0, 99.0, 99.9, 100.0, 150.0};

    private static void assertPercentiles(long[] recorded, long... expected) {
        LatencyHistogram h = new LatencyHistogram();
        for (long v : recorded) h.record(v);
        assertEquals(recorded.length, h.totalCount());
        for (int i = 0; i < PERCENTILES.length; i++) {
            assertEquals(expected[i], h.valueAtPercentile(PERCENTILES[i]), "p" + PERCENTILES[i]);
        }
    }

    @Test
    void oneSlowCommandAmongFastOnes() {
        // 68 us as Redis measures it (microseconds times 1000) is reported as 68.095 us
        assertPercentiles(new long[] {1, 68_000}, 1, 1, 1, 68_095, 68_095, 68_095, 68_095, 68_095);
    }

    @Test
    void evenlySpreadValues() {
        assertPercentiles(new long[] {3, 1000, 2000, 3000}, 3, 3, 1003, 3007, 3007, 3007, 3007, 3007);
    }

    @Test
    void bucketEdgesAndValuesOutsideTheRange() {
        // 0 counts as 1 ns and 2 s as 1 s
        assertPercentiles(new long[] {0, 5, 127, 128, 129, 255, 256, 1_000_000, 999_999_999, 1_000_000_000, 2_000_000_000},
                1, 1, 255, 1_002_438_655, 1_002_438_655, 1_002_438_655, 1_002_438_655, 1_002_438_655);
    }

    @Test
    void mostlyEqualValuesWithOutliers() {
        assertPercentiles(new long[] {10, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 50_000_000, 123_456},
                10, 10, 1003, 123_903, 50_069_503, 50_069_503, 50_069_503, 50_069_503);
    }
}
