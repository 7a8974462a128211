package dev.acf.gateway;

import dev.acf.api.agent.AgentRecord;
import dev.acf.api.error.AcfException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.gateway.Exchange;
import dev.acf.api.gateway.Route;
import dev.acf.api.gateway.RouteResolver;
import dev.acf.api.name.AgentName;
import dev.acf.gateway.catalog.AgentCatalog;
import dev.acf.gateway.pipeline.ErrorResponses;
import dev.acf.gateway.pipeline.ExchangeHandler;
import dev.acf.gateway.pipeline.RequestScope;
import dev.acf.gateway.proxy.AgentPath;
import dev.acf.gateway.proxy.AgentResolver;
import dev.acf.gateway.proxy.AnsPathRouteResolver;
import dev.acf.gateway.session.Sessions;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The end of the pipeline: the catalogue, agent cards, and — through the session layer, which
 * relays and resumes A2A streams — the proxy for every request the {@link RouteResolver} routes
 * (by default everything under {@code /agents/{name}}). Names are
 * resolved here, on the request's virtual thread.
 */
final class GatewayRoutes implements ExchangeHandler {
    private static final ErrorCode METHOD_NOT_ALLOWED = new ErrorCode("method_not_allowed", 405);
    private static final Pattern HOST = Pattern.compile("([A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\])(:\\d{1,5})?");

    private final Map<String, String> plainBases = new ConcurrentHashMap<>();
    private final Map<String, String> secureBases = new ConcurrentHashMap<>();

    private final AgentResolver resolver;
    private final RouteResolver routes;
    private final Sessions sessions;
    private final AgentCatalog catalog;
    private final @Nullable URI publicBase;
    private final boolean certificateRequired;
    private volatile String fallbackAuthority = "127.0.0.1";
    private Predicate<AgentName> local = name -> true;

    /**
     * @param certificateRequired whether callers authenticate with a certificate: then names are
     *     resolved ahead of the filters only for certified callers, so anonymous requests cannot make
     *     the gateway query the ANS
     */
    GatewayRoutes(AgentResolver resolver, RouteResolver routes, Sessions sessions, AgentCatalog catalog, @Nullable URI publicBase,
            boolean certificateRequired) {
        this.resolver = resolver;
        this.routes = routes;
        this.sessions = sessions;
        this.catalog = catalog;
        this.publicBase = publicBase;
        this.certificateRequired = certificateRequired;
    }

    /** Limits the early resolution to names this gateway resolves itself (a hierarchy forwards the others unresolved). */
    void resolvesLocally(Predicate<AgentName> names) {
        this.local = names;
    }

    void fallbackAuthority(String authority) {
        this.fallbackAuthority = authority;
    }

    /** The addressed agent, resolved (versioned) when it may be: audit and policy then name the agent that answers. */
    @Override
    public Map<String, Object> attributes(Exchange.Request request, boolean certified) {
        Optional<AgentPath> path;
        try {
            path = AgentPath.parse(request.path());
        } catch (AcfException e) {
            return Map.of();
        }
        if (path.isEmpty()) {
            return Map.of();
        }
        AgentName target = path.get().name();
        if ((certified || !certificateRequired) && local.test(target) && catalog.routable(target)) {
            try {
                // Cached: the route below resolves the same name again without asking the ANS.
                target = resolver.resolve(target).map(AgentRecord::name).orElse(target);
            } catch (RuntimeException e) {
                // The ANS is unreachable: the route answers that after the filters.
            }
        }
        return Map.of(ExchangeAttributes.TARGET, target);
    }

    @Override
    public @Nullable Map<String, Object> attributesNow(Exchange.Request request, boolean certified) {
        Optional<AgentPath> path;
        try {
            path = AgentPath.parse(request.path());
        } catch (AcfException e) {
            return Map.of();
        }
        if (path.isEmpty()) {
            return Map.of();
        }
        AgentName target = path.get().name();
        if ((certified || !certificateRequired) && catalog.routable(target)) {
            Optional<AgentRecord> known = resolver.cached(target);
            if (known == null) {
                return null;
            }
            target = known.map(AgentRecord::name).orElse(target);
        }
        return Map.of(ExchangeAttributes.TARGET, target);
    }

