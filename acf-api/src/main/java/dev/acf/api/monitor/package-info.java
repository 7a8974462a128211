/**
 * Anomaly monitoring (GW-SEC-2, ANS-MON-2): the {@link dev.acf.api.monitor.AnomalyEvent}s a
 * gateway raises (a rate spike, a call on an edge never granted, a revoked or unknown caller),
 * the {@link dev.acf.api.monitor.Suspension}s that block a caller at every gateway until an
 * administrator lifts them, and {@link dev.acf.api.monitor.AnsMonitor}, how a gateway reports
 * the former to ANS and follows the latter.
 */
@NullMarked
package dev.acf.api.monitor;

import org.jspecify.annotations.NullMarked;
