package dev.acf.gateway;

import dev.acf.api.monitor.AnsMonitor;
import dev.acf.api.monitor.InteractionFeed;
import dev.acf.gateway.anomaly.AnomalySettings;
import dev.acf.gateway.anomaly.SuspensionPolicy;
import java.time.Clock;
import org.jspecify.annotations.Nullable;

/**
 * What the builder says about anomaly blocking and the other monitoring links to ANS.
 *
 * @param settings how callers are learned and judged
 * @param policy which anomalies suspend
 * @param monitor the ANS link; null for the identity's over an {@code AcfClient} lookup, if any
 * @param clock the clock baselines are timed with
 * @param interactions where audit events go for ANS's interaction graph; null for the identity's
 *     over an {@code AcfClient} lookup when {@code reportInteractions}, else none
 * @param reportInteractions whether audit events go to ANS's interaction graph
 */
record AnomalyOptions(AnomalySettings settings, SuspensionPolicy policy, @Nullable AnsMonitor monitor, Clock clock,
        @Nullable InteractionFeed interactions, boolean reportInteractions) {}
