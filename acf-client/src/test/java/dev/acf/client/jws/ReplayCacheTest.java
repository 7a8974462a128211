package dev.acf.client.jws;

import dev.acf.api.testkit.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReplayCacheTest {
    private static final Instant T0 = Instant.parse("2026-11-26T04:00:00Z");

    @Test
    void nonceIsRefusedUntilItExpiresThenForgotten() {
        ReplayCache cache = new ReplayCache(10);
        assertThat(cache.firstUse("k:n1", T0.plusSeconds(300), T0)).isTrue();
        assertThat(cache.firstUse("k:n1", T0.plusSeconds(300), T0.plusSeconds(299))).isFalse();
        assertThat(cache.firstUse("k:n2", T0.plusSeconds(600), T0.plusSeconds(300))).isTrue();
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void expiredEntriesAreEvictedInExpiryOrderNotInsertionOrder() {
        ReplayCache cache = new ReplayCache(3);
        cache.firstUse("late", T0.plusSeconds(900), T0);
        cache.firstUse("early", T0.plusSeconds(100), T0);
        cache.firstUse("middle", T0.plusSeconds(500), T0);
        assertThat(cache.firstUse("new", T0.plusSeconds(1000), T0.plusSeconds(101))).isTrue();
        assertThat(cache.firstUse("late", T0.plusSeconds(900), T0.plusSeconds(101))).isFalse();
        assertThat(cache.firstUse("middle", T0.plusSeconds(500), T0.plusSeconds(101))).isFalse();
    }
}
