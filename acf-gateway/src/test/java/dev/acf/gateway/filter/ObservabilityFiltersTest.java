package dev.acf.gateway.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acf.api.audit.AuditEvent;
import dev.acf.api.audit.AuditSink;
import dev.acf.api.gateway.Exchange;
import dev.acf.api.gateway.FilterChain;
import dev.acf.api.security.CallerIdentity;
import dev.acf.api.security.ClassificationLevel;
import dev.acf.gateway.AnsFixture;
import dev.acf.gateway.ExchangeAttributes;
import dev.acf.gateway.audit.GatewayMetrics;
import dev.acf.gateway.audit.TraceContext;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Tracing, metrics and audit filters through a FilterChain. */
class ObservabilityFiltersTest {
    static final String PATH = SecurityFiltersTest.ALPHA_PATH;
    static final String TASK_RESULT = """
            {"jsonrpc":"2.0","id":7,"result":{"task":{"id":"task-42","contextId":"ctx-9","status":{"state":"TASK_STATE_WORKING"}}}}""";
    static final CallerIdentity BETA = CallerIdentity.ofAgent(AnsFixture.BETA, dev.acf.api.testkit.SampleAgents.DOMAIN,
            ClassificationLevel.INTERNAL);

    final List<AuditEvent> events = new CopyOnWriteArrayList<>();
    final AuditSink sink = events::add;

