package dev.acf.gateway.qos;

import dev.acf.api.error.ConfigurationException;
import dev.acf.api.gateway.QosClass;
import dev.acf.api.spi.ProviderConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How the built-in {@link QosFilter} admits requests (GW-FWD-1). Immutable; start from
 * {@link #defaults()} and change it with {@link #toBuilder()}, or read it from configuration
 * with {@link #fromConfig}.
 *
 * <p>Defaults: CRITICAL 256 running + 256 queued (5 s wait, never shed by delay or pressure);
 * STANDARD 512 + 512 (2 s wait, shed when the last queued request waited over 500 ms or the
 * gateway is 90 % occupied); BULK 64 + 64 (1 s wait, shed over 100 ms of queue delay or at 50 %
 * occupancy). No rate limits. {@code Retry-After: 1} on shedding. The overload capacity is
 * the gateway's {@code GatewayLimits.maxInFlight} unless set.
 *
 * <pre>{@code
 * QosSettings qos = QosSettings.defaults().toBuilder()
 *         .limits(QosClass.BULK, QosSettings.defaults().limits(QosClass.BULK).withConcurrency(8, 16))
 *         .callerRate(RateLimit.parse("100/s,200"))
 *         .build();
 * }</pre>
 *
 * @param enabled whether the QoS filter runs at all
 * @param classes the limits of every class
 * @param callerRate the rate limit of each caller (by subject; anonymous callers share one bucket), or null for none
 * @param targetRate the rate limit of each target agent (version-less), or null for none
 * @param maxBuckets how many callers and targets have a bucket each at most; idle (full) buckets are evicted first
 * @param retryAfter the {@code Retry-After} of a shed request
 * @param capacity the occupancy (running and queued requests, all classes) {@link ClassLimits#shedAt} is a share of;
 *     0 for the gateway's {@code maxInFlight}
 * @param clock the clock token buckets refill by, or null for {@link System#nanoTime()} (tests set one)
 */
public record QosSettings(boolean enabled, Map<QosClass, ClassLimits> classes, @Nullable RateLimit callerRate,
        @Nullable RateLimit targetRate, int maxBuckets, Duration retryAfter, int capacity, @Nullable Clock clock) {

    /** The configuration key switching QoS off ({@code false}); default on. */
    public static final String ENABLED = "qos.enabled";
    /** The configuration key of the per-caller rate limit, such as {@code 100/s,200}. */
    public static final String CALLER_RATE = "qos.callerRate";
    /** The configuration key of the per-target rate limit, such as {@code 500/s,1000}. */
    public static final String TARGET_RATE = "qos.targetRate";
    /** The configuration key of the bucket bound. */
    public static final String MAX_BUCKETS = "qos.maxBuckets";
    /** The configuration key of the shedding {@code Retry-After}, a duration such as {@code 2s}. */
    public static final String RETRY_AFTER = "qos.retryAfter";
    /** The configuration key of the overload capacity. */
    public static final String CAPACITY = "qos.capacity";
    /**
     * The prefix of a class's limits: {@code qos.<class>.maxConcurrent}, {@code .maxQueue},
     * {@code .maxQueueWait}, {@code .targetQueueDelay}, {@code .shedAt}, with the class in lower case.
     */
    public static final String CLASS_PREFIX = "qos.";

    private static final QosSettings DEFAULTS = new QosSettings(true, Map.of(
            QosClass.CRITICAL, new ClassLimits(256, 256, Duration.ofSeconds(5), Duration.ZERO, 1.0),
            QosClass.STANDARD, new ClassLimits(512, 512, Duration.ofSeconds(2), Duration.ofMillis(500), 0.9),
            QosClass.BULK, new ClassLimits(64, 64, Duration.ofSeconds(1), Duration.ofMillis(100), 0.5)),
            null, null, 10_000, Duration.ofSeconds(1), 0, null);

    /** Requires limits for every class, a positive bucket bound and a non-negative capacity. */
    public QosSettings {
        Map<QosClass, ClassLimits> copy = new EnumMap<>(QosClass.class);
        copy.putAll(Objects.requireNonNull(classes, "classes"));
        for (QosClass c : QosClass.values()) {
            if (copy.get(c) == null) {
                throw new IllegalArgumentException("no limits for class " + c);
            }
        }
        classes = Map.copyOf(copy);
        if (maxBuckets < 1) {
            throw new IllegalArgumentException("maxBuckets must be positive, was " + maxBuckets);
        }
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative, was " + retryAfter);
        }
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative, was " + capacity);
        }
    }

    /** Returns the defaults described above. */
    public static QosSettings defaults() {
        return DEFAULTS;
    }

    /** Returns the settings with QoS switched off. */
    public static QosSettings disabled() {
        return DEFAULTS.toBuilder().enabled(false).build();
    }

    /** Returns the limits of a class. */
    public ClassLimits limits(QosClass qosClass) {
        return classes.get(qosClass);
    }

    /** Returns a builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Returns {@code base} with what the configuration sets under the {@code qos.*} keys above.
     *
     * @throws ConfigurationException when a value is not usable
     */
    public static QosSettings fromConfig(ProviderConfig config, QosSettings base) {
        Builder b = base.toBuilder().enabled(config.booleanValue(ENABLED, base.enabled()));
        config.get(CALLER_RATE).ifPresent(v -> b.callerRate(RateLimit.parse(v)));
        config.get(TARGET_RATE).ifPresent(v -> b.targetRate(RateLimit.parse(v)));
        b.maxBuckets(config.intValue(MAX_BUCKETS, base.maxBuckets()))
                .retryAfter(config.durationValue(RETRY_AFTER, base.retryAfter()))
                .capacity(config.intValue(CAPACITY, base.capacity()));
        for (QosClass c : QosClass.values()) {
            String p = CLASS_PREFIX + c.name().toLowerCase(Locale.ROOT) + ".";
            ClassLimits l = base.limits(c);
            double shedAt = l.shedAt();
            String shed = config.get(p + "shedAt").orElse(null);
            if (shed != null) {
                try {
                    shedAt = Double.parseDouble(shed.trim());
                } catch (NumberFormatException e) {
                    throw new ConfigurationException("setting '" + p + "shedAt' must be a number in (0, 1], was '" + shed + "'");
                }
            }
            try {
                b.limits(c, new ClassLimits(config.intValue(p + "maxConcurrent", l.maxConcurrent()), config.intValue(p + "maxQueue", l.maxQueue()),
                        config.durationValue(p + "maxQueueWait", l.maxQueueWait()),
                        config.durationValue(p + "targetQueueDelay", l.targetQueueDelay()), shedAt));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("QoS limits of " + c + ": " + e.getMessage());
            }
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("QoS settings: " + e.getMessage());
        }
    }

    /** Builds {@link QosSettings}; not thread-safe. */
    public static final class Builder {
        private boolean enabled;
        private final Map<QosClass, ClassLimits> classes = new EnumMap<>(QosClass.class);
        private @Nullable RateLimit callerRate;
        private @Nullable RateLimit targetRate;
        private int maxBuckets;
        private Duration retryAfter;
        private int capacity;
        private @Nullable Clock clock;

        private Builder(QosSettings from) {
            enabled = from.enabled;
            classes.putAll(from.classes);
            callerRate = from.callerRate;
            targetRate = from.targetRate;
            maxBuckets = from.maxBuckets;
            retryAfter = from.retryAfter;
            capacity = from.capacity;
            clock = from.clock;
        }

        /** Sets {@link QosSettings#enabled()}. */
        public Builder enabled(boolean value) {
            enabled = value;
            return this;
        }

        /** Sets the limits of one class. */
        public Builder limits(QosClass qosClass, ClassLimits value) {
            classes.put(Objects.requireNonNull(qosClass, "qosClass"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Sets {@link QosSettings#callerRate()}; null for none. */
        public Builder callerRate(@Nullable RateLimit value) {
            callerRate = value;
            return this;
        }

        /** Sets {@link QosSettings#targetRate()}; null for none. */
        public Builder targetRate(@Nullable RateLimit value) {
            targetRate = value;
            return this;
        }

        /** Sets {@link QosSettings#maxBuckets()}. */
        public Builder maxBuckets(int value) {
            maxBuckets = value;
            return this;
        }

        /** Sets {@link QosSettings#retryAfter()}. */
        public Builder retryAfter(Duration value) {
            retryAfter = value;
            return this;
        }

        /** Sets {@link QosSettings#capacity()}. */
        public Builder capacity(int value) {
            capacity = value;
            return this;
        }

        /** Sets {@link QosSettings#clock()} (tests). */
        public Builder clock(@Nullable Clock value) {
            clock = value;
            return this;
        }

        /** Returns the settings; validates them. */
        public QosSettings build() {
            return new QosSettings(enabled, classes, callerRate, targetRate, maxBuckets, retryAfter, capacity, clock);
        }
    }
}
