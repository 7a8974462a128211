package dev.acf.api.audit;

/**
 * Where audit events go (GW-AUD-1): the embedded default appends JSON lines to a rotating
 * file; others may ship them to a log pipeline or to ANS's interaction graph.
 *
 * <p>{@link #accept} is called from request threads, including event loops: it must not
 * block (queue and write on another thread) and must not throw; a sink that fails logs and
 * drops, it never breaks a request. Thread-safe.
 */
public interface AuditSink extends AutoCloseable {

    /** Records one event; never blocks, never throws. */
    void accept(AuditEvent event);

    /** Flushes what is queued and releases resources; idempotent. */
    @Override
    default void close() {}
}