    /** The common routed call, when its route is cached and the session layer only passes it on; anything else is {@code null}. */
    @Override
    public @Nullable CompletionStage<Exchange.Response> handleAsync(Exchange exchange, RequestScope scope) {
        if (!(routes instanceof AnsPathRouteResolver byName)) {
            return null;
        }
        Exchange.Request request = exchange.request();
        String path = request.path();
        if (!path.startsWith(AgentPath.PREFIX)) {
            return null;
        }
        Optional<AgentPath> target = AgentPath.parse(path);
        if (target.isEmpty() || target.get().isCard()) {
            return null;
        }
        Optional<Route> route = byName.resolveNow(exchange);
        if (route == null) {
            return null;
        }
        if (route.isEmpty()) {
            return CompletableFuture.completedFuture(ErrorResponses.of(ErrorCode.AGENT_NOT_FOUND,
                    "no agent answers " + target.get().name() + " here", exchange.requestId()));
        }
        return sessions.forwardAsync(exchange, route.get(), base(request, scope) + AgentPath.of(target.get().name()), scope);
    }

    @Override
    public Exchange.Response handle(Exchange exchange, RequestScope scope) {
        Exchange.Request request = exchange.request();
        String path = request.path();
        int query = path.indexOf('?');
        String bare = query < 0 ? path : path.substring(0, query);
        String base = base(request, scope);
        if (bare.equals(AgentCatalog.PATH) || bare.equals(AgentPath.CARD)) {
            if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
                return ErrorResponses.of(METHOD_NOT_ALLOWED, bare + " answers GET only", exchange.requestId());
            }
            return bare.equals(AgentCatalog.PATH) ? catalog.list(base, exchange.caller()) : catalog.rootCard(base, exchange.requestId());
        }
        Optional<AgentPath> target = AgentPath.parse(path);
        if (target.isPresent() && target.get().isCard() && (request.method().equals("GET") || request.method().equals("HEAD"))) {
            AgentPath agentPath = target.get();
            Optional<AgentRecord> record = catalog.routable(agentPath.name()) ? resolver.resolve(agentPath.name()) : Optional.empty();
            if (record.isEmpty()) {
                return ErrorResponses.of(ErrorCode.AGENT_NOT_FOUND, "no agent answers " + agentPath.name() + " here", exchange.requestId());
            }
            return catalog.card(record.get(), base + AgentPath.of(agentPath.name()));
        }
        Optional<Route> route = routes.resolve(exchange);
        if (route.isEmpty()) {
            return target.isPresent()
                    ? ErrorResponses.of(ErrorCode.AGENT_NOT_FOUND, "no agent answers " + target.get().name() + " here", exchange.requestId())
                    : ErrorResponses.of(ErrorCode.NOT_FOUND, "nothing here; agents are called at /agents/{url-encoded ANS name}",
                            exchange.requestId());
        }
        // Locations are rewritten to the name the caller used, so its next request takes the same path.
        AgentName named = target.map(AgentPath::name).orElse(route.get().target());
        return sessions.forward(exchange, route.get(), base + AgentPath.of(named), scope);
    }

    /** The gateway's address as its callers see it: configured, else from {@code Host}, else the bound address. */
    private String base(Exchange.Request request, RequestScope scope) {
        if (publicBase != null) {
            String s = publicBase.toString();
            return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        }
        String given = request.headers().first("host").orElse(null);
        if (given == null) {
            return (scope.secure() ? "https://" : "http://") + fallbackAuthority;
        }
        // Callers send the same few Host values: each is checked and joined once.
        Map<String, String> known = scope.secure() ? secureBases : plainBases;
        String base = known.get(given);
        if (base != null) {
            return base;
        }
        if (!HOST.matcher(given).matches()) {
            return (scope.secure() ? "https://" : "http://") + fallbackAuthority;
        }
        base = (scope.secure() ? "https://" : "http://") + given;
        if (known.size() < 1024) {
            known.put(given, base);
        }
        return base;
    }
}
