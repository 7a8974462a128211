package dev.acf.ans.audit;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of {@link AuditLog#verify()}: either the whole chain holds, or the first entry
 * at which it breaks and why. Immutable.
 *
 * @param intact whether every entry verified
 * @param entriesVerified how many entries verified before the break (all of them when intact)
 * @param brokenSequence the sequence number of the first bad or missing entry; -1 when intact
 * @param reason why the chain breaks there; null when intact
 */
public record VerificationResult(boolean intact, long entriesVerified, long brokenSequence, @Nullable String reason) {

    /** Requires a reason and a sequence exactly when the chain is broken. */
    public VerificationResult {
        if (intact != (reason == null) || intact != (brokenSequence == -1)) {
            throw new IllegalArgumentException("an intact result has no reason and no broken sequence, a broken one both");
        }
    }

    static VerificationResult ok(long entries) {
        return new VerificationResult(true, entries, -1, null);
    }

    static VerificationResult broken(long entriesVerified, long sequence, String reason) {
        return new VerificationResult(false, entriesVerified, sequence, reason);
    }
}
