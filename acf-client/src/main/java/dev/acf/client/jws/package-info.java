/**
 * JWS as ACF uses it (ANS-RES-4, ANS-LIFE-1..3): {@link dev.acf.client.jws.SignatureVerifier}
 * checks the detached {@code ACF-Signature} of an ANS answer against the ANS's JWKS;
 * {@link dev.acf.client.jws.RequestSigner} and {@link dev.acf.client.jws.RequestVerifier} sign
 * and check requests made with an agent's own key, bound to time, a one-time nonce and the HTTP
 * method and path. Shared by the agent SDK and the ANS, so both sides speak one format.
 */
@NullMarked
package dev.acf.client.jws;

import org.jspecify.annotations.NullMarked;
