package dev.acf.ans.graph;

import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The calls of one edge over time, in bounded memory: 10 s buckets for the last hour, 5 min
 * buckets beyond it, nothing older than 24 h. Each bucket holds calls, errors and a
 * {@link LatencyHistogram}, so at most 360 + 288 buckets (about 100 bytes each) per edge,
 * however many calls. Late events land in their own bucket. Thread-safe (synchronized).
 *
 * <pre>
 *   |<------------- 24 h -------------->|
 *   [ 5 min ][ 5 min ] ... [ 5 min ][10s][10s] ... [10s]  now
 *                                   |<---- 1 hour ---->|
 * </pre>
 */
final class EdgeSeries {
    static final long FINE_SECONDS = 10;
    static final long COARSE_SECONDS = 300;
    static final long FINE_SPAN_SECONDS = 3_600;
    static final long RETENTION_SECONDS = 86_400;

    private final TreeMap<Long, Bucket> fine = new TreeMap<>();
    private final TreeMap<Long, Bucket> coarse = new TreeMap<>();
    private @Nullable Instant lastSeen;
    private @Nullable String lastMethod;

    /** Adds one call; false when it is older than the retention and was not counted. */
    synchronized boolean add(Instant time, boolean error, long latencyMicros, @Nullable String method, Instant now) {
        long t = time.getEpochSecond();
        long n = now.getEpochSecond();
        if (t < n - RETENTION_SECONDS) {
            return false;
        }
        TreeMap<Long, Bucket> tier = t >= n - FINE_SPAN_SECONDS ? fine : coarse;
        long width = tier == fine ? FINE_SECONDS : COARSE_SECONDS;
        tier.computeIfAbsent(Math.floorDiv(t, width) * width, k -> new Bucket()).add(error, latencyMicros);
        if (lastSeen == null || time.isAfter(lastSeen)) {
            lastSeen = time;
            if (method != null) {
                lastMethod = method;
            }
        } else if (lastMethod == null) {
            lastMethod = method;
        }
        compact(n);
        return true;
    }

    /** Sums the buckets overlapping {@code [from, now]}; empty totals when no call falls in it. */
    synchronized Totals since(Instant from, Instant now) {
        compact(now.getEpochSecond());
        long f = from.getEpochSecond();
        Totals totals = new Totals();
        // A bucket counts when it overlaps the window: the window's edge is as fine as the bucket.
        sum(fine.tailMap(f - FINE_SECONDS, false), totals);
        sum(coarse.tailMap(f - COARSE_SECONDS, false), totals);
        totals.lastSeen = lastSeen;
        totals.lastMethod = lastMethod;
        return totals;
    }

    /** Returns true when every bucket has expired. */
    synchronized boolean isEmpty(Instant now) {
        compact(now.getEpochSecond());
        return fine.isEmpty() && coarse.isEmpty();
    }

    private static void sum(Map<Long, Bucket> buckets, Totals into) {
        for (Bucket b : buckets.values()) {
            into.calls += b.calls;
            into.errors += b.errors;
            for (int i = 0; i < LatencyHistogram.SIZE; i++) {
                into.latency[i] += b.latency[i];
            }
        }
    }

    /** Folds 10 s buckets older than the fine span into 5 min buckets, and drops what is past the retention. */
    private void compact(long now) {
        long fineFrom = now - FINE_SPAN_SECONDS;
        for (Iterator<Map.Entry<Long, Bucket>> it = fine.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Bucket> e = it.next();
            if (e.getKey() >= fineFrom) {
                break;
            }
            long start = Math.floorDiv(e.getKey(), COARSE_SECONDS) * COARSE_SECONDS;
            coarse.computeIfAbsent(start, k -> new Bucket()).merge(e.getValue());
            it.remove();
        }
        coarse.headMap(now - RETENTION_SECONDS - COARSE_SECONDS, true).clear();
    }

    /** One time bucket. */
    private static final class Bucket {
        int calls;
        int errors;
        final int[] latency = new int[LatencyHistogram.SIZE];

        void add(boolean error, long latencyMicros) {
            calls++;
            if (error) {
                errors++;
            }
            latency[LatencyHistogram.bucketOf(latencyMicros)]++;
        }

        void merge(Bucket other) {
            calls += other.calls;
            errors += other.errors;
            for (int i = 0; i < latency.length; i++) {
                latency[i] += other.latency[i];
            }
        }
    }

    /** The sums over a window; not thread-safe (a fresh one per query). */
    static final class Totals {
        long calls;
        long errors;
        final int[] latency = new int[LatencyHistogram.SIZE];
        @Nullable Instant lastSeen;
        @Nullable String lastMethod;
    }
}
