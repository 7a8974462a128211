package dev.acf.api.a2a;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An endpoint of an agent: a URL, the protocol binding spoken there and the A2A version.
 * Immutable and thread-safe.
 *
 * <p>v0.3 calls the binding {@code transport} and has no per-interface version; a v0.3
 * interface reads as version {@code 0.3}.
 *
 * @param url the endpoint's URL
 * @param protocolBinding the binding: {@value #JSONRPC}, {@value #GRPC}, {@value #HTTP_JSON} or
 *     another
 * @param tenant the tenant to name in requests to this endpoint (v1.0 only)
 * @param protocolVersion the A2A version spoken there, such as {@code 1.0}
 */
public record AgentInterface(String url, String protocolBinding, @Nullable String tenant, String protocolVersion) {
    /** The JSON-RPC 2.0 binding. */
    public static final String JSONRPC = "JSONRPC";
    /** The gRPC binding. */
    public static final String GRPC = "GRPC";
    /** The HTTP+JSON (REST) binding. */
    public static final String HTTP_JSON = "HTTP+JSON";

    /** Validates the components. */
    public AgentInterface {
        Copies.id(url, "url");
        Copies.id(protocolBinding, "protocolBinding");
        Objects.requireNonNull(protocolVersion, "protocolVersion");
    }

    /** Returns whether this endpoint speaks v0.3 (or an unnamed version, which v0.3 cards imply). */
    public boolean speaksV03() {
        if (protocolVersion.isEmpty()) {
            return true;
        }
        try {
            return A2aVersion.parse(protocolVersion) == A2aVersion.V0_3;
        } catch (RuntimeException notAVersion) {
            return false;
        }
    }
}
