package dev.acf.ans;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acf.ans.auth.BootstrapTokens;
import dev.acf.api.monitor.AnomalyEvent;
import dev.acf.api.monitor.Suspension;
import dev.acf.api.monitor.SuspensionState;
import dev.acf.api.testkit.SampleAgents;
import dev.acf.client.AcfClient;
import dev.acf.client.AgentIdentity;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monitoring API of ANS (ANS-MON-2) over real HTTP: reports, suspensions, lifts, bad input. */
class AnomalyMonitorApiTest {
    static final String ADMIN = "monitor-test-admin-token-0123456789";
    static final String TOKEN = "monitor-test-bootstrap-0001";

    @TempDir
    Path data;

    private AnsServer start() {
        return AnsServer.builder().domain("ops.example.net").dataDirectory(data).adminToken(ADMIN)
                .bootstrapToken(TOKEN, BootstrapTokens.Use.REUSABLE).semanticResolution(false).build().start();
    }

    private static AnomalyEvent anomaly(String caller, AnomalyEvent.Action action) {
        return new AnomalyEvent(UUID.randomUUID().toString(), Instant.now(), caller, "ans://v1.0.0.rca.ops.example.net",
                AnomalyEvent.Kind.RATE_SPIKE, "anomaly.rate-spike", "60 calls in 10 s, 30x the baseline", action, null);
    }

    @Test
    void gatewaySignedReportIsStoredAndItsSuspensionIsFollowedUntilAnAdministratorLiftsIt() throws Exception {
        try (AnsServer ans = start(); AcfClient client = AcfClient.builder().ans(ans.baseUri()).build()) {
            AnsHttp http = new AnsHttp(ans.baseUri());
            AgentIdentity gateway = AgentIdentity.generate(dev.acf.api.name.AgentName.parse("ans://v1.0.0.gateway.ops.example.net"));
            var sample = SampleAgents.record(gateway.name());
            client.register(gateway, sample.agentCard(), sample.endpoints(), TOKEN);
            var monitor = client.monitor(gateway);
            SuspensionState before = monitor.suspensions(0, Duration.ZERO);
            CompletableFuture<SuspensionState> waiting = CompletableFuture.supplyAsync(
                    () -> monitor.suspensions(before.sequence(), Duration.ofSeconds(10)));

            monitor.report(List.of(anomaly("ans://v1.0.0.alpha.ops.example.net", AnomalyEvent.Action.SUSPENDED),
                    anomaly("ans://v1.0.0.beta.ops.example.net", AnomalyEvent.Action.FLAGGED)));

            SuspensionState after = waiting.get(5, TimeUnit.SECONDS);
            assertThat(after.sequence()).isGreaterThan(before.sequence());
            assertThat(after.suspensions()).extracting(Suspension::caller).containsExactly("ans://v1.0.0.alpha.ops.example.net");
            assertThat(after.suspensions().get(0).by()).isEqualTo(gateway.name().toString());
            AnsHttp.Answer listed = http.send(HttpRequest.newBuilder(ans.baseUri().resolve("/v1/anomalies?since=2020-01-01T00:00:00Z"))
                    .header("Authorization", "Bearer " + ADMIN).GET());
            assertThat(listed.status()).isEqualTo(200);
            assertThat(listed.json().path("anomalies")).hasSize(2);
            assertThat(listed.json().path("anomalies").get(0).path("reporter").asText()).isEqualTo(gateway.name().toString());
            assertThat(listed.json().path("anomalies").get(0).path("kind").asText()).isEqualTo("rate-spike");

            AnsHttp.Answer lifted = http.send(HttpRequest.newBuilder(ans.baseUri().resolve("/v1/admin/suspensions/"
                    + AnsHttp.encode("ans://v1.0.0.alpha.ops.example.net"))).header("Authorization", "Bearer " + ADMIN).DELETE());
            assertThat(lifted.status()).isEqualTo(200);
            assertThat(monitor.suspensions(after.sequence(), Duration.ofSeconds(5)).suspensions()).isEmpty();
            assertThat(ans.service().audit().verify().intact()).isTrue();
        }
    }

