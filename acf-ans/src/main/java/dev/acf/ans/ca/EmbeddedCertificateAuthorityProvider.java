package dev.acf.ans.ca;

import dev.acf.api.ca.CertificateAuthority;
import dev.acf.api.ca.CertificateAuthorityProvider;
import dev.acf.api.ca.KeyMaterialStore;
import dev.acf.api.ca.KeyMaterialStoreProvider;
import dev.acf.api.error.ConfigurationException;
import dev.acf.api.name.Domain;
import dev.acf.api.spi.ExtensionLoader;
import dev.acf.api.spi.ProviderConfig;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.util.IPAddress;

/**
 * Provides {@link EmbeddedCertificateAuthority} under the name {@code embedded}. Settings:
 * <ul>
 *   <li>{@value #DOMAIN} (required) and {@value ProviderConfig#DATA_DIRECTORY} (required, the CA state);</li>
 *   <li>{@value #KEY_STORE}: the {@link KeyMaterialStoreProvider} for the CA keys (default: the
 *       highest priority found, {@code file}), created with {@code dataDirectory = <dataDirectory>/keys}
 *       and the other settings (such as {@value FileKeyMaterialStoreProvider#PASSWORD});</li>
 *   <li>{@value #KEY_TYPE} ({@code ec-p256}, {@code ec-p384}, {@code rsa-3072}, {@code rsa-4096},
 *       {@code ed25519}), {@value #LEAF_VALIDITY}, {@value #MAX_VALIDITY}, {@value #CRL_VALIDITY}
 *       (durations such as {@code 24h}), {@value #CRL_DISTRIBUTION_POINT} (a URL);</li>
 *   <li>{@value #IP_ADDRESS_SANS}: comma-separated IP address literals the CA certifies as
 *       iPAddress SANs when requested, such as {@code 127.0.0.1,::1} (default none).</li>
 * </ul>
 * Stateless and thread-safe; the created CA is {@link AutoCloseable}.
 *
 * <pre>{@code
 * CertificateAuthority ca = new EmbeddedCertificateAuthorityProvider().create(ProviderConfig.of(Map.of(
 *         "domain", "ops.example.net", ProviderConfig.DATA_DIRECTORY, "ans-data/ca")));
 * }</pre>
 */
public final class EmbeddedCertificateAuthorityProvider implements CertificateAuthorityProvider {
    /** The provider's name in configuration. */
    public static final String NAME = "embedded";
    /** The setting naming the domain. */
    public static final String DOMAIN = "domain";
    /** The setting naming the key store provider. */
    public static final String KEY_STORE = "keyStore";
    /** The setting naming the CA key type. */
    public static final String KEY_TYPE = "keyType";
    /** The setting of the default leaf validity. */
    public static final String LEAF_VALIDITY = "leafValidity";
    /** The setting of the longest leaf validity. */
    public static final String MAX_VALIDITY = "maxValidity";
    /** The setting of the CRL validity. */
    public static final String CRL_VALIDITY = "crlValidity";
    /** The setting of the CRL URL put into certificates. */
    public static final String CRL_DISTRIBUTION_POINT = "crlDistributionPoint";
    /** The setting of the IP addresses allowed as iPAddress SANs. */
    public static final String IP_ADDRESS_SANS = "ipAddressSans";

    /** Creates the provider (for {@link java.util.ServiceLoader}). */
    public EmbeddedCertificateAuthorityProvider() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CertificateAuthority create(ProviderConfig config) {
        Domain domain = Domain.of(config.require(DOMAIN));
        Path dir = Path.of(config.require(ProviderConfig.DATA_DIRECTORY));
        KeyMaterialStore keys = ExtensionLoader.resolve(null, KeyMaterialStoreProvider.class, getClass().getClassLoader(),
                config.get(KEY_STORE).orElse(null), config.with(ProviderConfig.DATA_DIRECTORY, dir.resolve("keys").toString()));
        EmbeddedCertificateAuthority.Builder builder = EmbeddedCertificateAuthority.builder()
                .domain(domain)
                .dataDirectory(dir)
                .keyStore(keys)
                .maxValidity(config.durationValue(MAX_VALIDITY, EmbeddedCertificateAuthority.DEFAULT_MAX_VALIDITY))
                .crlValidity(config.durationValue(CRL_VALIDITY, EmbeddedCertificateAuthority.DEFAULT_CRL_VALIDITY));
        if (config.get(LEAF_VALIDITY).isPresent()) {
            builder.leafValidity(config.durationValue(LEAF_VALIDITY, EmbeddedCertificateAuthority.DEFAULT_LEAF_VALIDITY));
        }
        config.get(KEY_TYPE).ifPresent(type -> builder.keyType(keyType(type)));
        config.get(CRL_DISTRIBUTION_POINT).ifPresent(url -> {
            try {
                builder.crlDistributionPoint(URI.create(url));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("setting '" + CRL_DISTRIBUTION_POINT + "' must be a URL, was '" + url + "'");
            }
        });
        config.get(IP_ADDRESS_SANS).ifPresent(list -> builder.allowIpAddressSans(ipAddresses(list).toArray(InetAddress[]::new)));
        try {
            return builder.build();
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
    }

    /** Parses comma-separated IP address literals; host names are refused, since resolving them would make the policy depend on DNS. */
    static List<InetAddress> ipAddresses(String text) {
        List<InetAddress> addresses = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String literal = part.trim();
            if (literal.isEmpty() && text.isBlank()) {
                continue;
            }
            if (!IPAddress.isValid(literal)) {
                throw new ConfigurationException("setting '" + IP_ADDRESS_SANS + "' must list IP addresses such as '127.0.0.1,::1', but '"
                        + literal + "' is not one");
            }
            try {
                addresses.add(InetAddress.getByName(literal)); // a literal: no name lookup
            } catch (UnknownHostException e) {
                throw new ConfigurationException("setting '" + IP_ADDRESS_SANS + "': '" + literal + "' is not an IP address");
            }
        }
        return addresses;
    }

    static CaKeyType keyType(String text) {
        String normalized = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (CaKeyType type : CaKeyType.values()) {
            if (type.name().equals(normalized)) {
                return type;
            }
        }
        throw new ConfigurationException("setting '" + KEY_TYPE + "' must be one of "
                + Arrays.stream(CaKeyType.values()).map(t -> t.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList()
                + ", was '" + text + "'");
    }
}
