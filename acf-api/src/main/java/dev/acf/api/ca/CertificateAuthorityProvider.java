package dev.acf.api.ca;

import dev.acf.api.spi.ExtensionProvider;

/** Creates a {@link CertificateAuthority}; found with {@link java.util.ServiceLoader}. */
public interface CertificateAuthorityProvider extends ExtensionProvider<CertificateAuthority> {}
