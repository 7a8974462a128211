package dev.acf.ans.register;

import dev.acf.api.a2a.AgentCard;
import dev.acf.api.agent.Endpoint;
import dev.acf.api.error.ValidationException;
import dev.acf.api.name.AgentName;
import java.util.List;
import java.util.Objects;

/**
 * A registration (ANS-REG-1): the agent's versioned name, its A2A Agent Card, its endpoints
 * and a PKCS#10 CSR in PEM. The JSON shape is the one of {@code POST /v1/agents}:
 * {@code {"name": "ans://v1.0.0.probe.ops.example.net", "agentCard": {...}, "endpoints": [...], "csr": "-----BEGIN CERTIFICATE REQUEST-----..."}}.
 *
 * @param name the versioned ANS name to register
 * @param agentCard the agent's A2A card (v1.0 or v0.3 JSON)
 * @param endpoints where the agent answers; at least one
 * @param csr the certification request, PEM
 */
public record RegistrationRequest(AgentName name, AgentCard agentCard, List<Endpoint> endpoints, String csr) {
    /** The largest CSR accepted, in characters. */
    public static final int MAX_CSR_LENGTH = 16 * 1024;
    /** The most endpoints one agent may register. */
    public static final int MAX_ENDPOINTS = 32;

    /** Validates presence and bounds; the CSR's content is checked by the CA. */
    public RegistrationRequest {
        if (name == null) {
            throw new ValidationException("registration needs a \"name\"");
        }
        if (agentCard == null) {
            throw new ValidationException("registration needs an \"agentCard\"");
        }
        // Skill test cases (ANS-MON-3) travel in the card: malformed ones are a 400 naming the test case.
        dev.acf.api.verify.SkillTests.of(agentCard);
        if (endpoints == null || endpoints.isEmpty()) {
            throw new ValidationException("registration needs at least one entry in \"endpoints\"");
        }
        if (endpoints.size() > MAX_ENDPOINTS) {
            throw new ValidationException("at most " + MAX_ENDPOINTS + " endpoints may be registered, got " + endpoints.size());
        }
        endpoints = List.copyOf(endpoints);
        if (csr == null || csr.isBlank()) {
            throw new ValidationException("registration needs a \"csr\" (PKCS#10, PEM)");
        }
        if (csr.length() > MAX_CSR_LENGTH) {
            throw new ValidationException("csr has " + csr.length() + " characters, at most " + MAX_CSR_LENGTH + " are allowed");
        }
        if (!name.hasVersion()) {
            throw new ValidationException("registration needs a versioned name such as ans://v1.0.0." + name.fqdn());
        }
        Objects.requireNonNull(name.version());
    }
}
