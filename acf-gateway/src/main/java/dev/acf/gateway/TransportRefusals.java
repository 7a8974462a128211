package dev.acf.gateway;

import dev.acf.api.audit.AuditEvent;
import dev.acf.api.audit.AuditSink;
import dev.acf.api.error.AcfException;
import dev.acf.api.security.CallerIdentity;
import dev.acf.gateway.audit.GatewayMetrics;
import dev.acf.gateway.filter.AuditFilter;
import dev.acf.gateway.proxy.AgentPath;
import dev.acf.gateway.server.RefusalListener;
import dev.acf.gateway.server.TransportRefusal;
import dev.acf.gateway.tls.CallerCertificates;
import java.security.cert.X509Certificate;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the refusals of the transport (413, 431, malformed 400, 408, overload 503, connections
 * over the limit) the audit event and metrics the filters give every other call: one
 * {@value AuditFilter#TYPE} event per refusal, its outcome the cause, attribute
 * {@code refusedBy=transport}, the source named from the client certificate when there is
 * one. Runs on event loops: it only counts meters and offers the event to the sink, whose
 * contract is not to block (the default sink queues it, bounded). Thread-safe.
 */
final class TransportRefusals implements RefusalListener {
    private static final Logger LOG = LoggerFactory.getLogger(TransportRefusals.class);

    private final GatewayMetrics metrics;
    private final @Nullable AuditSink sink;
    private final CallerCertificates callers;

    TransportRefusals(GatewayMetrics metrics, @Nullable AuditSink sink, CallerCertificates callers) {
        this.metrics = metrics;
        this.sink = sink;
        this.callers = callers;
    }

    @Override
    public void refused(TransportRefusal refusal) {
        metrics.refused(refusal.status(), refusal.cause());
        AuditSink to = sink;
        if (to == null) {
            return;
        }
        long now = System.nanoTime();
        AuditEvent.Builder event = AuditEvent.builder(AuditFilter.TYPE)
                .time(Instant.now().minusNanos(Math.max(0, now - refusal.startNanos())))
                .requestId(refusal.requestId())
                .source(source(refusal))
                .destination(destination(refusal.path()))
                .method(refusal.method())
                .status(refusal.status())
                .outcome(refusal.cause())
                .latencyMicros(Math.max(0, now - refusal.startNanos()) / 1_000)
                .bytesIn(refusal.bytesIn())
                .attribute("refusedBy", "transport");
        try {
            to.accept(event.build());
        } catch (RuntimeException e) {
            LOG.warn("audit sink {} failed on refused request {}", to, refusal.requestId(), e);
        }
    }

    private String source(TransportRefusal refusal) {
        if (refusal.peerCertificates().isEmpty()) {
            return CallerIdentity.anonymous().subject();
        }
        try {
            return callers.identity(refusal.peerCertificates().toArray(new X509Certificate[0])).subject();
        } catch (AcfException e) {
            return CallerIdentity.anonymous().subject();
        }
    }

    private static @Nullable String destination(@Nullable String path) {
        if (path == null) {
            return null;
        }
        try {
            return AgentPath.parse(path).map(p -> p.name().toString()).orElse(null);
        } catch (AcfException e) {
            return null;
        }
    }
}
