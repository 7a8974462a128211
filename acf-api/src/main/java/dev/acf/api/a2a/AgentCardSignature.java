package dev.acf.api.a2a;

import java.util.Map;
import java.util.Objects;

/**
 * A JSON Web Signature (RFC 7515, JSON serialization) over an agent card. Immutable and
 * thread-safe.
 *
 * @param protectedHeader the base64url protected header (JSON name {@code protected})
 * @param signature the base64url signature
 * @param header the unprotected header, possibly empty
 */
public record AgentCardSignature(String protectedHeader, String signature, Map<String, Object> header) {
    /** Validates and copies the components. */
    public AgentCardSignature {
        Objects.requireNonNull(protectedHeader, "protectedHeader");
        Objects.requireNonNull(signature, "signature");
        header = Copies.json(header);
    }
}
