/**
 * The ANS's own signing keys (ANS-RES-4): {@link dev.acf.ans.sign.AnsSigner} holds them,
 * rotates them, signs response bodies with a detached JWS for the {@code ACF-Signature}
 * header and publishes the public keys as a JWKS for {@code /.well-known/ans}. Verifying
 * those signatures, and signing and verifying agents' requests, lives in the client SDK
 * ({@code dev.acf.client.jws}) so both sides share one implementation.
 */
@NullMarked
package dev.acf.ans.sign;

import org.jspecify.annotations.NullMarked;
