/**
 * Agent-level permissions (ANS-SEC-1): grants requested by agents or created by
 * administrators, decided through the admin queue (ANS-REG-4), kept durably with their
 * history, and evaluated by a {@link dev.acf.api.security.GrantPolicy} that resolution
 * consults for discovery and that gateways mirror for calls.
 */
@NullMarked
package dev.acf.ans.permission;

import org.jspecify.annotations.NullMarked;
