/**
 * Audit (GW-AUD-1, ANS-LIFE-4): {@link dev.acf.api.audit.AuditEvent}, the structured record of
 * an interaction or operation, and {@link dev.acf.api.audit.AuditSink}, where events go.
 */
@NullMarked
package dev.acf.api.audit;

import org.jspecify.annotations.NullMarked;
