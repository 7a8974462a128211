package dev.acf.api.security;

import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who is calling, as authentication established it: an agent (from the ANS name in its
 * certificate's SAN URI) or another client (from a bearer token's subject), with its
 * domain, roles and clearance. Immutable and thread-safe.
 *
 * @param subject a stable identifier for logs and policies: the agent name, or the token subject
 * @param agent the caller's agent name, when the caller is an agent
 * @param domain the caller's administrative domain, when known
 * @param roles role attributes a policy can match, such as {@code operator}
 * @param clearance the highest classification level the caller may see
 */
public record CallerIdentity(String subject, @Nullable AgentName agent, @Nullable Domain domain, Set<String> roles,
        ClassificationLevel clearance) {

    /** Requires a subject and copies the roles. */
    public CallerIdentity {
        Objects.requireNonNull(subject, "subject");
        roles = Set.copyOf(roles);
        Objects.requireNonNull(clearance, "clearance");
    }

    /** The identity of an unauthenticated caller, cleared for public content only. */
    public static CallerIdentity anonymous() {
        return new CallerIdentity("anonymous", null, null, Set.of(), ClassificationLevel.PUBLIC);
    }

    /** The identity of an agent, from its certified name. */
    public static CallerIdentity ofAgent(AgentName agent, Domain domain, ClassificationLevel clearance) {
        return new CallerIdentity(agent.toString(), agent, domain, Set.of(), clearance);
    }

    /** Returns true when the caller authenticated. */
    public boolean isAuthenticated() {
        return !subject.equals("anonymous") || agent != null;
    }
}
