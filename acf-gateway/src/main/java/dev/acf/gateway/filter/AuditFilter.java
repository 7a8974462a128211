package dev.acf.gateway.filter;

import dev.acf.api.audit.AuditEvent;
import dev.acf.api.audit.AuditSink;
import dev.acf.api.verify.ProbeIdentity;
import dev.acf.api.gateway.AsyncFilterChain;
import dev.acf.api.gateway.Body;
import dev.acf.api.gateway.Exchange;
import dev.acf.api.gateway.HttpHeaders;
import dev.acf.gateway.ExchangeAttributes;
import dev.acf.gateway.audit.TraceContext;
import dev.acf.gateway.pipeline.AnswerStep;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits one {@link AuditEvent} of type {@value #TYPE} per exchange to an {@link AuditSink}
 * (GW-AUD-1): source (the caller's subject), destination (the agent, from
 * {@link ExchangeAttributes#TARGET} or the {@code /agents/{name}} path), time, A2A method and
 * task/context ids (attributes, else the JSON-RPC request and result), status, outcome
 * ({@code ok} or the error code), latency (from {@link ExchangeAttributes#START_NANOS} when
 * set), bytes in and out (body length, else {@code content-length}), the trace id when
 * {@link TracingFilter} ran before, and the payloads only for exchanges the payload predicate
 * accepts (none by default), cut at the payload limit. A QoS refusal adds {@code qosClass}
 * and {@code qosReason}; a redacted answer adds {@code redactions} (rule ids and counts, from the
 * {@code acf-redacted} header of {@link dev.acf.gateway.redact.RedactionFilter}), a refusal by
 * classification its rule as {@code deniedBy}. A call forwarded by another gateway adds {@code forwardedBy}
 * and {@code via} ({@link ExchangeAttributes#FORWARDED_BY}, {@link ExchangeAttributes#VIA}); a call this gateway
 * forwards to another adds {@code nextHop} ({@link ExchangeAttributes#NEXT_HOP}). A call by ANS's
 * capability-verification probe ({@link ProbeIdentity}) adds {@code probe=true}, and {@code dryRun=true} for a dry run.
 *
 * <p>An exchange that fails with an exception is audited as 500 {@code internal} and the
 * exception passes on. A sink that throws is logged and never breaks the request. Stage
 * {@code OBSERVABILITY}, after tracing. Thread-safe; non-blocking as long as the sink is (the
 * built-in JSON-lines sink queues to its writer thread).
 *
 * <pre>{@code
 * GatewayFilter audit = AuditFilter.builder(sink).payload(ex -> ex.caller().roles().contains("debug")).build();
 * }</pre>
 */
public final class AuditFilter implements AnswerStep {
    /** The type of the events this filter emits. */
    public static final String TYPE = "a2a.call";

    private static final Logger LOG = LoggerFactory.getLogger(AuditFilter.class);

    private final AuditSink sink;
    private final Predicate<Exchange> payload;
    private final int payloadLimit;
    private final Clock clock;

    private AuditFilter(Builder b) {
        this.sink = b.sink;
        this.payload = b.payload;
        this.payloadLimit = b.payloadLimit;
        this.clock = b.clock;
    }

    /** Returns a builder emitting to this sink. */
    public static Builder builder(AuditSink sink) {
        return new Builder(sink);
    }

    @Override
    public CompletionStage<Exchange.Response> filterAsync(Exchange exchange, AsyncChain chain) {
        return AnswerStep.run(begin(exchange), chain);
    }

    @Override
    public Begun begin(Exchange exchange) {
        long now = System.nanoTime();
        Long startAttribute = exchange.attribute(ExchangeAttributes.START_NANOS, Long.class).orElse(null);
        long start = startAttribute != null ? startAttribute : now;
        Instant time = clock.instant().minusNanos(now - start);
        A2aFacts facts = A2aFacts.of(exchange);
        Exchange passed = facts.attach(exchange);
        return Begun.proceed(passed, new Finish() {
            @Override
            public Exchange.Response answered(Exchange.Response response) {
                audit(passed, facts, time, start, response);
                return response;
            }

            @Override
            public void failed(Throwable failure) {
                Throwable e = AsyncFilterChain.unwrap(failure);
                emit(event(passed, facts, time, start).status(500).outcome("internal")
                        .attribute("exception", e.getClass().getSimpleName()).build());
            }
        });
    }

    private void audit(Exchange passed, A2aFacts facts, Instant time, long start, Exchange.Response response) {
        // Scanned once, for the ids a new task's answer names and for an error code (a JSON-RPC one is sent with status 200).
        AnswerScan answer = AnswerScan.of(response);
        AuditEvent.Builder event = event(passed, facts.withResponse(answer), time, start)
                .status(response.status())
                .outcome(A2aFacts.outcome(response, answer.errorCode()))
                .bytesOut(length(response.body(), response.headers()));
        if (response.status() >= 400 || answer.errorCode() != null || answer.rpcErrorCode() != null
                || response.headers().contains("acf-redacted")) {
            // Refusals (a JSON-RPC one may have status 200 and an error in its body) and redacted answers carry these
            // headers: a plain answer is not searched for six of them.
            // QoS refusals name their class and rule (dev.acf.gateway.qos.QosFilter's headers).
            response.headers().first("acf-qos-reason").ifPresent(reason -> event.attribute("qosReason", reason));
            response.headers().first("acf-qos-class").ifPresent(c -> event.attribute("qosClass", c));
            response.headers().first("acf-denied-by").ifPresent(rule -> event.attribute("deniedBy", rule));
            response.headers().first("acf-redacted").ifPresent(r -> event.attribute("redactions", r));
            response.headers().first("acf-denied-rule").ifPresent(r -> event.attribute("deniedBy", r));
            // Policy denials and suspended callers name their rule (GW-SEC-2: every block says why).
            response.headers().first("acf-denied-by").ifPresent(rule -> event.attribute("ruleId", rule));
        }
        String rpcError = answer.rpcErrorCode();
        if (rpcError != null) {
            event.attribute("jsonrpcError", rpcError);
        }
        if (payload.test(passed)) {
            event.attribute("requestPayload", cut(passed.request().body()));
            event.attribute("responsePayload", cut(response.body()));
        }
        emit(event.build());
    }

    private AuditEvent.Builder event(Exchange exchange, A2aFacts facts, Instant time, long start) {
        AuditEvent.Builder event = AuditEvent.builder(TYPE)
                .time(time)
                .requestId(exchange.requestId())
                .source(exchange.caller().subject())
                .destination(facts.target() == null ? null : facts.target().toString())
                .method(facts.method() != null ? facts.method() : exchange.request().method())
                .taskId(facts.taskId())
                .contextId(facts.contextId())
                .latencyMicros((System.nanoTime() - start) / 1_000)
                .bytesIn(length(exchange.request().body(), exchange.request().headers()));
        exchange.attribute(TracingFilter.TRACE_CONTEXT, TraceContext.class).ifPresent(t -> event.attribute("traceId", t.traceId()));
        // ANS's capability-verification probe (ANS-MON-3): its calls are tests, told apart from real traffic.
        if (exchange.caller().isAuthenticated() && ProbeIdentity.isProbe(exchange.caller().subject())) {
            event.attribute(ProbeIdentity.AUDIT_ATTRIBUTE, "true");
            if (exchange.request().headers().first(ProbeIdentity.DRY_RUN_HEADER).isPresent()) {
                event.attribute("dryRun", "true");
            }
        }
        // A call forwarded by another gateway (hierarchy.HopFilter): the source is the original caller.
        exchange.attribute(ExchangeAttributes.FORWARDED_BY, String.class).ifPresent(g -> event.attribute("forwardedBy", g));
        exchange.attribute(ExchangeAttributes.VIA, String.class).ifPresent(v -> event.attribute("via", v));
        exchange.attribute(ExchangeAttributes.NEXT_HOP, String.class).ifPresent(h -> event.attribute("nextHop", h));
        return event;
    }

    private void emit(AuditEvent event) {
        try {
            sink.accept(event);
        } catch (RuntimeException e) {
            LOG.warn("audit sink {} failed on request {}", sink, event.requestId(), e);
        }
    }

    private static long length(Body body, HttpHeaders headers) {
        if (!body.isEmpty()) {
            return body.length();
        }
        try {
            return headers.first("content-length").map(v -> Long.parseLong(v.trim())).orElse(0L);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private String cut(Body body) {
        String text = body.asString();
        if (text.getBytes(StandardCharsets.UTF_8).length <= payloadLimit) {
            return text;
        }
        String head = new String(body.bytes(), 0, payloadLimit, StandardCharsets.UTF_8);
        return head + "...[" + body.length() + " bytes]";
    }

    /** Configures an {@link AuditFilter}; not thread-safe. */
    public static final class Builder {
        private final AuditSink sink;
        private Predicate<Exchange> payload = exchange -> false;
        private int payloadLimit = 4096;
        private Clock clock = Clock.systemUTC();

        private Builder(AuditSink sink) {
            this.sink = Objects.requireNonNull(sink, "sink");
        }

        /** Records request and response payloads for the exchanges this predicate accepts (default none). */
        public Builder payload(Predicate<Exchange> value) {
            this.payload = Objects.requireNonNull(value, "payload");
            return this;
        }

        /** Sets how many bytes of each payload are recorded (default 4,096). */
        public Builder payloadLimit(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("payloadLimit must not be negative, was " + value);
            }
            this.payloadLimit = value;
            return this;
        }

        /** Sets the clock events are timed with (tests). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Returns the filter. */
        public AuditFilter build() {
            return new AuditFilter(this);
        }
    }
}
