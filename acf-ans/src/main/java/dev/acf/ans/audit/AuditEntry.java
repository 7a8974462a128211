package dev.acf.ans.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One entry of the {@link AuditLog} as stored: its place in the chain, when it was written,
 * the record, the hash of the entry before it, and its own hash. Immutable.
 *
 * <p>{@code hash} is the SHA-256 of the entry's canonical JSON without the {@code hash}
 * member; {@code previousHash} is the {@code hash} of the entry before, or 64 zeros for
 * the first entry, so a change anywhere breaks the chain from there on.
 *
 * @param sequence the position in the log, from 0, without gaps
 * @param time when the entry was appended
 * @param record what the entry says
 * @param previousHash the hash of entry {@code sequence - 1}, hex
 * @param hash this entry's hash, hex
 */
public record AuditEntry(long sequence, Instant time, AuditRecord record, String previousHash, String hash) {
    /** The {@code previousHash} of the first entry. */
    public static final String GENESIS = "0".repeat(64);
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    /** Requires a non-negative sequence and well-formed hashes. */
    public AuditEntry {
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must not be negative, was " + sequence);
        }
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(record, "record");
        requireHash(previousHash, "previousHash");
        requireHash(hash, "hash");
    }

    private static void requireHash(String value, String name) {
        Objects.requireNonNull(value, name);
        if (!SHA256_HEX.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be 64 lower-case hex digits, was '" + value + "'");
        }
    }
}
