package dev.acf.ans.resolve;

import dev.acf.ans.ca.Pem;
import dev.acf.ans.events.AgentEvents;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.agent.AgentStatus;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.UnavailableException;
import dev.acf.api.name.AgentName;
import dev.acf.api.registry.Change;
import dev.acf.api.registry.Cursor;
import dev.acf.api.registry.RegistryStore;
import dev.acf.api.registry.StoredAgent;
import dev.acf.api.resolve.ResolveQuery;
import dev.acf.api.resolve.ResolveResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link LuceneAgentIndex} derived from a {@link RegistryStore}, the source of truth:
 * on start it replays the store's change feed from the position recorded in the index's last
 * commit (or rebuilds the index from a scan when it is new, emptied by a model change, or ahead
 * of the store), then follows the ANS's {@link AgentEvents} and polls the feed for writes of
 * other ANS nodes sharing the store. Active and deprecated agents with a valid certificate are
 * indexed; every other status (revoked, suspended, expired, pending, rejected) is removed.
 *
 * <p><b>Read your writes.</b> {@link #search} first applies every change announced by an event
 * published before it was called, so an agent registered (or revoked) on this node is found (or
 * gone) in the very next search, and an agent whose certificate has expired is never returned.
 * The index and the feed position reach the disk together, every commit interval and on close.
 *
 * <p>Thread-safe. The initial replay runs on the follower's own thread; searches wait for it
 * (up to a bound, then {@code unavailable}) so the ANS starts at once even over a large store.
 *
 * <pre>{@code
 * try (IndexFollower follower = IndexFollower.start(index, store, events, Clock.systemUTC(), IndexFollower.Timing.defaults())) {
 *     List<ResolveResult> found = follower.search(ResolveQuery.of("unstable broadband at home", 5), SearchOptions.defaults());
 * }
 * }</pre>
 */
public final class IndexFollower implements AutoCloseable {
    /** The commit data key under which the index records the store's feed position it reflects. */
    public static final String CURSOR_KEY = "acf.registry.cursor";
    private static final Logger LOG = LoggerFactory.getLogger(IndexFollower.class);
    private static final int PAGE = 256;
    /** The changes one background pass applies: short passes let a search waiting for the lock in soon. */
    private static final int BACKGROUND_PAGE = 32;
    /** A background pass that saw new registrations meanwhile waits this many times its own duration. */
    private static final int YIELD_FACTOR = 3;
    /** Registrations arriving within this delay after an event are indexed together, in one batch. */
    private static final long COALESCE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    /**
     * How often the follower works.
     *
     * @param poll how often the store's feed is read without an event (writes of other nodes) and expired certificates swept
     * @param commit how often applied changes are committed to disk
     * @param readyWait how long a search waits for the initial replay before it fails as unavailable
     */
    public record Timing(Duration poll, Duration commit, Duration readyWait) {
        /** Requires positive durations. */
        public Timing {
            for (Duration d : List.of(poll, commit, readyWait)) {
                if (d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("follower durations must be positive, was " + d);
                }
            }
        }

        /** Returns the defaults: poll every second, commit every 10 s, wait up to 10 s. */
        public static Timing defaults() {
            return new Timing(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(10));
        }
    }

    private final LuceneAgentIndex index;
    private final RegistryStore store;
    private final AgentEvents events;
    private final Clock clock;
    private final Timing timing;
    private final ScheduledExecutorService worker;
    private final AutoCloseable subscription;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final Map<String, Instant> notAfter = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private volatile long syncedEvents = -1;
    private volatile Instant nextExpiry = Instant.MAX;
    private volatile boolean stopping;
    private Cursor cursor = Cursor.START; // guarded by lock
    private boolean dirty; // guarded by lock
    private long lastCommitNanos; // guarded by lock
    private volatile long resumeNanos = System.nanoTime(); // no background pass before then
    private boolean closed; // guarded by lock

    private IndexFollower(LuceneAgentIndex index, RegistryStore store, AgentEvents events, Clock clock, Timing timing) {
        this.index = Objects.requireNonNull(index, "index");
        this.store = Objects.requireNonNull(store, "store");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timing = Objects.requireNonNull(timing, "timing");
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "acf-ans-resolve-index");
            t.setDaemon(true);
            return t;
        });
        this.subscription = events.subscribe(event -> wake());
    }

    /**
     * Starts following: the initial replay begins on the follower's thread at once.
     *
     * @param index the index to keep current; not closed by the follower
     */
    public static IndexFollower start(LuceneAgentIndex index, RegistryStore store, AgentEvents events, Clock clock, Timing timing) {
        IndexFollower follower = new IndexFollower(index, store, events, clock, timing);
        follower.worker.execute(follower::tick);
        long poll = timing.poll().toMillis();
        follower.worker.scheduleWithFixedDelay(follower::tick, poll, poll, TimeUnit.MILLISECONDS);
        return follower;
    }

    /**
     * Searches the index once it reflects every change announced so far; see the class comment.
     *
     * @throws UnavailableException when the initial replay is not done in time or the store cannot be read
     */
    public List<ResolveResult> search(ResolveQuery query, SearchOptions options) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(options, "options");
        awaitReady();
        long announced = events.head();
        if (announced > syncedEvents) {
            catchUp(announced);
        }
        if (!clock.instant().isBefore(nextExpiry)) {
            synchronized (lock) {
                sweepExpired();
            }
        }
        return index.search(query, options);
    }

    /**
     * Searches this index and {@code other}'s as one, each caught up first: agents of both are
     * ranked on one scale ({@link LuceneAgentIndex#searchTogether}).
     */
    public List<ResolveResult> searchTogether(IndexFollower other, ResolveQuery query, SearchOptions options) {
        Objects.requireNonNull(other, "other");
        for (IndexFollower f : List.of(this, other)) {
            f.awaitReady();
            long announced = f.events.head();
            if (announced > f.syncedEvents) {
                f.catchUp(announced);
            }
        }
        return index.searchTogether(other.index, query, options);
    }

    /** Returns true once the initial replay is done. */
    public boolean isReady() {
        return ready.getCount() == 0;
    }

    /** Returns the position in the store's change feed that the index reflects. */
    public Cursor cursor() {
        synchronized (lock) {
            return cursor;
        }
    }

    /** Stops following and commits what was applied with its feed position; idempotent. Leaves the index open. */
    @Override
    public void close() {
        stopping = true;
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.debug("cannot unsubscribe the index follower", e);
        }
        worker.shutdown();
        try {
            if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("the resolve index follower did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (isReady() && dirty) {
                commit();
            }
        }
    }

    private void awaitReady() {
        if (isReady()) {
            return;
        }
        try {
            if (ready.await(timing.readyWait().toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new UnavailableException(ErrorCode.UNAVAILABLE,
                "the semantic resolution index is still being built from the registry (" + index.size() + " of about "
                        + store.count() + " agent versions so far); retry shortly");
    }

    /**
     * Schedules a background pass. Indexing is background work (embedding costs far more CPU
     * than a registration): it coalesces the changes of a few milliseconds into one batch and,
     * while registrations keep arriving, yields most of the time (see {@link #backgroundPass}).
     * Searches do not wait for it: they catch up themselves.
     */
    private void wake() {
        if (wakePending.compareAndSet(false, true) && !stopping) {
            long delay = Math.max(COALESCE_NANOS, resumeNanos - System.nanoTime());
            try {
                worker.schedule(() -> {
                    wakePending.set(false);
                    if (isReady()) {
                        guarded("catch up", this::backgroundPass);
                    }
                }, delay, TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                wakePending.set(false);
            }
        }
    }

    /**
     * Applies one short page of the feed. When registrations arrived during the pass, the next
     * one waits {@value #YIELD_FACTOR} times as long as this one took, so indexing takes at most
     * a quarter of one core from a registration storm, and all of it when the ANS is quiet.
     */
    private void backgroundPass() {
        if (System.nanoTime() < resumeNanos) {
            wake();
            return;
        }
        boolean done;
        synchronized (lock) {
            if (closed || stopping) {
                return;
            }
            long announced = events.head();
            long start = System.nanoTime();
            done = drain(1, BACKGROUND_PAGE);
            if (done && announced > syncedEvents) {
                syncedEvents = announced;
            }
            long end = System.nanoTime();
            resumeNanos = events.head() == announced ? end : end + (end - start) * YIELD_FACTOR;
        }
        if (!done) {
            wake();
        }
    }

    /** Applies the feed up to now; {@code announced} is the event head read before reading the store. */
    private void catchUp(long announced) {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the resolve index follower is closed");
            }
            if (announced <= syncedEvents) {
                return; // another search caught up meanwhile
            }
            drain(Integer.MAX_VALUE, PAGE);
            syncedEvents = announced;
        }
    }

    private void tick() {
        guarded("follow the registry", () -> {
            synchronized (lock) {
                if (closed || stopping) {
                    return;
                }
                if (!isReady()) {
                    long announced = events.head();
                    initialSync();
                    syncedEvents = announced;
                    commit();
                    ready.countDown();
                    LOG.debug("Resolve index ready: {} agent versions at feed position {}", index.size(), cursor);
                    return;
                }
                sweepExpired();
                if (dirty && System.nanoTime() - lastCommitNanos >= timing.commit().toNanos()) {
                    commit();
                }
            }
            // Writes of other ANS nodes sharing the store announce no local event: read the feed now and then.
            backgroundPass();
        });
    }

    private void initialSync() {
        String recorded = index.commitData().get(CURSOR_KEY);
        Cursor head = store.head();
        Cursor from = recorded == null ? null : Cursor.parse(recorded);
        if (from == null || from.compareTo(head) > 0) {
            // New, emptied by a model change, or ahead of the store (the store was replaced): rebuild.
            if (head.position() > 0) {
                LOG.info("Rebuilding the resolve index from the registry store (recorded position {}, store head {})", recorded, head);
            }
            rebuild(head);
        } else {
            cursor = from;
            notAfter.clear();
            // Expiry times are not stored in the index: read them from its records' certificates.
            index.records().forEach(this::rememberExpiry);
        }
        drain(Integer.MAX_VALUE, PAGE);
    }

    /** A rebuild of at least this many agents ends with a merge into one segment. */
    static final int MERGE_AFTER_REBUILD = 10_000;

    private void rebuild(Cursor head) {
        index.clear();
        notAfter.clear();
        nextExpiry = Instant.MAX;
        List<AgentRecord> batch = new ArrayList<>(PAGE);
        try (Stream<StoredAgent> all = store.scan()) {
            Iterator<StoredAgent> it = all.iterator();
            while (it.hasNext() && !stopping) {
                AgentRecord record = it.next().record();
                if (indexable(record)) {
                    batch.add(record);
                    if (batch.size() == PAGE) {
                        upsert(batch);
                        batch.clear();
                    }
                }
            }
        }
        upsert(batch);
        if (!stopping && index.size() >= MERGE_AFTER_REBUILD) {
            // A bulk load leaves many segments, each costing every search its own look-ups and graph search.
            long start = System.nanoTime();
            index.forceMerge();
            LOG.info("Merged the rebuilt resolve index of {} agents in {} ms", index.size(), (System.nanoTime() - start) / 1_000_000);
        }
        // Records written after the head was read come again from the feed: applying them twice is harmless.
        cursor = head;
        dirty = true;
    }

    /** Applies up to {@code pages} pages of the feed; returns true when it reached the feed's end. */
    private boolean drain(int pages, int pageSize) {
        for (int i = 0; i < pages && !stopping; i++) {
            List<Change> page = store.changesSince(cursor, pageSize);
            if (page.isEmpty()) {
                return true;
            }
            apply(page);
            cursor = page.getLast().cursor();
            dirty = true;
            if (page.size() < pageSize) {
                return true;
            }
        }
        return false;
    }

    private void apply(List<Change> page) {
        Map<String, AgentRecord> latest = new LinkedHashMap<>();
        for (Change change : page) {
            AgentRecord record = change.agent().record();
            latest.put(record.name().toString(), record);
        }
        List<AgentRecord> upserts = new ArrayList<>();
        List<AgentName> removals = new ArrayList<>();
        for (AgentRecord record : latest.values()) {
            if (indexable(record)) {
                upserts.add(record);
            } else {
                removals.add(record.name());
                notAfter.remove(record.name().toString());
            }
        }
        if (!removals.isEmpty()) {
            index.removeAll(removals);
        }
        upsert(upserts);
    }

    private void upsert(List<AgentRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        try {
            index.upsertAll(records);
        } catch (RuntimeException batchFailed) {
            // One bad record must not stall the feed: index the others, skip it loudly. When none
            // can be indexed the index itself is failing: the feed position stays, to retry.
            List<AgentRecord> failed = new ArrayList<>();
            for (AgentRecord record : records) {
                try {
                    index.upsert(record);
                } catch (RuntimeException e) {
                    failed.add(record);
                    LOG.error("cannot index {}: skipped until it changes", record.name(), e);
                }
            }
            if (failed.size() == records.size()) {
                throw batchFailed;
            }
        }
        records.forEach(this::rememberExpiry);
    }

    private boolean indexable(AgentRecord record) {
        AgentStatus status = record.status();
        if (status != AgentStatus.ACTIVE && status != AgentStatus.DEPRECATED) {
            return false;
        }
        Instant expiry = expiryOf(record);
        return expiry == null || clock.instant().isBefore(expiry);
    }

    private void rememberExpiry(AgentRecord record) {
        Instant expiry = expiryOf(record);
        if (expiry == null) {
            notAfter.remove(record.name().toString());
            return;
        }
        notAfter.put(record.name().toString(), expiry);
        if (expiry.isBefore(nextExpiry)) {
            nextExpiry = expiry;
        }
    }

    private void sweepExpired() {
        Instant now = clock.instant();
        List<AgentName> expired = new ArrayList<>();
        Instant next = Instant.MAX;
        for (Map.Entry<String, Instant> e : notAfter.entrySet()) {
            if (now.isBefore(e.getValue())) {
                next = e.getValue().isBefore(next) ? e.getValue() : next;
            } else {
                expired.add(AgentName.parse(e.getKey()));
            }
        }
        if (!expired.isEmpty()) {
            index.removeAll(expired);
            expired.forEach(n -> notAfter.remove(n.toString()));
            dirty = true;
        }
        nextExpiry = next;
    }

    private void commit() {
        index.commit(Map.of(CURSOR_KEY, cursor.toString()));
        dirty = false;
        lastCommitNanos = System.nanoTime();
    }

    private static @Nullable Instant expiryOf(AgentRecord record) {
        String pem = record.certificate();
        if (pem == null) {
            return null;
        }
        try {
            return Pem.parseCertificates(pem).get(0).getNotAfter().toInstant();
        } catch (RuntimeException e) {
            LOG.debug("certificate of {} is unreadable; indexed without expiry", record.name(), e);
            return null;
        }
    }

    private static void guarded(String what, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.warn("resolve index follower cannot {} now, will retry: {}", what, e.toString(), e);
        }
    }
}
