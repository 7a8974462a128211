package dev.acf.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.acf.api.gateway.FilterStage;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.AgentName;
import dev.acf.api.security.CallerIdentity;
import dev.acf.client.AgentIdentity;
import dev.acf.gateway.filter.BearerTokens;
import dev.acf.gateway.proxy.AgentPath;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javax.net.ssl.SSLSocket;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Callers that are not agents authenticate with a bearer JWT; a certificate wins over a token. */
class BearerTokenTest {
    static final AgentName NAME = AgentName.parse("ans://v1.0.0.alpha.ops.example.net");
    static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"GetTask\",\"params\":{\"id\":\"t-1\"}}";
    static final String ISSUER = "https://login.example.net/";
    static final String AUDIENCE = "acf-gateway";

    static RSAKey key;
    static RSAKey otherKey;

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final AtomicReference<CallerIdentity> seenCaller = new AtomicReference<>();
    private MockWebServer agent;
    private GatewayServer gateway;

    @BeforeAll
    static void keys() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        otherKey = new RSAKeyGenerator(2048).keyID("k1").generate();
    }

    @BeforeEach
    void start() throws Exception {
        agent = new MockWebServer();
        agent.start();
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        agent.close();
        http.close();
    }

    private GatewayServer.Builder gateway(BearerTokens tokens) {
        return GatewayServer.builder()
                .lookup(new FixedLookup(AnsFixture.record(NAME, "http://127.0.0.1:" + agent.getPort() + "/a2a")))
                .bearerTokens(tokens)
                .filter(FilterStage.SECURITY, (exchange, chain) -> {
                    seenCaller.set(exchange.caller());
                    return chain.proceed(exchange);
                });
    }

    private static BearerTokens byPublicKey() throws Exception {
        return BearerTokens.builder().publicKey(key.toRSAPublicKey()).issuer(ISSUER).audience(AUDIENCE).build();
    }

    private static String token(RSAKey signer, Consumer<JWTClaimsSet.Builder> claims) throws Exception {
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().subject("alice").issuer(ISSUER).audience(AUDIENCE)
                .expirationTime(Date.from(Instant.now().plusSeconds(300))).claim("roles", List.of("operator"));
        claims.accept(b);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID()).build(), b.build());
        jwt.sign(new RSASSASigner(signer));
        return jwt.serialize();
    }

    private HttpResponse<String> call(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(gateway.baseUri().resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString(CALL)).header("content-type", "application/json");
        if (authorization != null) {
            b.header("authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode error(HttpResponse<String> response) {
        return AcfJson.readTree(response.body().getBytes(StandardCharsets.UTF_8)).path("error");
    }

    @Test
    void aValidTokenMakesTheCallerANonAgentPrincipalAndStaysAtTheGateway() throws Exception {
        gateway = gateway(byPublicKey()).build().start();
        agent.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json").body("{\"ok\":true}").build());

        HttpResponse<String> response = call(AgentPath.of(NAME), "Bearer " + token(key, c -> {}));

        assertThat(response.statusCode()).isEqualTo(200);
        CallerIdentity caller = seenCaller.get();
        assertThat(caller.subject()).isEqualTo("alice");
        assertThat(caller.agent()).isNull();
        assertThat(caller.roles()).contains(BearerTokens.NON_AGENT_ROLE, "operator");
        RecordedRequest upstream = agent.takeRequest(5, TimeUnit.SECONDS);
        assertThat(upstream.getHeaders().get("acf-caller")).isEqualTo("alice");
        assertThat(upstream.getHeaders().get("authorization")).as("the token is for the gateway only").isNull();
    }

    @Test
    void invalidTokensAre401WithAnInvalidTokenChallenge() throws Exception {
        gateway = gateway(byPublicKey()).build().start();
        List<String> invalid = List.of(
                token(key, c -> c.expirationTime(Date.from(Instant.now().minusSeconds(3600)))),
                token(key, c -> c.audience("another-service")),
                token(key, c -> c.issuer("https://evil.example.net/")),
                token(otherKey, c -> {}),
                token(key, c -> c.subject("ans://v1.0.0.alpha.ops.example.net")),
                "not.a.jwt");

        for (String t : invalid) {
            HttpResponse<String> response = call(AgentPath.of(NAME), "Bearer " + t);

            assertThat(response.statusCode()).as(t).isEqualTo(401);
            assertThat(response.headers().firstValue("www-authenticate")).hasValue("Bearer error=\"invalid_token\"");
            assertThat(error(response).path("code").asText()).isEqualTo("unauthenticated");
        }
        assertThat(agent.getRequestCount()).isZero();
    }

    @Test
    void withoutACredentialTheAgentsAre401ButTheCatalogueStaysOpen() throws Exception {
        gateway = gateway(byPublicKey()).build().start();

        HttpResponse<String> refused = call(AgentPath.of(NAME), null);
        HttpResponse<String> catalogue = http.send(HttpRequest.newBuilder(gateway.baseUri().resolve("/v1/catalog")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("www-authenticate")).hasValue("Bearer");
        assertThat(error(refused).path("message").asText()).contains("bearer token");
        assertThat(catalogue.statusCode()).isEqualTo(200);
    }

    @Test
    void keysComeFromAJwksFile() throws Exception {
        Path jwks = dir.resolve("jwks.json");
        Files.writeString(jwks, new JWKSet(key.toPublicJWK()).toString());
        gateway = gateway(BearerTokens.builder().jwks(jwks).issuer(ISSUER).audience(AUDIENCE).build()).build().start();
        agent.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json").body("{\"ok\":true}").build());

        assertThat(call(AgentPath.of(NAME), "Bearer " + token(key, c -> {})).statusCode()).isEqualTo(200);
        assertThat(call(AgentPath.of(NAME), "Bearer " + token(otherKey, c -> {})).statusCode()).isEqualTo(401);
    }

    @Test
    void aClientCertificateWinsOverABearerToken() throws Exception {
        try (AnsFixture ans = AnsFixture.start(dir.resolve("ans"))) {
            AgentIdentity gatewayIdentity = ans.certify(AnsFixture.GATEWAY);
            AgentIdentity caller = ans.certify(AnsFixture.BETA);
            gateway = gateway(byPublicKey()).identity(gatewayIdentity).build().start();
            agent.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json").body("{\"ok\":true}").build());
            InetSocketAddress address = gateway.tlsAddress().orElseThrow();
            SSLSocket socket = (SSLSocket) caller.sslContext().getSocketFactory().createSocket(address.getAddress(), address.getPort());
            try (RawHttp client = new RawHttp(socket)) {
                // An invalid token beside a valid certificate: the certificate decides, the token is not even checked.
                RawHttp.Response response = client.send("POST " + AgentPath.of(NAME) + " HTTP/1.1\r\nHost: gw\r\n"
                        + "Authorization: Bearer not.a.jwt\r\nContent-Type: application/json\r\nContent-Length: " + CALL.length()
                        + "\r\n\r\n" + CALL).read();

                assertThat(response.status()).isEqualTo(200);
            }
            assertThat(seenCaller.get().agent()).isEqualTo(AnsFixture.BETA);
            assertThat(agent.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("acf-caller")).isEqualTo(AnsFixture.BETA.toString());
        }
    }
}
