package dev.acf.client;

import dev.acf.api.json.AcfJson;
import dev.acf.api.monitor.AnomalyEvent;
import dev.acf.api.monitor.AnsMonitor;
import dev.acf.api.monitor.SuspensionState;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * The {@link AnsMonitor} of a remote gateway, over the ANS HTTP API: reports are
 * {@code POST /v1/anomalies} signed with the gateway's current key (or sent with an admin
 * token), and the suspensions are followed by long polls of {@code GET /v1/suspensions}, whose
 * signed answers are verified before use. Thread-safe.
 */
final class RemoteAnsMonitor implements AnsMonitor {
    private final AnsTransport transport;
    private final AnsTransport longPolls;
    private final @Nullable String reporter;
    private final @Nullable Supplier<PrivateKey> key;
    private final @Nullable String adminToken;

    RemoteAnsMonitor(AnsTransport transport, AnsTransport longPolls, @Nullable AgentIdentity identity, @Nullable String adminToken) {
        this.transport = transport;
        this.longPolls = longPolls;
        this.reporter = identity == null ? null : identity.name().toString();
        // The current key at each report: renewals may rotate it.
        this.key = identity == null ? null : () -> identity.state().key().getPrivate();
        this.adminToken = adminToken;
    }

    @Override
    public void report(List<AnomalyEvent> anomalies) {
        Objects.requireNonNull(anomalies, "anomalies");
        if (anomalies.isEmpty()) {
            return;
        }
        HttpUrl url = transport.url("v1", "anomalies");
        if (key != null) {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("reporter", reporter);
            payload.put("anomalies", anomalies);
            transport.sendSigned("POST", url, payload, key.get());
        } else {
            transport.postJson(url, Map.of("anomalies", anomalies), adminToken);
        }
    }

    @Override
    public SuspensionState suspensions(long after, Duration wait) {
        HttpUrl url = transport.url("v1", "suspensions").newBuilder()
                .addQueryParameter("after", Long.toString(Math.max(0, after)))
                .addQueryParameter("wait", Long.toString(Math.max(0, wait.toMillis())))
                .build();
        return AcfJson.read(longPolls.getSigned(url).body(), SuspensionState.class);
    }
}
