package dev.acf.gateway.hierarchy;

import dev.acf.api.name.Domain;
import java.util.Objects;

/**
 * A sub-name-space handed to a child gateway, like a DNS zone cut: names at or below
 * {@code suffix} are forwarded to {@code child}, unless a longer delegated suffix matches.
 * Immutable.
 *
 * @param suffix the delegated name space, such as {@code region1.example.net}
 * @param child the gateway that owns it
 */
public record Delegation(Domain suffix, NextHop child) {

    /** Requires both parts. */
    public Delegation {
        Objects.requireNonNull(suffix, "suffix");
        Objects.requireNonNull(child, "child");
    }
}
