/**
 * Capability monitoring at ANS (ANS-MON-2): the anomalies gateways report, kept for the
 * operator, and the suspensions every gateway enforces, kept durably and followed by gateways
 * ({@link dev.acf.ans.monitor.Monitor}).
 */
@NullMarked
package dev.acf.ans.monitor;

import org.jspecify.annotations.NullMarked;
