package dev.acf.gateway.qos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acf.api.error.ConfigurationException;
import dev.acf.api.spi.ProviderConfig;
import dev.acf.api.gateway.QosClass;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class TokenBucketsTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void aBucketGivesItsBurstThenOneTokenPerInterval() {
        TokenBuckets buckets = new TokenBuckets(new RateLimit(10, 3), 100, now::get);

        assertThat(buckets.take("a")).isZero();
        assertThat(buckets.take("a")).isZero();
        assertThat(buckets.take("a")).isZero();
        assertThat(buckets.take("a")).isEqualTo(100_000_000L);
        assertThat(buckets.take("b")).as("another key has its own bucket").isZero();
        now.addAndGet(100_000_000L);
        assertThat(buckets.take("a")).isZero();
        assertThat(buckets.take("a")).isPositive();
    }

    @Test
    void unknownKeysCannotGrowTheMapBeyondItsBound() {
        TokenBuckets buckets = new TokenBuckets(new RateLimit(1, 1), 50, now::get);
        for (int i = 0; i < 10_000; i++) {
            buckets.take("caller-" + i);
            assertThat(buckets.size()).isLessThanOrEqualTo(50);
        }
    }

    @Test
    void idleBucketsAreEvictedBeforeBusyOnes() {
        TokenBuckets buckets = new TokenBuckets(new RateLimit(1, 1), 10, now::get);
        for (int i = 0; i < 9; i++) {
            buckets.take("idle-" + i);
        }
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        buckets.take("busy");
        buckets.take("new");

        assertThat(buckets.size()).isEqualTo(2);
        assertThat(buckets.take("busy")).as("busy's empty bucket survived the sweep").isPositive();
    }

    @Test
    void settingsAreReadFromConfigurationKeys() {
        QosSettings s = QosSettings.fromConfig(ProviderConfig.of(Map.of(
                QosSettings.CALLER_RATE, "600/m,20", QosSettings.TARGET_RATE, "50",
                "qos.bulk.maxConcurrent", "4", "qos.bulk.maxQueue", "0", "qos.bulk.shedAt", "0.25",
                "qos.critical.maxQueueWait", "250ms", QosSettings.RETRY_AFTER, "3s")), QosSettings.defaults());

        assertThat(s.callerRate()).isEqualTo(new RateLimit(10, 20));
        assertThat(s.targetRate()).isEqualTo(new RateLimit(50, 50));
        assertThat(s.limits(QosClass.BULK)).isEqualTo(new ClassLimits(4, 0, Duration.ofSeconds(1), Duration.ofMillis(100), 0.25));
        assertThat(s.limits(QosClass.CRITICAL).maxQueueWait()).isEqualTo(Duration.ofMillis(250));
        assertThat(s.retryAfter()).isEqualTo(Duration.ofSeconds(3));
        Assertions.assertThatThrownBy(() -> QosSettings.fromConfig(ProviderConfig.of(Map.of("qos.bulk.shedAt", "2")), QosSettings.defaults()))
                .isInstanceOf(ConfigurationException.class);
        Assertions.assertThatThrownBy(() -> RateLimit.parse("fast")).isInstanceOf(ConfigurationException.class);
    }
}
