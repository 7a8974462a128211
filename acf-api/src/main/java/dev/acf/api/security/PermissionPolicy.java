package dev.acf.api.security;

import dev.acf.api.name.AgentName;

/**
 * Decides whether a caller may discover or call an agent (ANS-SEC-1). ANS asks it before
 * returning an agent from resolution or the catalogue; the gateway asks it for every call.
 *
 * <p>Called on hot paths from many threads: implementations are thread-safe, fast, and do
 * no blocking I/O (cache what they load).
 *
 * <pre>{@code
 * AccessDecision d = policy.decide(caller, target, "call:SendMessage");
 * if (!d.allowed()) return Exchange.Response.error(403, "permission_denied", d.reason());
 * }</pre>
 */
public interface PermissionPolicy {
    /** The action of finding an agent through resolution or a catalogue. */
    String DISCOVER = "discover";

    /**
     * Decides one action.
     *
     * @param caller who asks
     * @param target the agent acted on
     * @param action {@link #DISCOVER}, {@code call:<A2A method>} or {@code skill:<skill id>} (a message
     *     sent through a gateway: {@code skill:*} when it names no skill, before its {@code call:})
     */
    AccessDecision decide(CallerIdentity caller, AgentName target, String action);

    /**
     * Returns true when {@link #decide} answers from memory only (no I/O, no waiting), so the
     * gateway may ask it on an event loop; false (the default) has it asked on a virtual thread.
     */
    default boolean nonBlocking() {
        return false;
    }
}
