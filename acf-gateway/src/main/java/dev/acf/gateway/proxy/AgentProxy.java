package dev.acf.gateway.proxy;

import dev.acf.api.agent.Endpoint;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.UnavailableException;
import dev.acf.api.gateway.Body;
import dev.acf.api.gateway.Exchange;
import dev.acf.api.gateway.HttpHeaders;
import dev.acf.api.gateway.LoadBalancer;
import dev.acf.api.gateway.Route;
import dev.acf.api.name.AgentName;
import dev.acf.gateway.GatewayLimits;
import dev.acf.gateway.pipeline.RequestScope;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
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
 * as a failure. Blocks the calling virtual thread until the response head arrives; thread-safe.
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
     *
     * @throws UnavailableException as {@link #forward}, and {@code unavailable} (503) when every endpoint is excluded
     */
    public Opened open(Exchange exchange, Route route, String agentBase, Set<URI> excluded) {
        List<Endpoint> untried = new ArrayList<>(route.endpoints().size());
        for (Endpoint e : route.endpoints()) {
            if (!excluded.contains(e.url())) {
                untried.add(e);
            }
        }
        if (untried.isEmpty()) {
            throw new UnavailableException(ErrorCode.UNAVAILABLE, "no other instance of agent " + route.target() + " is available");
        }
        UpstreamGuards.Budget budget = guards.budget(route.target());
        budget.start();
        try {
            Endpoint first = excluded.isEmpty() ? balancer.choose(route) : balancer.choose(route, List.copyOf(untried));
            return send(exchange, route, new UrlRewriter(route.endpoints(), agentBase), untried, first, budget);
        } finally {
            budget.end();
        }
    }

    /** Tells the balancer that a call to this endpoint failed after it answered (a stream cut mid-way). */
    public void failed(Endpoint endpoint) {
        balancer.record(endpoint, false, Duration.ZERO);
    }

    private Opened send(Exchange exchange, Route route, UrlRewriter urls, List<Endpoint> untried, Endpoint first,
            UpstreamGuards.Budget budget) {
        boolean idempotent = Idempotency.isIdempotent(exchange);
        AgentName agent = route.target();
        Endpoint endpoint = first;
        boolean chosen = true;
        boolean retry = false;
        boolean sameAgain = false;
        Opened lastAnswer = null;
        RuntimeException lastFailure = null;
        for (int attempt = 1; ; attempt++) {
            untried.remove(endpoint);
            UpstreamGuards.Breaker breaker = guards.breaker(endpoint.url());
            String full = breaker.enter(retry);
            Attempt result;
            if (full != null) {
                result = Attempt.notSent(new UnavailableException(UpstreamGuards.CIRCUIT_OPEN,
                        "too many " + full + " to agent " + agent + "; retry later"), false);
            } else {
                long started = System.nanoTime();
                try {
                    result = attempt(exchange, agent, endpoint, route.upstreamPath(), breaker);
                } finally {
                    breaker.exit(retry);
                }
                result = result.took(System.nanoTime() - started);
            }
            if (retry) {
                budget.retryEnded();
                retry = false;
            }
            boolean again;
            if (result.head != null && result.call != null) {
                int status = result.head.response().status().code();
                report(endpoint, chosen, status < 500, result.nanos);
                Opened opened = answer(exchange, result.call, result.head, urls, endpoint);
                boolean gatewayError = status == 502 || status == 503 || status == 504;
                if (!(idempotent && gatewayError && result.head.body() != null)) {
                    return opened;
                }
                lastAnswer = opened;
                lastFailure = null;
                again = true;
            } else {
                // A full pool or an open breaker says nothing about the agent's health: no failure is counted.
                report(endpoint, chosen, result.kind == Kind.BUSY, result.kind == Kind.BUSY ? 0 : result.nanos);
                lastAnswer = null;
                lastFailure = Objects.requireNonNull(result.failure);
                again = result.kind == Kind.BUSY || result.kind == Kind.UNREACHABLE || idempotent && result.kind == Kind.RESET;
            }
            chosen = false;
            if (!again || attempt >= guards.policy().maxAttempts()) {
                break;
            }
            Endpoint next;
            if (!untried.isEmpty()) {
                next = balancer.choose(route, List.copyOf(untried));
                chosen = true;
            } else if (result.kind == Kind.RESET && !sameAgain) {
                next = endpoint;
                sameAgain = true;
            } else {
                break;
            }
            if (!budget.tryRetry()) {
                report(next, chosen, true, 0);
                LOG.debug("request {} to {}: the retry budget is spent, not trying again", exchange.requestId(), agent);
                break;
            }
            retry = true;
            LOG.debug("request {} to {}: attempt {} failed ({}), trying again", exchange.requestId(), agent, attempt,
                    lastAnswer != null ? lastAnswer.response().status() : result.kind);
            endpoint = next;
        }
        if (lastAnswer != null) {
            return lastAnswer;
        }
        throw Objects.requireNonNull(lastFailure);
    }

    /** Reports the outcome of a choice to the balancer, once per choice (a retry on the same endpoint was not a choice). */
    private void report(Endpoint endpoint, boolean chosen, boolean success, long nanos) {
        if (chosen) {
            balancer.record(endpoint, success, Duration.ofNanos(nanos));
        }
    }

    private static Opened answer(Exchange exchange, UpstreamCall call, UpstreamCall.Head head, UrlRewriter urls, Endpoint endpoint) {
        HttpResponse response = head.response();
        HttpHeaders headers = HeaderRules.downstream(headers(response), urls);
        if (head.body() != null) {
            // The transport sets the length of a whole body; a HEAD answer keeps the length the agent declared.
            HttpHeaders whole = exchange.request().method().equals("HEAD") ? headers : headers.without("content-length");
            return new Opened(new Exchange.Response(response.status().code(), whole, Body.ofOwned(head.body())), null, endpoint);
        }
        return new Opened(new Exchange.Response(response.status().code(), headers, Body.empty()), call, endpoint);
    }

    /** How an attempt ended. */
    private enum Kind {
        /** The agent answered. */
        ANSWERED,
        /** No connection could be had: nothing was sent. */
        UNREACHABLE,
        /** The pool or a circuit breaker was at its limit: nothing was sent, the agent may be fine. */
        BUSY,
        /** The request was (perhaps) sent and the connection failed before any answer byte. */
        RESET,
        /** The agent did not answer in time. */
        TIMEOUT,
        /** Anything else: the call cannot be tried again. */
        FAILED
    }

    private record Attempt(Kind kind, @Nullable UpstreamCall call, UpstreamCall.@Nullable Head head,
            @Nullable RuntimeException failure, long nanos) {

        static Attempt notSent(RuntimeException failure, boolean unreachable) {
            return new Attempt(unreachable ? Kind.UNREACHABLE : Kind.BUSY, null, null, failure, 0);
        }

        static Attempt failed(Kind kind, RuntimeException failure) {
            return new Attempt(kind, null, null, failure, 0);
        }

        Attempt took(long elapsed) {
            return new Attempt(kind, call, head, failure, elapsed);
        }
    }

    private Attempt attempt(Exchange exchange, AgentName agent, Endpoint endpoint, String rest, UpstreamGuards.Breaker breaker) {
        URI url = endpoint.url();
        Channel channel;
        if (!breaker.startWaiting()) {
            return Attempt.notSent(new UnavailableException(UpstreamGuards.CIRCUIT_OPEN,
                    "too many calls waiting for a connection to agent " + agent + "; retry later"), false);
        }
        CompletableFuture<Channel> acquired = pool.acquire(endpoint, agent);
        try {
            channel = acquired.get(limits.upstreamConnectTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // A connection that arrives after we gave up goes back to the pool instead of leaking its slot.
            acquired.thenAccept(UpstreamPool::release);
            LOG.debug("request {}: no connection to {}: {}", exchange.requestId(), agent, e.toString());
            if (e instanceof ExecutionException && !unreachable(e.getCause())) {
                // The pool is saturated (every connection or stream busy): the agent is fine, the gateway is at its bound.
                return Attempt.notSent(new UnavailableException(ErrorCode.UNAVAILABLE,
                        "too many calls in progress to agent " + agent + "; retry later"), false);
            }
            return Attempt.notSent(new UnavailableException(ErrorCode.UPSTREAM_FAILED, "agent " + agent + " cannot be reached"), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Attempt.failed(Kind.FAILED, new UnavailableException(ErrorCode.UNAVAILABLE, "the gateway is shutting down"));
        } finally {
            breaker.stopWaiting();
        }
        UpstreamCall call = new UpstreamCall(channel, limits.maxResponseAggregationBytes(), limits.streamIdleTimeout().toNanos());
        CompletableFuture<UpstreamCall.Head> head = call.send(request(exchange, url, rest));
        try {
            return new Attempt(Kind.ANSWERED, call, head.get(limits.upstreamResponseTimeout().toMillis(), TimeUnit.MILLISECONDS), null, 0);
        } catch (TimeoutException e) {
            call.cancel();
            return Attempt.failed(Kind.TIMEOUT, new UnavailableException(ErrorCode.UPSTREAM_TIMEOUT,
                    "agent " + agent + " did not answer within " + limits.upstreamResponseTimeout().toSeconds() + " s"));
        } catch (ExecutionException e) {
            LOG.debug("request {} to {} failed: {}", exchange.requestId(), agent, e.getCause().toString());
            return Attempt.failed(call.receivedAnything() ? Kind.FAILED : Kind.RESET,
                    new UnavailableException(ErrorCode.UPSTREAM_FAILED, "agent " + agent + " failed to answer"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel();
            return Attempt.failed(Kind.FAILED, new UnavailableException(ErrorCode.UNAVAILABLE, "the gateway is shutting down"));
        }
    }

    /** Whether a failed acquire says the endpoint is down (rather than the pool full). */
    private static boolean unreachable(@Nullable Throwable cause) {
        return cause instanceof ConnectException || cause instanceof SocketException || cause instanceof UnknownHostException
                || cause instanceof SSLException || cause instanceof ClosedChannelException;
    }

    private static FullHttpRequest request(Exchange exchange, URI endpoint, String rest) {
        Exchange.Request in = exchange.request();
        Body body = in.body();
        FullHttpRequest out = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(in.method()),
                target(endpoint, rest), Unpooled.wrappedBuffer(body.asReadOnlyBuffer()));
        HeaderRules.upstream(in.headers(), exchange.requestId(), exchange.caller())
                .fields().forEach((name, values) -> out.headers().add(name, values));
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

    private static HttpHeaders headers(HttpResponse response) {
        Map<String, List<String>> fields = LinkedHashMap.newLinkedHashMap(response.headers().size());
        for (Map.Entry<String, String> h : response.headers()) {
            // Immutable lists: HttpHeaders keeps them instead of copying; repeated fields are rare.
            List<String> before = fields.putIfAbsent(h.getKey().toLowerCase(Locale.ROOT), List.of(h.getValue()));
            if (before != null) {
                List<String> more = new ArrayList<>(before);
                more.add(h.getValue());
                fields.put(h.getKey().toLowerCase(Locale.ROOT), List.copyOf(more));
            }
        }
        return new HttpHeaders(fields);
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
