/**
 * Persistent sessions, resume and failover (GW-SESS-1, GW-SESS-2): every event an agent streams
 * for an A2A task gets a gateway event id and is kept in a {@link dev.acf.api.session.SessionStore}
 * (the {@link dev.acf.gateway.session.EmbeddedSessionStore} by default), so a client that
 * reconnects with {@code Last-Event-ID} gets exactly what it missed; checkpoints the agent puts in
 * its stream are kept there too, and a task whose agent instance dies mid-stream is handed with its
 * last checkpoint to another instance while the caller's stream goes on. The wire contract is in
 * {@link dev.acf.api.session.SessionProtocol} and {@code sessions.md}.
 */
@NullMarked
package dev.acf.gateway.session;

import org.jspecify.annotations.NullMarked;
