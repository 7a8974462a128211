package dev.acf.gateway.tls;

import dev.acf.api.agent.AgentRecord;
import dev.acf.api.agent.AgentStatus;
import dev.acf.api.name.AgentName;
import dev.acf.api.resolve.AgentEvent;
import dev.acf.api.resolve.AnsLookup;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knows which ANS certificates are revoked, so the gateway refuses them within a second
 * (REL-4): on new handshakes (through {@link GatewayTls.Builder#revocationGuard}) and on every
 * request over a connection that is already open ({@code RevocationFilter}).
 *
 * <p>Two sources: the ANS event stream ({@link AnsLookup#subscribe}), whose {@code WITHDRAWN}
 * events for a {@code REVOKED} agent carry the record with its certificate, pushes the leaf's
 * serial and the versioned name at once; and the ANS CRL ({@code GET {ans}/v1/ca/crl}, DER),
 * whose signature is verified against the CA certificates, fetched at start, every
 * {@link Builder#crlInterval} (default 30 s) and at once when subscribing fails — the fallback
 * while events are not flowing. A subscription that failed is retried at every CRL tick.
 *
 * <p>Thread-safe. {@link #isRevoked} is lock-free and never blocks (concurrent sets and an
 * immutable CRL snapshot): call it on an event loop. Work happens on one background thread.
 *
 * <pre>{@code
 * try (RevocationGuard guard = RevocationGuard.builder(ansClient)
 *         .crl(ansClient.ans(), gatewayIdentity.caChain())
 *         .start()) {
 *     if (guard.isRevoked(peerLeaf)) { ... 403 certificate_revoked ... }
 * }
 * }</pre>
 */
public final class RevocationGuard implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RevocationGuard.class);

    private final AnsLookup lookup;
    private final @Nullable CrlSource crl;
    private final Duration interval;
    private final Clock clock;
    /** Serials pushed by events, with the certificate's expiry so they can be forgotten after it. */
    private final Map<BigInteger, Instant> pushed = new ConcurrentHashMap<>();
    /** Versioned names of revoked agents: REVOKED is final, so a name never comes back. */
    private final Set<AgentName> revokedNames = ConcurrentHashMap.newKeySet();
    private volatile Set<BigInteger> crlSerials = Set.of();
    private volatile @Nullable Instant lastCrlUpdate;
    private volatile @Nullable AutoCloseable subscription;
    private final ScheduledExecutorService worker;
    private volatile boolean closed;

    private RevocationGuard(Builder b) {
        this.lookup = b.lookup;
        this.crl = b.crlBase == null ? null : new CrlSource(b.crlBase, b.issuers, b.crlTimeout);
        this.interval = b.interval;
        this.clock = b.clock;
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "acf-revocation-guard");
            t.setDaemon(true);
            return t;
        });
    }

    /** Returns a builder following the events of this ANS lookup. */
    public static Builder builder(AnsLookup lookup) {
        return new Builder(lookup);
    }

    private RevocationGuard start() {
        boolean subscribed = trySubscribe();
        if (crl != null) {
            // The first CRL runs at once either way: it also covers revocations made before start.
            worker.scheduleWithFixedDelay(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        } else if (!subscribed) {
            worker.scheduleWithFixedDelay(this::trySubscribe, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    private boolean trySubscribe() {
        if (subscription != null || closed) {
            return subscription != null;
        }
        try {
            subscription = lookup.subscribe(this::onEvent);
            LOG.debug("following ANS revocation events");
            return true;
        } catch (RuntimeException e) {
            LOG.warn("cannot follow ANS revocation events ({}); relying on the CRL until it works", e.toString());
            return false;
        }
    }

    private void tick() {
        if (closed) {
            return;
        }
        trySubscribe();
        refreshCrl();
        Instant now = clock.instant();
        pushed.values().removeIf(notAfter -> notAfter.isBefore(now));
    }

    private void onEvent(AgentEvent event) {
        AgentRecord record = event.agent();
        if (event.type() != AgentEvent.Type.WITHDRAWN || record.status() != AgentStatus.REVOKED) {
            return;
        }
        X509Certificate leaf = leafOf(record.certificate());
        // The serial before the name: whoever sees the certificate refused by name also finds its serial listed.
        if (leaf != null) {
            pushed.put(leaf.getSerialNumber(), leaf.getNotAfter().toInstant());
        }
        revokedNames.add(record.name());
        if (leaf != null) {
            LOG.info("certificate {} of {} revoked (pushed by the ANS)", leaf.getSerialNumber().toString(16), record.name());
        } else {
            LOG.info("agent {} revoked (pushed by the ANS, no certificate in the event)", record.name());
        }
    }

    private static @Nullable X509Certificate leafOf(@Nullable String pem) {
        if (pem == null || pem.isBlank()) {
            return null;
        }
        try {
            Collection<? extends java.security.cert.Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            return certs.isEmpty() ? null : (X509Certificate) certs.iterator().next();
        } catch (GeneralSecurityException | ClassCastException e) {
            LOG.warn("unreadable certificate in an ANS revocation event: {}", e.getMessage());
            return null;
        }
    }

    /**
     * Fetches and verifies the CRL now, on the calling thread (it blocks on the network), and
     * installs it when it is valid and not older than the one installed.
     *
     * @return true when a CRL was installed
     */
    public synchronized boolean refreshCrl() {
        CrlSource source = crl;
        if (source == null || closed) {
            return false;
        }
        Optional<Set<BigInteger>> serials = source.fetch();
        if (serials.isEmpty()) {
            return false;
        }
        crlSerials = Set.copyOf(serials.get());
        lastCrlUpdate = clock.instant();
        return true;
    }

    /** Returns true when this certificate was revoked, by serial or by its versioned ANS name. Never blocks. */
    public boolean isRevoked(X509Certificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        if (isRevoked(certificate.getSerialNumber())) {
            return true;
        }
        return !revokedNames.isEmpty() && CallerCertificates.agentName(certificate).map(revokedNames::contains).orElse(false);
    }

    /** Returns true when a certificate with this serial was revoked. Never blocks. */
    public boolean isRevoked(BigInteger serial) {
        return pushed.containsKey(serial) || crlSerials.contains(serial);
    }

    /** Returns the revoked serials known now (pushed and from the CRL), a snapshot. */
    public Set<BigInteger> revokedSerials() {
        Set<BigInteger> all = new HashSet<>(crlSerials);
        all.addAll(pushed.keySet());
        return Set.copyOf(all);
    }

    /** Returns true while the ANS event subscription is open. */
    public boolean isFollowingEvents() {
        return subscription != null;
    }

    /** Returns when the last valid CRL was installed. */
    public Optional<Instant> lastCrlUpdate() {
        return Optional.ofNullable(lastCrlUpdate);
    }

    /** Stops following events and fetching CRLs; idempotent. The lookup itself stays open. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        worker.shutdownNow();
        AutoCloseable s = subscription;
        subscription = null;
        if (s != null) {
            try {
                s.close();
            } catch (Exception e) {
                LOG.debug("closing the ANS event subscription failed", e);
            }
        }
        if (crl != null) {
            crl.close();
        }
    }

    /**
     * Configures and starts a {@link RevocationGuard}; not thread-safe.
     *
     * <pre>{@code
     * RevocationGuard guard = RevocationGuard.builder(lookup).crl(ansUri, caChain).crlInterval(Duration.ofSeconds(10)).start();
     * }</pre>
     */
    public static final class Builder {
        private final AnsLookup lookup;
        private @Nullable URI crlBase;
        private List<X509Certificate> issuers = List.of();
        private Duration interval = Duration.ofSeconds(30);
        private Duration crlTimeout = Duration.ofSeconds(10);
        private Clock clock = Clock.systemUTC();

        private Builder(AnsLookup lookup) {
            this.lookup = Objects.requireNonNull(lookup, "lookup");
        }

        /**
         * Enables the CRL fallback: {@code GET {ans}/v1/ca/crl}, accepted only when signed by
         * one of these CA certificates (the ANS CA chain).
         */
        public Builder crl(URI ans, List<X509Certificate> caCertificates) {
            this.crlBase = Objects.requireNonNull(ans, "ans");
            this.issuers = List.copyOf(caCertificates);
            if (issuers.isEmpty()) {
                throw new IllegalArgumentException("the CRL needs the CA certificates that sign it");
            }
            return this;
        }

        /** Sets how often the CRL is fetched (default 30 s). */
        public Builder crlInterval(Duration value) {
            Objects.requireNonNull(value, "value");
            if (value.toMillis() < 1) {
                throw new IllegalArgumentException("the CRL interval must be at least 1 ms, was " + value);
            }
            this.interval = value;
            return this;
        }

        /** Sets how long one CRL fetch may take (default 10 s). */
        public Builder crlTimeout(Duration value) {
            this.crlTimeout = Objects.requireNonNull(value, "value");
            return this;
        }

        /** Sets the clock that times CRL updates and expiry of pushed serials (tests). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Subscribes to the events (waiting as long as the lookup's subscribe does), schedules the CRL and returns the guard. */
        public RevocationGuard start() {
            return new RevocationGuard(this).start();
        }
    }
}
