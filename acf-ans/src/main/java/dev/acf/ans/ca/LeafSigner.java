package dev.acf.ans.ca;

import dev.acf.api.error.AcfException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.OperatorCreationException;
import org.jspecify.annotations.Nullable;

/**
 * Builds and signs agent (leaf) certificates with the issuing CA key. Thread-safe: the
 * issuing key is shared, everything else is built per call.
 *
 * <pre>
 * subject   O=&lt;domain&gt;, CN=&lt;agent FQDN&gt; (CN left out above 64 characters, RFC 5280 ub-common-name)
 * SAN       URI ans://v1.0.0.&lt;fqdn&gt;, DNS &lt;fqdn&gt;, IP address for each requested one the CA allows
 * EKU       serverAuth, clientAuth;  keyUsage digitalSignature (+ keyEncipherment for RSA)
 * basicConstraints CA:false;  SKI, AKI;  CRL distribution point when known
 * </pre>
 */
final class LeafSigner {
    /** How far notBefore is back-dated, so that a peer whose clock is a little behind accepts a fresh certificate. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
    private static final int MAX_CN = 64;

    private final Domain domain;
    private final X500Name issuer;
    private final AuthorityKeyIdentifier authorityKeyId;
    private final PrivateKey signingKey;

    LeafSigner(CaHierarchy ca, Domain domain) {
        this.domain = domain;
        this.issuer = X500Name.getInstance(ca.issuingCertificate().getSubjectX500Principal().getEncoded());
        try {
            this.authorityKeyId = new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca.issuingCertificate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot compute the issuing CA's key identifier", e);
        }
        this.signingKey = Crypto.forSigning(ca.issuing().privateKey());
    }

    /** Returns a random positive serial of exactly 128 bits (RFC 5280 allows 20 octets; CAB BR want 64+ random bits). */
    static BigInteger serial(SecureRandom random) {
        return new BigInteger(127, random).setBit(127);
    }

    X509Certificate sign(AgentName name, SubjectPublicKeyInfo key, boolean rsa, List<InetAddress> ipAddresses, BigInteger serial,
            Instant notBefore, Instant notAfter, @Nullable URI crlDistributionPoint) {
        X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, domain.name());
        if (name.fqdn().length() <= MAX_CN) {
            subject.addRDN(BCStyle.CN, name.fqdn());
        }
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(issuer, serial, Date.from(notBefore), Date.from(notAfter),
                subject.build(), key);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(rsa ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment : KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            List<GeneralName> sans = new ArrayList<>(List.of(
                    new GeneralName(GeneralName.uniformResourceIdentifier, name.toString()),
                    new GeneralName(GeneralName.dNSName, name.fqdn())));
            for (InetAddress address : ipAddresses) {
                sans.add(new GeneralName(GeneralName.iPAddress, new DEROctetString(address.getAddress())));
            }
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
            builder.addExtension(Extension.subjectKeyIdentifier, false, new JcaX509ExtensionUtils().createSubjectKeyIdentifier(key));
            builder.addExtension(Extension.authorityKeyIdentifier, false, authorityKeyId);
            if (crlDistributionPoint != null) {
                GeneralNames where = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, crlDistributionPoint.toString()));
                builder.addExtension(Extension.cRLDistributionPoints, false,
                        new CRLDistPoint(new DistributionPoint[] {new DistributionPoint(new DistributionPointName(where), null, null)}));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(Crypto.signer(signingKey)));
        } catch (CertIOException | GeneralSecurityException | OperatorCreationException e) {
            throw new AcfException(ErrorCode.INTERNAL, "cannot sign the certificate for " + name + ": " + e.getMessage(), e);
        }
    }
}
