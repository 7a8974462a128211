package dev.acf.gateway.proxy;

import dev.acf.api.agent.Endpoint;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.UnavailableException;
import dev.acf.api.gateway.AsyncFilterChain;
import dev.acf.api.gateway.Exchange;
import dev.acf.api.gateway.LoadBalancer;
import dev.acf.api.gateway.Route;
import dev.acf.api.name.AgentName;
import dev.acf.gateway.GatewayLimits;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One forwarded call's attempts, as {@link AgentProxy} describes them (endpoints, breakers, retry
 * budget), without blocking: each attempt acquires a connection and sends when it arrives, with
 * timers on an event loop for the acquire and answer deadlines; the outcome decides the next
 * attempt or completes the call's future. Each step runs on the thread that completed the one
 * before (the upstream connection's event loop, which is the caller's when the pool is per loop);
 * steps never overlap, each one's writes are published to the next through the futures.
 */
final class Failover {
    private static final Logger LOG = LoggerFactory.getLogger(Failover.class);

    /** How an attempt ended. */
    enum Kind {
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

    record Attempt(Kind kind, @Nullable UpstreamCall call, UpstreamCall.@Nullable Head head,
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

    private final UpstreamPool pool;
    private final UpstreamGuards guards;
    private final LoadBalancer balancer;
    private final GatewayLimits limits;
    private final Exchange exchange;
    private final Route route;
    private final UrlRewriter urls;
    private final List<Endpoint> untried;
    private final UpstreamGuards.Budget budget;
    private final CompletableFuture<AgentProxy.Opened> result = new CompletableFuture<>();
    private final boolean idempotent;
    private final AgentName agent;
    private Endpoint endpoint;
    private int attempt;
    private boolean chosen = true;
    private boolean retry;
    private boolean sameAgain;
    private AgentProxy.@Nullable Opened lastAnswer;
    private @Nullable RuntimeException lastFailure;

    Failover(UpstreamPool pool, UpstreamGuards guards, LoadBalancer balancer, GatewayLimits limits, Exchange exchange, Route route,
            UrlRewriter urls, List<Endpoint> untried, Endpoint first, UpstreamGuards.Budget budget) {
        this.pool = pool;
        this.guards = guards;
        this.balancer = balancer;
        this.limits = limits;
        this.exchange = exchange;
        this.route = route;
        this.urls = urls;
        this.untried = untried;
        this.endpoint = first;
        this.budget = budget;
        this.idempotent = Idempotency.isIdempotent(exchange);
        this.agent = route.target();
    }

    /** Starts the first attempt; the future completes with the answer or fails with an {@link UnavailableException}. */
    CompletableFuture<AgentProxy.Opened> start() {
        step();
        return result;
    }

    private void step() {
        attempt++;
        untried.remove(endpoint);
        UpstreamGuards.Breaker breaker = guards.breaker(endpoint.url());
        boolean wasRetry = retry;
        String full = breaker.enter(wasRetry);
        if (full != null) {
            after(Attempt.notSent(new UnavailableException(UpstreamGuards.CIRCUIT_OPEN,
                    "too many " + full + " to agent " + agent + "; retry later"), false));
            return;
        }
        long started = System.nanoTime();
        CompletableFuture<Attempt> sent;
        try {
            sent = send(breaker);
        } catch (RuntimeException e) {
            breaker.exit(wasRetry);
            fail(e);
            return;
        }
        sent.whenComplete((outcome, failure) -> {
            breaker.exit(wasRetry);
            Attempt a = outcome != null ? outcome.took(System.nanoTime() - started)
                    : Attempt.failed(Kind.FAILED, new UnavailableException(ErrorCode.UPSTREAM_FAILED, "agent " + agent + " failed to answer"));
            after(a);
        });
    }

    /** Decides what follows an attempt: the answer, another attempt, or the failure. */
    private void after(Attempt outcome) {
        try {
            decide(outcome);
        } catch (RuntimeException e) {
            LOG.error("request {}: choosing the next attempt failed", exchange.requestId(), e);
            fail(e);
        }
    }

    private void decide(Attempt outcome) {
        if (retry) {
            budget.retryEnded();
            retry = false;
        }
        boolean again;
        UpstreamCall call = outcome.call();
        UpstreamCall.Head head = outcome.head();
        if (head != null && call != null) {
            int status = head.response().status().code();
            report(endpoint, chosen, status < 500, outcome.nanos());
            AgentProxy.Opened opened = AgentProxy.answer(exchange, call, head, urls, endpoint);
            boolean gatewayError = status == 502 || status == 503 || status == 504;
            if (!(idempotent && gatewayError && head.body() != null)) {
                complete(opened);
                return;
            }
            lastAnswer = opened;
            lastFailure = null;
            again = true;
        } else {
            // A full pool or an open breaker says nothing about the agent's health: no failure is counted.
            report(endpoint, chosen, outcome.kind() == Kind.BUSY, outcome.kind() == Kind.BUSY ? 0 : outcome.nanos());
            lastAnswer = null;
            lastFailure = Objects.requireNonNull(outcome.failure());
            again = outcome.kind() == Kind.BUSY || outcome.kind() == Kind.UNREACHABLE || idempotent && outcome.kind() == Kind.RESET;
        }
        chosen = false;
        if (!again || attempt >= guards.policy().maxAttempts()) {
            end();
            return;
        }
        Endpoint next;
        if (!untried.isEmpty()) {
            next = balancer.choose(route, List.copyOf(untried));
            chosen = true;
        } else if (outcome.kind() == Kind.RESET && !sameAgain) {
            next = endpoint;
            sameAgain = true;
        } else {
            end();
            return;
        }
        if (!budget.tryRetry()) {
            report(next, chosen, true, 0);
            LOG.debug("request {} to {}: the retry budget is spent, not trying again", exchange.requestId(), agent);
            end();
            return;
        }
        retry = true;
        LOG.debug("request {} to {}: attempt {} failed ({}), trying again", exchange.requestId(), agent, attempt,
                lastAnswer != null ? lastAnswer.response().status() : outcome.kind());
        endpoint = next;
        step();
    }

    private void end() {
        AgentProxy.Opened answer = lastAnswer;
        if (answer != null) {
            complete(answer);
        } else {
            fail(Objects.requireNonNull(lastFailure));
        }
    }

    private void complete(AgentProxy.Opened opened) {
        budget.end();
        result.complete(opened);
    }

    private void fail(RuntimeException failure) {
        budget.end();
        result.completeExceptionally(failure);
    }

    /** Reports the outcome of a choice to the balancer, once per choice (a retry on the same endpoint was not a choice). */
    private void report(Endpoint to, boolean wasChosen, boolean success, long nanos) {
        if (wasChosen) {
            balancer.record(to, success, Duration.ofNanos(nanos));
        }
    }

    /** One attempt: a connection (within the acquire deadline), the request, the answer's head (within the answer deadline). */
    private CompletableFuture<Attempt> send(UpstreamGuards.Breaker breaker) {
        if (!breaker.startWaiting()) {
            return CompletableFuture.completedFuture(Attempt.notSent(new UnavailableException(UpstreamGuards.CIRCUIT_OPEN,
                    "too many calls waiting for a connection to agent " + agent + "; retry later"), false));
        }
        CompletableFuture<Attempt> outcome = new CompletableFuture<>();
        EventLoop loop = pool.timerLoop();
        CompletableFuture<Channel> acquired;
        try {
            acquired = pool.acquire(endpoint, agent);
        } catch (RuntimeException e) {
            breaker.stopWaiting();
            throw e;
        }
        AtomicBoolean settled = new AtomicBoolean();
        ScheduledFuture<?> deadline = acquired.isDone() ? null : loop.schedule(() -> {
            if (settled.compareAndSet(false, true)) {
                breaker.stopWaiting();
                // A connection that arrives after we gave up goes back to the pool instead of leaking its slot.
                acquired.thenAccept(UpstreamPool::release);
                LOG.debug("request {}: no connection to {} in time", exchange.requestId(), agent);
                outcome.complete(Attempt.notSent(new UnavailableException(ErrorCode.UPSTREAM_FAILED, "agent " + agent + " cannot be reached"),
                        true));
            }
        }, limits.upstreamConnectTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
        acquired.whenComplete((channel, failure) -> {
            if (!settled.compareAndSet(false, true)) {
                return;
            }
            if (deadline != null) {
                deadline.cancel(false);
            }
            breaker.stopWaiting();
            if (failure != null) {
                Throwable cause = AsyncFilterChain.unwrap(failure);
                LOG.debug("request {}: no connection to {}: {}", exchange.requestId(), agent, cause.toString());
                if (!unreachable(cause)) {
                    // The pool is saturated (every connection or stream busy): the agent is fine, the gateway is at its bound.
                    outcome.complete(Attempt.notSent(new UnavailableException(ErrorCode.UNAVAILABLE,
                            "too many calls in progress to agent " + agent + "; retry later"), false));
                } else {
                    outcome.complete(Attempt.notSent(new UnavailableException(ErrorCode.UPSTREAM_FAILED,
                            "agent " + agent + " cannot be reached"), true));
                }
                return;
            }
            call(channel, outcome);
        });
        return outcome;
    }

    private void call(Channel channel, CompletableFuture<Attempt> outcome) {
        UpstreamCall call = new UpstreamCall(channel, limits.maxResponseAggregationBytes(), limits.streamIdleTimeout().toNanos());
        CompletableFuture<UpstreamCall.Head> head = call.send(AgentProxy.request(exchange, endpoint.url(), route.upstreamPath()));
        AtomicBoolean answered = new AtomicBoolean();
        Runnable expired = () -> {
            if (answered.compareAndSet(false, true)) {
                call.cancel();
                outcome.complete(Attempt.failed(Kind.TIMEOUT, new UnavailableException(ErrorCode.UPSTREAM_TIMEOUT,
                        "agent " + agent + " did not answer within " + limits.upstreamResponseTimeout().toSeconds() + " s")));
            }
        };
        // A pooled HTTP/1.1 connection keeps the deadline with its own timer; an HTTP/2 stream gets one per call.
        UpstreamHandler connection = channel.eventLoop().inEventLoop() && channel.pipeline().last() instanceof UpstreamHandler h ? h : null;
        ScheduledFuture<?> deadline = null;
        if (connection != null) {
            connection.expectAnswer(limits.upstreamResponseTimeout().toNanos(), expired);
        } else {
            deadline = channel.eventLoop().schedule(expired, limits.upstreamResponseTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        ScheduledFuture<?> timer = deadline;
        head.whenComplete((h, failure) -> {
            if (!answered.compareAndSet(false, true)) {
                return;
            }
            if (connection != null) {
                connection.answered();
            } else if (timer != null) {
                timer.cancel(false);
            }
            if (failure == null) {
                outcome.complete(new Attempt(Kind.ANSWERED, call, h, null, 0));
                return;
            }
            LOG.debug("request {} to {} failed: {}", exchange.requestId(), agent, AsyncFilterChain.unwrap(failure).toString());
            outcome.complete(Attempt.failed(call.receivedAnything() ? Kind.FAILED : Kind.RESET,
                    new UnavailableException(ErrorCode.UPSTREAM_FAILED, "agent " + agent + " failed to answer")));
        });
    }

    /** Whether a failed acquire says the endpoint is down (rather than the pool full). */
    private static boolean unreachable(@Nullable Throwable cause) {
        return cause instanceof ConnectException || cause instanceof SocketException || cause instanceof UnknownHostException
                || cause instanceof SSLException || cause instanceof ClosedChannelException;
    }
}
