package dev.acf.ans.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EdgeSeriesTest {
    static final Instant NOW = Instant.parse("2026-03-01T12:00:05Z");

    @Test
    void windowCountsTheBucketsItOverlapsOnly() {
        EdgeSeries s = new EdgeSeries();
        s.add(NOW.minusSeconds(2), false, 1_000, "SendMessage", NOW);
        s.add(NOW.minusSeconds(65), true, 1_000, "SendMessage", NOW);
        s.add(NOW.minus(Duration.ofMinutes(30)), false, 1_000, "SendMessage", NOW);

        assertThat(s.since(NOW.minusSeconds(30), NOW).calls).isEqualTo(1);
        EdgeSeries.Totals twoMinutes = s.since(NOW.minusSeconds(120), NOW);
        assertThat(twoMinutes.calls).isEqualTo(2);
        assertThat(twoMinutes.errors).isEqualTo(1);
        assertThat(s.since(NOW.minus(Duration.ofHours(1)), NOW).calls).isEqualTo(3);
        assertThat(s.since(NOW.minusSeconds(30), NOW).lastSeen).isEqualTo(NOW.minusSeconds(2));
    }

    @Test
    void bucketsOlderThanAnHourFoldIntoFiveMinuteBucketsAndTheDayIsTheLimit() {
        EdgeSeries s = new EdgeSeries();
        for (int i = 0; i < 360; i++) {
            s.add(NOW.minusSeconds(10L * i), false, 500, null, NOW);
        }
        assertThat(s.add(NOW.minus(Duration.ofHours(25)), false, 500, null, NOW)).isFalse();
        Instant later = NOW.plus(Duration.ofHours(2));
        // Two hours on, the hour of 10 s buckets is folded: still 360 calls within 3 h, none within the last hour.
        assertThat(s.since(later.minus(Duration.ofHours(3)), later).calls).isEqualTo(360);
        assertThat(s.since(later.minus(Duration.ofHours(1)), later).calls).isZero();
        assertThat(s.isEmpty(later.plus(Duration.ofHours(24)))).isTrue();
    }

    @Test
    void percentilesComeFromTheHistogramWithinItsBucket() {
        EdgeSeries s = new EdgeSeries();
        for (int i = 0; i < 98; i++) {
            s.add(NOW, false, 3_000, null, NOW); // 2-4 ms
        }
        s.add(NOW, false, 300_000, null, NOW); // 256-512 ms
        s.add(NOW, false, 300_000, null, NOW);
        EdgeSeries.Totals t = s.since(NOW.minusSeconds(10), NOW);

        assertThat(LatencyHistogram.percentileMillis(t.latency, 0.5)).isBetween(2.0, 4.0);
        assertThat(LatencyHistogram.percentileMillis(t.latency, 0.99)).isBetween(256.0, 512.0);
        assertThat(LatencyHistogram.percentileMillis(new int[LatencyHistogram.SIZE], 0.5)).isZero();
    }
}
