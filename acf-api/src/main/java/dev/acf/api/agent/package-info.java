/**
 * The agent model (API-1): {@link dev.acf.api.agent.AgentRecord}, what ANS knows of one
 * version of an agent, with its {@link dev.acf.api.agent.Endpoint}s,
 * {@link dev.acf.api.agent.Capability}s and {@link dev.acf.api.agent.AgentStatus}.
 */
@NullMarked
package dev.acf.api.agent;

import org.jspecify.annotations.NullMarked;
