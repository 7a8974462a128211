package dev.acf.gateway.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the ANS CRL ({@code GET {ans}/v1/ca/crl}, DER) and accepts it only when one of the CA
 * certificates verifies its signature and its CRL number is not lower than the last one
 * accepted (an older, replayed CRL would forget revocations). Used by one thread at a time.
 */
final class CrlSource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CrlSource.class);
    private static final int MAX_BYTES = 16 * 1024 * 1024;
    private static final String CRL_NUMBER_OID = "2.5.29.20";

    private final URI uri;
    private final List<X509Certificate> issuers;
    private final Duration timeout;
    private final HttpClient http;
    private @Nullable BigInteger lastNumber;

    CrlSource(URI ans, List<X509Certificate> issuers, Duration timeout) {
        String base = ans.toString();
        this.uri = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v1/ca/crl");
        this.issuers = List.copyOf(issuers);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    URI uri() {
        return uri;
    }

    /** Returns the revoked serials of a fresh, verified CRL; empty (and logged) on any failure. */
    Optional<Set<BigInteger>> fetch() {
        byte[] der;
        try {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri).timeout(timeout)
                    .header("Accept", "application/pkix-crl").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    LOG.warn("the ANS answered HTTP {} for its CRL at {}", response.statusCode(), uri);
                    return Optional.empty();
                }
                der = body.readNBytes(MAX_BYTES + 1);
            }
        } catch (IOException e) {
            LOG.warn("cannot fetch the ANS CRL at {}: {}", uri, e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        if (der.length > MAX_BYTES) {
            LOG.warn("the ANS CRL at {} is larger than {} bytes; ignored", uri, MAX_BYTES);
            return Optional.empty();
        }
        return verify(der);
    }

    Optional<Set<BigInteger>> verify(byte[] der) {
        X509CRL crl;
        try {
            crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException | ClassCastException e) {
            LOG.warn("the CRL from {} is not a DER X.509 CRL: {}", uri, e.getMessage());
            return Optional.empty();
        }
        if (!signedByIssuer(crl)) {
            LOG.warn("the CRL from {} (issuer '{}') is not signed by the ANS CA; ignored", uri, crl.getIssuerX500Principal());
            return Optional.empty();
        }
        BigInteger number = crlNumber(crl);
        if (number != null && lastNumber != null && number.compareTo(lastNumber) < 0) {
            LOG.warn("the CRL from {} has number {}, older than {} already seen; ignored", uri, number, lastNumber);
            return Optional.empty();
        }
        if (number != null) {
            lastNumber = number;
        }
        if (crl.getNextUpdate() != null && crl.getNextUpdate().toInstant().isBefore(java.time.Instant.now())) {
            LOG.warn("the CRL from {} is past its next update ({}); using it until a fresher one arrives", uri, crl.getNextUpdate().toInstant());
        }
        Set<BigInteger> serials = new HashSet<>();
        Set<? extends X509CRLEntry> entries = crl.getRevokedCertificates();
        if (entries != null) {
            for (X509CRLEntry entry : entries) {
                serials.add(entry.getSerialNumber());
            }
        }
        return Optional.of(serials);
    }

    private boolean signedByIssuer(X509CRL crl) {
        for (X509Certificate issuer : issuers) {
            if (issuer.getSubjectX500Principal().equals(crl.getIssuerX500Principal())) {
                try {
                    crl.verify(issuer.getPublicKey());
                    return true;
                } catch (GeneralSecurityException e) {
                    LOG.debug("CRL signature does not verify with {}", issuer.getSubjectX500Principal(), e);
                }
            }
        }
        return false;
    }

    /** Reads the CRL number extension: an OCTET STRING wrapping a DER INTEGER. */
    static @Nullable BigInteger crlNumber(X509CRL crl) {
        byte[] ext = crl.getExtensionValue(CRL_NUMBER_OID);
        if (ext == null) {
            return null;
        }
        try {
            byte[] octets = derValue(ext, 0, 0x04);
            return new BigInteger(derValue(octets, 0, 0x02));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] derValue(byte[] der, int offset, int tag) {
        if (der.length < offset + 2 || (der[offset] & 0xff) != tag) {
            throw new IllegalArgumentException("unexpected DER tag");
        }
        int len = der[offset + 1] & 0xff;
        int start = offset + 2;
        if (len > 0x80) {
            int n = len & 0x7f;
            if (n > 3 || der.length < start + n) {
                throw new IllegalArgumentException("bad DER length");
            }
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (der[start + i] & 0xff);
            }
            start += n;
        }
        if (len == 0 || der.length < start + len) {
            throw new IllegalArgumentException("bad DER length");
        }
        return java.util.Arrays.copyOfRange(der, start, start + len);
    }

    @Override
    public void close() {
        http.close();
    }
}
