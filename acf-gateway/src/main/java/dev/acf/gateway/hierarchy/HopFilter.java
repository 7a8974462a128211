package dev.acf.gateway.hierarchy;

import dev.acf.api.error.AcfException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.gateway.Exchange;
import dev.acf.api.gateway.GatewayFilter;
import dev.acf.api.gateway.HttpHeaders;
import dev.acf.api.name.AgentName;
import dev.acf.api.security.CallerIdentity;
import dev.acf.api.security.ClassificationLevel;
import dev.acf.api.sync.PeerGateway;
import dev.acf.gateway.ExchangeAttributes;
import dev.acf.gateway.pipeline.ErrorResponses;
import dev.acf.gateway.proxy.AgentPath;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hop rules of a {@link Hierarchy} (GW-SCALE-2), in stage {@code SECURITY} right after
 * authentication, so that authorization, QoS, redaction and audit see the original caller.
 *
 * <pre>
 *   header                  set by                          believed
 *   acf-hops: N             each forwarding gateway (N-1)    always (it can only shorten the route)
 *   acf-via: gw1, gw2       each forwarding gateway (+ id)   always (it can only refuse the call)
 *   acf-forwarded-caller    each forwarding gateway          only from a trusted gateway (mTLS), else dropped
 * </pre>
 *
 * <p>A call whose {@code acf-via} already names this gateway is refused 508 {@code routing_loop}
 * naming the path; so is a call that must be forwarded with no hop left. A name with no route
 * (outside the owned space, no parent) is 404 {@code agent_not_found} saying so. A call from a
 * peer that authenticated by mTLS as a gateway of the hierarchy ({@link Hierarchy#isTrustedGateway})
 * continues as the caller its {@code acf-forwarded-caller} names, with {@link ExchangeAttributes#FORWARDED_BY}
 * set to that gateway; from anyone else the header is ignored and removed. Forwarded calls leave
 * with the three headers set for the next gateway; calls delivered to a local agent leave without
 * them (the agent gets the original caller as {@code acf-caller}).
 *
 * <p>The gateway of a federated peer domain ({@link Hierarchy#peerGateway}, ANS-SYNC-3) is
 * believed for callers of its own domain only: a claim of a caller of any other domain is
 * refused 403 {@code permission_denied} naming both, and the caller keeps no roles and at most the
 * peer gateway's own clearance. A peer gateway may call only names this gateway owns (no
 * transit), and an agent of a peer domain must come through its domain's gateway.
 * Thread-safe and non-blocking.
 *
 * <pre>{@code
 * GatewayFilter hops = new HopFilter(hierarchy);   // GatewayServer.Builder.hierarchy(...) installs it
 * }</pre>
 */
public final class HopFilter implements GatewayFilter {
    /** How many more times the call may be forwarded. */
    public static final String HOPS = "acf-hops";
    /** The ids of the gateways the call passed, comma-separated, first first. */
    public static final String VIA = "acf-via";
    /** The original caller, as the first gateway authenticated it. */
    public static final String FORWARDED_CALLER = "acf-forwarded-caller";
    /** A call that went round in circles or ran out of hops. */
    public static final ErrorCode ROUTING_LOOP = new ErrorCode("routing_loop", 508);

    private static final Logger LOG = LoggerFactory.getLogger(HopFilter.class);
    private static final int MAX_VIA = 64;

    private final Hierarchy hierarchy;

    /** Applies the hop rules of this hierarchy. */
    public HopFilter(Hierarchy hierarchy) {
        this.hierarchy = Objects.requireNonNull(hierarchy, "hierarchy");
    }

    @Override
    public Exchange.Response filter(Exchange exchange, Chain chain) {
        Exchange.Request request = exchange.request();
        Optional<AgentPath> path;
        try {
            path = AgentPath.parse(request.path());
        } catch (AcfException e) {
            path = Optional.empty();
        }
        if (path.isEmpty()) {
            // The catalogue and cards are answered here: nothing to forward, no claim to keep.
            return chain.proceed(exchange.withRequest(with(request, withoutHopHeaders(request.headers()))));
        }
        List<String> via = via(request.headers());
        String trail = via.isEmpty() ? "(none)" : String.join(" -> ", via);
        if (via.contains(hierarchy.id()) || via.size() >= MAX_VIA) {
            return ErrorResponses.of(ROUTING_LOOP, "routing loop: the call to " + path.get().name() + " came back to gateway "
                    + hierarchy.id() + " along " + trail + " -> " + hierarchy.id(), exchange.requestId());
        }
        int hops;
        try {
            hops = request.headers().first(HOPS).map(v -> Integer.parseInt(v.trim())).orElse(hierarchy.maxHops());
        } catch (NumberFormatException e) {
            return ErrorResponses.of(ErrorCode.INVALID_REQUEST, HOPS + " must be a whole number", exchange.requestId());
        }
        hops = Math.min(hops, hierarchy.maxHops());
        Exchange passed = exchange;
        AgentName name = path.get().name();
        Hierarchy.Placement placement = hierarchy.place(name);
        String claimed = request.headers().first(FORWARDED_CALLER).orElse(null);
        AgentName certified = certifiedAgent(exchange);
        PeerGateway peer = certified == null ? null : hierarchy.peerGateway(certified).orElse(null);
        if (peer != null) {
            if (placement != Hierarchy.Placement.LOCAL && placement != Hierarchy.Placement.CHILD) {
                return ErrorResponses.of(ErrorCode.PERMISSION_DENIED, "gateway " + certified + " of peer domain " + peer.domain()
                        + " may call only names of " + hierarchy.owns() + " here, not " + name, exchange.requestId());
            }
            if (claimed != null) {
                CallerIdentity original;
                try {
                    original = peerCaller(peer, certified, ForwardedCaller.decode(claimed), exchange.caller());
                } catch (AcfException e) {
                    return ErrorResponses.of(e, exchange.requestId());
                }
                passed = passed.withCaller(original).withAttribute(ExchangeAttributes.FORWARDED_BY, certified.toString());
            }
        } else if (certified != null && hierarchy.peerOf(certified).isPresent()) {
            PeerGateway home = hierarchy.peerOf(certified).get();
            return ErrorResponses.of(ErrorCode.PERMISSION_DENIED, certified + " of peer domain " + home.domain() + " must call through "
                    + "its domain's gateway " + home.gateway(), exchange.requestId());
        } else if (claimed != null) {
            AgentName gateway = trustedGateway(exchange);
            if (gateway != null) {
                CallerIdentity original;
                try {
                    original = ForwardedCaller.decode(claimed);
                } catch (AcfException e) {
                    return ErrorResponses.of(e, exchange.requestId());
                }
                passed = passed.withCaller(original).withAttribute(ExchangeAttributes.FORWARDED_BY, gateway.toString());
            } else {
                LOG.debug("request {}: ignoring {} from {}, not a trusted gateway", exchange.requestId(), FORWARDED_CALLER,
                        exchange.caller().subject());
            }
        }
        if (!via.isEmpty()) {
            passed = passed.withAttribute(ExchangeAttributes.VIA, String.join(", ", via));
        }
        HttpHeaders headers = withoutHopHeaders(request.headers());
        switch (placement) {
            case LOCAL -> {
                return chain.proceed(passed.withRequest(with(request, headers)));
            }
            case NONE -> {
                return ErrorResponses.of(ErrorCode.AGENT_NOT_FOUND, "no route to " + name + ": gateway " + hierarchy.id()
                        + " owns only " + hierarchy.owns() + " and has no parent gateway", exchange.requestId());
            }
            default -> {
                if (hops <= 0) {
                    return ErrorResponses.of(ROUTING_LOOP, "routing loop: the call to " + name + " ran out of hops at gateway "
                            + hierarchy.id() + " after " + trail, exchange.requestId());
                }
                List<String> onward = new ArrayList<>(via);
                onward.add(hierarchy.id());
                headers = headers.with(HOPS, Integer.toString(hops - 1)).with(VIA, String.join(", ", onward));
                CallerIdentity caller = passed.caller();
                if (caller.isAuthenticated()) {
                    headers = headers.with(FORWARDED_CALLER, ForwardedCaller.encode(caller));
                }
                String next = hierarchy.nextHop(name).map(h -> h.gateway() != null ? h.gateway().toString() : h.base().toString())
                        .orElse("?");
                return chain.proceed(passed.withRequest(with(request, headers)).withAttribute(ExchangeAttributes.NEXT_HOP, next));
            }
        }
    }

    /** The peer's ANS name when it authenticated by certificate as a gateway this hierarchy trusts, else null. */
    private @Nullable AgentName trustedGateway(Exchange exchange) {
        AgentName agent = certifiedAgent(exchange);
        return agent != null && hierarchy.isTrustedGateway(agent) ? agent : null;
    }

    /** The caller's ANS name when it authenticated by certificate, else null. */
    private static @Nullable AgentName certifiedAgent(Exchange exchange) {
        X509Certificate[] peer = exchange.attribute(ExchangeAttributes.PEER_CERTIFICATES, X509Certificate[].class).orElse(null);
        AgentName agent = exchange.caller().agent();
        if (peer == null || peer.length == 0 || agent == null || !exchange.caller().subject().equals(agent.toString())) {
            return null;
        }
        return agent;
    }

    /**
     * The caller a peer domain's gateway vouches for: an agent of that domain, with no roles (they
     * mean nothing here) and no more clearance than the gateway itself was given.
     *
     * @throws AcfException 403 {@code permission_denied} when the caller is not an agent of the peer domain
     */
    static CallerIdentity peerCaller(PeerGateway peer, AgentName gateway, CallerIdentity claimed, CallerIdentity vouching) {
        AgentName agent = claimed.agent();
        if (agent == null || !peer.domain().contains(agent) || claimed.domain() != null && !peer.domain().contains(claimed.domain())) {
            throw new dev.acf.api.error.PermissionDeniedException("gateway " + gateway + " of peer domain "
                    + peer.domain() + " may forward callers of " + peer.domain() + " only, not " + claimed.subject()
                    + (claimed.domain() == null ? "" : " of " + claimed.domain()));
        }
        ClassificationLevel clearance = vouching.clearance().permits(claimed.clearance()) ? claimed.clearance() : vouching.clearance();
        return CallerIdentity.ofAgent(agent, claimed.domain() != null ? claimed.domain() : peer.domain(), clearance);
    }

    private static List<String> via(HttpHeaders headers) {
        List<String> out = new ArrayList<>();
        for (String value : headers.all(VIA)) {
            for (String id : value.split(",")) {
                String trimmed = id.trim();
                if (!trimmed.isEmpty()) {
                    out.add(trimmed);
                }
            }
        }
        return out;
    }

    private static HttpHeaders withoutHopHeaders(HttpHeaders headers) {
        return headers.without(HOPS).without(VIA).without(FORWARDED_CALLER);
    }

    private static Exchange.Request with(Exchange.Request r, HttpHeaders headers) {
        return headers == r.headers() ? r : new Exchange.Request(r.method(), r.path(), headers, r.body());
    }
}
