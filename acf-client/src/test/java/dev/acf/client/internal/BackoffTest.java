package dev.acf.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void delaysDoubleUntilTheCapWithoutJitter() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), 0);
        Random random = new Random(1);

        assertThat(java.util.stream.IntStream.range(0, 6).mapToObj(n -> backoff.delay(n, random).toMillis()))
                .containsExactly(1_000L, 2_000L, 4_000L, 8_000L, 10_000L, 10_000L);
        assertThat(backoff.delay(10_000, random)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void jitterSpreadsDelaysWithinItsBounds() {
        Backoff backoff = new Backoff(Duration.ofSeconds(4), Duration.ofSeconds(4), 0.25);
        Random random = new Random(7);

        var delays = java.util.stream.IntStream.range(0, 200).mapToObj(n -> backoff.delay(0, random).toMillis()).toList();

        assertThat(delays).allSatisfy(d -> assertThat(d).isBetween(3_000L, 5_000L));
        assertThat(delays.stream().distinct().count()).isGreaterThan(50);
    }

    @Test
    void invalidBoundsAreRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 1.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