    @Test
    void validTraceparentIsContinuedWithANewSpanUpstreamAndInTheResponse() {
        String incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        AtomicReference<Exchange> upstream = new AtomicReference<>();
        FilterChain chain = FilterChain.of(List.of(new TracingFilter()), ex -> {
            upstream.set(ex);
            return Exchanges.ok("{}");
        });

        Exchange.Response response = chain.proceed(Exchanges.get(PATH).withRequest(Exchanges.get(PATH).request()
                .withHeader("traceparent", incoming).withHeader("tracestate", "vendor=abc")));

        TraceContext sent = TraceContext.parse(upstream.get().request().headers().first("traceparent").orElseThrow()).orElseThrow();
        assertThat(sent.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(sent.spanId()).isNotEqualTo("00f067aa0ba902b7");
        assertThat(sent.sampled()).isTrue();
        assertThat(upstream.get().request().headers().first("tracestate")).contains("vendor=abc");
        assertThat(response.headers().first("traceparent")).contains(sent.format());
        assertThat(upstream.get().attribute(TracingFilter.TRACE_CONTEXT, TraceContext.class)).contains(sent);
    }

    @Test
    void malformedTraceparentStartsANewTraceAndNeverFailsTheRequest() {
        for (String bad : List.of("garbage", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
                "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")) {
            AtomicReference<Exchange> upstream = new AtomicReference<>();
            FilterChain chain = FilterChain.of(List.of(new TracingFilter()), ex -> {
                upstream.set(ex);
                return Exchanges.ok("{}");
            });

            Exchange.Response response = chain.proceed(Exchanges.get(PATH).withRequest(Exchanges.get(PATH).request()
                    .withHeader("traceparent", bad).withHeader("tracestate", "vendor=abc")));

            assertThat(response.status()).as(bad).isEqualTo(200);
            String sent = upstream.get().request().headers().first("traceparent").orElseThrow();
            assertThat(TraceContext.parse(sent)).as(bad).isPresent();
            assertThat(sent).doesNotContain("4bf92f3577b34da6a3ce929d0e0e4736");
            assertThat(upstream.get().request().headers().contains("tracestate")).isFalse();
            assertThat(response.headers().first("traceparent")).contains(sent);
        }
    }

    @Test
    void auditEmitsOneEventWithTheA2aFactsOfTheExchange() {
        FilterChain chain = FilterChain.of(List.of(new TracingFilter(), AuditFilter.builder(sink).build()), ex -> Exchanges.ok(TASK_RESULT));
        long start = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(25);
        Exchange exchange = Exchanges.post(PATH, Exchanges.SEND_MESSAGE).withCaller(BETA).withAttribute(ExchangeAttributes.START_NANOS, start);

        chain.proceed(exchange);

        assertThat(events).hasSize(1);
        AuditEvent event = events.get(0);
        assertThat(event.type()).isEqualTo(AuditFilter.TYPE);
        assertThat(event.requestId()).isEqualTo("req-1");
        assertThat(event.source()).isEqualTo("ans://v1.0.0.beta.ops.example.net");
        assertThat(event.destination()).isEqualTo("ans://v1.0.0.alpha.ops.example.net");
        assertThat(event.method()).isEqualTo("SendMessage");
        assertThat(event.taskId()).isEqualTo("task-42");
        assertThat(event.contextId()).isEqualTo("ctx-9");
        assertThat(event.status()).isEqualTo(200);
        assertThat(event.outcome()).isEqualTo("ok");
        assertThat(event.latencyMicros()).isGreaterThanOrEqualTo(25_000);
        assertThat(event.bytesIn()).isEqualTo(Exchanges.SEND_MESSAGE.length());
        assertThat(event.bytesOut()).isEqualTo(TASK_RESULT.length());
        assertThat(event.attributes()).containsKey("traceId").doesNotContainKeys("requestPayload", "responsePayload");
    }

    @Test
    void auditTakesIdsFromTheResultAndAttributesOverTheBody() {
        FilterChain chain = FilterChain.of(List.of(AuditFilter.builder(sink).build()), ex -> Exchanges.ok(TASK_RESULT));
        String noIds = """
                {"jsonrpc":"2.0","id":1,"method":"SendMessage","params":{"message":{"messageId":"m","role":"ROLE_USER","parts":[]}}}""";

        chain.proceed(Exchanges.post(PATH, noIds).withAttribute(ExchangeAttributes.TARGET, AnsFixture.BETA)
                .withAttribute(ExchangeAttributes.A2A_METHOD, "message/send"));

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.destination()).isEqualTo(AnsFixture.BETA.toString());
            assertThat(e.method()).isEqualTo("message/send");
            assertThat(e.taskId()).isEqualTo("task-42");
            assertThat(e.contextId()).isEqualTo("ctx-9");
            assertThat(e.source()).isEqualTo("anonymous");
        });
    }

    @Test
    void auditRecordsPayloadsOnlyWhenConfiguredAndCutsThem() {
        FilterChain chain = FilterChain.of(List.of(AuditFilter.builder(sink).payload(ex -> ex.caller().isAuthenticated()).payloadLimit(20).build()),
                ex -> Exchanges.ok(TASK_RESULT));

        chain.proceed(Exchanges.post(PATH, Exchanges.SEND_MESSAGE).withCaller(BETA));
        chain.proceed(Exchanges.post(PATH, Exchanges.SEND_MESSAGE));

        assertThat(events.get(0).attributes().get("requestPayload")).startsWith(Exchanges.SEND_MESSAGE.substring(0, 20))
                .endsWith("...[" + Exchanges.SEND_MESSAGE.length() + " bytes]");
        assertThat(events.get(0).attributes()).containsKey("responsePayload");
        assertThat(events.get(1).attributes()).doesNotContainKey("requestPayload");
    }

    @Test
    void auditRecordsDenialsAndFailures() {
        FilterChain denied = FilterChain.of(List.of(AuditFilter.builder(sink).build()),
                ex -> Exchange.Response.error(504, "upstream_timeout", "alpha did not answer in 30 s"));
        FilterChain broken = FilterChain.of(List.of(AuditFilter.builder(sink).build()), ex -> {
            throw new IllegalStateException("pool closed");
        });
        AuditSink throwing = event -> {
            throw new IllegalStateException("sink down");
        };
        FilterChain unaudited = FilterChain.of(List.of(AuditFilter.builder(throwing).build()), ex -> Exchanges.ok("{}"));

        denied.proceed(Exchanges.post(PATH, Exchanges.SEND_MESSAGE));
        assertThatThrownBy(() -> broken.proceed(Exchanges.post(PATH, Exchanges.SEND_MESSAGE))).hasMessage("pool closed");

        assertThat(events).extracting(AuditEvent::status, AuditEvent::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(504, "upstream_timeout"), org.assertj.core.groups.Tuple.tuple(500, "internal"));
        assertThat(events.get(1).attributes()).containsEntry("exception", "IllegalStateException");
        assertThat(unaudited.proceed(Exchanges.get(PATH)).status()).isEqualTo(200);
    }

    @Test
    void metricsCountLatencyInflightAndErrorsByCause() {
        GatewayMetrics metrics = new GatewayMetrics();
        AtomicInteger inflightDuringCall = new AtomicInteger(-1);
        FilterChain chain = FilterChain.of(List.of(new MetricsFilter(metrics)), ex -> {
            inflightDuringCall.set((int) metrics.registry().get(GatewayMetrics.INFLIGHT).gauge().value());
            return ex.request().method().equals("GET") ? Exchange.Response.error(404, "agent_not_found", "no such agent") : Exchanges.ok("{}");
        });

        chain.proceed(Exchanges.post(PATH, Exchanges.SEND_MESSAGE));
        chain.proceed(Exchanges.post(PATH, Exchanges.SEND_MESSAGE));
        chain.proceed(Exchanges.get("/agents/nobody.ops.example.net"));

        var registry = metrics.registry();
        assertThat(inflightDuringCall).hasValue(1);
        assertThat(metrics.inflight()).isZero();
        assertThat(registry.get(GatewayMetrics.REQUESTS)
                .tags("status", "200", "method", "SendMessage", "target", "ans://alpha.ops.example.net").counter().count()).isEqualTo(2.0);
        assertThat(registry.get(GatewayMetrics.REQUESTS).tags("status", "404", "method", "GET", "target", "ans://nobody.ops.example.net")
                .counter().count()).isEqualTo(1.0);
        Timer latency = registry.get(GatewayMetrics.LATENCY).tags("method", "SendMessage").timer();
        assertThat(latency.count()).isEqualTo(2);
        assertThat(latency.takeSnapshot().percentileValues()).hasSize(3);
        assertThat(registry.get(GatewayMetrics.ERRORS).tags("cause", "agent_not_found").counter().count()).isEqualTo(1.0);
    }
}
