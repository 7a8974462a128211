/**
 * Tiered content security (ANS-SEC-3, GW-SEC-2): the built-in sensitive-data detectors
 * ({@link dev.acf.gateway.redact.BuiltInDetectors}), the {@link dev.acf.gateway.redact.Redactor}
 * that runs them over text and JSON, the callers' clearances ({@link dev.acf.gateway.redact.Clearances}),
 * and the {@link dev.acf.gateway.redact.RedactionFilter} that redacts responses and streamed events
 * for the caller's clearance and refuses calls to agents classified above it.
 */
@NullMarked
package dev.acf.gateway.redact;

import org.jspecify.annotations.NullMarked;
