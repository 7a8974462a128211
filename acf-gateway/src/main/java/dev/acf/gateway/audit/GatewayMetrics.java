package dev.acf.gateway.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The gateway's meters on a Micrometer {@link MeterRegistry} (GW-AUD-1):
 * <ul>
 *   <li>{@value #REQUESTS}: counter of finished requests, tagged {@code status}, {@code method}
 *       (the A2A method, else the HTTP method) and {@code target} (the agent, version-less);</li>
 *   <li>{@value #LATENCY}: timer of the same, tagged {@code method} and {@code target}, with a
 *       percentile histogram and p50/p95/p99;</li>
 *   <li>{@value #INFLIGHT}: gauge of requests started and not finished;</li>
 *   <li>{@value #ERRORS}: counter of failures tagged {@code cause} (the error code, such as
 *       {@code upstream_timeout}, or {@code exception}).</li>
 * </ul>
 * Thread-safe and non-blocking (Micrometer meters are lock-free once registered).
 *
 * <pre>{@code
 * GatewayMetrics metrics = new GatewayMetrics(prometheusRegistry);
 * metrics.requestStarted();
 * metrics.requestFinished(200, "SendMessage", "ans://rca.ops.example.net", elapsedNanos);
 * }</pre>
 */
public final class GatewayMetrics {
    /** The request counter's name. */
    public static final String REQUESTS = "acf.gateway.requests";
    /** The latency timer's name. */
    public static final String LATENCY = "acf.gateway.latency";
    /** The in-flight gauge's name. */
    public static final String INFLIGHT = "acf.gateway.inflight";
    /** The error counter's name. */
    public static final String ERRORS = "acf.gateway.errors";

    /** Beyond this many tag combinations meters are looked up in the registry each time (its own dedup still applies). */
    private static final int MAX_CACHED = 4096;

    private final MeterRegistry registry;
    private final AtomicInteger inflight = new AtomicInteger();
    // Registering (builder, tag sorting, registry lookup) costs more than recording: meters are found once per tag set.
    private final ConcurrentHashMap<Call, Meters> calls = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> errors = new ConcurrentHashMap<>();

    /** The tags a request's meters share. */
    private record Call(String method, String target) {}

    /** The meters of one method and target: found with one lookup per request. */
    private final class Meters {
        final Call call;
        final Timer latency;
        /** Counters by status code (100-599), registered on first use. */
        final AtomicReferenceArray<Counter> byStatus = new AtomicReferenceArray<>(600);

        Meters(Call call) {
            this.call = call;
            this.latency = latencyTimer(call);
        }

        Counter counter(int status) {
            if (status < 0 || status >= 600) {
                return requestCounter(status, call);
            }
            Counter c = byStatus.get(status);
            if (c == null) {
                // Registering twice yields the same meter: a race only costs a lookup in the registry.
                c = requestCounter(status, call);
                byStatus.set(status, c);
            }
            return c;
        }
    }

    /** Records into a fresh {@link SimpleMeterRegistry}. */
    public GatewayMetrics() {
        this(new SimpleMeterRegistry());
    }

    /** Records into this registry (Prometheus, OTLP...). */
    public GatewayMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        Gauge.builder(INFLIGHT, inflight, AtomicInteger::get)
                .description("requests the gateway is handling")
                .register(registry);
    }

    /** Returns the registry the meters live in. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Counts a request as in flight. */
    public void requestStarted() {
        inflight.incrementAndGet();
    }

    /** Ends an in-flight request and records its status and latency. */
    public void requestFinished(int status, String method, String target, long latencyNanos) {
        inflight.decrementAndGet();
        Meters meters = cached(calls, new Call(method, target), Meters::new);
        meters.counter(status).increment();
        meters.latency.record(Math.max(0, latencyNanos), TimeUnit.NANOSECONDS);
    }

    private static <K, M> M cached(ConcurrentHashMap<K, M> cache, K key, java.util.function.Function<K, M> register) {
        M meter = cache.get(key);
        if (meter != null) {
            return meter;
        }
        // Tags come from requests: an unbounded cache would grow with them; the registry keeps its own map either way.
        return cache.size() < MAX_CACHED ? cache.computeIfAbsent(key, register) : register.apply(key);
    }

    private Counter requestCounter(int status, Call f) {
        return Counter.builder(REQUESTS)
                .description("requests handled by the gateway")
                .tag("status", Integer.toString(status))
                .tag("method", f.method())
                .tag("target", f.target())
                .register(registry);
    }

    private Timer latencyTimer(Call f) {
        return Timer.builder(LATENCY)
                .description("time from receiving a request to its response")
                .tag("method", f.method())
                .tag("target", f.target())
                .publishPercentileHistogram()
                .publishPercentiles(0.5, 0.95, 0.99)
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry);
    }

    /** Counts one failure by its cause. */
    public void error(String cause) {
        cached(errors, cause, c -> Counter.builder(ERRORS)
                .description("failed requests by cause")
                .tag("cause", c)
                .register(registry)).increment();
    }

    /**
     * Counts a request the transport refused before the filters (tags {@code method} and
     * {@code target} are {@code none}: nothing of the request is trusted) and its error by cause;
     * a connection closed without an answer (status 0) counts as an error only.
     */
    public void refused(int status, String cause) {
        if (status > 0) {
            Counter.builder(REQUESTS)
                    .description("requests handled by the gateway")
                    .tag("status", Integer.toString(status))
                    .tag("method", "none")
                    .tag("target", "none")
                    .register(registry)
                    .increment();
        }
        error(cause);
    }

    /** Returns the number of requests in flight. */
    public int inflight() {
        return inflight.get();
    }
}
