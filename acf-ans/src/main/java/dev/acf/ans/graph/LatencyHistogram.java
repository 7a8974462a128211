package dev.acf.ans.graph;

/**
 * A small fixed log-scale latency histogram: 20 buckets doubling from 0.25 ms to 32 s, the last
 * open-ended. Small enough to keep one per edge and time bucket; percentiles are interpolated
 * within the bucket they fall in, so they are exact to within a factor of two. Not thread-safe:
 * the owning {@link EdgeSeries} guards it.
 */
final class LatencyHistogram {
    /** Upper bounds of the buckets but the last, in microseconds. */
    static final long[] BOUNDS = {250, 500, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000, 512_000,
        1_024_000, 2_048_000, 4_096_000, 8_192_000, 16_384_000, 32_768_000};
    static final int SIZE = BOUNDS.length + 1;

    private LatencyHistogram() {}

    static int bucketOf(long micros) {
        for (int i = 0; i < BOUNDS.length; i++) {
            if (micros <= BOUNDS[i]) {
                return i;
            }
        }
        return BOUNDS.length;
    }

    /** Returns the latency in milliseconds below which a fraction {@code q} of the counted calls fall; 0 when none were counted. */
    static double percentileMillis(int[] counts, double q) {
        long total = 0;
        for (int c : counts) {
            total += c;
        }
        if (total == 0) {
            return 0;
        }
        double rank = Math.max(1, Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                continue;
            }
            if (seen + counts[i] >= rank) {
                if (i == BOUNDS.length) {
                    return BOUNDS[BOUNDS.length - 1] / 1000.0; // open-ended: its lower bound
                }
                double low = i == 0 ? 0 : BOUNDS[i - 1];
                double high = BOUNDS[i];
                double within = (rank - seen) / counts[i];
                return Math.round((low + (high - low) * within) / 10.0) / 100.0;
            }
            seen += counts[i];
        }
        return BOUNDS[BOUNDS.length - 1] / 1000.0;
    }
}
