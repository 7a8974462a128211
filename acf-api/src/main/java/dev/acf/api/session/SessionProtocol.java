package dev.acf.api.session;

/**
 * The names of the session wire contract between callers, the gateway and agents (GW-SESS-1,
 * GW-SESS-2, CLI-4), for SDKs on both sides; {@code sessions.md} describes the contract in full.
 * Everything rides inside ordinary A2A messages and events, so agents and clients that know
 * nothing of it are unaffected.
 *
 * <ul>
 *   <li><b>Event ids.</b> The gateway gives every event it streams for a task the SSE id
 *       {@code <taskId>:<n>} ({@link SessionEvent#eventId()}), {@code n} counting the task's events
 *       from 1. A client reconnects with that id in {@value #LAST_EVENT_ID} on a
 *       {@code SubscribeToTask}/{@code tasks/resubscribe} call, or on the streaming request it
 *       re-sends, and gets exactly the events after it.
 *   <li><b>Event sequence.</b> An agent numbers the events of each task in
 *       {@code metadata.}{@value #SEQ} (1, 2, 3, ..., checkpoints included), so that after a
 *       failover the gateway drops what the caller already has.
 *   <li><b>Checkpoints.</b> An agent checkpoints a task by streaming a status-update event (the
 *       task's current state, unchanged) whose metadata holds {@value #CHECKPOINT}:
 *       {@code {"sequence": n, "state": "<base64>"}}, {@code n} being the event's own
 *       {@value #SEQ}. The gateway keeps it and does not pass it on.
 *   <li><b>Restore.</b> When the agent instance serving a streaming task fails, the gateway sends
 *       the original request again to another instance with the header {@value #CHECKPOINT_HEADER}
 *       {@code : n} and, in {@code params.message.metadata.}{@value #RESTORE},
 *       {@code {"taskId", "contextId", "sequence": n, "state": "<base64>", "delivered": m}}
 *       ({@code n} = 0 and no {@code state} when there was no checkpoint; {@code m} the last
 *       {@value #SEQ} the caller received). The agent continues the task under the same ids from
 *       that state, numbering its events from {@code n + 1}.
 * </ul>
 *
 * <pre>{@code
 * // an agent SDK, when a message arrives:
 * JsonNode restore = message.metadata().get(SessionProtocol.RESTORE);
 * }</pre>
 */
public final class SessionProtocol {
    /** The HTTP header a reconnecting client names the last event it received with. */
    public static final String LAST_EVENT_ID = "Last-Event-ID";
    /** The event metadata key of an agent's per-task event sequence number (a JSON integer from 1). */
    public static final String SEQ = "acf.seq";
    /** The event metadata key of a checkpoint: an object with {@code sequence} and {@code state} (base64). */
    public static final String CHECKPOINT = "acf.checkpoint";
    /** The message metadata key the gateway restores a task with on another instance. */
    public static final String RESTORE = "acf.restore";
    /** The HTTP header of a re-dispatched request: the sequence of the checkpoint it restores, 0 for none. */
    public static final String CHECKPOINT_HEADER = "ACF-Checkpoint";

    private SessionProtocol() {}
}
