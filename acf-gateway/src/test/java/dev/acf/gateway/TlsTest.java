package dev.acf.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acf.api.gateway.FilterStage;
import dev.acf.api.name.AgentName;
import dev.acf.client.AgentIdentity;
import dev.acf.gateway.proxy.AgentPath;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSocket;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS listener and upstream TLS with certificates issued by a real ANS. */
class TlsTest {
    static final AgentName GATEWAY = AgentName.parse("ans://v1.0.0.gateway.ops.example.net");
    static final AgentName CALLER = AgentName.parse("ans://v1.0.0.noc.ops.example.net");
    static final AgentName TARGET = AgentName.parse("ans://v1.0.0.rca.ops.example.net");

    @TempDir
    Path data;

    private AnsFixture ans;
    private MockWebServer agent;
    private GatewayServer gateway;

    @BeforeEach
    void start() throws Exception {
        ans = AnsFixture.start(data);
        agent = new MockWebServer();
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        agent.close();
        ans.close();
    }

    @Test
    void callerCertificateReachesTheFiltersAndTheAgentIsCalledOverMutualTls() throws Exception {
        AgentIdentity gatewayIdentity = ans.register(GATEWAY, "https://gateway.ops.example.net/a2a");
        AgentIdentity caller = ans.register(CALLER, "https://noc.ops.example.net/a2a");
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        AgentIdentity agentIdentity = ans.register(TARGET, "https://127.0.0.1:" + port + "/a2a");
        agent.useHttps(agentIdentity.sslContext().getSocketFactory());
        agent.requireClientAuth();
        agent.start(port);
        SslContext listener = SslContextBuilder.forServer(gatewayIdentity.privateKey(), gatewayIdentity.chain())
                .trustManager(gatewayIdentity.caChain())
                .clientAuth(ClientAuth.OPTIONAL)
                .protocols("TLSv1.3")
                .build();
        // Host names are not in ANS certificates (the SAN is the ANS name); the security side verifies the SAN URI instead.
        SslContext upstream = SslContextBuilder.forClient()
                .keyManager(gatewayIdentity.privateKey(), gatewayIdentity.chain())
                .trustManager(gatewayIdentity.caChain())
                .endpointIdentificationAlgorithm(null)
                .build();
        AtomicReference<X509Certificate[]> peers = new AtomicReference<>();
        gateway = GatewayServer.builder()
                .lookup(ans.ans().lookup())
                .tls(listener)
                .upstreamTls(upstream)
                .filter(FilterStage.SECURITY, (exchange, chain) -> {
                    exchange.attribute(ExchangeAttributes.PEER_CERTIFICATES, X509Certificate[].class).ifPresent(peers::set);
                    return chain.proceed(exchange);
                })
                .build()
                .start();
        agent.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json").body("{\"secure\":true}").build());

        assertThat(gateway.baseUri().getScheme()).isEqualTo("https");
        assertThat(gateway.plaintextAddress()).isEmpty();
        InetSocketAddress address = gateway.tlsAddress().orElseThrow();
        SSLSocket socket = (SSLSocket) caller.sslContext().getSocketFactory().createSocket(address.getAddress(), address.getPort());
        socket.startHandshake();
        assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
        try (RawHttp client = new RawHttp(socket)) {
            String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"GetTask\",\"params\":{\"id\":\"t\"}}";
            RawHttp.Response response = client.send("POST " + AgentPath.of(TARGET) + " HTTP/1.1\r\nHost: gw\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body).read();

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"secure\":true}");
        }
        assertThat(peers.get()).isNotNull();
        assertThat(peers.get()[0]).isEqualTo(caller.certificate());
        RecordedRequest upstreamRequest = agent.takeRequest(5, TimeUnit.SECONDS);
        assertThat(upstreamRequest.getHandshake()).isNotNull();
        assertThat(upstreamRequest.getHandshake().peerCertificates().get(0)).isEqualTo(gatewayIdentity.certificate());
    }
}
