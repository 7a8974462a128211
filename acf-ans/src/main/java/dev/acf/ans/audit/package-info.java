/**
 * The tamper-evident audit log of the ANS (ANS-LIFE-4): {@link dev.acf.ans.audit.AuditLog}
 * appends one JSON line per lifecycle operation (who, what, on what, when, outcome, request
 * hash), each line carrying the SHA-256 of the line before it, so a changed, deleted or
 * reordered line is found by {@link dev.acf.ans.audit.AuditLog#verify()}; the lines are also
 * the leaves of an RFC 9162 Merkle tree with inclusion proofs.
 * {@link dev.acf.ans.audit.AuditLogSink} lets gateway audit events flow into the same log
 * without blocking their callers.
 */
@NullMarked
package dev.acf.ans.audit;

import org.jspecify.annotations.NullMarked;
