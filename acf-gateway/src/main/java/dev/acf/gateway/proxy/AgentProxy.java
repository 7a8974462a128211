package dev.acf.gateway.proxy;

import dev.acf.api.agent.AgentRecord;
import dev.acf.api.agent.Endpoint;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.UnavailableException;
import dev.acf.api.gateway.Body;
import dev.acf.api.gateway.Exchange;
import dev.acf.api.gateway.HttpHeaders;
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
import java.net.URI;
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
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards an exchange to an agent: picks its JSON-RPC endpoint, sends the request over a
 * pooled upstream connection with the gateway's request id and the caller identity, and
 * returns the answer with the topology hidden. Small responses come back whole; event
 * streams and bodies over the aggregation limit come back with an empty body and are
 * streamed through {@link RequestScope#attachStream}. An idempotent request ({@code GET},
 * {@code HEAD}) whose connection fails before any answer is retried once. Blocks the calling
 * virtual thread until the response head arrives; thread-safe.
 *
 * <pre>{@code
 * Exchange.Response r = proxy.forward(exchange, record, "/tasks", "https://gw/agents/ans%3A...", scope);
 * }</pre>
 */
public final class AgentProxy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentProxy.class);
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS");

    private final UpstreamPool pool;
    private final GatewayLimits limits;

    /**
     * Creates a proxy whose upstream connections run on {@code group}.
     *
     * @param upstreamTls how connections to {@code https} agents are secured (the gateway's identity for
     *     mTLS, verifying the agent's ANS name), or {@code null} for the JDK's default trust
     */
    public AgentProxy(EventLoopGroup group, Class<? extends SocketChannel> channelType, GatewayLimits limits,
            @Nullable UpstreamTls upstreamTls) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.pool = new UpstreamPool(group, channelType, limits, upstreamTls);
    }

    /**
     * Forwards the exchange to the agent.
     *
     * @param rest the path and query after the agent's gateway address, appended to its endpoint
     * @param agentBase the agent's gateway address, for {@code Location} rewriting
     * @throws UnavailableException {@code upstream_failed} (502) or {@code upstream_timeout} (504),
     *     naming the agent, never its address
     */
    public Exchange.Response forward(Exchange exchange, AgentRecord agent, String rest, String agentBase, RequestScope scope) {
        Endpoint endpoint = choose(agent);
        UrlRewriter urls = new UrlRewriter(agent.endpoints(), agentBase);
        boolean idempotent = IDEMPOTENT.contains(exchange.request().method());
        for (int attempt = 1; ; attempt++) {
            Attempt result = attempt(exchange, agent, endpoint, rest);
            if (result.call == null || result.head == null) {
                if (idempotent && attempt == 1 && result.retryable) {
                    LOG.debug("request {} to {}: retrying after a connection failure", exchange.requestId(), agent.name());
                    continue;
                }
                throw Objects.requireNonNull(result.failure);
            }
            HttpResponse head = result.head.response();
            HttpHeaders headers = HeaderRules.downstream(headers(head), urls);
            if (result.head.body() != null) {
                // The transport sets the length of a whole body; a HEAD answer keeps the length the agent declared.
                HttpHeaders whole = exchange.request().method().equals("HEAD") ? headers : headers.without("content-length");
                return new Exchange.Response(head.status().code(), whole, Body.of(result.head.body()));
            }
            scope.attachStream(head.status().code(), result.call);
            return new Exchange.Response(head.status().code(), headers, Body.empty());
        }
    }

    private record Attempt(@Nullable UpstreamCall call, UpstreamCall.@Nullable Head head, @Nullable RuntimeException failure,
            boolean retryable) {}

    private Attempt attempt(Exchange exchange, AgentRecord agent, Endpoint endpoint, String rest) {
        URI url = endpoint.url();
        Channel channel;
        CompletableFuture<Channel> acquired = pool.acquire(url, agent.name());
        try {
            channel = acquired.get(limits.upstreamConnectTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // A connection that arrives after we gave up goes back to the pool instead of leaking its slot.
            acquired.thenAccept(UpstreamPool::release);
            LOG.debug("request {}: no connection to {}: {}", exchange.requestId(), agent.name(), e.toString());
            return new Attempt(null, null, new UnavailableException(ErrorCode.UPSTREAM_FAILED,
                    "agent " + agent.name() + " cannot be reached"), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(null, null, new UnavailableException(ErrorCode.UNAVAILABLE, "the gateway is shutting down"), false);
        }
        UpstreamCall call = new UpstreamCall(channel, limits.maxResponseAggregationBytes(), limits.streamIdleTimeout().toNanos());
        CompletableFuture<UpstreamCall.Head> head = call.send(request(exchange, url, rest));
        try {
            return new Attempt(call, head.get(limits.upstreamResponseTimeout().toMillis(), TimeUnit.MILLISECONDS), null, false);
        } catch (TimeoutException e) {
            call.cancel();
            return new Attempt(null, null, new UnavailableException(ErrorCode.UPSTREAM_TIMEOUT,
                    "agent " + agent.name() + " did not answer within " + limits.upstreamResponseTimeout().toSeconds() + " s"), false);
        } catch (ExecutionException e) {
            LOG.debug("request {} to {} failed: {}", exchange.requestId(), agent.name(), e.getCause().toString());
            return new Attempt(null, null, new UnavailableException(ErrorCode.UPSTREAM_FAILED,
                    "agent " + agent.name() + " failed to answer"), !call.receivedAnything());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel();
            return new Attempt(null, null, new UnavailableException(ErrorCode.UNAVAILABLE, "the gateway is shutting down"), false);
        }
    }

    private static Endpoint choose(AgentRecord agent) {
        return agent.endpoints().stream()
                .filter(e -> e.transport().equals(Endpoint.JSONRPC))
                .findFirst()
                .orElse(agent.endpoints().get(0));
    }

    private static FullHttpRequest request(Exchange exchange, URI endpoint, String rest) {
        Exchange.Request in = exchange.request();
        byte[] body = in.body().bytes();
        FullHttpRequest out = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(in.method()),
                target(endpoint, rest), Unpooled.wrappedBuffer(body));
        HeaderRules.upstream(in.headers(), exchange.requestId(), exchange.caller())
                .fields().forEach((name, values) -> out.headers().add(name, values));
        boolean defaultPort = endpoint.getPort() < 0;
        out.headers().set(HttpHeaderNames.HOST, endpoint.getHost() + (defaultPort ? "" : ":" + endpoint.getPort()));
        if (body.length > 0 || !IDEMPOTENT.contains(in.method())) {
            out.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
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
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : response.headers()) {
            fields.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(h.getValue());
        }
        return new HttpHeaders(fields);
    }

    @Override
    public void close() {
        pool.close();
    }
}
