package dev.acf.gateway.proxy;

import dev.acf.api.agent.Endpoint;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Maps URLs that point at an agent's own address to the gateway's address of that agent:
 * a URL under an endpoint's URL keeps its remainder ({@code http://10.0.4.7:9443/a2a/x} becomes
 * {@code https://gw/agents/{name}/x}); any other URL on an endpoint's host and port becomes
 * the agent's gateway address, so no internal address survives; other URLs stay as they are.
 * Immutable and thread-safe.
 */
final class UrlRewriter {
    private final List<Endpoint> endpoints;
    private final String agentBase;

    UrlRewriter(List<Endpoint> endpoints, String agentBase) {
        this.endpoints = List.copyOf(endpoints);
        this.agentBase = agentBase;
    }

    String agentBase() {
        return agentBase;
    }

    /** Rewrites an absolute URL, or an absolute path taken relative to the agent (as in {@code Location}). */
    String rewrite(String value) {
        URI uri = parse(value);
        if (uri == null) {
            return value;
        }
        if (!uri.isAbsolute()) {
            String path = uri.getRawPath();
            if (path == null || !path.startsWith("/")) {
                return value;
            }
            for (Endpoint e : endpoints) {
                String rest = under(e.url(), uri);
                if (rest != null) {
                    return agentBase + rest;
                }
            }
            return agentBase;
        }
        for (Endpoint e : endpoints) {
            if (sameOrigin(e.url(), uri)) {
                String rest = under(e.url(), uri);
                return rest != null ? agentBase + rest : agentBase;
            }
        }
        return value;
    }

    /** Returns true when the text is an absolute http(s) URL on one of the agent's origins. */
    boolean isInternal(String value) {
        URI uri = parse(value);
        return uri != null && uri.isAbsolute() && endpoints.stream().anyMatch(e -> sameOrigin(e.url(), uri));
    }

    private static @Nullable URI parse(String value) {
        if (value.isEmpty() || value.length() > 8192) {
            return null;
        }
        try {
            return new URI(value);
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    private static @Nullable String under(URI endpoint, URI uri) {
        String base = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (!(path.equals(base) || path.startsWith(base + "/"))) {
            return null;
        }
        String rest = path.substring(base.length());
        return uri.getRawQuery() == null ? rest : rest + "?" + uri.getRawQuery();
    }

    private static boolean sameOrigin(URI endpoint, URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            return false;
        }
        return uri.getHost().equalsIgnoreCase(endpoint.getHost()) && port(uri) == port(endpoint);
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }
}
