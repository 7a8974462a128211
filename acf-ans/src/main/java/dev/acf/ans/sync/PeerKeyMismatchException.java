package dev.acf.ans.sync;

import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.TrustException;
import java.io.Serial;

/**
 * A peer domain's ANS published signing keys of which none matches the fingerprint its DNS TXT
 * record pins (ANS-SYNC-1): someone between us and that ANS, or a stale DNS record. Nothing of
 * that peer is imported until they match. Code {@code peer_key_mismatch}.
 */
public final class PeerKeyMismatchException extends TrustException {
    @Serial
    private static final long serialVersionUID = 1L;
    /** The stable error code. */
    public static final ErrorCode CODE = new ErrorCode("peer_key_mismatch", 502);

    /** Creates the exception. */
    public PeerKeyMismatchException(String message) {
        super(CODE, message);
    }
}
