package dev.acf.gateway.proxy;

import dev.acf.api.agent.Endpoint;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.UnavailableException;
import dev.acf.api.gateway.AsyncFilterChain;
import dev.acf.api.gateway.Body;
import dev.acf.api.gateway.Exchange;
import dev.acf.api.gateway.HttpHeaders;
import dev.acf.api.gateway.LoadBalancer;
import dev.acf.api.gateway.Route;
import dev.acf.gateway.GatewayLimits;
import dev.acf.gateway.pipeline.RequestScope;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards an exchange along a {@link Route}: the {@link LoadBalancer} picks one of the route's
 * endpoints, the request goes over a pooled upstream connection (HTTP/1.1, or a stream of a
 * shared HTTP/2 connection) with the gateway's request id and the caller identity, and the
 * answer comes back with the topology hidden. Small responses come back whole; event streams
 * and bodies over the aggregation limit come back with an empty body and are streamed through
 * {@link RequestScope#attachStream}.
 *
 * <p>Failover (GW-HA-1), within the {@link UpstreamPolicy}'s attempts, circuit breakers and retry
 * budget, always on an endpoint not tried yet:
 * <pre>
 *   outcome of an attempt                          idempotent call     other call
 *   no connection (refused, TLS failed), breaker   another endpoint    another endpoint (nothing was sent)
 *   open, pool full: nothing was sent
 *   connection reset before any answer byte        another endpoint    502 upstream_failed
 *   502/503/504 answered (whole body)              another endpoint    the agent's answer
 *   no answer in time                              504                 504
 * </pre>
 * An idempotent call whose every endpoint was tried retries a reset once more on the same one (a
 * pooled connection the agent closed while idle). Which calls are idempotent: see {@code Idempotency}
 * and {@code gateway.md}. Every choice of the balancer is reported back exactly once, a 5xx answer
 * as a failure. {@link #forward} and {@link #open} block the calling virtual thread until the
 * response head arrives; {@link #forwardAsync} and {@link #openAsync} do not, and may be called on
 * an event loop (HTTP/1.1 connections are pooled per event loop: a call made on one stays on it).
 * Thread-safe.
 *
 * <pre>{@code
 * Exchange.Response r = proxy.forward(exchange, route, "https://gw/agents/ans%3A...", scope);
 * }</pre>
 */
public final class AgentProxy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentProxy.class);
    private static final Set<String> BODYLESS = Set.of("GET", "HEAD", "OPTIONS");
    /** The counter of calls tried again on another instance. */
    public static final String RETRIES = "acf.gateway.upstream.retries";
    /** The counter of retries the retry budget refused. */
    public static final String RETRIES_DENIED = "acf.gateway.upstream.retries.denied";
    /** The counter of calls an open circuit breaker refused, tagged {@code limit}. */
    public static final String BREAKER_OPEN = "acf.gateway.upstream.breaker.open";

    private final UpstreamPool pool;
    private final GatewayLimits limits;
    private final LoadBalancer balancer;
    private final UpstreamGuards guards;

    /**
     * Creates a proxy with the {@linkplain UpstreamPolicy#defaults() default} breakers and retry budget.
     *
     * @see #AgentProxy(EventLoopGroup, Class, GatewayLimits, UpstreamTls, UpstreamProtocols, LoadBalancer, UpstreamPolicy)
     */
    public AgentProxy(EventLoopGroup group, Class<? extends SocketChannel> channelType, GatewayLimits limits,
            @Nullable UpstreamTls upstreamTls, UpstreamProtocols protocols, LoadBalancer balancer) {
        this(group, channelType, limits, upstreamTls, protocols, balancer, UpstreamPolicy.defaults());
    }

    /**
     * Creates a proxy whose upstream connections run on {@code group}.
     *
     * @param upstreamTls how connections to {@code https} agents are secured (the gateway's identity for
     *     mTLS, verifying the agent's ANS name), or {@code null} for the JDK's default trust
     * @param protocols when to speak HTTP/2 to agents
     * @param balancer chooses an endpoint per call and learns from the outcomes
     * @param policy the attempts, circuit breakers and retry budget
     */
    public AgentProxy(EventLoopGroup group, Class<? extends SocketChannel> channelType, GatewayLimits limits,
            @Nullable UpstreamTls upstreamTls, UpstreamProtocols protocols, LoadBalancer balancer, UpstreamPolicy policy) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.balancer = Objects.requireNonNull(balancer, "balancer");
        this.guards = new UpstreamGuards(Objects.requireNonNull(policy, "policy"));
        this.pool = new UpstreamPool(group, channelType, limits, upstreamTls, Objects.requireNonNull(protocols, "protocols"));
    }

    /** Registers {@value #RETRIES}, {@value #RETRIES_DENIED} and {@value #BREAKER_OPEN} in the registry. */
    public void bindTo(MeterRegistry registry) {
        guards.bindTo(registry);
    }

    /**
     * Forwards the exchange along the route.
     *
     * @param agentBase the agent's gateway address, for {@code Location} rewriting
     * @throws UnavailableException {@code upstream_failed} (502) or {@code upstream_timeout} (504),
     *     naming the agent, never its address; {@code unavailable} (503) when the balancer has no endpoint;
     *     {@code circuit_open} (503) when every endpoint tried was at a circuit breaker's limit
     */
    public Exchange.Response forward(Exchange exchange, Route route, String agentBase, RequestScope scope) {
        Opened opened = open(exchange, route, agentBase, Set.of());
        UpstreamStream body = opened.body();
        if (body != null) {
            scope.attachStream(opened.response().status(), body);
        }
        return opened.response();
    }

    /**
     * An agent's answer: its head (with the whole body when small) and, when it is streamed, the body
     * to read or pipe.
     *
     * @param response the answer as the caller would get it, with an empty body when streamed
     * @param body the streamed body, or {@code null} when the response holds the whole body
     * @param endpoint the endpoint that answered
     */
    public record Opened(Exchange.Response response, @Nullable UpstreamStream body, Endpoint endpoint) {}

    /**
     * Sends the exchange to one of the route's endpoints that is not in {@code excluded} and returns
     * the answer's head; a streamed body is left unread for the caller to {@linkplain UpstreamStream#read read}
     * or pipe (it must do one, or cancel it). Used for failover: the endpoints that failed are excluded.
     * Blocks until the head arrives: call it on a virtual thread.
     *
     * @throws UnavailableException as {@link #forward}, and {@code unavailable} (503) when every endpoint is excluded
     */
    public Opened open(Exchange exchange, Route route, String agentBase, Set<URI> excluded) {
        CompletableFuture<Opened> opened = openAsync(exchange, route, agentBase, excluded);
        try {
            return opened.get();
        } catch (ExecutionException e) {
            Throwable cause = AsyncFilterChain.unwrap(e);
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // Nobody will read an answer that still comes: its stream is cancelled, its connection freed.
            opened.thenAccept(late -> {
                UpstreamStream body = late.body();
                if (body != null) {
                    body.cancel();
                }
            });
            throw new UnavailableException(ErrorCode.UNAVAILABLE, "the gateway is shutting down");
        }
    }

    /**
     * Forwards the exchange along the route without blocking: what {@link #forward} answers, as a
     * future completed on the upstream connection's event loop (the calling event loop's own pool
     * when called on one, so that the whole call stays on that loop).
     */
    public CompletableFuture<Exchange.Response> forwardAsync(Exchange exchange, Route route, String agentBase, RequestScope scope) {
        return openAsync(exchange, route, agentBase, Set.of()).thenApply(opened -> {
            UpstreamStream body = opened.body();
            if (body != null) {
                scope.attachStream(opened.response().status(), body);
            }
            return opened.response();
        });
    }

    /** What {@link #open} returns, without blocking; the future fails with the exceptions {@link #open} throws. */
    public CompletableFuture<Opened> openAsync(Exchange exchange, Route route, String agentBase, Set<URI> excluded) {
        List<Endpoint> untried = new ArrayList<>(route.endpoints().size());
        for (Endpoint e : route.endpoints()) {
            if (!excluded.contains(e.url())) {
                untried.add(e);
            }
        }
        if (untried.isEmpty()) {
            return CompletableFuture.failedFuture(
                    new UnavailableException(ErrorCode.UNAVAILABLE, "no other instance of agent " + route.target() + " is available"));
        }
        UpstreamGuards.Budget budget = guards.budget(route.target());
        budget.start();
        Endpoint first;
        try {
            first = excluded.isEmpty() ? balancer.choose(route) : balancer.choose(route, List.copyOf(untried));
        } catch (RuntimeException e) {
            budget.end();
            return CompletableFuture.failedFuture(e);
        }
        return new Failover(pool, guards, balancer, limits, exchange, route, new UrlRewriter(route.endpoints(), agentBase), untried, first,
                budget).start();
    }

    /** Tells the balancer that a call to this endpoint failed after it answered (a stream cut mid-way). */
    public void failed(Endpoint endpoint) {
        balancer.record(endpoint, false, Duration.ZERO);
    }

    static Opened answer(Exchange exchange, UpstreamCall call, UpstreamCall.Head head, UrlRewriter urls, Endpoint endpoint) {
        HttpResponse response = head.response();
        HttpHeaders headers = HeaderRules.downstream(response.headers(), urls);
        if (head.body() != null) {
            // The transport sets the length of a whole body; a HEAD answer keeps the length the agent declared.
            HttpHeaders whole = exchange.request().method().equals("HEAD") ? headers : headers.without("content-length");
            return new Opened(new Exchange.Response(response.status().code(), whole, Body.ofOwned(head.body())), null, endpoint);
        }
        return new Opened(new Exchange.Response(response.status().code(), headers, Body.empty()), call, endpoint);
    }

    static FullHttpRequest request(Exchange exchange, URI endpoint, String rest) {
        Exchange.Request in = exchange.request();
        Body body = in.body();
        FullHttpRequest out = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(in.method()),
                target(endpoint, rest), Unpooled.wrappedBuffer(body.asReadOnlyBuffer()));
        HeaderRules.upstream(in.headers(), exchange.requestId(), exchange.caller(), (name, values) -> out.headers().add(name, values));
        boolean defaultPort = endpoint.getPort() < 0;
        out.headers().set(HttpHeaderNames.HOST, endpoint.getHost() + (defaultPort ? "" : ":" + endpoint.getPort()));
        if (body.length() > 0 || !BODYLESS.contains(in.method())) {
            out.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length());
        }
        return out;
    }

    /** Appends the path and query after the agent's gateway address to its endpoint URL. */
    static String target(URI endpoint, String rest) {
        String base = endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/" : endpoint.getRawPath();
        String query = endpoint.getRawQuery();
        String restPath = rest;
        String restQuery = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            restPath = rest.substring(0, q);
            restQuery = rest.substring(q + 1);
        }
        String path = restPath.isEmpty() ? base : (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + restPath;
        String joined = query == null ? restQuery : restQuery == null ? query : query + "&" + restQuery;
        return joined == null ? path : path + "?" + joined;
    }

    /**
     * Closes the upstream connections, and stops the balancer's background work when it has any (an
     * {@link AutoCloseable} balancer such as the peak-EWMA one stops its health probes and starts them
     * again when used anew, so a balancer given to several gateways survives this).
     */
    @Override
    public void close() {
        pool.close();
        if (balancer instanceof AutoCloseable background) {
            try {
                background.close();
            } catch (Exception e) {
                LOG.warn("stopping the load balancer's background work failed", e);
            }
        }
    }
}
