package dev.acf.ans.ca;

import dev.acf.api.error.AcfException;
import dev.acf.api.error.ErrorCode;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.operator.OperatorCreationException;

/** Signs X.509 v2 CRLs (RFC 5280 section 5) with the issuing CA key. Stateless apart from the key; thread-safe. */
final class CrlSigner {
    private final CaHierarchy ca;
    private final PrivateKey signingKey;

    CrlSigner(CaHierarchy ca) {
        this.ca = ca;
        this.signingKey = Crypto.forSigning(ca.issuing().privateKey());
    }

    /** Returns the DER of a CRL with the CRL number and AKI extensions and one entry, with its reason code, per revocation. */
    byte[] sign(long number, Instant thisUpdate, Instant nextUpdate, Collection<CertificateLedger.Entry> revoked) {
        try {
            X509v2CRLBuilder builder = new JcaX509v2CRLBuilder(ca.issuingCertificate(), Date.from(thisUpdate));
            builder.setNextUpdate(Date.from(nextUpdate));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca.issuingCertificate()));
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(number)));
            for (CertificateLedger.Entry entry : revoked) {
                builder.addCRLEntry(entry.serial(), Date.from(entry.revokedAt()), entry.reason().code());
            }
            return builder.build(Crypto.signer(signingKey)).getEncoded();
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new AcfException(ErrorCode.INTERNAL, "cannot sign CRL number " + number + ": " + e.getMessage(), e);
        }
    }
}
