package dev.acf.gateway.anomaly;

import dev.acf.api.spi.ProviderConfig;

/**
 * Which anomalies suspend their caller at once (GW-SEC-2); every other anomaly is flagged only.
 * A suspended caller is refused 403 {@code caller_suspended} by this gateway at once and by
 * every gateway following ANS within a second, until an administrator lifts it at ANS.
 * Immutable.
 *
 * <p>The default suspends bursts only: a window with at least {@link #burstFactor()} times the
 * caller's baseline and at least {@link #burstRequests()} calls (after the warm-up). A denied
 * edge, a new target, a revoked or unknown caller are flagged: the permission policy and
 * revocation already refuse those calls, and suspending on a single refusal would let one
 * misconfigured grant lock an agent out. {@link #deniedEdges()} above 0 suspends a caller that
 * hits that many denied edges in one window (probing).
 *
 * @param burstFactor how many times the baseline a window must reach to suspend; 0 never suspends on rate
 * @param burstRequests the fewest calls in a window that suspend
 * @param deniedEdges how many denied edges in one window suspend; 0 never
 */
public record SuspensionPolicy(double burstFactor, int burstRequests, int deniedEdges) {

    /** The configuration key prefix read by {@link #fromConfig}. */
    public static final String PREFIX = "anomaly.suspend.";

    /** Validates the values. */
    public SuspensionPolicy {
        if (burstFactor != 0 && !(burstFactor > 1)) {
            throw new IllegalArgumentException("burstFactor must be 0 (never) or above 1, was " + burstFactor);
        }
        if (burstRequests < 1 || deniedEdges < 0) {
            throw new IllegalArgumentException("burstRequests must be positive and deniedEdges not negative, were "
                    + burstRequests + " and " + deniedEdges);
        }
    }

    /** Suspends on bursts of at least 10x the baseline and 50 calls in a window; flags everything else. */
    public static SuspensionPolicy defaults() {
        return new SuspensionPolicy(10, 50, 0);
    }

    /** Never suspends: every anomaly is a flag. */
    public static SuspensionPolicy flagOnly() {
        return new SuspensionPolicy(0, 1, 0);
    }

    /** Reads {@code anomaly.suspend.burstFactor}, {@code .burstRequests} and {@code .deniedEdges} over {@code base}. */
    public static SuspensionPolicy fromConfig(ProviderConfig config, SuspensionPolicy base) {
        return new SuspensionPolicy(
                config.get(PREFIX + "burstFactor").map(Double::parseDouble).orElse(base.burstFactor),
                config.get(PREFIX + "burstRequests").map(Integer::parseInt).orElse(base.burstRequests),
                config.get(PREFIX + "deniedEdges").map(Integer::parseInt).orElse(base.deniedEdges));
    }

    /** Returns true when bursts suspend. */
    public boolean suspendsBursts() {
        return burstFactor > 0;
    }
}
