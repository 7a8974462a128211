package dev.acf.gateway.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.acf.api.ca.RevocationReason;
import dev.acf.api.gateway.Exchange;
import dev.acf.api.gateway.FilterChain;
import dev.acf.api.gateway.GatewayFilter;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.AgentName;
import dev.acf.api.security.AccessDecision;
import dev.acf.api.security.CallerIdentity;
import dev.acf.api.security.Grant;
import dev.acf.api.security.GrantPolicy;
import dev.acf.api.security.PermissionPolicy;
import dev.acf.api.testkit.SampleAgents;
import dev.acf.client.AgentIdentity;
import dev.acf.gateway.AnsFixture;
import dev.acf.gateway.ExchangeAttributes;
import dev.acf.gateway.tls.CallerCertificates;
import dev.acf.gateway.tls.RevocationGuard;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Revocation, authentication and authorization filters run through a FilterChain with certificates from a real ANS. */
class SecurityFiltersTest {
    static final String ALPHA_PATH = "/agents/" + java.net.URLEncoder.encode(AnsFixture.ALPHA.toString(), java.nio.charset.StandardCharsets.UTF_8);

    @TempDir
    static Path ansData;

    static AnsFixture ans;
    static AgentIdentity gateway;
    static AgentIdentity beta;

    @BeforeAll
    static void start() {
        ans = AnsFixture.start(ansData);
        gateway = ans.certify(AnsFixture.GATEWAY);
        beta = ans.certify(AnsFixture.BETA);
    }

    @AfterAll
    static void stop() {
        ans.close();
    }

    static AuthenticationFilter authentication() {
        return AuthenticationFilter.builder(CallerCertificates.forDomains(List.of(SampleAgents.DOMAIN)))
                .anonymousPaths(List.of("/v1/catalog", "/.well-known/agent-card.json"))
                .build();
    }

    static String errorCode(Exchange.Response response) {
        return AcfJson.readTree(response.body().bytes()).path("error").path("code").asText();
    }

    @Test
    void certifiedCallerBecomesTheExchangeCaller() {
        AtomicReference<CallerIdentity> seen = new AtomicReference<>();
        FilterChain chain = FilterChain.of(List.of(authentication()), ex -> {
            seen.set(ex.caller());
            return Exchanges.ok("{}");
        });

        Exchange.Response response = chain.proceed(Exchanges.withPeer(Exchanges.post(ALPHA_PATH, Exchanges.SEND_MESSAGE), beta));

        assertThat(response.status()).isEqualTo(200);
        assertThat(seen.get().agent()).isEqualTo(AnsFixture.BETA);
        assertThat(seen.get().domain()).isEqualTo(SampleAgents.DOMAIN);
    }

    @Test
    void callerWithoutCertificateIsUnauthenticatedExceptOnAnonymousPaths() {
        List<CallerIdentity> seen = new CopyOnWriteArrayList<>();
        FilterChain chain = FilterChain.of(List.of(authentication()), ex -> {
            seen.add(ex.caller());
            return Exchanges.ok("{}");
        });

        Exchange.Response refused = chain.proceed(Exchanges.post(ALPHA_PATH, Exchanges.SEND_MESSAGE));
        Exchange.Response catalogue = chain.proceed(Exchanges.get("/v1/catalog?limit=5"));
        Exchange.Response lookalike = chain.proceed(Exchanges.get("/v1/catalogue"));

        assertThat(refused.status()).isEqualTo(401);
        assertThat(errorCode(refused)).isEqualTo("unauthenticated");
        assertThat(catalogue.status()).isEqualTo(200);
        assertThat(lookalike.status()).isEqualTo(401);
        assertThat(seen).containsExactly(CallerIdentity.anonymous());
    }

