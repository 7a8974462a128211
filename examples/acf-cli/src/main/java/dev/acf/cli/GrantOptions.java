package dev.acf.cli;

import dev.acf.api.security.GrantPolicy;
import dev.acf.client.AcfClient;
import dev.acf.client.RemoteGrantPolicy;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The permission options of {@code acf gateway} (ANS-SEC-1): with a grant reader token, the
 * gateway enforces the ANS's grants and follows their changes; a call without a grant gets the
 * default. The token comes from an environment variable, so it never shows in a process list.
 *
 * <pre>
 * ACF_GRANT_READER=... acf gateway --ans http://127.0.0.1:8400 --tls-dir gateway-id --grant-reader-token-env ACF_GRANT_READER
 * </pre>
 */
final class GrantOptions {
    @Option(names = "--grant-reader-token-env", paramLabel = "VAR",
            description = "enforce the ANS's permission grants: list them with the grant reader token held in this environment variable"
                    + " (acf ans --grant-reader-token) and follow their changes; calls without a grant get --default-permission")
    @Nullable String tokenEnv;

    @Option(names = "--default-permission", paramLabel = "DENY|ALLOW",
            description = "with --grant-reader-token-env: what a call without a grant gets (default: DENY)")
    GrantPolicy.@Nullable Decision defaultPermission;

    /** Returns what a call without a grant gets. */
    GrantPolicy.Decision defaultDecision() {
        return defaultPermission == null ? GrantPolicy.Decision.DENY : defaultPermission;
    }

    /**
     * Returns the grant reader token named by {@code --grant-reader-token-env}, or null when the
     * gateway does not follow the ANS's grants.
     *
     * @throws IllegalArgumentException when the variable is not set, or a default is given without it
     */
    @Nullable String token(Function<String, String> environment) {
        if (tokenEnv == null) {
            if (defaultPermission != null) {
                throw new IllegalArgumentException("--default-permission needs --grant-reader-token-env: without the ANS's grants every"
                        + " authenticated caller is allowed");
            }
            return null;
        }
        String token = environment.apply(tokenEnv);
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("environment variable " + tokenEnv + " is not set: it holds the grant reader token");
        }
        return token.trim();
    }

    /** Starts following the grants of the client's ANS with the token, or returns null without one. */
    @Nullable RemoteGrantPolicy follow(AcfClient ans, @Nullable String token) {
        return token == null ? null : RemoteGrantPolicy.start(ans, token, GrantPolicy.builder().fallback(defaultDecision()));
    }
}
