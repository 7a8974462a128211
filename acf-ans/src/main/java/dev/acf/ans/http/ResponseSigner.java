package dev.acf.ans.http;

/**
 * Signs response bodies for the {@code ACF-Signature} header (ANS-RES-4): a detached JWS
 * (RFC 7515 appendix F) over the exact bytes, whose {@code kid} names a key of the JWKS at
 * {@code /.well-known/ans}. Thread-safe.
 */
@FunctionalInterface
public interface ResponseSigner {
    /** The header that carries the signature. */
    String HEADER = "ACF-Signature";

    /** Returns the detached compact JWS ({@code header..signature}) over the body. */
    String signDetached(byte[] body);
}