    @Test
    void certificateWithoutAnAnsNameIsUnauthenticatedEvenOnAnonymousPaths() {
        FilterChain chain = FilterChain.of(List.of(authentication()), ex -> Exchanges.ok("{}"));
        Exchange exchange = Exchanges.get("/v1/catalog")
                .withAttribute(ExchangeAttributes.PEER_CERTIFICATES, new X509Certificate[] {gateway.caChain().get(0)});

        Exchange.Response response = chain.proceed(exchange);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body().asString()).contains("no ANS name");
    }

    @Test
    void revokedCertificateIsRefusedOnTheNextRequestOfAnOpenConnection() {
        AgentIdentity doomed = ans.certify(AgentName.parse("ans://v1.0.0.doomed.ops.example.net"));
        try (RevocationGuard guard = RevocationGuard.builder(ans.ans().lookup()).start()) {
            FilterChain chain = FilterChain.of(List.of(new RevocationFilter(guard), authentication()), ex -> Exchanges.ok("{}"));
            // One exchange stands for every request of a connection: the attribute comes from its TLS session.
            Exchange request = Exchanges.withPeer(Exchanges.post(ALPHA_PATH, Exchanges.SEND_MESSAGE), doomed);
            assertThat(chain.proceed(request).status()).isEqualTo(200);

            ans.ans().service().revokeAsAdmin(doomed.name(), RevocationReason.KEY_COMPROMISE, AnsFixture.ADMIN);

            await().atMost(Duration.ofSeconds(1)).until(() -> chain.proceed(request).status() == 403);
            Exchange.Response refused = chain.proceed(request);
            assertThat(errorCode(refused)).isEqualTo("certificate_revoked");
            assertThat(chain.proceed(Exchanges.withPeer(Exchanges.post(ALPHA_PATH, Exchanges.SEND_MESSAGE), beta)).status()).isEqualTo(200);
        }
    }

    @Test
    void defaultPolicyAllowsEverything() {
        FilterChain chain = FilterChain.of(List.of(authentication(), new AuthorizationFilter()), ex -> Exchanges.ok("{}"));

        assertThat(chain.proceed(Exchanges.withPeer(Exchanges.post(ALPHA_PATH, Exchanges.SEND_MESSAGE), beta)).status()).isEqualTo(200);
    }

    @Test
    void policyDenialIsA403NamingTheRuleAndTheActionComesFromTheRequest() {
        List<String> asked = new CopyOnWriteArrayList<>();
        PermissionPolicy policy = (caller, target, action) -> {
            asked.add(caller.subject() + " " + action + " " + target);
            return action.equals("call:SendMessage") ? AccessDecision.deny("noc-only", "only the NOC may message alpha")
                    : AccessDecision.allow("read-cards");
        };
        GatewayFilter lastResort = (ex, next) -> {
            throw new AssertionError("a denied call must not proceed");
        };
        FilterChain denied = FilterChain.of(List.of(authentication(), new AuthorizationFilter(policy), lastResort), ex -> Exchanges.ok("{}"));
        FilterChain allowed = FilterChain.of(List.of(authentication(), new AuthorizationFilter(policy)), ex -> Exchanges.ok("{}"));

        Exchange.Response response = denied.proceed(Exchanges.withPeer(Exchanges.post(ALPHA_PATH, Exchanges.SEND_MESSAGE), beta));
        Exchange.Response card = allowed.proceed(Exchanges.withPeer(Exchanges.get(ALPHA_PATH + "/.well-known/agent-card.json"), beta));

        assertThat(response.status()).isEqualTo(403);
        assertThat(errorCode(response)).isEqualTo("permission_denied");
        assertThat(response.body().asString()).contains("noc-only");
        assertThat(response.headers().first("acf-denied-by")).contains("noc-only");
        assertThat(card.status()).isEqualTo(200);
        assertThat(asked).containsExactly(
                "ans://v1.0.0.beta.ops.example.net skill:* ans://v1.0.0.alpha.ops.example.net",
                "ans://v1.0.0.beta.ops.example.net call:SendMessage ans://v1.0.0.alpha.ops.example.net",
                "ans://v1.0.0.beta.ops.example.net discover ans://v1.0.0.alpha.ops.example.net");
    }

    static String message(String metadata, String messageMetadata) {
        return "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"SendMessage\",\"params\":{" + (metadata == null ? "" : "\"metadata\":" + metadata + ",")
                + "\"message\":{\"messageId\":\"m-1\",\"role\":\"ROLE_USER\"," + (messageMetadata == null ? "" : "\"metadata\":" + messageMetadata + ",")
                + "\"parts\":[{\"text\":\"why is the DSL down?\"}]}}}";
    }

    static Grant grantToBeta(String id, List<String> skills) {
        Instant now = Instant.now();
        return new Grant(id, 1, new Grant.Caller(AnsFixture.BETA.withoutVersion().toString(), null, null), AnsFixture.ALPHA.withoutVersion().toString(),
                List.of(), skills, null, null, Grant.Status.ACTIVE, "admin", "admin", null, now, now);
    }

    @Test
    void aGrantLimitedToSomeSkillsAllowsOnlyMessagesNamingOneOfThem() {
        GrantPolicy policy = GrantPolicy.builder().defaultDecision(SampleAgents.DOMAIN, GrantPolicy.Decision.DENY).build();
        policy.replace(List.of(grantToBeta("line-tests", List.of("line-*"))));
        FilterChain chain = FilterChain.of(List.of(authentication(), new AuthorizationFilter(policy)), ex -> Exchanges.ok("{}"));

        Exchange.Response named = chain.proceed(Exchanges.withPeer(Exchanges.post(ALPHA_PATH, message(null, "{\"skillId\":\"line-test\"}")), beta));
        Exchange.Response namedInParams = chain.proceed(Exchanges.withPeer(Exchanges.post(ALPHA_PATH, message("{\"skill\":\"line-test\"}", null)), beta));
        Exchange.Response other = chain.proceed(Exchanges.withPeer(Exchanges.post(ALPHA_PATH, message(null, "{\"skillId\":\"billing-dispute\"}")), beta));
        Exchange.Response unnamed = chain.proceed(Exchanges.withPeer(Exchanges.post(ALPHA_PATH, Exchanges.SEND_MESSAGE), beta));
        Exchange.Response taskRead = chain.proceed(Exchanges.withPeer(Exchanges.post(ALPHA_PATH,
                "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"GetTask\",\"params\":{\"id\":\"task-42\"}}"), beta));

        assertThat(named.status()).isEqualTo(200);
        assertThat(namedInParams.status()).isEqualTo(200);
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.body().asString()).contains("skill:billing-dispute");
        assertThat(other.headers().first("acf-denied-by")).contains("default-deny:ops.example.net");
        assertThat(unnamed.status()).isEqualTo(403);
        assertThat(unnamed.body().asString()).contains("skill:*").contains("names no skill");
        assertThat(taskRead.status()).as("a call on an existing task invokes no skill").isEqualTo(200);
    }

    /** A message on a task, naming a skill in its metadata or none. */
    static String reply(String taskId, String skillId) {
        return "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"SendMessage\",\"params\":{\"message\":{\"messageId\":\"m-2\",\"role\":\"ROLE_USER\","
                + "\"taskId\":\"" + taskId + "\"," + (skillId == null ? "" : "\"metadata\":{\"skillId\":\"" + skillId + "\"},")
                + "\"parts\":[{\"text\":\"line 42, every evening\"}]}}}";
    }

    @Test
    void aReplyOnATaskStartedForAGrantedSkillNeedsNotNameItAgainButOnlyItsCallerMayReply() {
        GrantPolicy policy = GrantPolicy.builder().defaultDecision(SampleAgents.DOMAIN, GrantPolicy.Decision.DENY).build();
        policy.replace(List.of(grantToBeta("line-tests", List.of("line-*")),
                new Grant("gamma-all", 1, new Grant.Caller("ans://gamma.ops.example.net", null, null), AnsFixture.ALPHA.withoutVersion().toString(),
                        List.of(), List.of("line-*"), null, null, Grant.Status.ACTIVE, "admin", "admin", null, Instant.now(), Instant.now())));
        AuthorizationFilter authorization = new AuthorizationFilter(policy);
        // The agent answers the first message with a task that needs input.
        FilterChain chain = FilterChain.of(List.of(authentication(), authorization), ex -> Exchanges.ok(
                "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"task\":{\"id\":\"task-9\",\"contextId\":\"ctx-1\","
                        + "\"status\":{\"state\":\"TASK_STATE_INPUT_REQUIRED\"}}}}"));
        AgentIdentity gamma = ans.certify(AgentName.parse("ans://v1.0.0.gamma.ops.example.net"));

        Exchange.Response beforeTheTask = chain.proceed(Exchanges.withPeer(Exchanges.post(ALPHA_PATH, reply("task-9", null)), beta));
        Exchange.Response started = chain.proceed(Exchanges.withPeer(Exchanges.post(ALPHA_PATH, message(null, "{\"skillId\":\"line-test\"}")), beta));
        Exchange.Response replied = chain.proceed(Exchanges.withPeer(Exchanges.post(ALPHA_PATH, reply("task-9", null)), beta));
        Exchange.Response otherTask = chain.proceed(Exchanges.withPeer(Exchanges.post(ALPHA_PATH, reply("task-10", null)), beta));
        Exchange.Response otherCaller = chain.proceed(Exchanges.withPeer(Exchanges.post(ALPHA_PATH, reply("task-9", null)), gamma));
        Exchange.Response otherSkillNamed = chain.proceed(Exchanges.withPeer(Exchanges.post(ALPHA_PATH, reply("task-9", "billing-dispute")), beta));

        assertThat(beforeTheTask.status()).as("no task known yet").isEqualTo(403);
        assertThat(started.status()).isEqualTo(200);
        assertThat(authorization.rememberedTasks()).isEqualTo(1);
        assertThat(replied.status()).as("the reply continues a line-test task").isEqualTo(200);
        assertThat(otherTask.status()).isEqualTo(403);
        assertThat(otherTask.body().asString()).contains("names no skill");
        assertThat(otherCaller.status()).as("another caller's reply on the same task id").isEqualTo(403);
        assertThat(otherSkillNamed.status()).as("a skill named in the reply is the one decided").isEqualTo(403);
        assertThat(otherSkillNamed.body().asString()).contains("skill:billing-dispute");

        policy.replace(List.of());
        assertThat(chain.proceed(Exchanges.withPeer(Exchanges.post(ALPHA_PATH, reply("task-9", null)), beta)).status())
                .as("the remembered skill is decided again, under the grants of now").isEqualTo(403);
    }

    @Test
    void aGrantForEverySkillAllowsMessagesThatNameNone() {
        GrantPolicy policy = GrantPolicy.builder().defaultDecision(SampleAgents.DOMAIN, GrantPolicy.Decision.DENY).build();
        policy.replace(List.of(grantToBeta("all-skills", List.of())));
        FilterChain chain = FilterChain.of(List.of(authentication(), new AuthorizationFilter(policy)), ex -> Exchanges.ok("{}"));

        assertThat(chain.proceed(Exchanges.withPeer(Exchanges.post(ALPHA_PATH, Exchanges.SEND_MESSAGE), beta)).status()).isEqualTo(200);
        assertThat(chain.proceed(Exchanges.withPeer(Exchanges.post(ALPHA_PATH, message(null, "{\"skillId\":\"billing-dispute\"}")), beta)).status())
                .isEqualTo(200);
    }

    @Test
    void theSkillNamedByTheValidatedCallIsTakenFromItsAttribute() {
        List<String> asked = new CopyOnWriteArrayList<>();
        PermissionPolicy policy = (caller, target, action) -> {
            asked.add(action);
            return AccessDecision.allow("open");
        };
        FilterChain chain = FilterChain.of(List.of(authentication(), new AuthorizationFilter(policy)), ex -> Exchanges.ok("{}"));
        // The gateway's JSON-RPC validation sets the method and the skill once; the body is not read again.
        Exchange validated = Exchanges.withPeer(Exchanges.post(ALPHA_PATH, "not json at all"), beta)
                .withAttribute(ExchangeAttributes.A2A_METHOD, "message/send")
                .withAttribute(ExchangeAttributes.SKILL, "line-test");

        assertThat(chain.proceed(validated).status()).isEqualTo(200);
        assertThat(asked).containsExactly("skill:line-test", "call:message/send");
    }
}
