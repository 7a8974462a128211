package dev.acf.ans.ca;

import dev.acf.api.ca.CertificateAuthority;
import dev.acf.api.ca.CertificateRequest;
import dev.acf.api.ca.CertificateStatus;
import dev.acf.api.ca.IssuedCertificate;
import dev.acf.api.ca.KeyMaterialStore;
import dev.acf.api.ca.RevocationReason;
import dev.acf.api.error.AcfException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.TrustException;
import dev.acf.api.name.Domain;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded certificate authority of one domain (ANS-REG-2, ANS-LIFE-2/3), shaped after
 * Let's Encrypt Boulder and smallstep step-ca:
 * <pre>
 *   ACF Root CA &lt;domain&gt;      self-signed, 20 years, pathLen 1, keyCertSign+cRLSign
 *     ACF Issuing CA &lt;domain&gt;  10 years, pathLen 0, name constraints: DNS and ans:// URIs in the domain
 *       agent leaf             SAN URI = ANS name, SAN DNS = FQDN, serverAuth+clientAuth, 24 h by default
 *                              (+ SAN IP addresses, when requested and allowed by {@link Builder#allowIpAddressSans})
 * </pre>
 * On first start it creates both CA keys (of {@link Builder#keyType}) and stores them in the
 * {@link KeyMaterialStore}; later starts load the same keys and certificates. Requests are
 * checked by {@link CsrRules}; a requested validity above {@link Builder#maxValidity} is shortened
 * to it. Issued serials, revocations and CRL numbers are appended to {@code ca-state.log} in the
 * data directory and forced to disk before a call returns, so status and CRL survive a crash
 * (concurrent calls share one fsync). The CRL is cached until the next revocation or until half
 * its validity has passed; revoked certificates that have expired leave it (RFC 5280 3.3).
 *
 * <p>Thread-safe. One instance owns its data directory (a second one fails to start);
 * {@link #close()} releases it.
 *
 * <pre>{@code
 * try (EmbeddedCertificateAuthority ca = EmbeddedCertificateAuthority.builder()
 *         .domain(Domain.of("ops.example.net"))
 *         .dataDirectory(Path.of("ans-data/ca"))
 *         .build()) {
 *     ca.setCrlDistributionPoint(URI.create("http://127.0.0.1:8400/v1/ca/crl")); // once the port is known
 *     byte[] csr = Pem.csrToDer(csrPem);
 *     IssuedCertificate issued = ca.issue(new CertificateRequest(csr, name, ca.leafValidity()));
 *     String chainPem = issued.chainPem();
 *     ca.verifyIssued(issued.certificate());                        // renewal: still ours and valid?
 *     ca.revoke(issued.certificate().getSerialNumber(), RevocationReason.KEY_COMPROMISE);
 *     byte[] crl = ca.crl();
 * }
 * }</pre>
 */
public final class EmbeddedCertificateAuthority implements CertificateAuthority, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedCertificateAuthority.class);

    /** The default validity of an agent certificate: 24 hours. */
    public static final Duration DEFAULT_LEAF_VALIDITY = Duration.ofHours(24);
    /** The default longest validity issued: 7 days. */
    public static final Duration DEFAULT_MAX_VALIDITY = Duration.ofDays(7);
    /** The default CRL validity (thisUpdate to nextUpdate): 24 hours. */
    public static final Duration DEFAULT_CRL_VALIDITY = Duration.ofHours(24);

    private final Domain domain;
    private final Clock clock;
    private final Duration leafValidity;
    private final Duration maxValidity;
    private final Duration crlValidity;
    private final SecureRandom random = new SecureRandom();
    private final CsrRules rules;
    private final CaHierarchy hierarchy;
    private final CertificateLedger ledger;
    private final LeafSigner leafSigner;
    private final CrlSigner crlSigner;
    private final Object crlLock = new Object();
    private volatile @Nullable URI crlDistributionPoint;
    private volatile @Nullable CachedCrl cachedCrl;

    private record CachedCrl(byte[] der, long revision, Instant refreshAt) {}

    private EmbeddedCertificateAuthority(Builder b, Domain domain, Path dataDirectory, KeyMaterialStore keys) {
        this.domain = domain;
        this.clock = b.clock;
        this.leafValidity = Objects.requireNonNull(b.leafValidity);
        this.maxValidity = b.maxValidity;
        this.crlValidity = b.crlValidity;
        this.crlDistributionPoint = b.crlDistributionPoint;
        this.rules = new CsrRules(domain, b.ipAddressSans);
        try {
            PrivateFiles.createDirectory(dataDirectory);
        } catch (IOException e) {
            throw new AcfException(ErrorCode.INTERNAL, "cannot create the CA data directory " + dataDirectory + ": " + e.getMessage(), e);
        }
        this.ledger = CertificateLedger.open(dataDirectory);
        try {
            this.hierarchy = CaHierarchy.loadOrCreate(keys, domain, b.keyType, clock.instant(), random, !ledger.isEmpty());
        } catch (RuntimeException e) {
            ledger.close();
            throw e;
        }
        this.leafSigner = new LeafSigner(hierarchy, domain);
        this.crlSigner = new CrlSigner(hierarchy);
    }

    /** Returns a builder; {@link Builder#domain} and {@link Builder#dataDirectory} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the domain this CA certifies names in. */
    public Domain domain() {
        return domain;
    }

    /** Returns the validity callers use when they have no reason to choose another. */
    public Duration leafValidity() {
        return leafValidity;
    }

    /** Returns the longest validity this CA issues; longer requests are shortened to it. */
    public Duration maxValidity() {
        return maxValidity;
    }

    /** Returns the IP addresses this CA certifies as iPAddress SANs when a request names them; empty by default. */
    public List<InetAddress> allowedIpAddressSans() {
        return rules.allowedIpAddresses();
    }

    /** Returns the CRL URL put into new certificates, if set. */
    public @Nullable URI crlDistributionPoint() {
        return crlDistributionPoint;
    }

    /**
     * Sets the CRL URL put into certificates issued from now on (the server knows its port only
     * after it started); {@code null} leaves the extension out. Thread-safe.
     */
    public void setCrlDistributionPoint(@Nullable URI uri) {
        this.crlDistributionPoint = uri;
    }

    /**
     * Checks the request with {@link CsrRules} and issues a leaf valid from one minute ago
     * (clock skew) for the requested validity, at most {@link #maxValidity()} and never past the
     * issuing CA's own expiry. Returns once the serial is durably recorded.
     */
    @Override
    public IssuedCertificate issue(CertificateRequest request) {
        Objects.requireNonNull(request, "request");
        CsrRules.Candidate csr = rules.accept(request.csrDer(), request.name());
        Instant now = clock.instant();
        Duration validity = request.validity().compareTo(maxValidity) > 0 ? maxValidity : request.validity();
        Instant notBefore = now.minus(LeafSigner.CLOCK_SKEW).truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = now.plus(validity).truncatedTo(ChronoUnit.SECONDS);
        Instant caEnd = hierarchy.issuingCertificate().getNotAfter().toInstant();
        if (notAfter.isAfter(caEnd)) {
            notAfter = caEnd;
        }
        if (!notAfter.isAfter(now)) {
            throw new AcfException(ErrorCode.INTERNAL, "the issuing CA of " + domain + " expired at " + caEnd + "; it must be renewed");
        }
        BigInteger serial = LeafSigner.serial(random);
        while (ledger.contains(serial)) {
            serial = LeafSigner.serial(random);
        }
        X509Certificate certificate = leafSigner.sign(request.name(), csr.key(), csr.isRsa(), csr.ipAddresses(), serial, notBefore, notAfter,
                crlDistributionPoint);
        ledger.recordIssued(serial, notAfter, request.name());
        LOG.debug("issued serial {} to {} until {}", serial.toString(16), request.name(), notAfter);
        return new IssuedCertificate(certificate, hierarchy.chain());
    }

    @Override
    public void revoke(BigInteger serial, RevocationReason reason) {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(reason, "reason");
        if (ledger.revoke(serial, reason, clock.instant())) {
            LOG.info("revoked serial {} ({})", serial.toString(16), reason.rfcName());
        }
    }

    @Override
    public CertificateStatus status(BigInteger serial) {
        return ledger.status(Objects.requireNonNull(serial, "serial"));
    }

    /**
     * Returns the current CRL, signed by the issuing CA, valid for the configured CRL validity.
     * A new CRL (with a greater CRL number, persisted) is signed after a revocation or once half
     * of the cached one's validity has passed; otherwise the cached bytes are returned.
     */
    @Override
    public byte[] crl() {
        CachedCrl cached = cachedCrl;
        if (cached != null && cached.revision() == ledger.revision() && clock.instant().isBefore(cached.refreshAt())) {
            return cached.der().clone();
        }
        synchronized (crlLock) {
            cached = cachedCrl;
            Instant now = clock.instant();
            if (cached == null || cached.revision() != ledger.revision() || !now.isBefore(cached.refreshAt())) {
                long revision = ledger.revision();
                Instant thisUpdate = now.truncatedTo(ChronoUnit.SECONDS);
                long number = ledger.nextCrlNumber();
                byte[] der = crlSigner.sign(number, thisUpdate, thisUpdate.plus(crlValidity), ledger.revokedAndUnexpired(thisUpdate));
                cached = new CachedCrl(der, revision, thisUpdate.plus(crlValidity.dividedBy(2)));
                cachedCrl = cached;
                LOG.debug("signed CRL number {} of {}", number, domain);
            }
            return cached.der().clone();
        }
    }

    @Override
    public List<X509Certificate> chain() {
        return hierarchy.chain();
    }

    /** Returns the self-signed root certificate, the trust anchor of this domain. */
    public X509Certificate rootCertificate() {
        return hierarchy.rootCertificate();
    }

    /**
     * Verifies that this CA issued the certificate and that it is valid now and not revoked
     * (for renewal and proof-of-possession checks).
     *
     * @throws TrustException with code {@code bad_signature} when the certificate is not this CA's,
     *     {@code certificate_revoked} when it was revoked, {@code certificate_expired} when it is
     *     outside its validity
     */
    public void verifyIssued(X509Certificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        X509Certificate issuing = hierarchy.issuingCertificate();
        String serial = certificate.getSerialNumber().toString(16);
        if (!certificate.getIssuerX500Principal().equals(issuing.getSubjectX500Principal())) {
            throw new TrustException(ErrorCode.BAD_SIGNATURE, "certificate " + serial + " was issued by '"
                    + certificate.getIssuerX500Principal() + "', not by this CA '" + issuing.getSubjectX500Principal() + "'");
        }
        try {
            certificate.verify(issuing.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new TrustException(ErrorCode.BAD_SIGNATURE, "the signature of certificate " + serial + " does not verify with this CA's key", e);
        }
        CertificateStatus status = ledger.status(certificate.getSerialNumber());
        if (status.state() == CertificateStatus.State.UNKNOWN) {
            throw new TrustException(ErrorCode.BAD_SIGNATURE, "certificate " + serial + " is not in this CA's records");
        }
        if (status.state() == CertificateStatus.State.REVOKED) {
            throw new TrustException(ErrorCode.CERTIFICATE_REVOKED, "certificate " + serial + " was revoked at " + status.revokedAt()
                    + " (" + Objects.requireNonNull(status.reason()).rfcName() + ")");
        }
        Instant now = clock.instant();
        if (now.isAfter(certificate.getNotAfter().toInstant())) {
            throw new TrustException(ErrorCode.CERTIFICATE_EXPIRED, "certificate " + serial + " expired at " + certificate.getNotAfter().toInstant());
        }
        if (now.isBefore(certificate.getNotBefore().toInstant())) {
            throw new TrustException(ErrorCode.CERTIFICATE_EXPIRED, "certificate " + serial + " is not valid before " + certificate.getNotBefore().toInstant());
        }
    }

    /** Releases the data directory. Idempotent. */
    @Override
    public void close() {
        ledger.close();
    }

    @Override
    public String toString() {
        return "EmbeddedCertificateAuthority[" + domain + ", " + hierarchy.issuingCertificate().getSubjectX500Principal() + "]";
    }

    /** Configures an {@link EmbeddedCertificateAuthority}; not thread-safe, {@link #build()} validates. */
    public static final class Builder {
        private @Nullable Domain domain;
        private @Nullable Path dataDirectory;
        private @Nullable KeyMaterialStore keyStore;
        private CaKeyType keyType = CaKeyType.EC_P256;
        private @Nullable Duration leafValidity;
        private Duration maxValidity = DEFAULT_MAX_VALIDITY;
        private Duration crlValidity = DEFAULT_CRL_VALIDITY;
        private Clock clock = Clock.systemUTC();
        private @Nullable URI crlDistributionPoint;
        private final List<InetAddress> ipAddressSans = new ArrayList<>();

        private Builder() {}

        /** The domain the CA certifies names in (required). */
        public Builder domain(Domain value) {
            this.domain = Objects.requireNonNull(value, "domain");
            return this;
        }

        /** The directory of the CA's state (required); also the default key store's parent, as {@code <dir>/keys}. */
        public Builder dataDirectory(Path value) {
            this.dataDirectory = Objects.requireNonNull(value, "dataDirectory");
            return this;
        }

        /** Where the CA keys live; default a {@link FileKeyMaterialStore} in {@code <dataDirectory>/keys}. */
        public Builder keyStore(KeyMaterialStore value) {
            this.keyStore = Objects.requireNonNull(value, "keyStore");
            return this;
        }

        /** The key type of newly created CA keys; default {@link CaKeyType#EC_P256}. */
        public Builder keyType(CaKeyType value) {
            this.keyType = Objects.requireNonNull(value, "keyType");
            return this;
        }

        /** The validity callers use by default ({@link #leafValidity()}); default 24 hours, or the maximum when that is shorter. */
        public Builder leafValidity(Duration value) {
            this.leafValidity = positive(value, "leafValidity");
            return this;
        }

        /** The longest validity issued; default 7 days. */
        public Builder maxValidity(Duration value) {
            this.maxValidity = positive(value, "maxValidity");
            return this;
        }

        /** How long a CRL is valid (nextUpdate - thisUpdate); default 24 hours. */
        public Builder crlValidity(Duration value) {
            this.crlValidity = positive(value, "crlValidity");
            return this;
        }

        /** The clock for validity, revocation times and CRLs; default the UTC system clock. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** The CRL URL put into certificates; may be set later with {@link #setCrlDistributionPoint}. */
        public Builder crlDistributionPoint(URI value) {
            this.crlDistributionPoint = Objects.requireNonNull(value, "crlDistributionPoint");
            return this;
        }

        /**
         * Allows these exact IP addresses as iPAddress SANs in agent certificates (rule
         * {@code san-ip} of {@link CsrRules}); a request naming another address is refused, and
         * none is allowed by default. For services clients reach by address, such as a gateway
         * at {@code 127.0.0.1}; the issuing CA's name constraints cover DNS names and URIs only,
         * so per RFC 5280 they leave IP addresses unconstrained and the chain stays valid.
         * Adds to the addresses of earlier calls.
         */
        public Builder allowIpAddressSans(InetAddress... addresses) {
            ipAddressSans.addAll(Arrays.asList(Objects.requireNonNull(addresses, "addresses")));
            return this;
        }

        /**
         * Opens the CA, creating its keys on first start.
         *
         * @throws IllegalStateException when a required setting is missing or the validities do not fit
         * @throws dev.acf.api.error.ConfigurationException when the state or keys cannot be used
         */
        public EmbeddedCertificateAuthority build() {
            if (domain == null || dataDirectory == null) {
                throw new IllegalStateException("domain and dataDirectory are required");
            }
            if (leafValidity == null) {
                leafValidity = DEFAULT_LEAF_VALIDITY.compareTo(maxValidity) > 0 ? maxValidity : DEFAULT_LEAF_VALIDITY;
            }
            if (leafValidity.compareTo(maxValidity) > 0) {
                throw new IllegalStateException("leafValidity " + leafValidity + " exceeds maxValidity " + maxValidity);
            }
            KeyMaterialStore keys = keyStore != null ? keyStore : new FileKeyMaterialStore(dataDirectory.resolve("keys"));
            return new EmbeddedCertificateAuthority(this, domain, dataDirectory, keys);
        }

        private static Duration positive(Duration value, String what) {
            Objects.requireNonNull(value, what);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, was " + value);
            }
            return value;
        }
    }
}
