package dev.acf.api.name;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/**
 * An administrative domain, such as {@code ops.example.net}: the DNS zone one ANS is
 * authoritative for. Every agent name lies inside exactly one domain (API-2).
 *
 * <p>The name is kept in canonical form (lower case, ASCII); immutable and thread-safe.
 *
 * <pre>{@code
 * Domain ops = Domain.of("ops.example.net");
 * ops.contains(AgentName.parse("ans://v1.0.0.rca.broadband.ops.example.net")); // true
 * }</pre>
 *
 * @param name the domain's fully qualified name, at least two labels
 */
public record Domain(String name) {

    /** Validates and canonicalizes the name. */
    public Domain {
        Objects.requireNonNull(name, "name");
        name = Fqdn.canonical(name, "domain '" + name + "'", 2);
    }

    /**
     * Returns the domain with this name.
     *
     * @throws dev.acf.api.error.InvalidNameException naming the offending label
     */
    @JsonCreator
    public static Domain of(String name) {
        return new Domain(name);
    }

    /** Returns true when the host name equals this domain or lies below it. */
    public boolean containsHost(String host) {
        String h = host.toLowerCase(java.util.Locale.ROOT);
        return h.equals(name) || h.endsWith("." + name);
    }

    /** Returns true when the agent's host name lies below this domain (or equals it). */
    public boolean contains(AgentName agent) {
        return containsHost(agent.fqdn());
    }

    /** Returns true when the other domain equals this one or lies below it. */
    public boolean contains(Domain other) {
        return containsHost(other.name);
    }

    @JsonValue
    @Override
    public String toString() {
        return name;
    }
}
