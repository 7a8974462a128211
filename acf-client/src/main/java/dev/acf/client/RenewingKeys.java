package dev.acf.client;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.jspecify.annotations.Nullable;

/**
 * Presents an {@link AgentIdentity}'s current key and chain in TLS handshakes. It reads the
 * identity at each call, so a renewed certificate is used from the next handshake on without
 * rebuilding the {@link javax.net.ssl.SSLContext}. The alias names the leaf's serial, so a
 * handshake that chose an alias just before a renewal still gets the key and chain that belong
 * together. Thread-safe.
 */
final class RenewingKeys extends X509ExtendedKeyManager {
    private static final String PREFIX = "agent-";

    private final AgentIdentity identity;

    RenewingKeys(AgentIdentity identity) {
        this.identity = identity;
    }

    private @Nullable String aliasFor(@Nullable String keyType) {
        AgentIdentity.State s = identity.state();
        if (s.chain().isEmpty()) {
            return null;
        }
        String algorithm = s.key().getPrivate().getAlgorithm();
        boolean matches = keyType == null || keyType.equalsIgnoreCase(algorithm)
                || (keyType.equalsIgnoreCase("EdDSA") && algorithm.equalsIgnoreCase("Ed25519"))
                || (keyType.equalsIgnoreCase("Ed25519") && algorithm.equalsIgnoreCase("EdDSA"));
        return matches ? alias(s) : null;
    }

    private @Nullable String firstMatch(String @Nullable [] keyTypes) {
        if (keyTypes == null) {
            return aliasFor(null);
        }
        for (String type : keyTypes) {
            String alias = aliasFor(type);
            if (alias != null) {
                return alias;
            }
        }
        return null;
    }

    @Override
    public String @Nullable [] getClientAliases(String keyType, Principal @Nullable [] issuers) {
        String alias = aliasFor(keyType);
        return alias == null ? null : new String[] {alias};
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
        return aliasFor(keyType);
    }

    @Override
    public @Nullable String chooseEngineServerAlias(String keyType, Principal @Nullable [] issuers, @Nullable SSLEngine engine) {
        return aliasFor(keyType);
    }

    @Override
    public X509Certificate @Nullable [] getCertificateChain(String alias) {
        AgentIdentity.State s = stateFor(alias);
        return s == null ? null : s.chain().toArray(new X509Certificate[0]);
    }

    @Override
    public @Nullable PrivateKey getPrivateKey(String alias) {
        AgentIdentity.State s = stateFor(alias);
        return s == null ? null : s.key().getPrivate();
    }

    private AgentIdentity.@Nullable State stateFor(@Nullable String alias) {
        if (alias == null) {
            return null;
        }
        AgentIdentity.State current = identity.state();
        if (!current.chain().isEmpty() && alias.equals(alias(current))) {
            return current;
        }
        AgentIdentity.State previous = identity.previousState();
        return previous != null && !previous.chain().isEmpty() && alias.equals(alias(previous)) ? previous : null;
    }

    private static String alias(AgentIdentity.State s) {
        return PREFIX + s.chain().get(0).getSerialNumber().toString(16);
    }
}
