package dev.acf.client;

import dev.acf.api.audit.AuditEvent;
import dev.acf.api.monitor.InteractionFeed;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * The {@link InteractionFeed} of a remote gateway, over the ANS HTTP API: batches are
 * {@code POST /v1/graph/events}, signed with the gateway's current key like its anomaly reports
 * (or sent with an admin token). Only what the graph needs travels: the events' attributes
 * (payloads, trace ids) stay in the gateway's own audit log. Thread-safe.
 */
final class RemoteInteractionFeed implements InteractionFeed {
    private final AnsTransport transport;
    private final @Nullable String reporter;
    private final @Nullable Supplier<PrivateKey> key;
    private final @Nullable String adminToken;

    RemoteInteractionFeed(AnsTransport transport, @Nullable AgentIdentity identity, @Nullable String adminToken) {
        this.transport = transport;
        this.reporter = identity == null ? null : identity.name().toString();
        this.key = identity == null ? null : () -> identity.state().key().getPrivate();
        this.adminToken = adminToken;
    }

    @Override
    public void report(List<AuditEvent> events) {
        Objects.requireNonNull(events, "events");
        List<Map<String, Object>> calls = new ArrayList<>(events.size());
        for (AuditEvent e : events) {
            if (e.source() != null && e.destination() != null) {
                calls.add(compact(e));
            }
        }
        if (calls.isEmpty()) {
            return;
        }
        HttpUrl url = transport.url("v1", "graph", "events");
        if (key != null) {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("reporter", reporter);
            payload.put("events", calls);
            transport.sendSigned("POST", url, payload, key.get());
        } else {
            transport.postJson(url, Map.of("events", calls), adminToken);
        }
    }

    private static Map<String, Object> compact(AuditEvent e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", e.type());
        out.put("time", e.time().toString());
        out.put("source", e.source());
        out.put("destination", e.destination());
        if (e.method() != null) {
            out.put("method", e.method());
        }
        out.put("status", e.status());
        out.put("outcome", e.outcome());
        out.put("latencyMicros", e.latencyMicros());
        return out;
    }
}
