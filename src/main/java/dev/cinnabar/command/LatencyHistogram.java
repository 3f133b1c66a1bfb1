package dev.cinnabar.command;

/**
 * The latency distribution of one command, for INFO latencystats: the HDR histogram layout Redis uses (values
 * from 1 ns to 1 s kept to 2 significant digits), so the reported percentiles are the same bucket bounds Redis
 * reports. Values are in nanoseconds; those outside the range are clamped into it, as Redis does.
 *
 * <p>Counts live in 24 buckets of 128 linear sub-buckets each; bucket {@code b} covers values of magnitude
 * 2^(b+7) .. 2^(b+8) in steps of 2^b, except bucket 0, which also covers 0 .. 127 one by one.
 */
public final class LatencyHistogram {
    static final long MIN_VALUE = 1;
    static final long MAX_VALUE = 1_000_000_000;
    private static final int SUB_BUCKET_HALF_MAGNITUDE = 7;      // 2 significant digits need 200 steps: 256
    private static final int SUB_BUCKET_HALF_COUNT = 1 << SUB_BUCKET_HALF_MAGNITUDE;
    private static final long SUB_BUCKET_MASK = (2L * SUB_BUCKET_HALF_COUNT) - 1;
    private static final int BUCKETS = bucketsToCover(MAX_VALUE);

    private final long[] counts = new long[(BUCKETS + 1) * SUB_BUCKET_HALF_COUNT];
    private long totalCount;

    private static int bucketsToCover(long value) {
        int buckets = 1;
        for (long smallestUntrackable = 2L * SUB_BUCKET_HALF_COUNT; smallestUntrackable <= value; smallestUntrackable <<= 1) {
            buckets++;
        }
        return buckets;
    }

    public void record(long nanos) {
        long value = Math.max(MIN_VALUE, Math.min(MAX_VALUE, nanos));
        counts[indexOf(value)]++;
        totalCount++;
    }

    public long totalCount() {
        return totalCount;
    }

    /**
     * The value below which {@code percentile} percent of the recorded values fall: the highest value of the
     * bucket reached (the lowest one for the 0th percentile).
     */
    public long valueAtPercentile(double percentile) {
        double requested = Math.min(percentile, 100.0);
        long countAtPercentile = Math.max(1, (long) ((requested / 100) * totalCount + 0.5));
        long cumulative = 0;
        for (int i = 0; i < counts.length; i++) {
            cumulative += counts[i];
            if (cumulative >= countAtPercentile) {
                long value = valueAtIndex(i);
                return percentile == 0.0 ? lowestEquivalent(value) : highestEquivalent(value);
            }
        }
        return 0;
    }

    private static int bucketOf(long value) {
        int pow2Ceiling = 64 - Long.numberOfLeadingZeros(value | SUB_BUCKET_MASK);
        return pow2Ceiling - (SUB_BUCKET_HALF_MAGNITUDE + 1);
    }

    private static int indexOf(long value) {
        int bucket = bucketOf(value);
        int subBucket = (int) (value >> bucket);
        return ((bucket + 1) << SUB_BUCKET_HALF_MAGNITUDE) + (subBucket - SUB_BUCKET_HALF_COUNT);
    }

    private static long valueAtIndex(int index) {
        int bucket = (index >> SUB_BUCKET_HALF_MAGNITUDE) - 1;
        int subBucket = (index & (SUB_BUCKET_HALF_COUNT - 1)) + SUB_BUCKET_HALF_COUNT;
        if (bucket < 0) {
            subBucket -= SUB_BUCKET_HALF_COUNT;
            bucket = 0;
        }
        return (long) subBucket << bucket;
    }

    private static long lowestEquivalent(long value) {
        int bucket = bucketOf(value);
        return (value >> bucket) << bucket;
    }

    private static long highestEquivalent(long value) {
        return lowestEquivalent(value) + (1L << bucketOf(value)) - 1;
    }

    /** Receives one step of {@link #forEachLogStep}. */
    @FunctionalInterface
    public interface StepConsumer {
        void step(long highestEquivalentValue, long cumulativeCount);
    }

    /**
     * HDR's logarithmic iteration (hdr_iter_log_init with the first level and base given), as LATENCY HISTOGRAM
     * walks it: each step ends at the first bucket at or past the next reporting level (firstLevel, then times
     * base) and reports that bucket's highest equivalent value with the count of values up to it.
     */
    public void forEachLogStep(long firstLevel, int base, StepConsumer consumer) {
        long level = firstLevel;
        long levelLowest = lowestEquivalent(level);
        int index = -1;
        long value = 0, highest = 0, cumulative = 0;
        while (index + 1 < counts.length && (cumulative < totalCount || valueAtIndex(index + 1) > levelLowest)) {
            while (value < levelLowest && index + 1 < counts.length) {
                index++;
                cumulative += counts[index];
                value = valueAtIndex(index);
                highest = highestEquivalent(value);
            }
            consumer.step(highest, cumulative);
            level *= base;
            levelLowest = lowestEquivalent(level);
        }
    }
}
