package dev.acf.api.a2a;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How an agent authenticates to a push-notification webhook. Immutable and thread-safe.
 *
 * <p>v0.3 lists {@code schemes}; v1.0 has one {@code scheme}. Reading v0.3 keeps the first
 * scheme, writing v0.3 writes a one-element list.
 *
 * @param scheme the HTTP authentication scheme, such as {@code Bearer}
 * @param credentials the credentials for the scheme, if any
 */
public record AuthenticationInfo(String scheme, @Nullable String credentials) {
    /** Validates the scheme is present. */
    public AuthenticationInfo {
        Objects.requireNonNull(scheme, "scheme");
    }

    /** Hides the credentials: records print all components, and this one is a secret. */
    @Override
    public String toString() {
        return "AuthenticationInfo[scheme=" + scheme + ", credentials=" + (credentials == null ? "none" : "***") + "]";
    }
}
