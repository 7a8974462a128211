package dev.acf.api.ca;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.acf.api.error.ValidationException;
import java.util.Arrays;

/**
 * Why a certificate was revoked: the CRL reason codes of RFC 5280 section 5.3.1, with their
 * RFC names as JSON values ({@code keyCompromise}, {@code superseded}...).
 */
public enum RevocationReason {
    /** No reason given. */
    UNSPECIFIED(0, "unspecified"),
    /** The agent's private key was, or may have been, disclosed. */
    KEY_COMPROMISE(1, "keyCompromise"),
    /** A CA key was compromised. */
    CA_COMPROMISE(2, "cACompromise"),
    /** The agent moved to another owner or domain. */
    AFFILIATION_CHANGED(3, "affiliationChanged"),
    /** A newer certificate replaces this one. */
    SUPERSEDED(4, "superseded"),
    /** The agent is retired. */
    CESSATION_OF_OPERATION(5, "cessationOfOperation"),
    /** Temporarily on hold. */
    CERTIFICATE_HOLD(6, "certificateHold"),
    /** Taken off a delta CRL. */
    REMOVE_FROM_CRL(8, "removeFromCRL"),
    /** A permission the certificate stood for was withdrawn. */
    PRIVILEGE_WITHDRAWN(9, "privilegeWithdrawn"),
    /** An attribute authority was compromised. */
    AA_COMPROMISE(10, "aACompromise");

    private final int code;
    private final String rfcName;

    RevocationReason(int code, String rfcName) {
        this.code = code;
        this.rfcName = rfcName;
    }

    /** Returns the RFC 5280 {@code CRLReason} code. */
    public int code() {
        return code;
    }

    /** Returns the RFC 5280 name, such as {@code keyCompromise}. */
    @JsonValue
    public String rfcName() {
        return rfcName;
    }

    /**
     * Returns the reason for an RFC 5280 name (any case).
     *
     * @throws ValidationException listing the valid names
     */
    @JsonCreator
    public static RevocationReason fromRfcName(String name) {
        for (RevocationReason reason : values()) {
            if (reason.rfcName.equalsIgnoreCase(name)) {
                return reason;
            }
        }
        throw new ValidationException("unknown revocation reason '" + name + "'; one of "
                + Arrays.stream(values()).map(RevocationReason::rfcName).toList());
    }

    /** Returns the reason for an RFC 5280 code. */
    public static RevocationReason fromCode(int code) {
        for (RevocationReason reason : values()) {
            if (reason.code == code) {
                return reason;
            }
        }
        throw new ValidationException("unknown revocation reason code " + code);
    }
}
