package dev.acf.api.agent;

import dev.acf.api.error.ValidationException;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * One network address where an agent answers, with the A2A transport it speaks there.
 * An agent may have several (instances, paths); the gateway chooses among them.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * Endpoint e = Endpoint.of("https://10.0.4.7:9443/a2a", Endpoint.JSONRPC);
 * }</pre>
 *
 * @param url the absolute {@code http} or {@code https} URL
 * @param transport the A2A protocol binding: {@link #JSONRPC}, {@link #GRPC} or {@link #HTTP_JSON}
 */
public record Endpoint(URI url, String transport) {
    /** The JSON-RPC 2.0 over HTTP binding. */
    public static final String JSONRPC = dev.acf.api.a2a.AgentInterface.JSONRPC;
    /** The gRPC binding. */
    public static final String GRPC = dev.acf.api.a2a.AgentInterface.GRPC;
    /** The HTTP+JSON (REST) binding. */
    public static final String HTTP_JSON = dev.acf.api.a2a.AgentInterface.HTTP_JSON;

    /** Requires an absolute http(s) URL with a host, and a transport name. */
    public Endpoint {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(transport, "transport");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ValidationException("endpoint url '" + url + "' must be an absolute http or https URL");
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw new ValidationException("endpoint url '" + url + "' has no host");
        }
        if (url.getRawUserInfo() != null) {
            throw new ValidationException("endpoint url '" + url.getHost() + "' must not carry user information");
        }
        transport = transport.trim().toUpperCase(Locale.ROOT);
        if (transport.isEmpty()) {
            throw new ValidationException("endpoint transport must not be empty");
        }
    }

    /** Parses the URL; the same validation as the constructor. */
    public static Endpoint of(String url, String transport) {
        try {
            return new Endpoint(URI.create(url), transport);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("endpoint url '" + url + "' is not a valid URI: " + e.getMessage());
        }
    }

    /** Returns true for {@code https}. */
    public boolean isSecure() {
        return url.getScheme().equalsIgnoreCase("https");
    }
}
