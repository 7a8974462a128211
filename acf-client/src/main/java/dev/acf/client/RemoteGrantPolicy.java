package dev.acf.client;

import dev.acf.api.name.AgentName;
import dev.acf.api.security.AccessDecision;
import dev.acf.api.security.CallerIdentity;
import dev.acf.api.security.Grant;
import dev.acf.api.security.GrantPolicy;
import dev.acf.api.security.PermissionPolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway's view of an ANS's grants (ANS-SEC-1): the {@code ACTIVE} grants, loaded from
 * {@code GET /v1/permissions?status=ACTIVE} with a grant reader token (a signed answer,
 * verified) and reloaded whenever the ANS event stream announces a grant change or
 * reconnects, so an approved or revoked grant takes effect without a restart. Decisions come
 * from a local {@link GrantPolicy}: no network on the call path. Until the first load succeeds
 * only the defaults decide (deny by default denies everything); a failed reload keeps the last
 * grants and retries on the next change.
 *
 * <p>Thread-safe; {@link #decide} never blocks. Reloads run on one background thread,
 * coalesced.
 *
 * <pre>{@code
 * // the ANS was built with .grantReaderToken(readerToken)
 * RemoteGrantPolicy grants = RemoteGrantPolicy.start(ansClient, readerToken,
 *         GrantPolicy.builder().defaultDecision(Domain.of("ops.example.net"), GrantPolicy.Decision.DENY));
 * GatewayServer.builder().lookup(ansClient).permissionPolicy(grants)...;
 * }</pre>
 */
public final class RemoteGrantPolicy implements PermissionPolicy, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteGrantPolicy.class);

    private final AcfClient client;
    private final String readerToken;
    private final GrantPolicy policy;
    private final ExecutorService reloader = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("acf-grant-reload").factory());
    private final AtomicBoolean queued = new AtomicBoolean();
    private final AtomicLong loads = new AtomicLong();
    private final AcfClient.Subscription subscription;

    private RemoteGrantPolicy(AcfClient client, String readerToken, GrantPolicy policy) {
        this.client = client;
        this.readerToken = readerToken;
        this.policy = policy;
        this.subscription = client.subscribePermissions(this::scheduleReload);
    }

    /**
     * Follows the grants of the client's ANS, evaluated with these defaults; loads them once
     * before returning (a failure, a refused token for one, is logged and retried on the next
     * change).
     *
     * @param readerToken a grant reader token of the ANS ({@code AnsServer.Builder.grantReaderToken}),
     *     or its administrator token
     */
    public static RemoteGrantPolicy start(AcfClient client, String readerToken, GrantPolicy.Builder defaults) {
        RemoteGrantPolicy p = new RemoteGrantPolicy(Objects.requireNonNull(client, "client"),
                Objects.requireNonNull(readerToken, "readerToken"), defaults.build());
        p.reload();
        return p;
    }

    @Override
    public AccessDecision decide(CallerIdentity caller, AgentName target, String action) {
        return policy.decide(caller, target, action);
    }

    /** Returns true: decisions come from the grants loaded last, never from the network. */
    @Override
    public boolean nonBlocking() {
        return true;
    }

    /** Returns how many times the grants were loaded successfully (tests and metrics). */
    public long loads() {
        return loads.get();
    }

    /** Returns how many grants are in force, as loaded last. */
    public int grantCount() {
        return policy.grants().size();
    }

    /** Reloads now, on the calling thread; returns whether it succeeded. */
    public boolean reload() {
        try {
            policy.replace(client.permissions().list(null, null, Grant.Status.ACTIVE, readerToken));
            loads.incrementAndGet();
            return true;
        } catch (RuntimeException e) {
            LOG.warn("cannot load the grants from the ANS ({}); the last ones stay in force", e.toString());
            return false;
        }
    }

    private void scheduleReload() {
        if (queued.compareAndSet(false, true) && !reloader.isShutdown()) {
            reloader.execute(() -> {
                queued.set(false);
                reload();
            });
        }
    }

    /** Stops following; idempotent. */
    @Override
    public void close() {
        subscription.close();
        reloader.shutdownNow();
        try {
            reloader.awaitTermination(Duration.ofSeconds(2).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
