package dev.acf.ans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.ans.auth.BootstrapTokens;
import dev.acf.api.ca.RevocationReason;
import dev.acf.api.error.AcfException;
import dev.acf.api.error.ConflictException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.ValidationException;
import dev.acf.api.name.AgentName;
import dev.acf.api.resolve.AgentEvent;
import dev.acf.api.resolve.ResolveResult;
import dev.acf.api.security.Grant;
import dev.acf.api.security.GrantPolicy;
import dev.acf.api.security.GrantRequest;
import dev.acf.client.AcfClient;
import dev.acf.client.AgentIdentity;
import dev.acf.client.ResolveOptions;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Permissions over the real HTTP API (ANS-SEC-1, ANS-REG-4): agents request grants with
 * signed bodies, the administrator decides them through the admin queue, grants survive a
 * restart, and semantic resolution hides agents an identified caller may not discover.
 */
class AnsPermissionsTest {
    static final String TOKEN = "fleet-bootstrap-token-0001";
    static final String ADMIN = "admin-token-0123456789abcdef";
    static final String READER = "grant-reader-token-0123456789";
    static final AgentName DESK = AgentName.parse("ans://v1.0.0.desk.noc.ops.example.net");
    static final String INTENT = "broadband at home, mobile coverage and my bill";

    @TempDir
    Path data;

    private AnsServer ans;
    private AcfClient client;
    private AgentIdentity desk;

    @BeforeEach
    void start() {
        ans = server();
        client = AcfClient.builder().ans(ans.baseUri()).build();
        for (AgentName name : List.of(TelecomAgents.BROADBAND, TelecomAgents.WIRELESS, TelecomAgents.BILLING)) {
            client.register(AgentIdentity.generate(name), TelecomAgents.card(name), TelecomAgents.endpoints(name), TOKEN);
        }
        desk = AgentIdentity.generate(DESK);
        client.register(desk, TelecomAgents.card(TelecomAgents.BILLING), TelecomAgents.endpoints(TelecomAgents.BILLING), TOKEN);
    }

    private AnsServer server() {
        return builder().build().start();
    }

    private AnsServer.Builder builder() {
        return AnsServer.builder()
                .domain("ops.example.net")
                .dataDirectory(data)
                .bootstrapToken(TOKEN, BootstrapTokens.Use.REUSABLE)
                .adminToken(ADMIN)
                .grantReaderToken(READER)
                .embedderProvider("none")
                .defaultPermission("ops.example.net", GrantPolicy.Decision.DENY, null);
    }

    @AfterEach
    void stop() {
        client.close();
        ans.close();
    }

    private GrantRequest deskToBilling() {
        return GrantRequest.of("ans://desk.noc.ops.example.net", "ans://billing.it.ops.example.net", List.of("SendMessage"));
    }

    @Test
    void agentRequestIsPendingInTheAdminQueueUntilApprovedThenActiveWithItsHistory() throws Exception {
        Grant pending = client.permissions().request(desk, deskToBilling());

        assertThat(pending.status()).isEqualTo(Grant.Status.PENDING);
        assertThat(pending.version()).isEqualTo(1);
        assertThat(pending.requester()).isEqualTo(DESK.toString());
        AnsHttp http = new AnsHttp(ans.baseUri());
        AnsHttp.Answer queue = http.send(HttpRequest.newBuilder(ans.baseUri().resolve("/v1/admin/requests?status=PENDING"))
                .header("Authorization", "Bearer " + ADMIN).GET());
        assertThat(queue.status()).isEqualTo(200);
        assertThat(queue.json().path("permissions").findValuesAsText("id")).containsExactly(pending.id());

        Grant active = client.permissions().approve(pending.id(), ADMIN);

        assertThat(active.status()).isEqualTo(Grant.Status.ACTIVE);
        assertThat(active.version()).isEqualTo(2);
        assertThat(active.approver()).isEqualTo("admin");
        assertThat(client.permissions().list(DESK.toString(), null, Grant.Status.ACTIVE, ADMIN)).extracting(Grant::id).containsExactly(pending.id());
        JsonNode one = http.get("/v1/permissions/" + pending.id(), READER).json();
        assertThat(one.path("history").findValuesAsText("status")).containsExactly("PENDING", "ACTIVE");
        assertThat(java.nio.file.Files.readString(ans.service().audit().file())).contains("permission.request", "permission.approve");
        assertThatThrownBy(() -> client.permissions().approve(pending.id(), ADMIN)).isInstanceOf(ConflictException.class);
    }

