package dev.acf.ans.verify;

import dev.acf.api.ca.CertificateAuthority;
import dev.acf.api.ca.CertificateRequest;
import dev.acf.api.ca.IssuedCertificate;
import dev.acf.api.name.AgentName;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.jspecify.annotations.Nullable;

/**
 * The probe's TLS identity: a key that never leaves memory and a short-lived certificate for the
 * reserved probe name, issued by ANS's own CA (no registration, so no agent can hold the name),
 * renewed when half its life is gone. Used by one verifier thread; not thread-safe.
 */
final class ProbeCredentials {
    private static final char[] NO_PASSWORD = new char[0];

    private final AgentName name;
    private final CertificateAuthority ca;
    private final Duration validity;
    private final Clock clock;
    private @Nullable SSLContext context;
    private Instant renewAt = Instant.MIN;

    ProbeCredentials(AgentName name, CertificateAuthority ca, Duration validity, Clock clock) {
        this.name = name;
        this.ca = ca;
        this.validity = validity;
        this.clock = clock;
    }

    /** Returns a TLS context presenting the probe certificate and trusting the domain's CA; issues a new certificate when due. */
    SSLContext context() {
        Instant now = clock.instant();
        SSLContext current = context;
        if (current != null && now.isBefore(renewAt)) {
            return current;
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair key = generator.generateKeyPair();
            IssuedCertificate issued = ca.issue(new CertificateRequest(csr(key), name, validity));
            List<Certificate> chain = new ArrayList<>();
            chain.add(issued.certificate());
            chain.addAll(issued.issuers());
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("probe", key.getPrivate(), NO_PASSWORD, chain.toArray(Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, NO_PASSWORD);
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            int i = 0;
            for (X509Certificate c : ca.chain()) {
                trusted.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext made = SSLContext.getInstance("TLS");
            made.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            context = made;
            Instant notAfter = issued.certificate().getNotAfter().toInstant();
            renewAt = now.plus(Duration.between(now, notAfter).dividedBy(2));
            return made;
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make the probe's TLS identity: " + e.getMessage(), e);
        }
    }

    /** A CSR as agents make them: CN = host name, SAN URI = name, SAN DNS = host name. */
    private byte[] csr(KeyPair key) throws IOException, OperatorCreationException {
        ExtensionsGenerator extensions = new ExtensionsGenerator();
        extensions.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.uniformResourceIdentifier, name.toString()),
            new GeneralName(GeneralName.dNSName, name.fqdn())}));
        return new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + name.fqdn()), key.getPublic())
                .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()))
                .getEncoded();
    }
}
