package dev.acf.ans.register;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.acf.api.agent.AgentRecord;
import java.util.Objects;

/**
 * What a registration produced: a certified agent (HTTP 201) or a request waiting for an
 * administrator (HTTP 202, ANS-REG-4).
 */
public sealed interface RegistrationResult {

    /**
     * The agent is registered and certified.
     *
     * @param agent its record, status {@code ACTIVE}
     * @param certificateChain its certificate chain, PEM, leaf first
     */
    record Registered(AgentRecord agent, String certificateChain) implements RegistrationResult {
        /** Requires both. */
        public Registered {
            Objects.requireNonNull(agent, "agent");
            Objects.requireNonNull(certificateChain, "certificateChain");
        }
    }

    /**
     * The registration waits for approval; poll the agent's name or the admin queue.
     *
     * @param requestId the id of the request in the approval queue
     */
    record Pending(String requestId) implements RegistrationResult {
        /** Requires the id. */
        public Pending {
            Objects.requireNonNull(requestId, "requestId");
        }

        /** Returns {@code PENDING}, the status the HTTP answer carries. */
        @JsonProperty("status")
        public String status() {
            return "PENDING";
        }
    }
}