    @Test
    void manualSuspensionSurvivesARestart() {
        try (AnsServer ans = start()) {
            AnsHttp.Answer made = new AnsHttp(ans.baseUri()).post("/v1/admin/suspensions", ADMIN,
                    Map.of("caller", "ans://v1.0.0.noisy.ops.example.net", "reason", "floods the rca agent"));
            assertThat(made.status()).isEqualTo(201);
            assertThat(made.json().path("suspension").path("ruleId").asText()).isEqualTo("admin");
        }
        try (AnsServer ans = start()) {
            AnsHttp.Answer listed = new AnsHttp(ans.baseUri()).send(HttpRequest.newBuilder(ans.baseUri().resolve("/v1/admin/suspensions"))
                    .header("Authorization", "Bearer " + ADMIN).GET());
            assertThat(listed.status()).isEqualTo(200);
            assertThat(listed.json().path("suspensions").get(0).path("caller").asText()).isEqualTo("ans://v1.0.0.noisy.ops.example.net");
            assertThat(listed.json().path("suspensions").get(0).path("reason").asText()).isEqualTo("floods the rca agent");
        }
    }

    @Test
    void badAdminInputIsAClientError() throws Exception {
        try (AnsServer ans = start(); AcfClient client = AcfClient.builder().ans(ans.baseUri()).build()) {
            AnsHttp http = new AnsHttp(ans.baseUri());
            assertThat(http.post("/v1/admin/suspensions", null, Map.of("caller", "x")).status()).isEqualTo(401);
            assertThat(http.post("/v1/admin/suspensions", "wrong-token-0123456789", Map.of("caller", "x")).status()).isEqualTo(401);
            assertThat(http.post("/v1/admin/suspensions", ADMIN, Map.of("reason", "no caller")).errorCode()).isEqualTo("invalid_request");
            assertThat(http.post("/v1/admin/suspensions", ADMIN, "{not json").status()).isEqualTo(400);
            assertThat(http.post("/v1/admin/suspensions", ADMIN, Map.of("caller", "ans://not a name")).status()).isEqualTo(400);
            assertThat(http.post("/v1/admin/suspensions", ADMIN, Map.of("caller", "a\u0001b")).status()).isEqualTo(400);
            assertThat(http.send(HttpRequest.newBuilder(ans.baseUri().resolve("/v1/admin/suspensions/nobody"))
                    .header("Authorization", "Bearer " + ADMIN).DELETE()).status()).isEqualTo(404);
            assertThat(http.send(HttpRequest.newBuilder(ans.baseUri().resolve("/v1/admin/suspensions/nobody"))
                    .header("Authorization", "Bearer " + ADMIN).GET()).status()).isEqualTo(405);
            assertThat(http.send(HttpRequest.newBuilder(ans.baseUri().resolve("/v1/anomalies?since=yesterday"))
                    .header("Authorization", "Bearer " + ADMIN).GET()).status()).isEqualTo(400);
            assertThat(http.send(HttpRequest.newBuilder(ans.baseUri().resolve("/v1/anomalies?limit=0"))
                    .header("Authorization", "Bearer " + ADMIN).GET()).status()).isEqualTo(400);
            assertThat(http.get("/v1/anomalies").status()).isEqualTo(401);
            assertThat(http.get("/v1/suspensions?after=-3").status()).isEqualTo(400);
            assertThat(http.post("/v1/anomalies", null, Map.of("anomalies", List.of())).status()).isEqualTo(401);
            assertThat(http.post("/v1/anomalies", ADMIN, Map.of("anomalies", "none")).status()).isEqualTo(400);
            assertThat(http.post("/v1/anomalies", ADMIN, "{\"anomalies\":[{\"id\":\"1\",\"caller\":\"\",\"kind\":\"rate-spike\"}]}").status())
                    .isEqualTo(400);
            // An agent that is not a gateway may not report.
            AgentIdentity agent = AgentIdentity.generate(dev.acf.api.name.AgentName.parse("ans://v1.0.0.alpha.ops.example.net"));
            var sample = SampleAgents.record(agent.name());
            client.register(agent, sample.agentCard(), sample.endpoints(), TOKEN);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.monitor(agent).report(
                    List.of(anomaly("ans://v1.0.0.beta.ops.example.net", AnomalyEvent.Action.SUSPENDED))))
                    .isInstanceOf(dev.acf.api.error.PermissionDeniedException.class);
            assertThat(ans.monitor().suspensions().suspensions()).isEmpty();
        }
    }
}
