package dev.acf.gateway.anomaly;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.audit.AuditEvent;
import dev.acf.api.audit.AuditSink;
import dev.acf.api.error.AcfException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.gateway.AsyncGatewayFilter;
import dev.acf.api.gateway.Exchange;
import dev.acf.api.json.AcfJson;
import dev.acf.api.monitor.AnomalyEvent;
import dev.acf.api.monitor.AnsMonitor;
import dev.acf.api.monitor.Suspension;
import dev.acf.api.name.AgentName;
import dev.acf.api.security.CallerIdentity;
import dev.acf.gateway.ExchangeAttributes;
import dev.acf.gateway.proxy.AgentPath;
import dev.acf.gateway.tls.CallerCertificates;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anomaly blocking at the gateway (GW-SEC-2, ANS-MON-2): two filters of stage {@code SECURITY}
 * around the built-in authentication and authorization, an {@link AnomalyDetector}, the
 * suspensions in force, and the links to ANS.
 *
 * <pre>
 *   outer() -> revocation -> authentication -> inner() -> authorization -> ...
 *   inner(): a suspended caller is answered 403 caller_suspended (header acf-denied-by: rule id);
 *            else the call is counted (rate, target) and may raise a rate-spike / new-target anomaly
 *   outer(): on the way back, 403 certificate_revoked raises revoked-caller, 401 with a credential unknown-caller,
 *            403 permission_denied edge-not-granted (with the policy's rule id)
 * </pre>
 *
 * <p>Every anomaly is counted ({@value #ANOMALIES}, tags {@code kind} and {@code action}),
 * audited (one {@value #TYPE} event with the rule id) and queued for ANS
 * ({@link AnsMonitor#report}, batched on a background thread, bounded, drops counted in
 * {@value #DROPPED}). An anomaly whose action is {@code suspended} suspends its caller here at
 * once; ANS records it and publishes it to every gateway, and the administrator's lift at ANS
 * reaches this gateway through the followed state. Refusals of suspended callers are counted
 * in {@value #REFUSED}; the built-in audit records them with the rule id. Thread-safe; the
 * request path takes no lock but the caller's own counters, and both filters are non-blocking
 * {@link AsyncGatewayFilter}s (reports to ANS are queued to a background thread; audit events go
 * to the sink, non-blocking as long as the sink is, as the built-in JSON-lines sink).
 *
 * <pre>{@code
 * AnomalyGuard guard = AnomalyGuard.builder().policy(SuspensionPolicy.defaults()).monitor(ans.monitor(identity)).start();
 * }</pre>
 */
public final class AnomalyGuard implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AnomalyGuard.class);
    /** The audit event type of anomalies. */
    public static final String TYPE = "a2a.anomaly";
    /** The counter of anomalies, tagged {@code kind} and {@code action}. */
    public static final String ANOMALIES = "acf.gateway.anomalies";
    /** The counter of calls refused because their caller is suspended. */
    public static final String REFUSED = "acf.gateway.suspended.refusals";
    /** The counter of anomalies that could not be reported to ANS. */
    public static final String DROPPED = "acf.gateway.anomalies.dropped";
    /** The header naming the rule behind a refusal. */
    public static final String HEADER = "acf-denied-by";
    private static final String CALLER = "acf.anomaly.caller";

    private final AnomalyDetector detector;
    private final SuspensionTable table;
    private final @Nullable AuditSink sink;
    private final MeterRegistry registry;
    private final Counter refusals;
    private final CallerCertificates callers;
    private final @Nullable AnomalyReporter reporter;
    private final @Nullable SuspensionFollower follower;
    private final boolean detecting;

    private AnomalyGuard(Builder b) {
        this.detector = new AnomalyDetector(b.settings, b.policy, b.clock);
        this.detecting = b.settings.enabled();
        this.table = new SuspensionTable(caller -> {
            detector.forgive(caller);
            LOG.info("suspension of {} lifted", caller);
        });
        this.sink = b.sink;
        this.registry = b.registry;
        this.callers = b.callers;
        this.refusals = Counter.builder(REFUSED).description("calls refused because their caller is suspended").register(registry);
        Gauge.builder("acf.gateway.suspended.callers", table, SuspensionTable::size).description("callers suspended now").register(registry);
        Gauge.builder("acf.gateway.anomaly.callers", detector, AnomalyDetector::trackedCallers)
                .description("callers whose baselines are tracked").register(registry);
        AnsMonitor monitor = b.monitor;
        this.reporter = monitor == null ? null : new AnomalyReporter(monitor, b.queueCapacity);
        AnomalyReporter r = reporter;
        if (r != null) {
            Gauge.builder(DROPPED, r, AnomalyReporter::dropped).description("anomalies not reported to ANS").register(registry);
        }
        this.follower = monitor == null ? null : new SuspensionFollower(monitor, table);
    }

    /** Returns a builder: default settings and policy, no ANS, no audit, a private registry. */
    public static Builder builder() {
        return new Builder();
    }

    /** The filter that goes first in {@code SECURITY}: raises anomalies from refusals of the filters after it. */
    public AsyncGatewayFilter outer() {
        return this::observe;
    }

    /** The filter that goes after authentication, before authorization: refuses suspended callers and counts calls. */
    public AsyncGatewayFilter inner() {
        return this::guard;
    }

    private CompletionStage<Exchange.Response> guard(Exchange exchange, AsyncGatewayFilter.AsyncChain chain) {
        CallerIdentity caller = exchange.caller();
        exchange.attribute(CALLER, CallerHolder.class).ifPresent(holder -> holder.caller = caller);
        if (!caller.isAuthenticated()) {
            return chain.proceed(exchange);
        }
        Suspension suspension = table.find(caller.subject());
        if (suspension != null) {
            refusals.increment();
            return CompletableFuture.completedFuture(Exchange.Response.error(ErrorCode.CALLER_SUSPENDED.httpStatus(), ErrorCode.CALLER_SUSPENDED.id(),
                    caller.subject() + " is suspended since " + suspension.since() + " (rule " + suspension.ruleId() + "): "
                            + suspension.reason() + "; an administrator lifts it at ANS")
                    .withHeader(HEADER, suspension.ruleId()));
        }
        if (detecting) {
            act(detector.call(caller.subject(), target(exchange)), exchange.requestId());
        }
        return chain.proceed(exchange);
    }

    private CompletionStage<Exchange.Response> observe(Exchange exchange, AsyncGatewayFilter.AsyncChain chain) {
        CallerHolder holder = new CallerHolder();
        return chain.proceed(exchange.withAttribute(CALLER, holder)).thenApply(response -> observed(exchange, holder, response));
    }

    /** Raises the anomaly a refusal stands for, if any; runs on whichever thread completed the answer. */
    private Exchange.Response observed(Exchange exchange, CallerHolder holder, Exchange.Response response) {
        int status = response.status();
        if (!detecting || (status != 401 && status != 403)) {
            return response;
        }
        String code = errorCode(response);
        String target = target(exchange);
        if (status == 403 && ErrorCode.PERMISSION_DENIED.id().equals(code)) {
            CallerIdentity caller = holder.caller;
            if (caller != null && caller.isAuthenticated()) {
                String rule = response.headers().first(HEADER).orElse("unknown");
                act(detector.denied(caller.subject(), target, rule), exchange.requestId());
            }
        } else if (status == 403 && ErrorCode.CERTIFICATE_REVOKED.id().equals(code)) {
            String caller = certificateSubject(exchange);
            act(detector.refused(AnomalyEvent.Kind.REVOKED_CALLER, caller, target,
                    "a call with the revoked certificate of " + caller), exchange.requestId());
        } else if (status == 401 && presentedCredential(exchange)) {
            String caller = certificateSubject(exchange);
            act(detector.refused(AnomalyEvent.Kind.UNKNOWN_CALLER, caller, target,
                    "a call whose credential names no known caller (" + (code == null ? "401" : code) + ")"), exchange.requestId());
        }
        return response;
    }

    private void act(List<AnomalyEvent> anomalies, @Nullable String requestId) {
        for (AnomalyEvent anomaly : anomalies) {
            if (anomaly.suspended() && !table.suspend(Suspension.of(anomaly))) {
                continue; // suspended already, by another request racing this one
            }
            Counter.builder(ANOMALIES).description("anomalies by kind and action")
                    .tag("kind", anomaly.kind().id()).tag("action", anomaly.action().id())
                    .register(registry).increment();
            if (anomaly.suspended()) {
                LOG.warn("caller {} suspended (rule {}): {}", anomaly.caller(), anomaly.ruleId(), anomaly.detail());
            } else {
                LOG.info("anomaly {} of {} (rule {}): {}", anomaly.kind().id(), anomaly.caller(), anomaly.ruleId(), anomaly.detail());
            }
            audit(anomaly, requestId);
            AnomalyReporter r = reporter;
            if (r != null) {
                r.offer(anomaly);
            }
        }
    }

    private void audit(AnomalyEvent anomaly, @Nullable String requestId) {
        AuditSink to = sink;
        if (to == null) {
            return;
        }
        try {
            // The request keeps its one a2a.call event: the anomaly names the request in an attribute.
            AuditEvent.Builder event = AuditEvent.builder(TYPE).time(anomaly.time()).source(anomaly.caller())
                    .destination(anomaly.target()).outcome(anomaly.action().id())
                    .attribute("anomalyId", anomaly.id()).attribute("kind", anomaly.kind().id())
                    .attribute("ruleId", anomaly.ruleId()).attribute("detail", anomaly.detail());
            if (requestId != null) {
                event.attribute("causedBy", requestId);
            }
            to.accept(event.build());
        } catch (RuntimeException e) {
            LOG.warn("audit sink {} failed on anomaly {}", to, anomaly.id(), e);
        }
    }

    private static @Nullable String target(Exchange exchange) {
        Optional<AgentName> named = exchange.attribute(ExchangeAttributes.TARGET, AgentName.class);
        if (named.isPresent()) {
            return named.get().toString();
        }
        try {
            return AgentPath.parse(exchange.request().path()).map(p -> p.name().toString()).orElse(null);
        } catch (AcfException e) {
            return null;
        }
    }

    private String certificateSubject(Exchange exchange) {
        X509Certificate[] peer = exchange.attribute(ExchangeAttributes.PEER_CERTIFICATES, X509Certificate[].class).orElse(null);
        if (peer == null || peer.length == 0) {
            return CallerIdentity.anonymous().subject();
        }
        return CallerCertificates.agentName(peer[0]).map(AgentName::toString).orElseGet(() -> {
            try {
                return callers.identity(peer).subject();
            } catch (AcfException e) {
                return "certificate:" + peer[0].getSerialNumber().toString(16);
            }
        });
    }

    /** A call with no credential at all is anonymous, not an unknown caller: only a credential that names no one is. */
    private static boolean presentedCredential(Exchange exchange) {
        X509Certificate[] peer = exchange.attribute(ExchangeAttributes.PEER_CERTIFICATES, X509Certificate[].class).orElse(null);
        return (peer != null && peer.length > 0) || exchange.request().headers().first("authorization").isPresent();
    }

    private static @Nullable String errorCode(Exchange.Response response) {
        if (response.body().isEmpty() || response.body().length() > 64 * 1024) {
            return null;
        }
        try {
            JsonNode code = AcfJson.readTree(response.body().bytes()).path("error").path("code");
            return code.isTextual() ? code.asText() : null;
        } catch (AcfException e) {
            return null;
        }
    }

    /** Returns the suspension of a caller in force at this gateway, if any. */
    public Optional<Suspension> suspension(String caller) {
        return Optional.ofNullable(table.find(caller));
    }

    /** Returns every suspension in force at this gateway: those of ANS and those ANS has not confirmed yet. */
    public List<Suspension> suspensions() {
        return table.all();
    }

    /**
     * Lifts a suspension this gateway made and ANS does not hold (ANS unreachable); one held by
     * ANS is lifted there, by an administrator. Returns whether one was lifted.
     */
    public boolean liftLocal(String caller) {
        return table.liftLocal(caller);
    }

    /** Returns the detector. */
    public AnomalyDetector detector() {
        return detector;
    }

    /** Returns how many anomalies could not be queued or sent to ANS. */
    public long droppedReports() {
        AnomalyReporter r = reporter;
        return r == null ? 0 : r.dropped();
    }

    /** Returns how many anomalies ANS accepted from this gateway. */
    public long reported() {
        AnomalyReporter r = reporter;
        return r == null ? 0 : r.sent();
    }

    /** Stops reporting and following; idempotent. Queued reports are dropped. */
    @Override
    public void close() {
        if (reporter != null) {
            reporter.close();
        }
        if (follower != null) {
            follower.close();
        }
    }

    /** Carries the authenticated caller from the inner filter back to the outer one. */
    private static final class CallerHolder {
        volatile @Nullable CallerIdentity caller;
    }

    /** Configures an {@link AnomalyGuard}; not thread-safe. */
    public static final class Builder {
        private AnomalySettings settings = AnomalySettings.defaults();
        private SuspensionPolicy policy = SuspensionPolicy.defaults();
        private Clock clock = Clock.systemUTC();
        private @Nullable AuditSink sink;
        private MeterRegistry registry = new SimpleMeterRegistry();
        private @Nullable AnsMonitor monitor;
        private CallerCertificates callers = CallerCertificates.forDomains(List.of());
        private int queueCapacity = 10_000;

        private Builder() {}

        /** Sets how callers are learned and judged; default {@link AnomalySettings#defaults()}. */
        public Builder settings(AnomalySettings value) {
            settings = Objects.requireNonNull(value, "settings");
            return this;
        }

        /** Sets which anomalies suspend; default {@link SuspensionPolicy#defaults()}. */
        public Builder policy(SuspensionPolicy value) {
            policy = Objects.requireNonNull(value, "policy");
            return this;
        }

        /** Sets the clock baselines are timed with (tests move it by hand). */
        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Audits anomalies to this sink; default none. */
        public Builder auditSink(@Nullable AuditSink value) {
            sink = value;
            return this;
        }

        /** Counts into this registry. */
        public Builder meterRegistry(MeterRegistry value) {
            registry = Objects.requireNonNull(value, "registry");
            return this;
        }

        /** Reports to and follows suspensions of this ANS; default none (suspensions stay local). */
        public Builder monitor(@Nullable AnsMonitor value) {
            monitor = value;
            return this;
        }

        /** Names callers from certificates with these rules. */
        public Builder callers(CallerCertificates value) {
            callers = Objects.requireNonNull(value, "callers");
            return this;
        }

        /** Sets how many anomalies wait for ANS at most; default 10,000. */
        public Builder queueCapacity(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("queueCapacity must be positive, was " + value);
            }
            queueCapacity = value;
            return this;
        }

        /** Starts reporting and following (when an ANS monitor is set) and returns the guard. */
        public AnomalyGuard start() {
            return new AnomalyGuard(this);
        }
    }
}
