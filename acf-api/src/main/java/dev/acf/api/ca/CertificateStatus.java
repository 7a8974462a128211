package dev.acf.api.ca;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The status of one certificate as its CA knows it (the online status endpoint's answer).
 *
 * @param serial the certificate's serial number
 * @param state good, revoked or unknown to this CA
 * @param revokedAt when it was revoked, for {@link State#REVOKED}
 * @param reason why it was revoked, for {@link State#REVOKED}
 */
public record CertificateStatus(BigInteger serial, State state, @Nullable Instant revokedAt, @Nullable RevocationReason reason) {

    /** A certificate's state. */
    public enum State {
        /** Issued by this CA and not revoked (it may still have expired). */
        GOOD,
        /** Revoked. */
        REVOKED,
        /** Not issued by this CA. */
        UNKNOWN
    }

    /** Requires revocation details exactly for revoked certificates. */
    public CertificateStatus {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(state, "state");
        if ((state == State.REVOKED) != (revokedAt != null && reason != null)) {
            throw new IllegalArgumentException("revokedAt and reason are required for, and only for, a REVOKED status");
        }
    }

    /** A good certificate. */
    public static CertificateStatus good(BigInteger serial) {
        return new CertificateStatus(serial, State.GOOD, null, null);
    }

    /** A certificate this CA does not know. */
    public static CertificateStatus unknown(BigInteger serial) {
        return new CertificateStatus(serial, State.UNKNOWN, null, null);
    }

    /** A revoked certificate. */
    public static CertificateStatus revoked(BigInteger serial, Instant at, RevocationReason reason) {
        return new CertificateStatus(serial, State.REVOKED, at, reason);
    }
}
