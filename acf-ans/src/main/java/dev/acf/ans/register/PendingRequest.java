package dev.acf.ans.register;

import dev.acf.api.name.AgentName;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A registration waiting for, or decided by, an administrator (ANS-REG-4).
 *
 * @param id the request id
 * @param name the agent name requested
 * @param csr the CSR to certify on approval, PEM
 * @param status where the request stands
 * @param createdAt when it was filed
 * @param decidedAt when an administrator decided it
 * @param reason the administrator's reason for a rejection
 */
public record PendingRequest(String id, AgentName name, String csr, Status status, Instant createdAt, @Nullable Instant decidedAt,
        @Nullable String reason) {

    /** The state of a request. */
    public enum Status {
        /** Waiting for a decision. */
        PENDING,
        /** Approved: the agent is certified. */
        APPROVED,
        /** Rejected. */
        REJECTED
    }

    /** Requires the identifying fields. */
    public PendingRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(csr, "csr");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Returns this request decided. */
    public PendingRequest decided(Status outcome, Instant at, @Nullable String why) {
        return new PendingRequest(id, name, csr, outcome, createdAt, at, why);
    }
}
