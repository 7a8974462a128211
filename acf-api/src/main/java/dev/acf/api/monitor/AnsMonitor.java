package dev.acf.api.monitor;

import java.time.Duration;
import java.util.List;

/**
 * How a gateway tells ANS what it saw and learns whom to refuse (ANS-MON-2): it reports
 * anomalies (an anomaly with action {@code suspended} also records the suspension at ANS) and
 * follows the suspensions in force, which administrators list, add and lift at ANS.
 * Implemented in-process by {@code AnsServer.monitor()} and over HTTP by
 * {@code AcfClient.monitor(identity)} ({@code POST /v1/anomalies}, {@code GET /v1/suspensions}).
 *
 * <p>Thread-safe. Both methods may block on the network: call them off the request path.
 *
 * <pre>{@code
 * monitor.report(List.of(anomaly));
 * SuspensionState state = monitor.suspensions(0, Duration.ZERO);       // what is in force now
 * state = monitor.suspensions(state.sequence(), Duration.ofSeconds(10)); // waits for the next change
 * }</pre>
 */
public interface AnsMonitor {

    /**
     * Records anomalies at ANS; an anomaly whose action is {@code suspended} also suspends its
     * caller there (published to every gateway). Reporting the same anomaly id twice stores it once.
     *
     * @throws dev.acf.api.error.AcfException when ANS refuses the report or cannot be reached
     */
    void report(List<AnomalyEvent> anomalies);

    /**
     * Returns the suspensions in force once the change sequence is past {@code after}, waiting
     * up to {@code wait} for a change (long poll); at the end of the wait, the current state.
     *
     * @throws dev.acf.api.error.AcfException when ANS cannot be reached
     */
    SuspensionState suspensions(long after, Duration wait);
}
