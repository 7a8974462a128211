package dev.acf.gateway.anomaly;

import dev.acf.api.spi.ProviderConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * How the {@link AnomalyDetector} learns and judges each caller (GW-SEC-2). Immutable.
 *
 * <p>A caller's rate is counted in fixed windows of {@link #window()}; when a window closes its
 * count joins the caller's baseline, an EWMA with weight {@link #baselineWeight()} (windows
 * without calls pull it down; a window that spiked does not join, so a burst does not teach
 * the baseline to accept bursts). Until {@link #warmUp()} has passed since the caller's first
 * call nothing is judged: the baseline and the target set are learned. After it, a window whose
 * count exceeds {@link #spikeFactor()} times the baseline and {@link #floorPerSecond()} times
 * the window's seconds is a {@code rate-spike}, and a call to an agent outside the learned
 * targets is a {@code new-target} flag (the target is learned then). At most
 * {@link #maxCallers()} callers are tracked (the least recently seen are forgotten first) and
 * {@link #maxTargets()} targets per caller; the same flag for the same caller and target is
 * raised at most once per {@link #flagCooldown()}.
 *
 * @param enabled whether the gateway detects anomalies at all
 * @param window the rate window
 * @param baselineWeight the EWMA weight of a closed window, 0-1
 * @param warmUp how long a caller is only learned
 * @param spikeFactor how many times the baseline a window must exceed to be a spike
 * @param floorPerSecond the rate (per second) below which no window is a spike, whatever the baseline
 * @param maxCallers how many callers are tracked
 * @param maxTargets how many targets are learned per caller
 * @param flagCooldown how long a repeated flag is held back
 */
public record AnomalySettings(boolean enabled, Duration window, double baselineWeight, Duration warmUp, double spikeFactor,
        double floorPerSecond, int maxCallers, int maxTargets, Duration flagCooldown) {

    /** The configuration key prefix read by {@link #fromConfig}. */
    public static final String PREFIX = "anomaly.";

    /** Validates the values. */
    public AnomalySettings {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(warmUp, "warmUp");
        Objects.requireNonNull(flagCooldown, "flagCooldown");
        if (window.toMillis() < 1) {
            throw new IllegalArgumentException("window must be at least 1 ms, was " + window);
        }
        if (!(baselineWeight > 0 && baselineWeight <= 1)) {
            throw new IllegalArgumentException("baselineWeight must be in (0, 1], was " + baselineWeight);
        }
        if (warmUp.isNegative() || flagCooldown.isNegative()) {
            throw new IllegalArgumentException("warmUp and flagCooldown must not be negative");
        }
        if (!(spikeFactor > 1) || !(floorPerSecond >= 0)) {
            throw new IllegalArgumentException("spikeFactor must be above 1 and floorPerSecond not negative, were "
                    + spikeFactor + " and " + floorPerSecond);
        }
        if (maxCallers < 1 || maxTargets < 1) {
            throw new IllegalArgumentException("maxCallers and maxTargets must be positive, were " + maxCallers + " and " + maxTargets);
        }
    }

    /**
     * On: 10 s windows, weight 0.3, 60 s warm-up, a spike above 4x the baseline and 2 calls/s,
     * 10,000 callers of 256 targets each, flags repeated at most once a minute.
     */
    public static AnomalySettings defaults() {
        return new AnomalySettings(true, Duration.ofSeconds(10), 0.3, Duration.ofSeconds(60), 4, 2, 10_000, 256, Duration.ofMinutes(1));
    }

    /** Off: no detection, no suspension (suspensions from ANS are still applied). */
    public static AnomalySettings disabled() {
        AnomalySettings d = defaults();
        return new AnomalySettings(false, d.window, d.baselineWeight, d.warmUp, d.spikeFactor, d.floorPerSecond, d.maxCallers,
                d.maxTargets, d.flagCooldown);
    }

    /**
     * Reads {@code anomaly.enabled}, {@code anomaly.window} (ISO-8601 or milliseconds),
     * {@code anomaly.baselineWeight}, {@code anomaly.warmUp}, {@code anomaly.spikeFactor},
     * {@code anomaly.floorPerSecond}, {@code anomaly.maxCallers}, {@code anomaly.maxTargets} and
     * {@code anomaly.flagCooldown}, each over {@code base}.
     */
    public static AnomalySettings fromConfig(ProviderConfig config, AnomalySettings base) {
        return new AnomalySettings(
                config.get(PREFIX + "enabled").map(Boolean::parseBoolean).orElse(base.enabled),
                config.get(PREFIX + "window").map(AnomalySettings::duration).orElse(base.window),
                config.get(PREFIX + "baselineWeight").map(Double::parseDouble).orElse(base.baselineWeight),
                config.get(PREFIX + "warmUp").map(AnomalySettings::duration).orElse(base.warmUp),
                config.get(PREFIX + "spikeFactor").map(Double::parseDouble).orElse(base.spikeFactor),
                config.get(PREFIX + "floorPerSecond").map(Double::parseDouble).orElse(base.floorPerSecond),
                config.get(PREFIX + "maxCallers").map(Integer::parseInt).orElse(base.maxCallers),
                config.get(PREFIX + "maxTargets").map(Integer::parseInt).orElse(base.maxTargets),
                config.get(PREFIX + "flagCooldown").map(AnomalySettings::duration).orElse(base.flagCooldown));
    }

    static Duration duration(String text) {
        String t = text.trim();
        return t.startsWith("P") || t.startsWith("p") ? Duration.parse(t) : Duration.ofMillis(Long.parseLong(t));
    }
}
