package dev.acf.ans.sync;

import dev.acf.api.error.AcfException;
import dev.acf.api.error.ConfigurationException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.TrustException;
import dev.acf.api.name.Domain;
import dev.acf.api.sync.PeerSyncTransport;
import dev.acf.api.sync.SyncPage;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this ANS's copy of one peer domain's records current (ANS-SYNC-2): bootstraps from the
 * peer's snapshot page by page, then follows its change notifications (and polls at the
 * federation's interval in case a notification is lost). Every change is verified against the key
 * pinned for its origin ({@link SignedChange#verify}); one that fails is counted in
 * {@link Status#rejected()}, logged and skipped, the rest of its page imported. A page's records are
 * durable in the {@link ForeignRegistry} before its cursor is written (to
 * {@code <data>/peers/<domain>.cursor}, atomically), so a restart continues after the last page
 * imported and re-reads at most that one page.
 *
 * <p>Thread-safe; one thread per importer does the work. Failures (peer down, DNS, a refused
 * token) are retried with backoff and reported in {@link Status#lastError()}.
 */
public final class PeerImporter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerImporter.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /**
     * What an importer has done since it started.
     *
     * @param peer the peer domain
     * @param cursor the cursor of the last page imported, or {@code null} before the first
     * @param pagesFetched pages read from the peer since start
     * @param imported changes that changed a record here
     * @param rejected changes refused (signature, origin or record checks)
     * @param caughtUp whether the last read reached the peer feed's end
     * @param lastError the last failure, or {@code null} when the last read succeeded
     */
    public record Status(Domain peer, @Nullable String cursor, long pagesFetched, long imported, long rejected, boolean caughtUp,
            @Nullable String lastError) {}

    private final Peer peer;
    private final ForeignRegistry foreign;
    private final PeerTrust trust;
    private final ChangeVerifier verifier;
    private final PeerSyncTransport transport;
    private final Set<Domain> direct;
    private final Path cursorFile;
    private final Duration poll;
    private final int pageSize;
    private final Semaphore wake = new Semaphore(0);
    private final AtomicLong pages = new AtomicLong();
    private final AtomicLong imported = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final Thread thread;
    private volatile @Nullable String cursor;
    private volatile boolean caughtUp;
    private volatile @Nullable String lastError;
    private volatile boolean closed;
    private volatile @Nullable AutoCloseable watch; // set by the importer thread

    PeerImporter(Peer peer, ForeignRegistry foreign, PeerTrust trust, PeerSyncTransport transport, Path stateDirectory, Duration poll,
            int pageSize, Set<Domain> direct) {
        if (!peer.imports()) {
            throw new ConfigurationException("peer " + peer.domain() + " is not configured to import from");
        }
        this.peer = peer;
        this.foreign = Objects.requireNonNull(foreign, "foreign");
        this.trust = Objects.requireNonNull(trust, "trust");
        this.verifier = new ChangeVerifier(trust::keys);
        this.transport = Objects.requireNonNull(transport, "transport");
        this.direct = Set.copyOf(direct);
        this.cursorFile = stateDirectory.resolve(peer.domain().name() + ".cursor");
        this.poll = poll;
        this.pageSize = pageSize;
        // Relaying just turned on: read the snapshot again, so the records held get their origin-signed forms kept.
        this.cursor = foreign.needsProofs() ? null : readCursor(cursorFile);
        this.thread = Thread.ofPlatform().daemon().name("acf-peer-import-" + peer.domain()).unstarted(this::run);
    }

    /** Starts importing on the importer's own thread; returns this importer. */
    PeerImporter start() {
        thread.start();
        return this;
    }

    /** Returns the peer domain this importer follows. */
    public Domain peer() {
        return peer.domain();
    }

    /** Returns what the importer has done so far. */
    public Status status() {
        return new Status(peer.domain(), cursor, pages.get(), imported.get(), rejected.get(), caughtUp, lastError);
    }

    /** Asks for a read of the peer's feed now, as a notification does; returns at once. */
    public void syncNow() {
        if (wake.availablePermits() == 0) {
            wake.release();
        }
    }

    private void run() {
        Duration backoff = Duration.ofMillis(250);
        while (!closed) {
            Duration wait = poll;
            try {
                URI ans = trust.ans(peer);
                if (watch == null) {
                    watch = transport.watch(ans, this::syncNow);
                }
                drain(ans);
                lastError = null;
                backoff = Duration.ofMillis(250);
            } catch (AcfException | java.io.UncheckedIOException e) {
                if (closed) {
                    return;
                }
                caughtUp = false;
                lastError = e.getMessage();
                LOG.warn("import from peer {} failed, retrying in {} ms: {}", peer.domain(), backoff.toMillis(), e.getMessage());
                wait = backoff;
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            } catch (RuntimeException e) {
                lastError = e.toString();
                LOG.error("import from peer {} failed unexpectedly", peer.domain(), e);
                wait = MAX_BACKOFF;
            }
            try {
                if (wake.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void drain(URI ans) {
        SyncPage page = transport.fetch(ans, cursor, pageSize);
        while (!closed) {
            pages.incrementAndGet();
            // The next page is read while this one is verified and stored.
            CompletableFuture<SyncPage> next = page.hasMore()
                    ? CompletableFuture.supplyAsync(fetcher(ans, page.cursor()), r -> Thread.ofVirtual().start(r)) : null;
            // Verified in parallel, kept in feed order: the changes of one record must apply in order.
            List<ChangeVerifier.Verified> verified = verifyAll(page.changes()).stream().filter(v -> mayApply(v.change())).toList();
            imported.addAndGet(foreign.applyVerified(verified));
            writeCursor(page.cursor());
            cursor = page.cursor();
            caughtUp = next == null;
            if (next == null) {
                return;
            }
            try {
                page = next.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
    }

    private java.util.function.Supplier<SyncPage> fetcher(URI ans, String after) {
        return () -> transport.fetch(ans, after, pageSize);
    }

    /** Verifies a page's changes, whole batches at once and the others in parallel, keeping their order. */
    private List<ChangeVerifier.Verified> verifyAll(List<String> changes) {
        List<ChangeVerifier.Verified> out = new ArrayList<>();
        List<String> singles = new ArrayList<>();
        for (String change : changes) {
            if (ChangeVerifier.isWhole(change)) {
                singles.parallelStream().map(this::verify).filter(Objects::nonNull).forEachOrdered(out::add);
                singles.clear();
                out.addAll(verifyWhole(change));
            } else {
                singles.add(change);
            }
        }
        singles.parallelStream().map(this::verify).filter(Objects::nonNull).forEachOrdered(out::add);
        return out;
    }

    private List<ChangeVerifier.Verified> verifyWhole(String batch) {
        Consumer<TrustException> refuse = e -> {
            rejected.incrementAndGet();
            LOG.warn("refused a change from peer {}: {}", peer.domain(), e.getMessage());
        };
        boolean proofs = foreign.keepsProofs();
        try {
            try {
                return verifier.verifyWhole(batch, proofs, refuse);
            } catch (TrustException first) {
                if (trust.refresh(peer.domain())) {
                    return verifier.verifyWhole(batch, proofs, refuse);
                }
                throw first;
            }
        } catch (TrustException e) {
            rejected.addAndGet(ChangeVerifier.size(batch));
            LOG.warn("refused a batch of {} changes from peer {}: {}", ChangeVerifier.size(batch), peer.domain(), e.getMessage());
            return List.of();
        }
    }

    private ChangeVerifier.@Nullable Verified verify(String jws) {
        try {
            try {
                return verifier.verifyKeepingRecord(jws);
            } catch (TrustException first) {
                // A key not pinned yet may be the peer's rotated key: look DNS up again (rate limited) and retry once.
                if (trust.refresh(peer.domain())) {
                    return verifier.verifyKeepingRecord(jws);
                }
                throw first;
            }
        } catch (TrustException e) {
            rejected.incrementAndGet();
            LOG.warn("refused a change from peer {}: {}", peer.domain(), e.getMessage());
            return null;
        }
    }

    /**
     * A withdrawal counts only when the peer we read signed it, and only for its own records or records
     * it relayed whose origin we do not import directly (that origin's own feed decides about those).
     */
    private boolean mayApply(SignedChange change) {
        if (change.kind() != SignedChange.Kind.WITHDRAW) {
            return true;
        }
        if (!change.origin().equals(peer.domain())) {
            rejected.incrementAndGet();
            LOG.warn("refused a withdrawal of {} signed by {} in the feed of {}", change.name(), change.origin(), peer.domain());
            return false;
        }
        return peer.domain().contains(change.name()) || direct.stream().noneMatch(d -> d.contains(change.name()));
    }

    private static @Nullable String readCursor(Path file) {
        try {
            if (!Files.exists(file)) {
                return null;
            }
            String text = Files.readString(file, StandardCharsets.UTF_8).trim();
            return text.isEmpty() ? null : text;
        } catch (IOException e) {
            throw new ConfigurationException(ErrorCode.CONFIGURATION, "cannot read the sync cursor " + file + ": " + e.getMessage(), e);
        }
    }

    private void writeCursor(String value) {
        Path tmp = cursorFile.resolveSibling(cursorFile.getFileName() + ".tmp");
        try {
            Files.createDirectories(cursorFile.getParent());
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(java.nio.ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            try {
                Files.move(tmp, cursorFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, cursorFile, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write the sync cursor " + cursorFile, e);
        }
    }

    /** Stops importing and closes the notification stream and transport; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        thread.interrupt();
        transport.close(); // unblocks a read in flight
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        AutoCloseable w = watch;
        if (w != null) {
            try {
                w.close();
            } catch (Exception e) {
                LOG.debug("closing the sync watch of {}", peer.domain(), e);
            }
        }
    }
}
