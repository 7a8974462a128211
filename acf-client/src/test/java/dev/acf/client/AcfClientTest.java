package dev.acf.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acf.api.agent.AgentRecord;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.InvalidNameException;
import dev.acf.api.error.TrustException;
import dev.acf.api.error.UnavailableException;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.AgentName;
import dev.acf.api.testkit.MutableClock;
import dev.acf.api.testkit.SampleAgents;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AcfClientTest {
    static final AgentName NAME = AgentName.parse("ans://v1.0.0.probe.ops.example.net");

    private final FakeAns.Key key = FakeAns.Key.generate("k1");
    private final MutableClock clock = new MutableClock(Instant.now());
    private FakeAns ans;
    private AcfClient client;
    private byte[] body;

    @BeforeEach
    void start() throws Exception {
        ans = new FakeAns(key);
        client = AcfClient.builder().ans(ans.uri()).clock(clock).cacheTtl(Duration.ofSeconds(30)).build();
        AgentRecord record = SampleAgents.record(NAME);
        body = AcfJson.writeBytes(Map.of("agent", record));
    }

    @AfterEach
    void stop() {
        client.close();
        ans.close();
    }

    private void serve(byte[] bytes, String signature) {
        ans.agents = path -> new FakeAns.Canned(200, bytes, signature);
    }

    @Test
    void signedAnswerResolvesToTheRecord() throws Exception {
        serve(body, key.sign(body, clock.instant()));

        assertThat(client.resolve(NAME)).hasValueSatisfying(r -> assertThat(r.name()).isEqualTo(NAME));
        assertThat(ans.jwksRequests).hasValue(1);
    }

    @Test
    void answerWithOneByteChangedIsRefused() throws Exception {
        String signature = key.sign(body, clock.instant());
        byte[] tampered = body.clone();
        int at = new String(tampered, StandardCharsets.UTF_8).indexOf("ACTIVE");
        tampered[at] = 'B';
        serve(tampered, signature);

        assertThatThrownBy(() -> client.resolve(NAME)).isInstanceOf(TrustException.class)
                .hasMessageContaining("does not verify")
                .satisfies(e -> assertThat(((TrustException) e).code()).isEqualTo(ErrorCode.BAD_SIGNATURE));
    }

    @Test
    void unsignedAnswerIsRefused() {
        ans.agents = path -> new FakeAns.Canned(200, body, null);

        assertThatThrownBy(() -> client.resolve(NAME)).isInstanceOf(TrustException.class).hasMessageContaining("missing signature");
    }

    @Test
    void answerSignedWithAKeyOutsideTheJwksIsRefused() throws Exception {
        FakeAns.Key intruder = FakeAns.Key.generate("k1");
        serve(body, intruder.sign(body, clock.instant()));

        assertThatThrownBy(() -> client.resolve(NAME)).isInstanceOf(TrustException.class);
    }

    @Test
    void replayedOldAnswerIsRefused() throws Exception {
        serve(body, key.sign(body, clock.instant().minus(Duration.ofHours(1))));

        assertThatThrownBy(() -> client.resolve(NAME)).isInstanceOf(TrustException.class).hasMessageContaining("replayed");
    }

    @Test
    void signedAnswerAboutAnotherAgentIsRefused() throws Exception {
        serve(body, key.sign(body, clock.instant()));

        assertThatThrownBy(() -> client.resolve(AgentName.parse("ans://v1.0.0.rca.ops.example.net")))
                .isInstanceOf(TrustException.class).hasMessageContaining("when asked for");
    }

    @Test
    void rotatedSigningKeyIsFetchedOnceItsKidAppears() throws Exception {
        serve(body, key.sign(body, clock.instant()));
        client.resolve(NAME);
        client.invalidate(NAME);
        FakeAns.Key next = FakeAns.Key.generate("k2");
        ans.published = java.util.List.of(next);
        serve(body, next.sign(body, clock.instant()));
        clock.advance(Duration.ofSeconds(61));
        serve(body, next.sign(body, clock.instant()));

        assertThat(client.resolve(NAME)).isPresent();
        assertThat(ans.jwksRequests).hasValue(2);
    }

    @Test
    void unknownKidsDoNotMakeTheClientFetchTheJwksMoreThanOncePerInterval() throws Exception {
        serve(body, key.sign(body, clock.instant()));
        client.resolve(NAME);
        client.invalidate(NAME);
        clock.advance(Duration.ofSeconds(61));
        FakeAns.Key forged = FakeAns.Key.generate("forged");
        serve(body, forged.sign(body, clock.instant()));

        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> client.resolve(NAME)).isInstanceOf(TrustException.class);
        }
        assertThat(ans.jwksRequests).hasValue(2);
    }

    @Test
    void pinnedKeysAreUsedWithoutFetchingTheJwks() throws Exception {
        serve(body, key.sign(body, clock.instant()));
        String jwks = new com.nimbusds.jose.jwk.JWKSet(key.jwk()).toString(true);

        try (AcfClient pinned = AcfClient.builder().ans(ans.uri()).pinnedJwks(jwks).clock(clock).build()) {
            assertThat(pinned.resolve(NAME)).isPresent();
        }
        assertThat(ans.jwksRequests).hasValue(0);
    }

    @Test
    void answersAreCachedForTheTtl() throws Exception {
        serve(body, key.sign(body, clock.instant()));
        client.resolve(NAME);
        client.resolve(NAME);
        assertThat(ans.agentRequests).hasValue(1);

        clock.advance(Duration.ofSeconds(31));
        serve(body, key.sign(body, clock.instant()));
        client.resolve(NAME);

        assertThat(ans.agentRequests).hasValue(2);
    }

    @Test
    void unknownAgentResolvesToEmptyAndOtherErrorsAreTyped() {
        ans.agents = path -> new FakeAns.Canned(404,
                "{\"error\":{\"code\":\"agent_not_found\",\"message\":\"no active agent\"}}".getBytes(StandardCharsets.UTF_8), null);
        assertThat(client.resolve(NAME)).isEmpty();

        ans.agents = path -> new FakeAns.Canned(400,
                "{\"error\":{\"code\":\"invalid_name\",\"message\":\"bad\",\"requestId\":\"r-1\"}}".getBytes(StandardCharsets.UTF_8), null);
        assertThatThrownBy(() -> client.resolve(NAME)).isInstanceOf(InvalidNameException.class).hasMessageContaining("r-1");

        ans.agents = path -> new FakeAns.Canned(502, "<html>bad gateway</html>".getBytes(StandardCharsets.UTF_8), null);
        assertThatThrownBy(() -> client.resolve(NAME)).isInstanceOf(UnavailableException.class)
                .satisfies(e -> assertThat(((UnavailableException) e).code()).isEqualTo(ErrorCode.UPSTREAM_FAILED));
    }

    @Test
    void unreachableAnsIsUnavailableWithTheCause() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (AcfClient offline = AcfClient.builder().ans(URI.create("http://127.0.0.1:" + port)).build()) {
            assertThatThrownBy(() -> offline.resolve(NAME)).isInstanceOf(UnavailableException.class)
                    .hasCauseInstanceOf(java.io.IOException.class)
                    .satisfies(e -> assertThat(((UnavailableException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE));
        }
    }
}
