package dev.acf.gateway.proxy;

import dev.acf.api.error.ErrorCode;
import dev.acf.api.name.AgentName;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The circuit breakers per endpoint and retry budgets per agent of an {@link UpstreamPolicy}, with
 * their counters. Lock-free: each limit is an atomic counter incremented first and given back
 * when over, so a burst can never pass a limit. Thread-safe.
 */
final class UpstreamGuards {
    /** The error code of a call refused because a circuit breaker is open. */
    static final ErrorCode CIRCUIT_OPEN = ErrorCode.of("circuit_open", 503);
    /** Entries kept before idle breakers and budgets are dropped. */
    private static final int MAX_ENTRIES = 10_000;

    private final UpstreamPolicy policy;
    private final ConcurrentHashMap<URI, Breaker> breakers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<AgentName, Budget> budgets = new ConcurrentHashMap<>();
    private final LongAdder retries = new LongAdder();
    private final LongAdder budgetDenied = new LongAdder();
    private final LongAdder openRequests = new LongAdder();
    private final LongAdder openPending = new LongAdder();
    private final LongAdder openRetries = new LongAdder();

    UpstreamGuards(UpstreamPolicy policy) {
        this.policy = policy;
    }

    UpstreamPolicy policy() {
        return policy;
    }

    /** One endpoint's calls, pending calls and retries in progress. */
    final class Breaker {
        private final AtomicInteger requests = new AtomicInteger();
        private final AtomicInteger pending = new AtomicInteger();
        private final AtomicInteger retrying = new AtomicInteger();

        /** Admits a call (a retry when {@code retry}); returns null, or the name of the limit that is reached. */
        @Nullable String enter(boolean retry) {
            if (requests.incrementAndGet() > policy.maxRequestsPerUpstream()) {
                requests.decrementAndGet();
                openRequests.increment();
                return "calls in progress";
            }
            if (retry && retrying.incrementAndGet() > policy.maxRetriesPerUpstream()) {
                retrying.decrementAndGet();
                requests.decrementAndGet();
                openRetries.increment();
                return "retries in progress";
            }
            return null;
        }

        /** Ends a call {@link #enter} admitted. */
        void exit(boolean retry) {
            requests.decrementAndGet();
            if (retry) {
                retrying.decrementAndGet();
            }
        }

        /** Admits a wait for a connection; false when too many wait already. */
        boolean startWaiting() {
            if (pending.incrementAndGet() > policy.maxPendingPerUpstream()) {
                pending.decrementAndGet();
                openPending.increment();
                return false;
            }
            return true;
        }

        void stopWaiting() {
            pending.decrementAndGet();
        }

        boolean idle() {
            return requests.get() == 0 && pending.get() == 0;
        }
    }

    /** One agent's calls and retries in progress. */
    final class Budget {
        private final AtomicInteger active = new AtomicInteger();
        private final AtomicInteger retrying = new AtomicInteger();

        void start() {
            active.incrementAndGet();
        }

        void end() {
            active.decrementAndGet();
        }

        /** Takes a retry slot when the budget allows one; give it back with {@link #retryEnded}. */
        boolean tryRetry() {
            long allowed = policy.minRetryConcurrency() + (long) active.get() * policy.retryBudgetPercent() / 100;
            if (retrying.incrementAndGet() > allowed) {
                retrying.decrementAndGet();
                budgetDenied.increment();
                return false;
            }
            retries.increment();
            return true;
        }

        void retryEnded() {
            retrying.decrementAndGet();
        }

        boolean idle() {
            return active.get() == 0;
        }
    }

    Breaker breaker(URI endpoint) {
        Breaker b = breakers.get(endpoint);
        if (b == null) {
            if (breakers.size() >= MAX_ENTRIES) {
                breakers.values().removeIf(Breaker::idle);
            }
            b = breakers.computeIfAbsent(endpoint, k -> new Breaker());
        }
        return b;
    }

    Budget budget(AgentName agent) {
        Budget b = budgets.get(agent);
        if (b == null) {
            if (budgets.size() >= MAX_ENTRIES) {
                budgets.values().removeIf(Budget::idle);
            }
            b = budgets.computeIfAbsent(agent, k -> new Budget());
        }
        return b;
    }

    long retries() {
        return retries.sum();
    }

    long budgetDenied() {
        return budgetDenied.sum();
    }

    long breakerOpenings() {
        return openRequests.sum() + openPending.sum() + openRetries.sum();
    }

    void bindTo(MeterRegistry registry) {
        FunctionCounter.builder(AgentProxy.RETRIES, retries, LongAdder::sum)
                .description("calls tried again on another agent instance").register(registry);
        FunctionCounter.builder(AgentProxy.RETRIES_DENIED, budgetDenied, LongAdder::sum)
                .description("retries not made because the agent's retry budget was spent").register(registry);
        FunctionCounter.builder(AgentProxy.BREAKER_OPEN, openRequests, LongAdder::sum).tag("limit", "requests")
                .description("calls refused by an open circuit breaker").register(registry);
        FunctionCounter.builder(AgentProxy.BREAKER_OPEN, openPending, LongAdder::sum).tag("limit", "pending")
                .description("calls refused by an open circuit breaker").register(registry);
        FunctionCounter.builder(AgentProxy.BREAKER_OPEN, openRetries, LongAdder::sum).tag("limit", "retries")
                .description("calls refused by an open circuit breaker").register(registry);
    }
}
