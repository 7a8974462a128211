package dev.acf.gateway.qos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.gateway.AsyncGatewayFilter;
import dev.acf.api.gateway.Exchange;
import dev.acf.api.gateway.QosClass;
import dev.acf.api.gateway.QosPolicy;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.AgentName;
import dev.acf.gateway.ExchangeAttributes;
import dev.acf.gateway.pipeline.ErrorResponses;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in admission control of stage {@code QOS} (GW-FWD-1), in the spirit of Jetty's
 * {@code QoSHandler} and Envoy's overload manager. Per request:
 * <ol>
 *   <li>the {@link QosPolicy} assigns a class;</li>
 *   <li>the caller's and the target's token buckets each give a token, else 429
 *       {@code rate_limited} with {@code Retry-After} (seconds until a token refills);</li>
 *   <li>overload: a class is admitted only while the gateway's occupancy (running and queued
 *       requests of all classes) is below its {@link ClassLimits#shedAt} share, so BULK is shed
 *       first, then STANDARD; CRITICAL only meets its own limits;</li>
 *   <li>the class's permits: a free one admits at once; else the request waits in the class's
 *       bounded queue (parked on a virtual thread, never an event loop, resumed when a permit frees) up to
 *       {@link ClassLimits#maxQueueWait}; a full queue, an over-long wait, or a standing queue whose
 *       last wait exceeded {@link ClassLimits#targetQueueDelay} are answered 503 {@code unavailable}
 *       with {@code Retry-After}.</li>
 * </ol>
 * A permit is held while the rest of the chain runs, that is until the agent's response is in
 * (an aggregated body) or its head is (a stream), and released exactly once in a
 * {@code finally}, whatever ends the call. Open streams therefore count while being set up,
 * not for their whole life: they are bounded by the connection and stream limits instead.
 *
 * <p>Refusals carry the API-4 error body (the JSON-RPC-aware one for A2A calls), the headers
 * {@code Retry-After}, {@code acf-qos-class} and {@code acf-qos-reason}, are counted on
 * {@value #REJECTED} (tags {@code class}, {@code reason}) and audited like every early answer.
 * Gauges {@value #INFLIGHT} and {@value #QUEUED} (tag {@code class}) show each class's load.
 *
 * <p>Thread-safe. The uncontended path costs a few atomic operations: no lock, no allocation
 * beyond what the policy does; rate limits add one map lookup and one CAS each.
 */
public final class QosFilter implements AsyncGatewayFilter {
    /** The counter of refused requests, tagged {@code class} and {@code reason}. */
    public static final String REJECTED = "acf.gateway.qos.rejected";
    /** The gauge of requests of a class past the QoS stage, tagged {@code class}. */
    public static final String INFLIGHT = "acf.gateway.qos.inflight";
    /** The gauge of requests of a class waiting for a permit, tagged {@code class}. */
    public static final String QUEUED = "acf.gateway.qos.queued";
    /** The response header naming the class of a refused request. */
    public static final String CLASS_HEADER = "acf-qos-class";
    /** The response header naming why a request was refused, as the {@code reason} tag. */
    public static final String REASON_HEADER = "acf-qos-reason";

    private static final Logger LOG = LoggerFactory.getLogger(QosFilter.class);
    /** Where requests wait for a permit. */
    private static final Executor WAITERS = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("acf-qos-wait-", 0).factory());
    /** JSON-RPC 2.0's implementation-defined server error, outside A2A's own -32001..-32099. */
    private static final int RPC_SERVER_ERROR = -32000;
    private static final String[] REASONS = {"caller_rate", "target_rate", "overload", "queue_full", "queue_timeout", "queue_delay",
            "interrupted"};

    private final QosPolicy policy;
    private final ClassGate[] gates;
    private final int[] admitBelow;
    private final AtomicInteger occupied = new AtomicInteger();
    private final @Nullable TokenBuckets callers;
    private final @Nullable TokenBuckets targets;
    private final long retryAfterSeconds;
    private final Counter[][] rejected;

    /**
     * Creates the filter.
     *
     * @param capacity the overload capacity when {@link QosSettings#capacity()} is 0, normally the gateway's {@code maxInFlight}
     * @param registry where the counters and gauges go
     */
    public QosFilter(QosSettings settings, QosPolicy policy, MeterRegistry registry, int capacity) {
        this.policy = Objects.requireNonNull(policy, "policy");
        int cap = settings.capacity() > 0 ? settings.capacity() : capacity;
        if (cap < 1) {
            throw new IllegalArgumentException("capacity must be positive, was " + cap);
        }
        QosClass[] classes = QosClass.values();
        gates = new ClassGate[classes.length];
        admitBelow = new int[classes.length];
        rejected = new Counter[classes.length][REASONS.length];
        for (QosClass c : classes) {
            ClassLimits limits = settings.limits(c);
            ClassGate gate = new ClassGate(limits);
            gates[c.ordinal()] = gate;
            admitBelow[c.ordinal()] = limits.shedAt() >= 1.0 ? Integer.MAX_VALUE : (int) Math.max(1, Math.floor(cap * limits.shedAt()));
            String tag = tag(c);
            Gauge.builder(INFLIGHT, gate, ClassGate::inFlight).description("requests of a QoS class past admission")
                    .tag("class", tag).register(registry);
            Gauge.builder(QUEUED, gate, ClassGate::queued).description("requests of a QoS class waiting for admission")
                    .tag("class", tag).register(registry);
            for (int r = 0; r < REASONS.length; r++) {
                rejected[c.ordinal()][r] = Counter.builder(REJECTED).description("requests refused by QoS admission")
                        .tag("class", tag).tag("reason", REASONS[r]).register(registry);
            }
        }
        LongSupplier nanos = ticker(settings.clock());
        callers = settings.callerRate() == null ? null : new TokenBuckets(settings.callerRate(), settings.maxBuckets(), nanos);
        targets = settings.targetRate() == null ? null : new TokenBuckets(settings.targetRate(), settings.maxBuckets(), nanos);
        retryAfterSeconds = Math.max(0, (settings.retryAfter().toMillis() + 999) / 1000);
    }

    @Override
    public CompletionStage<Exchange.Response> filterAsync(Exchange exchange, AsyncChain chain) {
        QosClass c = Objects.requireNonNull(policy.classify(exchange), "the QoS policy returned no class");
        TokenBuckets byCaller = callers;
        if (byCaller != null) {
            long wait = byCaller.take(exchange.caller().subject());
            if (wait > 0) {
                return CompletableFuture.completedFuture(refuse(exchange, c, 0, ErrorCode.RATE_LIMITED,
                        "caller " + exchange.caller().subject() + " is over its rate limit", seconds(wait)));
            }
        }
        TokenBuckets byTarget = targets;
        if (byTarget != null) {
            AgentName target = exchange.attribute(ExchangeAttributes.TARGET, AgentName.class).orElse(null);
            long wait = target == null ? 0 : byTarget.take(target.fqdn());
            if (wait > 0) {
                return CompletableFuture.completedFuture(refuse(exchange, c, 1, ErrorCode.RATE_LIMITED,
                        "agent " + target.withoutVersion() + " is over its rate limit", seconds(wait)));
            }
        }
        int i = c.ordinal();
        if (occupied.incrementAndGet() > admitBelow[i]) {
            occupied.decrementAndGet();
            return CompletableFuture.completedFuture(refuse(exchange, c, 2, ErrorCode.UNAVAILABLE,
                    "the gateway is overloaded: " + tag(c) + " requests are shed; retry later", retryAfterSeconds));
        }
        ClassGate gate = gates[i];
        if (gate.tryAcquire()) {
            return admitted(exchange, chain, gate);
        }
        // Waiting never blocks an event loop: the wait parks a virtual thread, and the chain goes on from there.
        return CompletableFuture.supplyAsync(gate::acquireQueued, WAITERS).thenCompose(refusal -> {
            if (refusal != null) {
                occupied.decrementAndGet();
                return CompletableFuture.completedFuture(refuse(exchange, c, 3 + refusal.ordinal(), ErrorCode.UNAVAILABLE,
                        "too many " + tag(c) + " requests waiting (" + refusal.tag + "); retry later", retryAfterSeconds));
            }
            return admitted(exchange, chain, gate);
        });
    }

    /** Runs the rest of the chain with the permit, released exactly once when its answer (or failure) is in. */
    private CompletionStage<Exchange.Response> admitted(Exchange exchange, AsyncChain chain, ClassGate gate) {
        CompletionStage<Exchange.Response> answer;
        try {
            answer = chain.proceed(exchange);
        } catch (RuntimeException | Error e) {
            gate.release();
            occupied.decrementAndGet();
            throw e;
        }
        return answer.whenComplete((response, failure) -> {
            gate.release();
            occupied.decrementAndGet();
        });
    }

    /** Returns the requests of a class past admission now. */
    public int inFlight(QosClass qosClass) {
        return gates[qosClass.ordinal()].inFlight();
    }

    /** Returns the requests of a class waiting for admission now. */
    public int queued(QosClass qosClass) {
        return gates[qosClass.ordinal()].queued();
    }

    private Exchange.Response refuse(Exchange exchange, QosClass c, int reason, ErrorCode code, String message, long retryAfter) {
        rejected[c.ordinal()][reason].increment();
        LOG.debug("request {} refused: {} {} ({})", exchange.requestId(), tag(c), REASONS[reason], message);
        Exchange.Response response = exchange.attribute(ExchangeAttributes.A2A_METHOD, String.class).isPresent()
                ? ErrorResponses.jsonRpc(code, RPC_SERVER_ERROR, message, jsonRpcId(exchange), exchange.requestId())
                : ErrorResponses.of(code, message, exchange.requestId());
        return response.withHeader("retry-after", Long.toString(retryAfter))
                .withHeader(CLASS_HEADER, tag(c))
                .withHeader(REASON_HEADER, REASONS[reason]);
    }

    private static @Nullable JsonNode jsonRpcId(Exchange exchange) {
        try {
            JsonNode root = AcfJson.readTree(exchange.request().body().bytes());
            return root == null ? null : root.get("id");
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static long seconds(long nanos) {
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }

    private static String tag(QosClass c) {
        return c.name().toLowerCase(Locale.ROOT);
    }

    private static LongSupplier ticker(@Nullable Clock clock) {
        if (clock == null) {
            return System::nanoTime;
        }
        return () -> {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        };
    }
}
