/**
 * JWS signatures of the ANS (ANS-RES-4, ANS-LIFE-1..3): {@link dev.acf.ans.sign.AnsSigner} holds
 * the ANS signing keys, signs response bodies with a detached JWS for the {@code ACF-Signature}
 * header and publishes its public keys as a JWKS for {@code /.well-known/ans};
 * {@link dev.acf.ans.sign.SignatureVerifier} checks such a signature against pinned keys;
 * {@link dev.acf.ans.sign.RequestSigner} and {@link dev.acf.ans.sign.RequestVerifier} sign and
 * check requests made with an agent's own key, bound to time, a one-time nonce and the HTTP
 * method and path. The verifying side depends only on the JDK, nimbus-jose-jwt and
 * {@code dev.acf.api}, so the client SDK can reuse it.
 */
@NullMarked
package dev.acf.ans.sign;

import org.jspecify.annotations.NullMarked;
