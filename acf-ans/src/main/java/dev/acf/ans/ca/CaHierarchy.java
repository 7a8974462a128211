package dev.acf.ans.ca;

import dev.acf.api.ca.KeyMaterial;
import dev.acf.api.ca.KeyMaterialStore;
import dev.acf.api.error.AcfException;
import dev.acf.api.error.ConfigurationException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.name.Domain;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A domain's two CA certificates and keys: a self-signed root (path length 1) that only signs
 * the issuing CA, and the issuing CA (path length 0, name constraints to the domain) that signs
 * leaves and CRLs. Created on first start and kept in a {@link KeyMaterialStore}; later starts
 * load the same keys and certificates. Immutable.
 *
 * @param root the root key with its self-signed certificate
 * @param issuing the issuing key with its chain: issuing certificate, then the root
 */
record CaHierarchy(KeyMaterial root, KeyMaterial issuing) {
    private static final Logger LOG = LoggerFactory.getLogger(CaHierarchy.class);
    static final Duration ROOT_VALIDITY = Duration.ofDays(20 * 365);
    static final Duration ISSUING_VALIDITY = Duration.ofDays(10 * 365);

    static String rootAlias(Domain domain) {
        return "ca-root." + domain.name();
    }

    static String issuingAlias(Domain domain) {
        return "ca-issuing." + domain.name();
    }

    /**
     * Loads the hierarchy, creating what is missing.
     *
     * @param mustExist true when certificates were issued already, so new CA keys would orphan them
     */
    static CaHierarchy loadOrCreate(KeyMaterialStore store, Domain domain, CaKeyType keyType, Instant now, SecureRandom random, boolean mustExist) {
        Optional<KeyMaterial> root = store.load(rootAlias(domain));
        Optional<KeyMaterial> issuing = store.load(issuingAlias(domain));
        if (mustExist && (root.isEmpty() || issuing.isEmpty())) {
            throw new ConfigurationException("the CA state records issued certificates but the key store " + store
                    + " lacks the CA keys '" + rootAlias(domain) + "'/'" + issuingAlias(domain) + "'; restore them rather than start a new CA");
        }
        if (root.isEmpty() && issuing.isPresent()) {
            throw new ConfigurationException("the key store " + store + " has the issuing CA of " + domain + " but not its root");
        }
        KeyMaterial rootMaterial = root.orElseGet(() -> {
            KeyMaterial created = createRoot(domain, keyType, now, random);
            store.store(rootAlias(domain), created);
            LOG.info("created root CA '{}' ({})", created.certificate().getSubjectX500Principal(), keyType);
            return created;
        });
        KeyMaterial issuingMaterial = issuing.orElseGet(() -> {
            KeyMaterial created = createIssuing(domain, keyType, rootMaterial, now, random);
            store.store(issuingAlias(domain), created);
            LOG.info("created issuing CA '{}' ({})", created.certificate().getSubjectX500Principal(), keyType);
            return created;
        });
        checkLinked(rootMaterial, issuingMaterial);
        if (root.isPresent() && issuing.isPresent()) {
            LOG.info("loaded CA '{}' ({}) from {}", issuingMaterial.certificate().getSubjectX500Principal(),
                    CaKeyType.describe(issuingMaterial.privateKey()), store);
        }
        return new CaHierarchy(rootMaterial, issuingMaterial);
    }

    X509Certificate issuingCertificate() {
        return issuing.certificate();
    }

    X509Certificate rootCertificate() {
        return root.certificate();
    }

    /** Returns the CA certificates, issuing first, root last. */
    List<X509Certificate> chain() {
        return List.of(issuingCertificate(), rootCertificate());
    }

    private static void checkLinked(KeyMaterial root, KeyMaterial issuing) {
        try {
            issuing.certificate().verify(root.certificate().getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new ConfigurationException("the issuing CA certificate " + issuing.certificate().getSubjectX500Principal()
                    + " is not signed by the root in the same key store: " + e.getMessage());
        }
    }

    private static KeyMaterial createRoot(Domain domain, CaKeyType keyType, Instant now, SecureRandom random) {
        KeyPair pair = keyType.generate(random);
        X500Name subject = name("ACF Root CA " + domain.name(), domain);
        X509Certificate certificate = sign(subject, subject, pair.getPublic(), null, now, ROOT_VALIDITY, 1, null, pair.getPrivate(), random);
        return new KeyMaterial(pair.getPrivate(), List.of(certificate));
    }

    private static KeyMaterial createIssuing(Domain domain, CaKeyType keyType, KeyMaterial root, Instant now, SecureRandom random) {
        KeyPair pair = keyType.generate(random);
        X500Name subject = name("ACF Issuing CA " + domain.name(), domain);
        X500Name issuer = X500Name.getInstance(root.certificate().getSubjectX500Principal().getEncoded());
        Instant rootEnd = root.certificate().getNotAfter().toInstant();
        Duration validity = Duration.between(now, rootEnd).compareTo(ISSUING_VALIDITY) < 0 ? Duration.between(now, rootEnd) : ISSUING_VALIDITY;
        // Names in the domain only: DNS names, and ans:// URIs whose host is the domain or below it.
        NameConstraints constraints = new NameConstraints(new GeneralSubtree[] {
            new GeneralSubtree(new GeneralName(GeneralName.dNSName, domain.name())),
            new GeneralSubtree(new GeneralName(GeneralName.uniformResourceIdentifier, domain.name())),
            new GeneralSubtree(new GeneralName(GeneralName.uniformResourceIdentifier, "." + domain.name())),
        }, null);
        X509Certificate certificate = sign(issuer, subject, pair.getPublic(), root.certificate(), now, validity, 0, constraints,
                root.privateKey(), random);
        return new KeyMaterial(pair.getPrivate(), List.of(certificate, root.certificate()));
    }

    static X500Name name(String commonName, Domain domain) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, domain.name()).addRDN(BCStyle.CN, commonName).build();
    }

    private static X509Certificate sign(X500Name issuer, X500Name subject, PublicKey key, @Nullable X509Certificate issuerCertificate,
            Instant now, Duration validity, int pathLength, @Nullable NameConstraints constraints, PrivateKey signingKey, SecureRandom random) {
        try {
            Instant notBefore = now.minus(LeafSigner.CLOCK_SKEW).truncatedTo(ChronoUnit.SECONDS);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, LeafSigner.serial(random), Date.from(notBefore),
                    Date.from(now.plus(validity).truncatedTo(ChronoUnit.SECONDS)), subject, key);
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(pathLength));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key));
            if (issuerCertificate != null) {
                builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuerCertificate));
            }
            if (constraints != null) {
                builder.addExtension(Extension.nameConstraints, true, constraints);
            }
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(Crypto.signer(signingKey)));
        } catch (CertIOException | GeneralSecurityException | OperatorCreationException e) {
            throw new AcfException(ErrorCode.INTERNAL, "cannot create the CA certificate " + subject + ": " + e.getMessage(), e);
        }
    }
}
