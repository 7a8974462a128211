package dev.acf.ans.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.acf.ans.AnsServer;
import dev.acf.ans.resolve.SearchOptions;
import dev.acf.api.ca.RevocationReason;
import dev.acf.api.error.NotFoundException;
import dev.acf.api.name.AgentName;
import dev.acf.api.resolve.ResolveQuery;
import dev.acf.api.resolve.ResolveResult;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two real ANS servers federated over HTTP: A exports to B, B imports from A. */
class FederationTest {
    static final String TOKEN_B = "token-that-b-presents-0001";
    static final String RCA = "ans://v1.0.0.rca.broadband.a.test";
    static final String PROBE = "ans://v1.0.0.probe.broadband.a.test";

    @TempDir
    Path dir;

    static AnsServer origin(Path data) {
        return SyncFixture.ans("a.test", data).peer(Peer.builder("b.test").exportTo(TOKEN_B, ExportPolicy.defaults()).build()).build().start();
    }

    static AnsServer importer(Path data, AnsServer a, int pageSize) {
        return SyncFixture.ans("b.test", data)
                .federation(Federation.builder().pollInterval(Duration.ofMinutes(10)).pageSize(pageSize).build())
                .peer(Peer.builder("a.test").ans(a.baseUri()).pinnedKeys(a.signer().publicJwks()).importWith(TOKEN_B).build())
                .build().start();
    }

    @Test
    void importedRecordsResolveInThePeerAndARevocationLeavesWithinASecond() {
        try (AnsServer a = origin(dir.resolve("a"))) {
            SyncFixture.register(a, RCA, "Root cause analysis of home broadband faults", "broadband", "diagnostics");
            try (AnsServer b = importer(dir.resolve("b"), a, 100)) {
                AgentName rca = AgentName.parse(RCA);
                await().atMost(Duration.ofSeconds(10)).until(() -> b.service().resolve(rca).isPresent());
                assertThat(b.service().resolve(rca).orElseThrow().domain().name()).isEqualTo("a.test");

                // Registered after the bootstrap: the notification stream brings it.
                SyncFixture.register(a, PROBE, "Line probe measuring broadband signal quality", "broadband", "probe");
                AgentName probe = AgentName.parse(PROBE);
                await().atMost(Duration.ofSeconds(5)).until(() -> b.service().resolve(probe).isPresent());

                ResolveQuery query = ResolveQuery.of("broadband line probe signal quality", 5);
                assertThat(b.service().resolve(query, SearchOptions.defaults())).isEmpty();
                assertThat(b.service().resolve(query, SearchOptions.defaults().withIncludePeers(true)))
                        .extracting(ResolveResult::name).contains(probe);

                a.service().revokeAsAdmin(probe, RevocationReason.KEY_COMPROMISE, SyncFixture.ADMIN);
                await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).until(() -> b.service().resolve(probe).isEmpty());
                assertThat(b.service().resolve(query, SearchOptions.defaults().withIncludePeers(true)))
                        .extracting(ResolveResult::name).doesNotContain(probe);
                assertThat(b.federation().orElseThrow().importer("a.test").orElseThrow().status().rejected()).isZero();
            }
        }
    }

    @Test
    void foreignRecordsAreReadOnlyInTheImportingAns() {
        try (AnsServer a = origin(dir.resolve("a"))) {
            SyncFixture.register(a, RCA, "Root cause analysis of home broadband faults", "broadband");
            try (AnsServer b = importer(dir.resolve("b"), a, 100)) {
                AgentName rca = AgentName.parse(RCA);
                await().atMost(Duration.ofSeconds(10)).until(() -> b.service().resolve(rca).isPresent());

                assertThatThrownBy(() -> b.service().revokeAsAdmin(rca, RevocationReason.UNSPECIFIED, SyncFixture.ADMIN))
                        .isInstanceOf(NotFoundException.class);
                assertThatThrownBy(() -> SyncFixture.register(b, "ans://v2.0.0.rca.broadband.a.test", "an impostor", "broadband"))
                        .hasMessageContaining("a.test");
                assertThat(b.service().resolve(rca)).isPresent();
                assertThat(a.service().resolve(rca)).isPresent();
            }
        }
    }

    @Test
    void restartContinuesFromThePersistedCursorWithoutDownloadingAgain() {
        try (AnsServer a = origin(dir.resolve("a"))) {
            for (int i = 0; i < 25; i++) {
                SyncFixture.register(a, "ans://v1.0.0.agent" + i + ".fleet.a.test", "fleet agent number " + i, "fleet");
            }
            try (AnsServer b = importer(dir.resolve("b"), a, 10)) {
                PeerImporter started = b.federation().orElseThrow().importer("a.test").orElseThrow();
                // The count grows as records are stored; the importer counts a page once all of it is.
                await().atMost(Duration.ofSeconds(10)).until(() -> b.federation().orElseThrow().foreign().count() == 25
                        && started.status().imported() == 25);
                PeerImporter.Status first = started.status();
                assertThat(first.pagesFetched()).isGreaterThanOrEqualTo(3);
                assertThat(first.imported()).isEqualTo(25);
            }
            SyncFixture.register(a, "ans://v1.0.0.late.fleet.a.test", "registered while b was down", "fleet");
            try (AnsServer b = importer(dir.resolve("b"), a, 10)) {
                AgentName late = AgentName.parse("ans://v1.0.0.late.fleet.a.test");
                await().atMost(Duration.ofSeconds(10)).until(() -> b.service().resolve(late).isPresent());
                PeerImporter importer = b.federation().orElseThrow().importer("a.test").orElseThrow();
                await().atMost(Duration.ofSeconds(5)).until(() -> importer.status().caughtUp());
                assertThat(importer.status().imported()).isEqualTo(1);
                assertThat(importer.status().pagesFetched()).isLessThanOrEqualTo(3); // not the 3+ pages of the snapshot again
                assertThat(b.service().resolve(AgentName.parse("ans://v1.0.0.agent7.fleet.a.test"))).isPresent();
            }
        }
    }

    @Test
    void theFeedIsRefusedWithoutAPeerToken() {
        try (AnsServer a = origin(dir.resolve("a"))) {
            var http = java.net.http.HttpClient.newHttpClient();
            for (String token : new String[] {null, "not-a-peer-token-000000"}) {
                var request = java.net.http.HttpRequest.newBuilder(a.baseUri().resolve("/v1/sync/changes"));
                if (token != null) {
                    request.header("Authorization", "Bearer " + token);
                }
                var response = send(http, request);
                assertThat(response.statusCode()).isEqualTo(401);
                assertThat(response.body()).contains("unauthenticated");
            }
            assertThat(send(http, java.net.http.HttpRequest.newBuilder(a.baseUri().resolve("/v1/sync/changes?limit=0"))
                    .header("Authorization", "Bearer " + TOKEN_B)).statusCode()).isEqualTo(400);
            assertThat(send(http, java.net.http.HttpRequest.newBuilder(a.baseUri().resolve("/v1/sync/changes?cursor=zz"))
                    .header("Authorization", "Bearer " + TOKEN_B)).statusCode()).isEqualTo(400);
        }
    }

    static java.net.http.HttpResponse<String> send(java.net.http.HttpClient http, java.net.http.HttpRequest.Builder request) {
        try {
            return http.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
