package dev.acf.ans.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What one audit entry says (ANS-LIFE-4): who did what to which target, how it ended, and
 * the SHA-256 of the request body. Immutable; details are kept sorted by key.
 *
 * <pre>{@code
 * log.append(AuditRecord.of("ans://v1.0.0.probe.ops.example.net", "agent.update", name, "ok")
 *         .withRequestBody(body)
 *         .withDetail("version", "1.1.0"));
 * }</pre>
 *
 * @param actor who acted: an agent name, an administrator, a peer domain
 * @param action what was done, dotted lower case, such as {@code agent.revoke}
 * @param target what it was done to, such as an agent name; null when there is none
 * @param outcome {@code ok}, or the error code id of the failure
 * @param requestHash SHA-256 of the request body as 64 lower-case hex digits; null without a body
 * @param details further facts, by key
 */
public record AuditRecord(String actor, String action, @Nullable String target, String outcome,
        @Nullable String requestHash, Map<String, String> details) {
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    /** Requires actor, action and outcome (not blank), a well-formed hash, and copies the details sorted. */
    public AuditRecord {
        requireText(actor, "actor");
        requireText(action, "action");
        requireText(outcome, "outcome");
        if (requestHash != null && !SHA256_HEX.matcher(requestHash).matches()) {
            throw new IllegalArgumentException("requestHash must be 64 lower-case hex digits, was '" + requestHash + "'");
        }
        Objects.requireNonNull(details, "details");
        TreeMap<String, String> sorted = new TreeMap<>();
        details.forEach((k, v) -> sorted.put(Objects.requireNonNull(k, "detail key"), Objects.requireNonNull(v, "detail value")));
        details = Collections.unmodifiableSortedMap(sorted);
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    /** Returns a record without request hash and details. */
    public static AuditRecord of(String actor, String action, @Nullable String target, String outcome) {
        return new AuditRecord(actor, action, target, outcome, null, Map.of());
    }

    /** Returns a copy whose request hash is the SHA-256 of these body bytes. */
    public AuditRecord withRequestBody(byte[] body) {
        return new AuditRecord(actor, action, target, outcome, sha256Hex(body), details);
    }

    /** Returns a copy with one more (or a replaced) detail. */
    public AuditRecord withDetail(String key, String value) {
        TreeMap<String, String> copy = new TreeMap<>(details);
        copy.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return new AuditRecord(actor, action, target, outcome, requestHash, copy);
    }

    /** Returns the SHA-256 of some bytes as 64 lower-case hex digits. */
    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256(Objects.requireNonNull(bytes, "bytes")));
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
