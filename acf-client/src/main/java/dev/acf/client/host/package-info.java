/**
 * Hosting an agent's own A2A endpoint (CLI-1): {@link dev.acf.client.host.AgentHost} serves the
 * JSON-RPC binding (v1.0 method names and their v0.3 aliases) and the Agent Card over TLS with
 * the agent's ANS certificate, registers the agent and keeps its certificate renewed. An
 * {@link dev.acf.client.host.AgentHandler} answers messages through a
 * {@link dev.acf.client.host.TaskContext}; tasks live in a {@link dev.acf.client.host.TaskStore}.
 */
@NullMarked
package dev.acf.client.host;

import org.jspecify.annotations.NullMarked;
