package dev.acf.client;

import dev.acf.api.name.AgentName;
import dev.acf.client.internal.Pem;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.KeyPair;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** The PKCS#10 requests an {@link AgentIdentity} sends ANS, and the IP addresses read back from its certificates. Stateless. */
final class AgentCsr {
    private AgentCsr() {}

    /** Builds a PEM CSR: subject CN = the FQDN, SAN URI = the ANS name, SAN DNS = the FQDN, then one SAN IP per address. */
    static String pem(AgentName name, KeyPair key, List<InetAddress> ipAddresses) {
        try {
            List<GeneralName> sans = new ArrayList<>(List.of(
                    new GeneralName(GeneralName.uniformResourceIdentifier, name.toString()),
                    new GeneralName(GeneralName.dNSName, name.fqdn())));
            for (InetAddress address : ipAddresses) {
                sans.add(new GeneralName(GeneralName.iPAddress, new DEROctetString(address.getAddress())));
            }
            ExtensionsGenerator extensions = new ExtensionsGenerator();
            extensions.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
            var subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, name.fqdn()).build();
            var csr = new JcaPKCS10CertificationRequestBuilder(subject, key.getPublic())
                    .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
                    .build(new JcaContentSignerBuilder(KeyAlgorithm.of(key.getPublic()).signatureAlgorithm()).build(key.getPrivate()));
            return Pem.encode("CERTIFICATE REQUEST", csr.getEncoded());
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot build a CSR for " + name + ": " + e.getMessage(), e);
        }
    }

    /** Returns the iPAddress SANs of a certificate, in order; empty when it has none. */
    static List<InetAddress> ipAddressesOf(X509Certificate certificate) {
        List<InetAddress> addresses = new ArrayList<>();
        try {
            var sans = certificate.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (Integer.valueOf(GeneralName.iPAddress).equals(san.get(0)) && san.get(1) instanceof String literal) {
                        addresses.add(InetAddress.getByName(literal)); // the JDK renders the octets as a literal: no lookup
                    }
                }
            }
        } catch (CertificateParsingException | UnknownHostException e) {
            throw new IllegalArgumentException("the certificate's IP address SANs cannot be read: " + e.getMessage(), e);
        }
        return List.copyOf(addresses);
    }
}
