package dev.acf.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import dev.acf.api.gateway.AsyncGatewayFilter;
import dev.acf.api.gateway.FilterStage;
import dev.acf.api.gateway.GatewayFilter;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import dev.acf.api.security.GrantPolicy;
import dev.acf.gateway.filter.AuthorizationFilter;
import dev.acf.gateway.proxy.AgentPath;
import dev.acf.gateway.qos.QosFilter;
import dev.acf.gateway.redact.RedactionFilter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which thread runs a routed call: the connection's event loop with non-blocking filters, a virtual thread with a blocking one. */
class EventLoopPathTest {
    static final AgentName NAME = AgentName.parse("ans://v1.0.0.probe.ops.example.net");

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Boolean> requestSideVirtual = new CopyOnWriteArrayList<>();
    private final List<Boolean> responseSideVirtual = new CopyOnWriteArrayList<>();
    private final AsyncGatewayFilter observer = (exchange, chain) -> {
        requestSideVirtual.add(Thread.currentThread().isVirtual());
        return chain.proceed(exchange).thenApply(response -> {
            responseSideVirtual.add(Thread.currentThread().isVirtual());
            return response.withHeader("x-observed", "yes");
        });
    };
    private MockWebServer agent;
    private GatewayServer gateway;

    @BeforeEach
    void startAgent() throws Exception {
        agent = new MockWebServer();
        agent.start();
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        http.close();
        agent.close();
    }

    private GatewayServer.Builder builder() {
        return GatewayServer.builder()
                .lookup(new FixedLookup(AnsFixture.record(NAME, "http://127.0.0.1:" + agent.getPort() + "/a2a")))
                .filter(FilterStage.OBSERVABILITY, observer);
    }

    private HttpResponse<String> call() throws Exception {
        agent.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}").build());
        return http.send(HttpRequest.newBuilder(gateway.baseUri().resolve(AgentPath.of(NAME)))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"GetTask\",\"params\":{\"id\":\"t\"}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aCallWithOnlyNonBlockingFiltersStaysOnTheEventLoopOnceTheNameIsResolved() throws Exception {
        gateway = builder().build().start();

        HttpResponse<String> first = call();
        HttpResponse<String> second = call();

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.headers().firstValue("x-observed")).hasValue("yes");
        // The first call resolves the name through the lookup on a virtual thread; the second finds it cached.
        assertThat(requestSideVirtual).containsExactly(true, false);
        assertThat(responseSideVirtual).containsExactly(true, false);
    }

    @Test
    void theDefaultBuiltInsWithRedactionQosAnomaliesAndGrantsKeepTheSecondCallOnTheEventLoop() throws Exception {
        GrantPolicy grants = GrantPolicy.builder().defaultDecision(Domain.of("ops.example.net"), GrantPolicy.Decision.ALLOW).build();
        gateway = builder().permissionPolicy(grants).build().start();

        HttpResponse<String> first = call();
        HttpResponse<String> second = call();

        assertThat(gateway.filters()).anySatisfy(f -> assertThat(f).isInstanceOf(RedactionFilter.class))
                .anySatisfy(f -> assertThat(f).isInstanceOf(QosFilter.class))
                .anySatisfy(f -> assertThat(f).isInstanceOf(AuthorizationFilter.class))
                .allSatisfy(f -> assertThat(f).asInstanceOf(type(AsyncGatewayFilter.class))
                        .satisfies(a -> assertThat(a.nonBlocking()).as("%s is non-blocking", a).isTrue()));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.headers().firstValue("x-observed")).hasValue("yes");
        assertThat(requestSideVirtual).containsExactly(true, false);
        assertThat(responseSideVirtual).containsExactly(true, false);
    }

    @Test
    void aBlockingFilterKeepsTheWholeChainOnVirtualThreads() throws Exception {
        GatewayFilter blocking = (exchange, chain) -> chain.proceed(exchange);
        gateway = builder().filter(FilterStage.SECURITY, blocking).build().start();

        call();
        HttpResponse<String> second = call();

        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.headers().firstValue("x-observed")).hasValue("yes");
        assertThat(requestSideVirtual).containsExactly(true, true);
        assertThat(responseSideVirtual).containsExactly(true, true);
    }
}
