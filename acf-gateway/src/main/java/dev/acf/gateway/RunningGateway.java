package dev.acf.gateway;

import dev.acf.api.gateway.FilterStage;
import dev.acf.api.gateway.GatewayFilter;
import dev.acf.api.gateway.RouteResolver;
import dev.acf.api.session.SessionStore;
import dev.acf.gateway.catalog.AgentCatalog;
import dev.acf.gateway.hierarchy.Hierarchy;
import dev.acf.gateway.hierarchy.HierarchyRouteResolver;
import dev.acf.gateway.pipeline.FilterPipeline;
import dev.acf.gateway.pipeline.GatewayDispatcher;
import dev.acf.gateway.proxy.AgentProxy;
import dev.acf.gateway.proxy.AgentResolver;
import dev.acf.gateway.proxy.AnsPathRouteResolver;
import dev.acf.gateway.proxy.UpstreamPolicy;
import dev.acf.gateway.proxy.UpstreamTls;
import dev.acf.gateway.server.ListenerTls;
import dev.acf.gateway.server.NettyServer;
import dev.acf.gateway.server.RequestDispatcher;
import dev.acf.gateway.session.Sessions;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * What a started {@link GatewayServer} runs: built-ins, resolver, Netty server, upstream pool
 * and the virtual threads of requests. Closed in the order that drains requests first and
 * flushes the audit file last. Thread-safe.
 */
final class RunningGateway implements AutoCloseable {
    private final BuiltIns builtIns;
    private final AgentResolver resolver;
    private final NettyServer server;
    private final AgentProxy proxy;
    private final Sessions sessions;
    private final @Nullable SessionStore ownedStore;
    private final ExecutorService executor;
    private final FilterPipeline pipeline;
    private final @Nullable InetSocketAddress plaintextAddress;
    private final @Nullable InetSocketAddress tlsAddress;
    private final @Nullable InetSocketAddress metricsAddress;

    private RunningGateway(BuiltIns builtIns, AgentResolver resolver, NettyServer server, AgentProxy proxy, Sessions sessions,
            @Nullable SessionStore ownedStore, ExecutorService executor, FilterPipeline pipeline, @Nullable InetSocketAddress plaintextAddress, @Nullable InetSocketAddress tlsAddress,
            @Nullable InetSocketAddress metricsAddress) {
        this.builtIns = builtIns;
        this.resolver = resolver;
        this.server = server;
        this.proxy = proxy;
        this.sessions = sessions;
        this.ownedStore = ownedStore;
        this.executor = executor;
        this.pipeline = pipeline;
        this.plaintextAddress = plaintextAddress;
        this.tlsAddress = tlsAddress;
        this.metricsAddress = metricsAddress;
    }

