package dev.acf.gateway.tls;

import dev.acf.client.AgentIdentity;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.jspecify.annotations.Nullable;

/**
 * Presents the gateway's current ANS key and chain in every TLS handshake, so a renewed
 * certificate is used from the next handshake on without rebuilding any {@code SslContext}.
 * The alias names the leaf's serial; the previous pair stays available for a handshake that
 * chose its alias just before a renewal. Thread-safe, lock-free.
 */
final class IdentityKeys extends X509ExtendedKeyManager {
    private static final String PREFIX = "ans-";

    /** One key with the chain that certifies it. */
    private record Pair(String alias, PrivateKey key, X509Certificate[] chain) {}

    private final AgentIdentity identity;
    private volatile @Nullable Pair current;
    private volatile @Nullable Pair previous;

    IdentityKeys(AgentIdentity identity) {
        this.identity = identity;
    }

    /**
     * Returns the identity's current pair. The key and chain are read separately from the
     * identity, so the chain is read again afterwards: states replace each other as a whole
     * and serials never repeat, so an unchanged leaf proves the key belongs to it.
     */
    private @Nullable Pair pair() {
        for (int attempt = 0; attempt < 8; attempt++) {
            List<X509Certificate> before = identity.chain();
            if (before.isEmpty()) {
                return null;
            }
            Pair cached = current;
            if (cached != null && cached.chain[0].equals(before.get(0))) {
                return cached;
            }
            PrivateKey key = identity.privateKey();
            List<X509Certificate> after = identity.chain();
            if (!after.isEmpty() && after.get(0).equals(before.get(0))) {
                Pair fresh = new Pair(PREFIX + before.get(0).getSerialNumber().toString(16), key, before.toArray(new X509Certificate[0]));
                previous = cached;
                current = fresh;
                return fresh;
            }
        }
        return null;
    }

    private @Nullable String alias(@Nullable String keyType) {
        Pair p = pair();
        if (p == null) {
            return null;
        }
        String algorithm = p.key.getAlgorithm();
        boolean matches = keyType == null || keyType.equalsIgnoreCase(algorithm)
                || (keyType.equalsIgnoreCase("EdDSA") && algorithm.equalsIgnoreCase("Ed25519"))
                || (keyType.equalsIgnoreCase("Ed25519") && algorithm.equalsIgnoreCase("EdDSA"));
        return matches ? p.alias : null;
    }

    private @Nullable String firstMatch(String @Nullable [] keyTypes) {
        if (keyTypes == null) {
            return alias(null);
        }
        for (String type : keyTypes) {
            String a = alias(type);
            if (a != null) {
                return a;
            }
        }
        return null;
    }

    private @Nullable Pair byAlias(@Nullable String alias) {
        if (alias == null) {
            return null;
        }
        Pair p = pair();
        if (p != null && p.alias.equals(alias)) {
            return p;
        }
        Pair old = previous;
        return old != null && old.alias.equals(alias) ? old : null;
    }

    @Override
    public String @Nullable [] getClientAliases(String keyType, Principal @Nullable [] issuers) {
        String a = alias(keyType);
        return a == null ? null : new String[] {a};
    }

    @Override
    public @Nullable String chooseClientAlias(String @Nullable [] keyTypes, Principal @Nullable [] issuers, @Nullable Socket socket) {
        return firstMatch(keyTypes);
    }

    @Override
    public @Nullable String chooseEngineClientAlias(String @Nullable [] keyTypes, Principal @Nullable [] issuers, @Nullable SSLEngine engine) {
        return firstMatch(keyTypes);
    }

    @Override
    public String @Nullable [] getServerAliases(String keyType, Principal @Nullable [] issuers) {
        return getClientAliases(keyType, issuers);
    }

    @Override
    public @Nullable String chooseServerAlias(String keyType, Principal @Nullable [] issuers, @Nullable Socket socket) {
        return alias(keyType);
    }

    @Override
    public @Nullable String chooseEngineServerAlias(String keyType, Principal @Nullable [] issuers, @Nullable SSLEngine engine) {
        return alias(keyType);
    }

    @Override
    public X509Certificate @Nullable [] getCertificateChain(String alias) {
        Pair p = byAlias(alias);
        return p == null ? null : p.chain.clone();
    }

    @Override
    public @Nullable PrivateKey getPrivateKey(String alias) {
        Pair p = byAlias(alias);
        return p == null ? null : p.key;
    }
}
