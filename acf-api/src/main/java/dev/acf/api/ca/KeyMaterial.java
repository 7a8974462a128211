package dev.acf.api.ca;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A private key with its certificate chain (leaf first), as a {@link KeyMaterialStore}
 * keeps it. The key is sensitive: it is never printed by {@link #toString()}.
 *
 * @param privateKey the private key
 * @param chain the certificate chain for the key, leaf first; not empty
 */
public record KeyMaterial(PrivateKey privateKey, List<X509Certificate> chain) {

    /** Requires a key and a non-empty chain. */
    public KeyMaterial {
        Objects.requireNonNull(privateKey, "privateKey");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a key's certificate chain must not be empty");
        }
    }

    /** Returns the leaf certificate. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    @Override
    public String toString() {
        return "KeyMaterial[" + privateKey.getAlgorithm() + " key, subject=" + certificate().getSubjectX500Principal() + "]";
    }
}