    /** Starts everything the plan describes; releases what it started when something fails. */
    static RunningGateway start(GatewayPlan plan) {
        ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("acf-gateway-", 0).factory());
        AgentResolver agents = new AgentResolver(plan.lookup(), plan.cacheTtl());
        BuiltIns defaults;
        try {
            defaults = BuiltIns.start(plan.builtIns(), plan.lookup(), agents);
        } catch (RuntimeException e) {
            agents.close();
            threads.shutdownNow();
            throw e;
        }
        NettyServer netty = null;
        SessionStore owned = null;
        Sessions sessions = null;
        try {
            FilterPipeline filters = FilterPipeline.of(merge(defaults.filters(), plan.filters()), plan.builtIns().enabled());
            ListenerTls listener = plan.tls() != null ? plan.tls() : defaults.listenerTls();
            UpstreamTls upstream = plan.upstreamTls() != null ? plan.upstreamTls() : defaults.upstreamTls();
            // The upstream pool shares the server's event loops, and the server needs the dispatcher:
            // the dispatcher is looked up through a holder filled before anything listens.
            GatewayDispatcher[] dispatcher = new GatewayDispatcher[1];
            RequestDispatcher main = request -> dispatcher[0].dispatch(request);
            netty = new NettyServer(plan.limits(), main, defaults.refusals(), plan.compression());
            AgentProxy agentProxy = new AgentProxy(netty.workers(), netty.socketChannelType(), plan.limits(), upstream,
                    plan.upstreamProtocols(), plan.loadBalancer(), UpstreamPolicy.from(plan.config()));
            agentProxy.bindTo(defaults.metrics().registry());
            if (plan.loadBalancer() instanceof MeterBinder meters) {
                meters.bindTo(defaults.metrics().registry());
            }
            SessionStore store = plan.sessionStore();
            if (store == null) {
                owned = Objects.requireNonNull(plan.sessionStoreProvider().create(plan.config()),
                        () -> "session store provider '" + plan.sessionStoreProvider().name() + "' created nothing");
                store = owned;
            }
            sessions = new Sessions(store, agentProxy, plan.limits().maxResponseAggregationBytes());
            AgentCatalog catalog = new AgentCatalog(agents, plan.exposed(), plan.builtIns().policy());
            RouteResolver routeResolver = plan.routeResolver() != null ? plan.routeResolver()
                    : new AnsPathRouteResolver(agents, catalog::routable);
            Hierarchy hierarchy = plan.builtIns().hierarchy();
            if (hierarchy != null) {
                routeResolver = new HierarchyRouteResolver(hierarchy, routeResolver);
            }
            GatewayRoutes routes = new GatewayRoutes(agents, routeResolver, sessions, catalog, plan.publicBaseUri(),
                    plan.builtIns().identity() != null);
            if (hierarchy != null) {
                routes.resolvesLocally(name -> hierarchy.place(name) == Hierarchy.Placement.LOCAL);
            }
            dispatcher[0] = new GatewayDispatcher(filters, routes, plan.limits().maxInFlight(), threads,
                    plan.limits().maxResponseAggregationBytes(), defaults.refusals());
            PrometheusMeterRegistry registry = defaults.scrape();
            ScrapeEndpoint scrape = registry == null ? null : new ScrapeEndpoint(registry, threads);
            RequestDispatcher plaintextDispatcher = scrape != null && plan.metricsOnPlaintext()
                    ? request -> (ScrapeEndpoint.matches(request) ? scrape : main).dispatch(request)
                    : main;
            InetSocketAddress plaintext = plan.plaintextPort() == null ? null
                    : netty.bind(plan.host(), plan.plaintextPort(), null, plaintextDispatcher);
            InetSocketAddress secure = listener == null ? null : netty.bind(plan.host(), plan.tlsPort(), listener);
            InetSocketAddress metrics = scrape == null || plan.metricsPort() == null ? null
                    : netty.bind(plan.host(), plan.metricsPort(), null, scrape);
            RunningGateway running = new RunningGateway(defaults, agents, netty, agentProxy, sessions, owned, threads, filters, plaintext,
                    secure, metrics);
            routes.fallbackAuthority(authority(running.address()));
            return running;
        } catch (RuntimeException e) {
            if (sessions != null) {
                sessions.close();
            }
            if (netty != null) {
                netty.close();
            }
            if (owned != null) {
                owned.close();
            }
            agents.close();
            defaults.close();
            threads.shutdownNow();
            throw e;
        }
    }

    /** Built-ins first within each stage: filters added by the user see the authenticated caller. */
    private static Map<FilterStage, List<GatewayFilter>> merge(Map<FilterStage, List<GatewayFilter>> first,
            Map<FilterStage, List<GatewayFilter>> then) {
        Map<FilterStage, List<GatewayFilter>> all = new EnumMap<>(FilterStage.class);
        first.forEach((stage, list) -> all.computeIfAbsent(stage, k -> new ArrayList<>()).addAll(list));
        then.forEach((stage, list) -> all.computeIfAbsent(stage, k -> new ArrayList<>()).addAll(list));
        return all;
    }

    InetSocketAddress address() {
        InetSocketAddress a = tlsAddress != null ? tlsAddress : plaintextAddress;
        if (a == null) {
            throw new IllegalStateException("the gateway has no listener");
        }
        return a;
    }

    @Nullable InetSocketAddress plaintextAddress() {
        return plaintextAddress;
    }

    @Nullable InetSocketAddress tlsAddress() {
        return tlsAddress;
    }

    @Nullable InetSocketAddress metricsAddress() {
        return metricsAddress;
    }

    FilterPipeline pipeline() {
        return pipeline;
    }

    BuiltIns builtIns() {
        return builtIns;
    }

    int inFlight() {
        return server.inFlight();
    }

    static String authority(InetSocketAddress a) {
        String h = a.getAddress().getHostAddress();
        return (h.contains(":") ? "[" + h + "]" : h) + ":" + a.getPort();
    }

    @Override
    public void close() {
        server.drain();
        sessions.close();
        proxy.close();
        server.close();
        resolver.close();
        executor.shutdownNow();
        if (ownedStore != null) {
            ownedStore.close();
        }
        builtIns.close();
    }
}
