package dev.acf.gateway.hierarchy;

import dev.acf.api.error.ValidationException;
import dev.acf.api.name.AgentName;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Another gateway of the hierarchy: where it listens and, for {@code https}, the ANS name its
 * certificate carries (the upstream mTLS handshake checks it, as it checks an agent's). A gateway
 * given with its name is also trusted to vouch for the original caller ({@link HopFilter}).
 * Immutable.
 *
 * <pre>{@code
 * NextHop parent = NextHop.parse("https://core.example.net:8443,ans://v1.0.0.gateway.example.net");
 * }</pre>
 *
 * @param base the gateway's base URI ({@code http} or {@code https}, no query); calls go to {@code {base}/agents/{name}...}
 * @param gateway the gateway's ANS name, or null when its certificate is not checked by name (plaintext hops)
 */
public record NextHop(URI base, @Nullable AgentName gateway) {

    /** Requires an absolute http(s) base URI without query or fragment; drops a trailing slash. */
    public NextHop {
        Objects.requireNonNull(base, "base");
        String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || base.getHost() == null) {
            throw new ValidationException("gateway base '" + base + "' must be an absolute http or https URI");
        }
        if (base.getRawQuery() != null || base.getRawFragment() != null || base.getRawUserInfo() != null) {
            throw new ValidationException("gateway base '" + base + "' must not carry a query, fragment or user information");
        }
        String s = base.toString();
        if (s.endsWith("/")) {
            base = URI.create(s.substring(0, s.length() - 1));
        }
    }

    /** Returns a hop to a gateway whose name is not checked. */
    public static NextHop of(URI base) {
        return new NextHop(base, null);
    }

    /**
     * Parses {@code URI} or {@code URI,ANS-NAME}, the form of the command line.
     *
     * @throws ValidationException naming the bad part
     */
    public static NextHop parse(String text) {
        Objects.requireNonNull(text, "text");
        int comma = text.indexOf(',');
        String uri = (comma < 0 ? text : text.substring(0, comma)).trim();
        URI base;
        try {
            base = URI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("gateway base '" + uri + "' is not a valid URI: " + e.getMessage());
        }
        return new NextHop(base, comma < 0 ? null : AgentName.parse(text.substring(comma + 1).trim()));
    }

    @Override
    public String toString() {
        return gateway == null ? base.toString() : base + "," + gateway;
    }
}
