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
 * <p>An endpoint that cannot be connected to is reported to the balancer (which skips it for a
 * while) and the call moves to another endpoint of the route, whatever its method: nothing was
 * sent. An idempotent request ({@code GET}, {@code HEAD}) whose connection fails before any
 * answer is retried once. Blocks the calling virtual thread until the response head arrives;
 * thread-safe.
 *
 * <pre>{@code
 * Exchange.Response r = proxy.forward(exchange, route, "https://gw/agents/ans%3A...", scope);
 * }</pre>
 */
public final class AgentProxy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentProxy.class);
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS");
    /** At most this many endpoints are tried for one call, so a route of many dead instances fails fast. */
    private static final int MAX_ENDPOINTS_TRIED = 3;

    private final UpstreamPool pool;
    private final GatewayLimits limits;
    private final LoadBalancer balancer;

    /**
     * Creates a proxy whose upstream connections run on {@code group}.
     *
     * @param upstreamTls how connections to {@code https} agents are secured (the gateway's identity for
     *     mTLS, verifying the agent's ANS name), or {@code null} for the JDK's default trust
     * @param protocols when to speak HTTP/2 to agents
     * @param balancer chooses an endpoint per call and learns from the outcomes
     */
    public AgentProxy(EventLoopGroup group, Class<? extends SocketChannel> channelType, GatewayLimits limits,
            @Nullable UpstreamTls upstreamTls, UpstreamProtocols protocols, LoadBalancer balancer) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.balancer = Objects.requireNonNull(balancer, "balancer");
        this.pool = new UpstreamPool(group, channelType, limits, upstreamTls, Objects.requireNonNull(protocols, "protocols"));
    }

    /**
     * Forwards the exchange along the route.
     *
     * @param agentBase the agent's gateway address, for {@code Location} rewriting
     * @throws UnavailableException {@code upstream_failed} (502) or {@code upstream_timeout} (504),
     *     naming the agent, never its address; {@code unavailable} (503) when the balancer has no endpoint
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
        UrlRewriter urls = new UrlRewriter(route.endpoints(), agentBase);
        boolean idempotent = IDEMPOTENT.contains(exchange.request().method());
        List<Endpoint> untried = new ArrayList<>(route.endpoints().stream().filter(e -> !excluded.contains(e.url())).toList());
        if (untried.isEmpty()) {
            throw new UnavailableException(ErrorCode.UNAVAILABLE, "no other instance of agent " + route.target() + " is available");
        }
        Endpoint endpoint = excluded.isEmpty() ? balancer.choose(route) : balancer.choose(route, List.copyOf(untried));
        boolean retried = false;
        int tried = 0;
        while (true) {
            tried++;
            long started = System.nanoTime();
            Attempt result = attempt(exchange, route.target(), endpoint, route.upstreamPath());
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            if (result.call != null && result.head != null) {
                balancer.record(endpoint, true, took);
                return answer(exchange, result.call, result.head, urls, endpoint);
            }
            if (result.unreachable || result.timedOut) {
                balancer.record(endpoint, false, took);
            }
            untried.remove(endpoint);
            if (result.unreachable && !untried.isEmpty() && tried < MAX_ENDPOINTS_TRIED) {
                LOG.debug("request {} to {}: an endpoint cannot be reached, trying another", exchange.requestId(), route.target());
                endpoint = balancer.choose(route, List.copyOf(untried));
                continue;
            }
            if (idempotent && !retried && result.retryable && !result.unreachable) {
                retried = true;
                LOG.debug("request {} to {}: retrying after a connection failure", exchange.requestId(), route.target());
                continue;
            }
            throw Objects.requireNonNull(result.failure);
        }
    }

    /** Tells the balancer that a call to this endpoint failed after it answered (a stream cut mid-way). */
    public void failed(Endpoint endpoint) {
        balancer.record(endpoint, false, Duration.ZERO);
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

    /**
     * @param unreachable no connection could be had: nothing was sent
     * @param timedOut the agent did not answer in time
     * @param retryable the connection failed before any answer
     */
    private record Attempt(@Nullable UpstreamCall call, UpstreamCall.@Nullable Head head, @Nullable RuntimeException failure,
            boolean retryable, boolean unreachable, boolean timedOut) {

        static Attempt failed(RuntimeException failure, boolean retryable) {
            return new Attempt(null, null, failure, retryable, false, false);
        }
    }

    private Attempt attempt(Exchange exchange, AgentName agent, Endpoint endpoint, String rest) {
        URI url = endpoint.url();
        Channel channel;
        CompletableFuture<Channel> acquired = pool.acquire(endpoint, agent);
        try {
            channel = acquired.get(limits.upstreamConnectTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // A connection that arrives after we gave up goes back to the pool instead of leaking its slot.
            acquired.thenAccept(UpstreamPool::release);
            LOG.debug("request {}: no connection to {}: {}", exchange.requestId(), agent, e.toString());
            if (e instanceof ExecutionException && !unreachable(e.getCause())) {
                // The pool is saturated (every connection or stream busy): the agent is fine, the gateway is at its bound.
                return Attempt.failed(new UnavailableException(ErrorCode.UNAVAILABLE,
                        "too many calls in progress to agent " + agent + "; retry later"), false);
            }
            return new Attempt(null, null, new UnavailableException(ErrorCode.UPSTREAM_FAILED, "agent " + agent + " cannot be reached"),
                    true, true, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Attempt.failed(new UnavailableException(ErrorCode.UNAVAILABLE, "the gateway is shutting down"), false);
        }
        UpstreamCall call = new UpstreamCall(channel, limits.maxResponseAggregationBytes(), limits.streamIdleTimeout().toNanos());
        CompletableFuture<UpstreamCall.Head> head = call.send(request(exchange, url, rest));
        try {
            return new Attempt(call, head.get(limits.upstreamResponseTimeout().toMillis(), TimeUnit.MILLISECONDS), null, false, false,
                    false);
        } catch (TimeoutException e) {
            call.cancel();
            return new Attempt(null, null, new UnavailableException(ErrorCode.UPSTREAM_TIMEOUT,
                    "agent " + agent + " did not answer within " + limits.upstreamResponseTimeout().toSeconds() + " s"), false, false, true);
        } catch (ExecutionException e) {
            LOG.debug("request {} to {} failed: {}", exchange.requestId(), agent, e.getCause().toString());
            return Attempt.failed(new UnavailableException(ErrorCode.UPSTREAM_FAILED, "agent " + agent + " failed to answer"),
                    !call.receivedAnything());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel();
            return Attempt.failed(new UnavailableException(ErrorCode.UNAVAILABLE, "the gateway is shutting down"), false);
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
        if (body.length() > 0 || !IDEMPOTENT.contains(in.method())) {
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

    @Override
    public void close() {
        pool.close();
    }
}
