package dev.acf.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acf.api.name.AgentName;
import dev.acf.client.AgentIdentity;
import dev.acf.gateway.proxy.AgentPath;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.X509TrustManager;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Callers may speak HTTP/2: h2c with prior knowledge or Upgrade, h2 over TLS by ALPN; each stream gets the same limits. */
class Http2Test {
    static final AgentName NAME = AgentName.parse("ans://v1.0.0.probe.ops.example.net");
    static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"GetTask\",\"params\":{\"id\":\"t-1\"}}";
    static final MediaType JSON = MediaType.get("application/json");

    @TempDir
    Path data;

    private MockWebServer agent;
    private GatewayServer gateway;
    private OkHttpClient client;

    @BeforeEach
    void start() throws Exception {
        agent = new MockWebServer();
        agent.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().addHeader("Content-Type", "application/json").addHeader("Server", "agent/1")
                        .body("{\"echo\":\"" + request.getHeaders().get("ACF-Request-Id") + "\"}").build();
            }
        });
        agent.start();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
        if (gateway != null) {
            gateway.close();
        }
        agent.close();
    }

    private GatewayServer.Builder gateway() {
        return GatewayServer.builder()
                .lookup(new FixedLookup(AnsFixture.record(NAME, "http://127.0.0.1:" + agent.getPort() + "/a2a")))
                .limits(GatewayLimits.builder().maxBodyBytes(4096).build());
    }

    private Request post(String base, String body) {
        return new Request.Builder().url(base + AgentPath.of(NAME)).post(RequestBody.create(body, JSON)).build();
    }

    @Test
    void priorKnowledgeH2cCarriesConcurrentCallsOnOneConnection() throws Exception {
        gateway = gateway().build().start();
        client = new OkHttpClient.Builder().protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE)).build();
        String base = gateway.baseUri().toString();

        List<CompletableFuture<String>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(CompletableFuture.supplyAsync(() -> {
                try (Response r = client.newCall(post(base, CALL)).execute()) {
                    assertThat(r.protocol()).isEqualTo(Protocol.H2_PRIOR_KNOWLEDGE);
                    assertThat(r.code()).isEqualTo(200);
                    assertThat(r.header("server")).isNull();
                    return r.header("acf-request-id") + "=" + r.body().string();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }

        for (CompletableFuture<String> call : calls) {
            String[] idAndBody = call.get().split("=", 2);
            assertThat(idAndBody[1]).isEqualTo("{\"echo\":\"" + idAndBody[0] + "\"}");
        }
        assertThat(client.connectionPool().connectionCount()).isEqualTo(1);
        for (int i = 0; i < 20; i++) {
            assertThat(agent.takeRequest().getHeaders().names()).noneMatch(h -> h.startsWith("x-http2"));
        }
    }

    @Test
    void limitsApplyPerStream() throws Exception {
        gateway = gateway().build().start();
        client = new OkHttpClient.Builder().protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE)).build();
        String base = gateway.baseUri().toString();

        try (Response tooBig = client.newCall(post(base, "{\"pad\":\"" + "x".repeat(8000) + "\"}")).execute();
                Response badRpc = client.newCall(post(base, "{\"jsonrpc\":\"2.0\"}")).execute();
                Response fine = client.newCall(post(base, CALL)).execute()) {
            assertThat(tooBig.code()).isEqualTo(413);
            assertThat(tooBig.body().string()).contains("payload_too_large");
            assertThat(badRpc.code()).isEqualTo(400);
            assertThat(fine.code()).isEqualTo(200);
        }
    }

    @Test
    void h2cUpgradeFromHttp11Works() throws Exception {
        gateway = gateway().build().start();
        try (java.net.http.HttpClient jdk = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_2).build()) {
            java.net.http.HttpResponse<String> first = jdk.send(java.net.http.HttpRequest.newBuilder(gateway.baseUri().resolve("/v1/catalog")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            java.net.http.HttpResponse<String> second = jdk.send(java.net.http.HttpRequest.newBuilder(gateway.baseUri().resolve("/v1/catalog")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.body()).isEqualTo("{\"agents\":[]}");
            assertThat(second.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_2);
            assertThat(second.body()).isEqualTo("{\"agents\":[]}");
        }
    }

    @Test
    void h2OverTlsIsNegotiatedByAlpnAndTheCallerCertificateIsSeen() throws Exception {
        try (AnsFixture ans = AnsFixture.start(data)) {
            AgentIdentity gatewayIdentity = ans.register(AgentName.parse("ans://v1.0.0.gateway.ops.example.net"), "https://gw.ops.example.net/a2a");
            AgentIdentity caller = ans.register(AgentName.parse("ans://v1.0.0.noc.ops.example.net"), "https://noc.ops.example.net/a2a");
            SslContext listener = SslContextBuilder.forServer(gatewayIdentity.privateKey(), gatewayIdentity.chain())
                    .trustManager(gatewayIdentity.caChain())
                    .clientAuth(ClientAuth.OPTIONAL)
                    .protocols("TLSv1.3")
                    .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                            ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
                    .build();
            java.util.concurrent.atomic.AtomicReference<Object> peers = new java.util.concurrent.atomic.AtomicReference<>();
            gateway = gateway().tls(listener)
                    .filter(dev.acf.api.gateway.FilterStage.SECURITY, (exchange, chain) -> {
                        peers.set(exchange.attributes().get(ExchangeAttributes.PEER_CERTIFICATES));
                        return chain.proceed(exchange);
                    })
                    .build().start();
            client = new OkHttpClient.Builder()
                    .sslSocketFactory(caller.sslContext().getSocketFactory(), (X509TrustManager) caller.trustManagers()[0])
                    .hostnameVerifier((host, session) -> true)
                    .build();

            try (Response r = client.newCall(post(gateway.baseUri().toString(), CALL)).execute()) {
                assertThat(r.protocol()).isEqualTo(Protocol.HTTP_2);
                assertThat(r.code()).isEqualTo(200);
            }
            assertThat(peers.get()).isInstanceOfSatisfying(java.security.cert.X509Certificate[].class,
                    chain -> assertThat(chain[0]).isEqualTo(caller.certificate()));
        }
    }
}
