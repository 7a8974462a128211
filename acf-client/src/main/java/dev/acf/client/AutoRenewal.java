package dev.acf.client;

import dev.acf.api.error.AcfException;
import dev.acf.api.error.ErrorCode;
import dev.acf.client.internal.Backoff;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an {@link AgentIdentity} certified (CLI-1, ANS-LIFE-2): renews its certificate when less
 * than a margin of its validity remains, by default one third of it. Obtain one from
 * {@link AcfClient#keepRenewed}; close it to stop.
 *
 * <p>A failed renewal is logged (SLF4J, warning) and retried with exponential backoff and jitter,
 * never later than the certificate's expiry. A refusal no retry can fix (the certificate was
 * revoked or has expired, the agent is gone) stops the renewal with an error log and leaves
 * the reason in {@link #lastFailure()}; nothing fails silently. To hear of each new certificate
 * (to reload a TLS server, say), add a listener to the identity with
 * {@link AgentIdentity#addListener}. The identity's {@link AgentIdentity#sslContext()} follows
 * renewals by itself.
 *
 * <p>Runs on one daemon thread of its own. Thread-safe.
 *
 * <pre>{@code
 * try (AutoRenewal renewal = ans.keepRenewed(identity)) {
 *     identity.addListener(id -> server.reloadTls(id.sslContext()));
 *     server.awaitShutdown();
 * }
 * }</pre>
 */
public final class AutoRenewal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AutoRenewal.class);
    private static final Set<ErrorCode> PERMANENT = Set.of(ErrorCode.CERTIFICATE_REVOKED, ErrorCode.CERTIFICATE_EXPIRED,
            ErrorCode.AGENT_NOT_FOUND);

    private final AcfClient client;
    private final AgentIdentity identity;
    private final @Nullable Duration margin;
    private final KeyRotation rotation;
    private final Backoff backoff;
    private final Clock clock;
    private final ScheduledThreadPoolExecutor scheduler;
    private final AtomicInteger renewals = new AtomicInteger();
    private volatile @Nullable RuntimeException lastFailure;
    private volatile @Nullable Instant nextAttempt;
    private volatile boolean active = true;
    private int failures;

    AutoRenewal(AcfClient client, AgentIdentity identity, @Nullable Duration margin, KeyRotation rotation, Backoff backoff, Clock clock) {
        this.client = client;
        this.identity = identity;
        this.margin = margin;
        this.rotation = rotation;
        this.backoff = backoff;
        this.clock = clock;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("acf-renewal-" + identity.name().fqdn()).factory());
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.scheduler = executor;
    }

    AutoRenewal start() {
        schedule(renewalTime(identity.certificate(), identity.state().certifiedAt(), margin));
        return this;
    }

    /**
     * Returns when a certificate should be renewed: {@code margin} before it expires (default a
     * third of its lifetime, counted from when it was received), but not before a tenth of its
     * lifetime has passed, so a margin longer than the validity cannot renew in a tight loop.
     */
    static Instant renewalTime(X509Certificate certificate, Instant certifiedAt, @Nullable Duration margin) {
        Instant notAfter = certificate.getNotAfter().toInstant();
        Instant notBefore = certificate.getNotBefore().toInstant();
        // The CA back-dates notBefore for clock skew; the time it was received is the truer start.
        Instant start = certifiedAt.isAfter(notBefore) && certifiedAt.isBefore(notAfter) ? certifiedAt : notBefore;
        Duration lifetime = Duration.between(start, notAfter);
        Duration before = margin != null ? margin : lifetime.dividedBy(3);
        Instant at = notAfter.minus(before);
        Instant earliest = start.plus(lifetime.dividedBy(10));
        return at.isBefore(earliest) ? earliest : at;
    }

    private synchronized void schedule(Instant at) {
        if (!active) {
            return;
        }
        nextAttempt = at;
        long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        LOG.debug("next certificate renewal of {} at {}", identity.name(), at);
        scheduler.schedule(this::attempt, delay, TimeUnit.MILLISECONDS);
    }

    private void attempt() {
        if (!active) {
            return;
        }
        try {
            client.renew(identity, rotation);
            renewals.incrementAndGet();
            lastFailure = null;
            synchronized (this) {
                failures = 0;
            }
            LOG.info("renewed the certificate of {}: serial {} until {}", identity.name(),
                    identity.certificate().getSerialNumber().toString(16), identity.expiresAt());
            schedule(renewalTime(identity.certificate(), identity.state().certifiedAt(), margin));
        } catch (RuntimeException e) {
            lastFailure = e;
            retryOrStop(e);
        }
    }

    private void retryOrStop(RuntimeException e) {
        Instant expiry = identity.expiresAt();
        Instant now = clock.instant();
        if (e instanceof AcfException acf && PERMANENT.contains(acf.code())) {
            LOG.error("certificate renewal of {} stopped: ANS refused it ({}); the agent must register again", identity.name(),
                    acf.code().id(), e);
            stop();
            return;
        }
        if (!now.isBefore(expiry)) {
            LOG.error("certificate renewal of {} stopped: the certificate expired at {}; the agent must register again",
                    identity.name(), expiry, e);
            stop();
            return;
        }
        Duration delay;
        synchronized (this) {
            delay = backoff.delay(failures++, ThreadLocalRandom.current());
        }
        Instant at = now.plus(delay);
        if (at.isAfter(expiry)) {
            at = expiry.minusMillis(Math.min(1_000, Duration.between(now, expiry).toMillis() / 2));
        }
        LOG.warn("certificate renewal of {} failed ({}); retrying at {}, the certificate expires at {}", identity.name(), e.toString(), at,
                expiry);
        schedule(at);
    }

    private void stop() {
        active = false;
        nextAttempt = null;
        scheduler.shutdown();
    }

    /** Returns how many renewals succeeded. */
    public int renewals() {
        return renewals.get();
    }

    /** Returns the failure of the last attempt, if it failed. */
    public Optional<RuntimeException> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    /** Returns when the next attempt is planned; empty once stopped. */
    public Optional<Instant> nextAttempt() {
        return Optional.ofNullable(nextAttempt);
    }

    /** Returns true until closed or stopped by a permanent refusal. */
    public boolean isActive() {
        return active;
    }

    /** Returns the identity kept renewed. */
    public AgentIdentity identity() {
        return identity;
    }

    /** Stops renewing; a renewal in progress completes. Idempotent. */
    @Override
    public void close() {
        active = false;
        nextAttempt = null;
        scheduler.shutdown();
        client.forget(this);
    }

    @Override
    public String toString() {
        return "AutoRenewal[" + Objects.toString(identity.name()) + ", renewals=" + renewals + ", next=" + nextAttempt + "]";
    }
}
