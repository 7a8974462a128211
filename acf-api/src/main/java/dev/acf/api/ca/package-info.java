/**
 * Certificates (ANS-REG-2, ANS-LIFE-3): the {@link dev.acf.api.ca.CertificateAuthority} and
 * {@link dev.acf.api.ca.KeyMaterialStore} extension points and their data. Only JDK types
 * ({@link java.security.cert.X509Certificate}) appear here; implementations use Bouncy Castle.
 */
@NullMarked
package dev.acf.api.ca;

import org.jspecify.annotations.NullMarked;
