package dev.acf.gateway.proxy;

import dev.acf.api.spi.ProviderConfig;

/**
 * How the proxy protects agents and itself when calls fail or pile up (GW-FWD-2, GW-HA-1), after
 * Envoy's circuit breakers and retry budgets.
 *
 * <p>Circuit breakers, per upstream endpoint: at most {@code maxPendingPerUpstream} calls waiting
 * for a connection, {@code maxRequestsPerUpstream} calls in progress and
 * {@code maxRetriesPerUpstream} retries in progress (connections are capped by
 * {@code GatewayLimits.maxConnectionsPerUpstream}). A call over a limit is not sent: it goes to
 * another endpoint of the agent or, when none is left, is answered 503 {@code circuit_open} at once.
 *
 * <p>Retry budget, per agent: a call may be tried again (on another endpoint) only while the
 * agent's retries in progress stay below {@code minRetryConcurrency} plus
 * {@code retryBudgetPercent} % of its calls in progress, and at most {@code maxAttempts} times in
 * all; so when every instance fails, retries add a fifth to the load instead of multiplying it.
 *
 * <pre>{@code
 * UpstreamPolicy policy = UpstreamPolicy.defaults().withMaxRequestsPerUpstream(200);
 * UpstreamPolicy fromConfig = UpstreamPolicy.from(ProviderConfig.of(Map.of(UpstreamPolicy.MAX_REQUESTS, "200")));
 * }</pre>
 *
 * @param maxAttempts the tries of one call, the first included, at least 1
 * @param maxPendingPerUpstream calls waiting for a connection to one endpoint
 * @param maxRequestsPerUpstream calls in progress to one endpoint
 * @param maxRetriesPerUpstream retries in progress to one endpoint
 * @param retryBudgetPercent the retries an agent may have in progress, as a percentage of its calls in progress
 * @param minRetryConcurrency the retries an agent may have in progress whatever its load
 */
public record UpstreamPolicy(int maxAttempts, int maxPendingPerUpstream, int maxRequestsPerUpstream, int maxRetriesPerUpstream,
        int retryBudgetPercent, int minRetryConcurrency) {
    /** The configuration key of {@code maxAttempts}. */
    public static final String MAX_ATTEMPTS = "upstream.maxAttempts";
    /** The configuration key of {@code maxPendingPerUpstream}. */
    public static final String MAX_PENDING = "upstream.maxPending";
    /** The configuration key of {@code maxRequestsPerUpstream}. */
    public static final String MAX_REQUESTS = "upstream.maxRequests";
    /** The configuration key of {@code maxRetriesPerUpstream}. */
    public static final String MAX_RETRIES = "upstream.maxRetries";
    /** The configuration key of {@code retryBudgetPercent}. */
    public static final String RETRY_BUDGET_PERCENT = "upstream.retryBudgetPercent";
    /** The configuration key of {@code minRetryConcurrency}. */
    public static final String MIN_RETRY_CONCURRENCY = "upstream.minRetryConcurrency";

    private static final UpstreamPolicy DEFAULTS = new UpstreamPolicy(3, 1024, 1024, 32, 20, 5);

    /** Validates the ranges. */
    public UpstreamPolicy {
        atLeast("maxAttempts", maxAttempts, 1);
        atLeast("maxPendingPerUpstream", maxPendingPerUpstream, 1);
        atLeast("maxRequestsPerUpstream", maxRequestsPerUpstream, 1);
        atLeast("maxRetriesPerUpstream", maxRetriesPerUpstream, 0);
        atLeast("retryBudgetPercent", retryBudgetPercent, 0);
        atLeast("minRetryConcurrency", minRetryConcurrency, 0);
    }

    /** Returns 3 attempts, 1024 pending, 1024 requests and 32 retries per endpoint, a 20 % retry budget with a floor of 5. */
    public static UpstreamPolicy defaults() {
        return DEFAULTS;
    }

    /** Returns the defaults overridden by the {@code upstream.*} keys that are set. */
    public static UpstreamPolicy from(ProviderConfig config) {
        UpstreamPolicy d = DEFAULTS;
        return new UpstreamPolicy(config.intValue(MAX_ATTEMPTS, d.maxAttempts), config.intValue(MAX_PENDING, d.maxPendingPerUpstream),
                config.intValue(MAX_REQUESTS, d.maxRequestsPerUpstream), config.intValue(MAX_RETRIES, d.maxRetriesPerUpstream),
                config.intValue(RETRY_BUDGET_PERCENT, d.retryBudgetPercent),
                config.intValue(MIN_RETRY_CONCURRENCY, d.minRetryConcurrency));
    }

    /** Returns a copy with this many calls in progress allowed per endpoint. */
    public UpstreamPolicy withMaxRequestsPerUpstream(int value) {
        return new UpstreamPolicy(maxAttempts, maxPendingPerUpstream, value, maxRetriesPerUpstream, retryBudgetPercent, minRetryConcurrency);
    }

    /** Returns a copy with this retry budget: a percentage of the calls in progress plus a floor. */
    public UpstreamPolicy withRetryBudget(int percent, int minConcurrency) {
        return new UpstreamPolicy(maxAttempts, maxPendingPerUpstream, maxRequestsPerUpstream, maxRetriesPerUpstream, percent, minConcurrency);
    }

    private static void atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", was " + value);
        }
    }
}
