package dev.acf.ans.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.util.Base64URL;
import com.sun.net.httpserver.HttpServer;
import dev.acf.ans.AnsServer;
import dev.acf.ans.sign.AnsSigner;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.Domain;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An importer reading a relay's feed: the origin's changes pass through unchanged and are
 * accepted; a change whose payload was altered, one re-signed with the relay's key, and one whose
 * signer claims a record of a domain it is not authoritative for are refused and counted, and so is
 * a withdrawal the relay passes on that it did not sign itself.
 */
class ForgedChangeTest {
    static final String TOKEN_B = "token-that-b-presents-0001";

    @TempDir
    Path dir;

    @Test
    void forgedChangesAreRejectedAndCountedAndTheRestImported() throws Exception {
        try (AnsServer a = SyncFixture.ans("a.test", dir.resolve("a"))
                .peer(Peer.builder("b.test").exportTo(TOKEN_B, ExportPolicy.defaults()).build()).build().start()) {
            AgentRecord kept = SyncFixture.register(a, "ans://v1.0.0.kept.fleet.a.test", "relayed unchanged", "fleet");
            AgentRecord altered = SyncFixture.register(a, "ans://v1.0.0.altered.fleet.a.test", "relayed with a new endpoint", "fleet");
            AgentRecord resigned = SyncFixture.register(a, "ans://v1.0.0.resigned.fleet.a.test", "re-signed by the relay", "fleet");
            ChangeFeed feed = a.federation().orElseThrow().feed();
            List<String> original = feed.page(feed.authenticate(TOKEN_B), null, 100).changes();
            AnsSigner relayKey = AnsSigner.builder().dataDirectory(dir.resolve("relay-key")).build();

            String keptJws = find(original, kept);
            String alteredJws = alterPayload(find(original, altered));
            String resignedJws = SignedChange.sign(relayKey, Domain.of("a.test"), resigned, 1, resigned.updatedAt()).jws();
            // The relay signs as itself a record of a.test, which it is not authoritative for.
            String overreach = SignedChange.sign(relayKey, Domain.of("relay.test"), resigned, 1, resigned.updatedAt()).jws();
            // A genuine withdrawal signed by a.test, passed on by the relay: only the domain whose feed it is withdraws.
            String foreignWithdrawal = a.signer().sign(SignedChange.payload(Domain.of("a.test"), SignedChange.Kind.WITHDRAW, kept.name(), null, 2,
                    kept.updatedAt()), SignedChange.TYPE);

            HttpServer relay = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            byte[] page = AcfJson.writeBytes(Map.of("changes", List.of(keptJws, alteredJws, resignedJws, overreach, foreignWithdrawal), "cursor", "4", "hasMore", false));
            relay.createContext("/v1/sync/changes", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, page.length);
                exchange.getResponseBody().write(page);
                exchange.close();
            });
            relay.start();
            try (AnsServer b = SyncFixture.ans("b.test", dir.resolve("b"))
                    .peer(Peer.builder("relay.test").ans(URI.create("http://127.0.0.1:" + relay.getAddress().getPort()))
                            .pinnedKeys(relayKey.publicJwks()).importWith("token-for-the-relay-01").build())
                    .peer(Peer.builder("a.test").pinnedKeys(a.signer().publicJwks()).build())
                    .build().start()) {
                PeerImporter importer = b.federation().orElseThrow().importer("relay.test").orElseThrow();
                await().atMost(Duration.ofSeconds(10)).until(() -> importer.status().caughtUp());
                assertThat(importer.status().rejected()).isEqualTo(4);
                assertThat(importer.status().imported()).isEqualTo(1);
                assertThat(b.service().resolve(kept.name())).isPresent();
                assertThat(b.service().resolve(altered.name())).isEmpty();
                assertThat(b.service().resolve(resigned.name())).isEmpty();
            } finally {
                relay.stop(0);
            }
        }
    }

    static String find(List<String> changes, AgentRecord record) {
        return changes.stream().filter(jws -> payload(jws).contains(record.name().toString())).findFirst().orElseThrow();
    }

    /** Returns the payload JSON of a change in either form (a page of several is batched). */
    static String payload(String jws) {
        if (jws.contains("~")) {
            return new String(new Base64URL(jws.split("~")[3]).decode(), StandardCharsets.UTF_8);
        }
        try {
            return JWSObject.parse(jws).getPayload().toString();
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Replaces the record's endpoint in the payload and keeps the origin's signature and inclusion path. */
    static String alterPayload(String jws) {
        String json = payload(jws).replace("altered.agents.internal", "attacker.example.org");
        assertThat(json).contains("attacker.example.org");
        String altered = Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
        if (jws.contains("~")) {
            return jws.substring(0, jws.lastIndexOf('~') + 1) + altered;
        }
        String[] parts = jws.split("\\.");
        return parts[0] + "." + altered + "." + parts[2];
    }
}
