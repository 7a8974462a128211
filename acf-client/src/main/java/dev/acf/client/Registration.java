package dev.acf.client;

import dev.acf.api.agent.AgentRecord;
import java.util.Objects;

/**
 * What {@link AcfClient#register} produced: an agent certified at once, or a request an
 * administrator must approve first (ANS-REG-4).
 *
 * <pre>{@code
 * switch (ans.register(identity, card, endpoints, token)) {
 *     case Registration.Registered r -> log.info("registered {}", r.agent().name());
 *     case Registration.Pending p -> ans.awaitApproval(identity, Duration.ofMinutes(10));
 * }
 * }</pre>
 */
public sealed interface Registration {

    /**
     * The agent is registered and its identity now holds the certificate.
     *
     * @param agent the record ANS stored, status {@code ACTIVE}
     */
    record Registered(AgentRecord agent) implements Registration {
        /** Requires the record. */
        public Registered {
            Objects.requireNonNull(agent, "agent");
        }
    }

    /**
     * The registration waits for an administrator; the identity has no certificate yet.
     *
     * @param requestId the id of the request in the ANS approval queue
     */
    record Pending(String requestId) implements Registration {
        /** Requires the id. */
        public Pending {
            Objects.requireNonNull(requestId, "requestId");
        }
    }
}
