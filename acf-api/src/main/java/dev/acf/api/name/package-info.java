/**
 * ANS names (API-2): {@link dev.acf.api.name.AgentName} (the ANS v2 form
 * {@code ans://v1.2.0.rca.broadband.ops.example.net}), {@link dev.acf.api.name.LegacyAgentName}
 * (the ANS v1 form, accepted and mapped), {@link dev.acf.api.name.Version} and
 * {@link dev.acf.api.name.Domain}, the administrative domain an ANS is authoritative for.
 */
@NullMarked
package dev.acf.api.name;

import org.jspecify.annotations.NullMarked;