    @Test
    void rejectedRequestStaysRejectedAndCannotBeApprovedOrRevoked() {
        Grant pending = client.permissions().request(desk, deskToBilling());

        Grant rejected = client.permissions().reject(pending.id(), "not needed", ADMIN);

        assertThat(rejected.status()).isEqualTo(Grant.Status.REJECTED);
        assertThat(rejected.reason()).isEqualTo("not needed");
        assertThat(ans.service().permissions().policy().grants()).isEmpty();
        assertThatThrownBy(() -> client.permissions().approve(pending.id(), ADMIN)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> client.permissions().revoke(pending.id(), "x", ADMIN)).isInstanceOf(ConflictException.class);
    }

    @Test
    void administratorTokenResolvesEveryAgentUnderDefaultDenyAndAWrongTokenIsRefused() {
        AnsHttp http = new AnsHttp(ans.baseUri());
        Map<String, Object> query = Map.of("query", INTENT, "limit", 3, "mode", "lexical");

        AnsHttp.Answer admin = http.post("/v1/resolve", ADMIN, query);
        AnsHttp.Answer wrong = http.post("/v1/resolve", "not-the-admin-token-000", query);

        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.json().path("results").findValuesAsText("name")).contains(TelecomAgents.BROADBAND.toString());
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(http.post("/v1/resolve", null, query).json().path("results")).as("anonymous, default deny").isEmpty();
    }

    @Test
    void anonymousEventSubscribersSeeOnlyDiscoverableAgentsAndEveryWithdrawalWhileAReaderSeesAll() {
        // Agents of it.ops.example.net are discoverable by anyone; the rest of the domain only with a grant.
        client.close();
        ans.close();
        ans = builder().defaultPermission("it.ops.example.net", GrantPolicy.Decision.ALLOW, null).build().start();
        client = AcfClient.builder().ans(ans.baseUri()).build();
        List<AgentEvent> anonymous = new CopyOnWriteArrayList<>();
        List<AgentEvent> reader = new CopyOnWriteArrayList<>();
        try (AcfClient readerClient = AcfClient.builder().ans(ans.baseUri()).eventsToken(READER).build()) {
            client.subscribe(anonymous::add);
            readerClient.subscribe(reader::add);
            AgentIdentity hidden = AgentIdentity.generate(TelecomAgents.INSTALLATION);
            AgentIdentity open = AgentIdentity.generate(AgentName.parse("ans://v1.0.0.invoices.it.ops.example.net"));
            client.register(hidden, TelecomAgents.card(TelecomAgents.INSTALLATION), TelecomAgents.endpoints(TelecomAgents.INSTALLATION), TOKEN);
            client.register(open, TelecomAgents.card(TelecomAgents.BILLING), TelecomAgents.endpoints(TelecomAgents.BILLING), TOKEN);
            client.revoke(hidden, RevocationReason.KEY_COMPROMISE);

            await().atMost(Duration.ofSeconds(10)).until(() -> reader.size() == 3 && anonymous.size() == 2);

            assertThat(reader).extracting(e -> e.type() + " " + e.agent().name().agentLabel())
                    .containsExactly("UPSERTED installation", "UPSERTED invoices", "WITHDRAWN installation");
            // The hidden agent's registration never reached the anonymous stream; its revocation did, for caches holding it.
            assertThat(anonymous).extracting(e -> e.type() + " " + e.agent().name().agentLabel())
                    .containsExactly("UPSERTED invoices", "WITHDRAWN installation");
        }
        AnsHttp http = new AnsHttp(ans.baseUri());
        assertThat(http.get("/v1/events", "not-a-token-0123456789").status()).isEqualTo(401);
    }

    @Test
    void resolutionHidesAgentsTheCallerMayNotDiscoverAndShowsThemOnceGranted() {
        try (AcfClient asDesk = AcfClient.builder().ans(ans.baseUri()).identity(desk).signedResolution(true).build()) {
            ResolveOptions options = ResolveOptions.defaults().limit(3).mode(ResolveOptions.Mode.LEXICAL);
            assertThat(client.resolve(INTENT, options)).as("anonymous, default deny").isEmpty();
            assertThat(asDesk.resolve(INTENT, options)).isEmpty();

            Grant grant = client.permissions().create(deskToBilling(), ADMIN);

            assertThat(asDesk.resolve(INTENT, options)).extracting(ResolveResult::name).containsExactly(TelecomAgents.BILLING);
            assertThat(client.resolve(INTENT, options)).as("the grant is the desk's, not everyone's").isEmpty();

            client.permissions().revoke(grant.id(), "done", ADMIN);

            assertThat(asDesk.resolve(INTENT, options)).isEmpty();
        }
    }

    @Test
    void grantsAndTheirHistorySurviveARestart() {
        Grant kept = client.permissions().create(deskToBilling(), ADMIN);
        Grant revoked = client.permissions().create(GrantRequest.of("ans://desk.noc.ops.example.net", "ans://*.ran.ops.example.net", List.of()),
                ADMIN);
        client.permissions().revoke(revoked.id(), "moved", ADMIN);
        client.close();
        ans.close();

        ans = server();
        client = AcfClient.builder().ans(ans.baseUri()).build();

        assertThat(client.permissions().get(kept.id(), READER)).isEqualTo(kept);
        assertThat(client.permissions().get(revoked.id(), READER).status()).isEqualTo(Grant.Status.REVOKED);
        assertThat(ans.service().permissions().history(revoked.id())).hasSize(2);
        assertThat(ans.service().permissions().policy().grants()).containsExactly(kept);
    }

    @Test
    void readingGrantsNeedsTheAdministratorOrAGrantReaderTokenAndAReaderDecidesNothing() {
        Grant granted = client.permissions().create(deskToBilling(), ADMIN);
        Grant pending = client.permissions().request(desk, GrantRequest.of("ans://desk.noc.ops.example.net",
                "ans://*.ran.ops.example.net", List.of()));
        AnsHttp http = new AnsHttp(ans.baseUri());

        for (String path : List.of("/v1/permissions", "/v1/permissions?status=ACTIVE", "/v1/permissions/" + granted.id())) {
            assertThat(http.get(path).status()).as("anonymous GET %s", path).isEqualTo(401);
            assertThat(http.get(path).errorCode()).isEqualTo("unauthenticated");
            assertThat(http.get(path, "not-a-known-token-0123456789").status()).as("unknown token, GET %s", path).isEqualTo(401);
            assertThat(http.get(path, TOKEN).status()).as("a bootstrap token, GET %s", path).isEqualTo(401);
        }
        assertThat(http.get("/v1/permissions/" + granted.id()).text()).doesNotContain("desk", "billing");
        assertThat(client.permissions().list(null, null, Grant.Status.ACTIVE, READER)).containsExactly(granted);
        assertThat(client.permissions().list(null, null, null, ADMIN)).extracting(Grant::id).containsExactlyInAnyOrder(granted.id(), pending.id());
        assertThat(client.permissions().get(pending.id(), READER).status()).isEqualTo(Grant.Status.PENDING);
        assertThatThrownBy(() -> client.permissions().list(null, null, null, "not-a-known-token-0123456789"))
                .isInstanceOfSatisfying(AcfException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED));

        // Reading is all a reader token does: deciding, creating and revoking stay the administrator's.
        assertThatThrownBy(() -> client.permissions().approve(pending.id(), READER))
                .isInstanceOfSatisfying(AcfException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED));
        assertThatThrownBy(() -> client.permissions().create(deskToBilling(), READER))
                .isInstanceOfSatisfying(AcfException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED));
        assertThatThrownBy(() -> client.permissions().revoke(granted.id(), "no", READER))
                .isInstanceOfSatisfying(AcfException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED));
        assertThat(http.send(HttpRequest.newBuilder(ans.baseUri().resolve("/v1/admin/requests?status=PENDING"))
                .header("Authorization", "Bearer " + READER).GET()).status()).isEqualTo(401);
        assertThat(client.permissions().get(pending.id(), ADMIN).status()).isEqualTo(Grant.Status.PENDING);
        assertThat(client.permissions().get(granted.id(), ADMIN).status()).isEqualTo(Grant.Status.ACTIVE);
    }

    @Test
    void anAnsWithoutAdministratorOrReaderTokenListsNoGrants() {
        try (AnsServer closed = AnsServer.builder().domain("ops.example.net").dataDirectory(data.resolve("no-tokens"))
                .bootstrapToken(TOKEN, BootstrapTokens.Use.REUSABLE).embedderProvider("none").build().start()) {
            AnsHttp http = new AnsHttp(closed.baseUri());

            AnsHttp.Answer refused = http.get("/v1/permissions", READER);

            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.text()).contains("no admin token and no grant reader token");
        }
    }

    @Test
    void theTargetsOwnerMayRevokeAndOthersMayNot() {
        AgentIdentity billing = AgentIdentity.generate(AgentName.parse("ans://v1.0.1.billing.it.ops.example.net"));
        client.register(billing, TelecomAgents.card(TelecomAgents.BILLING), TelecomAgents.endpoints(TelecomAgents.BILLING), TOKEN);
        AgentIdentity stranger = AgentIdentity.generate(AgentName.parse("ans://v1.0.0.stranger.noc.ops.example.net"));
        client.register(stranger, TelecomAgents.card(TelecomAgents.BILLING), TelecomAgents.endpoints(TelecomAgents.BILLING), TOKEN);
        Grant grant = client.permissions().create(deskToBilling(), ADMIN);

        assertThatThrownBy(() -> client.permissions().revoke(stranger, grant.id(), "mine now"))
                .isInstanceOfSatisfying(AcfException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED));
        Grant revoked = client.permissions().revoke(billing, grant.id(), "closing the billing API");

        assertThat(revoked.status()).isEqualTo(Grant.Status.REVOKED);
        assertThat(revoked.version()).isEqualTo(2);
    }

    @Test
    void badInputIsA4xxWithAnErrorCode() {
        AnsHttp http = new AnsHttp(ans.baseUri());

        assertThat(http.post("/v1/permissions", null, Map.of("target", "ans://billing.it.ops.example.net")).status())
                .as("no credentials").isIn(400, 401);
        AnsHttp.Answer noCaller = http.post("/v1/permissions", ADMIN, Map.of("target", "ans://billing.it.ops.example.net"));
        assertThat(noCaller.status()).isEqualTo(400);
        assertThat(noCaller.errorCode()).isEqualTo("invalid_request");
        AnsHttp.Answer badTarget = http.post("/v1/permissions", ADMIN, Map.of("caller", Map.of("role", "noc"), "target", "billing/../x"));
        assertThat(badTarget.status()).isEqualTo(400);
        AnsHttp.Answer badWindow = http.post("/v1/permissions", ADMIN, Map.of("caller", Map.of("role", "noc"),
                "target", "ans://billing.it.ops.example.net", "window", Map.of("from", "25:00", "to", "08:00")));
        assertThat(badWindow.status()).isEqualTo(400);
        assertThat(http.post("/v1/permissions", ADMIN, "{not json").errorCode()).isEqualTo("malformed_json");
        AnsHttp.Answer wrongAdmin = http.post("/v1/permissions", "wrong-token-0123456789", Map.of("caller", Map.of("role", "noc"),
                "target", "ans://billing.it.ops.example.net"));
        assertThat(wrongAdmin.status()).isEqualTo(401);
        assertThat(http.get("/v1/permissions/nonsense", READER).errorCode()).isEqualTo("invalid_request");
        assertThat(http.get("/v1/permissions/perm-0123456789abcdef", READER).status()).isEqualTo(404);
        assertThat(http.get("/v1/permissions?status=MAYBE", READER).status()).isEqualTo(400);
        assertThat(http.send(HttpRequest.newBuilder(ans.baseUri().resolve("/v1/permissions")).PUT(HttpRequest.BodyPublishers.noBody()))
                .status()).isEqualTo(405);
        assertThatThrownBy(() -> client.permissions().request(desk,
                GrantRequest.of("ans://billing.it.ops.example.net", "ans://home-broadband.access.ops.example.net", List.of())))
                .as("an agent asks only for itself").isInstanceOf(ValidationException.class);
    }
}
