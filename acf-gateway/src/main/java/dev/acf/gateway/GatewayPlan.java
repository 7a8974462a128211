package dev.acf.gateway;

import dev.acf.api.gateway.FilterStage;
import dev.acf.api.gateway.GatewayFilter;
import dev.acf.api.gateway.LoadBalancer;
import dev.acf.api.gateway.RouteResolver;
import dev.acf.api.name.AgentName;
import dev.acf.api.resolve.AnsLookup;
import dev.acf.api.session.SessionStore;
import dev.acf.api.session.SessionStoreProvider;
import dev.acf.api.spi.ProviderConfig;
import dev.acf.gateway.compress.Compression;
import dev.acf.gateway.proxy.UpstreamProtocols;
import dev.acf.gateway.proxy.UpstreamTls;
import dev.acf.gateway.server.ListenerTls;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A built gateway's settings, validated by {@link GatewayServer.Builder#build()}; immutable.
 *
 * @param lookup how names are resolved
 * @param host the listen address
 * @param plaintextPort the plaintext listener's port, or null for none
 * @param tls the explicitly configured TLS listener, or null for the identity's (if any)
 * @param tlsPort the TLS listener's port
 * @param upstreamTls the explicitly configured upstream TLS, or null for the identity's (else the JDK's trust)
 * @param limits the limits
 * @param filters the configured and discovered filters by stage, in order
 * @param builtIns the built-in security and observability settings
 * @param exposed the agents exposed in the catalogue (empty: all)
 * @param cacheTtl how long resolved names are cached
 * @param publicBaseUri the address callers use, or null to take it from {@code Host}
 * @param routeResolver the explicit or discovered route resolver, or null for the ANS name in the path
 * @param loadBalancer chooses among a route's endpoints
 * @param upstreamProtocols when agents are called over HTTP/2
 * @param metricsPort the admin listener's port serving {@code /metrics}, or null for none
 * @param metricsOnPlaintext whether the plaintext listener also serves {@code /metrics}
 * @param sessionStore the session store given to the builder (not closed by the gateway), or null to create one at start
 * @param sessionStoreProvider creates the session store at start when none was given
 * @param config the configuration providers are created with
 * @param compression how responses are compressed towards clients
 */
record GatewayPlan(AnsLookup lookup, String host, @Nullable Integer plaintextPort, @Nullable ListenerTls tls, int tlsPort,
        @Nullable UpstreamTls upstreamTls, GatewayLimits limits, Map<FilterStage, List<GatewayFilter>> filters,
        BuiltIns.Settings builtIns, List<AgentName> exposed, Duration cacheTtl, @Nullable URI publicBaseUri,
        @Nullable RouteResolver routeResolver, LoadBalancer loadBalancer, UpstreamProtocols upstreamProtocols,
        @Nullable Integer metricsPort, boolean metricsOnPlaintext, @Nullable SessionStore sessionStore,
        SessionStoreProvider sessionStoreProvider, ProviderConfig config, Compression compression) {

    GatewayPlan {
        filters = Map.copyOf(filters);
        exposed = List.copyOf(exposed);
    }
}
