/**
 * Security extension points: who a caller is ({@link dev.acf.api.security.CallerIdentity}),
 * what it may do ({@link dev.acf.api.security.PermissionPolicy}, ANS-SEC-1), and what content
 * may pass ({@link dev.acf.api.security.ContentInspector}, ANS-SEC-2 and ANS-SEC-3), and what is
 * sensitive in it for tiered content security ({@link dev.acf.api.security.SensitiveDataDetector},
 * {@link dev.acf.api.security.AgentClassification}, ANS-SEC-3).
 */
@NullMarked
package dev.acf.api.security;

import org.jspecify.annotations.NullMarked;
