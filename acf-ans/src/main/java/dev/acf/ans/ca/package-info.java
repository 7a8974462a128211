/**
 * The certificate authority of ANS (ANS-REG-2, ANS-LIFE-2/3): {@link dev.acf.ans.ca.EmbeddedCertificateAuthority}
 * keeps a root and an issuing CA per domain, validates PKCS#10 requests against the
 * {@link dev.acf.ans.ca.CsrRules} table, issues short-lived leaf certificates whose SAN URI is the
 * agent's ANS name, revokes them and publishes a signed CRL; {@link dev.acf.ans.ca.FileKeyMaterialStore}
 * keeps private keys in owner-only PKCS#12 files; {@link dev.acf.ans.ca.Pem} converts between PEM
 * text and DER. Bouncy Castle builds and parses the ASN.1; the JDK's providers generate keys and sign.
 */
@NullMarked
package dev.acf.ans.ca;

import org.jspecify.annotations.NullMarked;
