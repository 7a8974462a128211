/**
 * The transport-independent shape of a demo agent: its definition (id, A2A card content and
 * behaviour), the {@link dev.acf.demo.agent.Collaborators} it uses to reach other agents by
 * intent or by name, the {@link dev.acf.demo.agent.Trace} it reports its steps to, and
 * {@link dev.acf.demo.agent.InMemoryAgents}, an in-process stand-in for ANS resolution and the
 * gateway.
 *
 * <p>Agents never hold references to each other: every collaboration goes through
 * {@code Collaborators}, so the same behaviour runs in process or as a real A2A agent behind
 * the gateway.
 */
@org.jspecify.annotations.NullMarked
package dev.acf.demo.agent;
