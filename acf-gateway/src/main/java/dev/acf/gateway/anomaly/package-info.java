/**
 * Anomaly detection and per-caller blocking (GW-SEC-2, ANS-MON-2): per-caller baselines of rate
 * and targets ({@link dev.acf.gateway.anomaly.AnomalyDetector}), the
 * {@link dev.acf.gateway.anomaly.SuspensionPolicy} that turns anomalies into suspensions, and
 * the {@link dev.acf.gateway.anomaly.AnomalyGuard} that refuses suspended callers, audits and
 * counts anomalies, reports them to ANS and follows the suspensions ANS holds.
 */
@NullMarked
package dev.acf.gateway.anomaly;

import org.jspecify.annotations.NullMarked;
