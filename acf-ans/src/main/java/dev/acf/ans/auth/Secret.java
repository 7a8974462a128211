package dev.acf.ans.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A bearer credential (a bootstrap or administrator token) kept only as its SHA-256, and
 * compared in constant time so timing reveals nothing. Immutable and thread-safe.
 *
 * <pre>{@code
 * Secret admin = Secret.of(System.getenv("ACF_ADMIN_TOKEN"));
 * admin.matches(presented); // true or false, in constant time
 * }</pre>
 */
public final class Secret {
    /** The shortest token accepted: shorter ones are guessable. */
    public static final int MIN_LENGTH = 16;

    private final byte[] digest;

    private Secret(byte[] digest) {
        this.digest = digest;
    }

    /**
     * Wraps a token.
     *
     * @throws IllegalArgumentException when the token is shorter than {@value #MIN_LENGTH} characters
     */
    public static Secret of(String token) {
        Objects.requireNonNull(token, "token");
        if (token.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("a token needs at least " + MIN_LENGTH + " characters, got " + token.length());
        }
        return new Secret(sha256(token));
    }

    /** Returns true when the presented token is this one. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(digest, sha256(presented));
    }

    /** Returns the hex SHA-256 of the token: what may be stored or logged instead of it. */
    public String fingerprint() {
        return HexFormat.of().formatHex(digest);
    }

    /** Returns the hex SHA-256 of a token, to name it in logs without revealing it. */
    public static String fingerprintOf(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret s && MessageDigest.isEqual(digest, s.digest);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return "Secret[sha256=" + fingerprint().substring(0, 12) + "...]";
    }
}
