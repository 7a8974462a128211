package dev.acf.client;

/**
 * Whether a certificate renewal also replaces the key (ANS-LIFE-2).
 *
 * <pre>{@code
 * ans.renew(identity, KeyRotation.KEEP_KEY);
 * }</pre>
 */
public enum KeyRotation {
    /** A fresh key of the same type; the default, so a key that leaked unnoticed stops being useful. */
    NEW_KEY,
    /** The same key with a new certificate, for keys held where they cannot be replaced (an HSM). */
    KEEP_KEY
}
