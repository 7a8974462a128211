package dev.acf.gateway.pipeline;

import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.core.util.RecyclerPool;

/**
 * Jackson's buffers for the gateway's streaming parsers: one per event loop (a platform thread
 * keeps its own, as Jackson does by default), and a shared pool for virtual threads (where the
 * per-thread default would allocate fresh buffers on every request). A shared pool alone costs
 * the event loops a queue node per parse. Thread-safe.
 */
public final class JsonBuffers implements RecyclerPool<BufferRecycler> {
    private static final long serialVersionUID = 1L;

    /** The pool to give a {@code JsonFactory} built for parsing on both kinds of threads. */
    public static final JsonBuffers POOL = new JsonBuffers();

    private final RecyclerPool<BufferRecycler> perThread = JsonRecyclerPools.threadLocalPool();
    private final RecyclerPool<BufferRecycler> shared = JsonRecyclerPools.sharedConcurrentDequePool();

    private JsonBuffers() {}

    @Override
    public BufferRecycler acquirePooled() {
        return Thread.currentThread().isVirtual() ? shared.acquirePooled() : perThread.acquirePooled();
    }

    @Override
    public BufferRecycler acquireAndLinkPooled() {
        // A platform thread's buffers stay with the thread (not linked: nothing to give back).
        return Thread.currentThread().isVirtual() ? shared.acquirePooled().withPool(this) : perThread.acquireAndLinkPooled();
    }

    @Override
    public void releasePooled(BufferRecycler pooled) {
        if (Thread.currentThread().isVirtual()) {
            shared.releasePooled(pooled);
        }
    }
}
