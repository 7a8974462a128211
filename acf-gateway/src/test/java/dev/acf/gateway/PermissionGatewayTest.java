package dev.acf.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.acf.api.audit.AuditEvent;
import dev.acf.api.audit.AuditSink;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import dev.acf.api.security.CallerIdentity;
import dev.acf.api.security.ClassificationLevel;
import dev.acf.api.security.Grant;
import dev.acf.api.security.GrantPolicy;
import dev.acf.api.security.GrantRequest;
import dev.acf.client.AgentIdentity;
import dev.acf.client.RemoteGrantPolicy;
import dev.acf.gateway.proxy.AgentPath;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLSocket;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Permissions enforced at the gateway (ANS-SEC-1) against a real ANS over HTTP, callers and
 * the agent over real mutual TLS: an ungranted call is refused with the rule id and audited, a
 * grant approved at the ANS enables the call without restarting anything, revocation takes it
 * away, and the catalogue lists only what the caller may discover.
 */
class PermissionGatewayTest {
    static final AgentName TARGET = AgentName.parse("ans://v1.0.0.rca.ops.example.net");
    static final String RESULT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"kind\":\"task\",\"id\":\"task-9\",\"contextId\":\"ctx-9\","
            + "\"status\":{\"state\":\"TASK_STATE_COMPLETED\"}}}";
    /** A streamed answer whose task asks for input. */
    static final String STREAMED = "data: {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"task\":{\"id\":\"task-streamed\",\"contextId\":\"ctx-s\","
            + "\"status\":{\"state\":\"TASK_STATE_INPUT_REQUIRED\"}}}}\n\n";

    @TempDir
    static Path ansData;

    static AnsFixture ans;
    static MockWebServer agent;
    static RemoteGrantPolicy grants;
    static GatewayServer gateway;
    static final List<AuditEvent> audited = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        ans = AnsFixture.start(ansData);
        AgentIdentity gatewayIdentity = ans.certify(AnsFixture.GATEWAY);
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        AgentIdentity agentIdentity = ans.register(TARGET, "https://127.0.0.1:" + port + "/a2a");
        agent = new MockWebServer();
        agent.useHttps(agentIdentity.sslContext().getSocketFactory());
        agent.setDispatcher(new mockwebserver3.Dispatcher() {
            @Override
            public MockResponse dispatch(mockwebserver3.RecordedRequest request) {
                if (request.getBody() != null && request.getBody().utf8().contains("SendStreamingMessage")) {
                    return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(STREAMED).build();
                }
                return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(RESULT).build();
            }
        });
        agent.start(port);
        grants = RemoteGrantPolicy.start(ans.client(), AnsFixture.GRANT_READER,
                GrantPolicy.builder().defaultDecision(Domain.of("ops.example.net"), GrantPolicy.Decision.DENY));
        AuditSink sink = audited::add;
        gateway = GatewayServer.builder()
                .lookup(ans.client())
                .identity(gatewayIdentity)
                .auditSink(sink)
                .permissionPolicy(grants)
                .expose(TARGET.withoutVersion())
                .build()
                .start();
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (grants != null) {
            grants.close();
        }
        agent.close();
        ans.close();
    }

    /** The caller requests a grant for the target's {@code line-*} skills, the administrator approves it, the gateway loads it. */
    private static void grantLineSkillsTo(AgentIdentity caller) {
        Grant pending = ans.client().permissions().request(caller, GrantRequest.of(caller.name().withoutVersion().toString(),
                "ans://rca.ops.example.net", List.of()).forSkills(List.of("line-*")));
        long loadsBefore = grants.loads();
        ans.client().permissions().approve(pending.id(), AnsFixture.ADMIN);
        await().atMost(Duration.ofSeconds(5)).until(() -> grants.loads() > loadsBefore);
    }

    private static RawHttp.Response call(AgentIdentity caller, String method) throws IOException {
        return call(caller, method, null);
    }

    /** Calls the target with a message naming a skill in its A2A metadata, or none when null. */
    private static RawHttp.Response call(AgentIdentity caller, String method, String skill) throws IOException {
        return call(caller, method, skill, null);
    }

    /** Calls the target with a message on a task (when not null) naming a skill (when not null). */
    private static RawHttp.Response call(AgentIdentity caller, String method, String skill, String taskId) throws IOException {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":{\"message\":{\"role\":\"ROLE_USER\","
                + (skill == null ? "" : "\"metadata\":{\"skillId\":\"" + skill + "\"},")
                + (taskId == null ? "" : "\"taskId\":\"" + taskId + "\",")
                + "\"messageId\":\"m-1\",\"parts\":[{\"text\":\"why is the link down?\"}]}}}";
        try (RawHttp client = connect(caller)) {
            return client.send("POST " + AgentPath.of(TARGET.withoutVersion()) + " HTTP/1.1\r\nHost: gateway.example.net\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body).read();
        }
    }

    private static RawHttp.Response catalogue(AgentIdentity caller) throws IOException {
        try (RawHttp client = connect(caller)) {
            return client.send("GET /v1/catalog HTTP/1.1\r\nHost: gateway.example.net\r\n\r\n").read();
        }
    }

    private static RawHttp connect(AgentIdentity caller) throws IOException {
        InetSocketAddress address = gateway.tlsAddress().orElseThrow();
        SSLSocket socket = (SSLSocket) caller.sslContext().getSocketFactory().createSocket(address.getAddress(), address.getPort());
        socket.startHandshake();
        return new RawHttp(socket);
    }

    @Test
    void ungrantedCallIsRefusedWithTheRuleIdAndAudited() throws Exception {
        AgentIdentity caller = ans.certify(AgentName.parse("ans://v1.0.0.stranger.ops.example.net"));

        RawHttp.Response refused = call(caller, "SendMessage");

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("permission_denied").contains("default-deny:ops.example.net");
        assertThat(refused.header("acf-denied-by")).isEqualTo("default-deny:ops.example.net");
        String requestId = refused.header("acf-request-id");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(audited)
                .filteredOn(e -> requestId.equals(e.requestId())).singleElement()
                .satisfies(e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.attributes()).containsEntry("deniedBy", "default-deny:ops.example.net");
                }));
    }

    @Test
    void requestedGrantApprovedAtTheAnsEnablesTheCallWithoutRestartAndRevocationEndsIt() throws Exception {
        AgentIdentity caller = ans.certify(AgentName.parse("ans://v1.0.0.noc.ops.example.net"));
        Grant pending = ans.client().permissions().request(caller,
                GrantRequest.of("ans://noc.ops.example.net", "ans://rca.ops.example.net", List.of("SendMessage")));
        assertThat(call(caller, "SendMessage").status()).as("still pending").isEqualTo(403);
        long loadsBefore = grants.loads();

        ans.client().permissions().approve(pending.id(), AnsFixture.ADMIN);

        await().atMost(Duration.ofSeconds(5)).until(() -> grants.loads() > loadsBefore);
        RawHttp.Response allowed = call(caller, "SendMessage");
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.body()).isEqualTo(RESULT);
        RawHttp.Response otherMethod = call(caller, "CancelTask");
        assertThat(otherMethod.status()).as("the grant names SendMessage only").isEqualTo(403);

        long loadsBeforeRevocation = grants.loads();
        ans.client().permissions().revoke(pending.id(), "incident closed", AnsFixture.ADMIN);

        await().atMost(Duration.ofSeconds(5)).until(() -> grants.loads() > loadsBeforeRevocation);
        assertThat(call(caller, "SendMessage").status()).isEqualTo(403);
    }

    @Test
    void aGrantLimitedToSkillsLetsThroughOnlyMessagesNamingOneOfThem() throws Exception {
        AgentIdentity caller = ans.certify(AgentName.parse("ans://v1.0.0.field-tech.ops.example.net"));

        grantLineSkillsTo(caller);

        assertThat(call(caller, "SendMessage", "line-test").status()).isEqualTo(200);
        RawHttp.Response otherSkill = call(caller, "SendMessage", "billing-dispute");
        assertThat(otherSkill.status()).isEqualTo(403);
        assertThat(otherSkill.body()).contains("skill:billing-dispute");
        assertThat(otherSkill.header("acf-denied-by")).isEqualTo("default-deny:ops.example.net");
        RawHttp.Response noSkill = call(caller, "SendMessage");
        assertThat(noSkill.status()).as("a message naming no skill could reach any").isEqualTo(403);
        assertThat(noSkill.body()).contains("names no skill");
    }

    @Test
    void catalogueListsOnlyAgentsTheCallerMayDiscover() throws Exception {
        AgentIdentity caller = ans.certify(AgentName.parse("ans://v1.0.0.explorer.ops.example.net"));
        assertThat(catalogue(caller).body()).doesNotContain("rca.ops.example.net");

        ans.client().permissions().create(GrantRequest.of("ans://explorer.ops.example.net", "ans://rca.ops.example.net", List.of()),
                AnsFixture.ADMIN);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(catalogue(caller).body()).contains("rca.ops.example.net"));
    }

    @Test
    void aRefusedReaderTokenLoadsNoGrantSoOnlyTheDefaultsDecide() {
        Grant granted = ans.client().permissions().create(
                GrantRequest.of("ans://auditor.ops.example.net", "ans://rca.ops.example.net", List.of()), AnsFixture.ADMIN);
        CallerIdentity auditor = CallerIdentity.ofAgent(AgentName.parse("ans://v1.0.0.auditor.ops.example.net"),
                Domain.of("ops.example.net"), ClassificationLevel.INTERNAL);
        try (RemoteGrantPolicy refused = RemoteGrantPolicy.start(ans.client(), "not-a-reader-token-0123456789",
                GrantPolicy.builder().defaultDecision(Domain.of("ops.example.net"), GrantPolicy.Decision.DENY))) {

            assertThat(refused.loads()).isZero();
            assertThat(refused.reload()).isFalse();
            assertThat(refused.grantCount()).isZero();
            assertThat(refused.decide(auditor, TARGET, "call:SendMessage").allowed()).isFalse();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> grants.grantCount() > 0
                && grants.decide(auditor, TARGET, "call:SendMessage").ruleId().equals("grant:" + granted.id()));
    }

    @Test
    void aReplyOnATaskStartedForAGrantedSkillIsLetThroughWithoutNamingItStreamedOrNot() throws Exception {
        AgentIdentity caller = ans.certify(AgentName.parse("ans://v1.0.0.line-desk.ops.example.net"));
        grantLineSkillsTo(caller);
        assertThat(call(caller, "SendMessage", null, "task-9").status()).as("no task started yet").isEqualTo(403);

        RawHttp.Response started = call(caller, "SendMessage", "line-test");
        RawHttp.Response streamed = call(caller, "SendStreamingMessage", "line-test");

        assertThat(started.status()).isEqualTo(200);
        assertThat(streamed.status()).isEqualTo(200);
        assertThat(streamed.body()).contains("task-streamed");
        assertThat(call(caller, "SendMessage", null, "task-9").status()).as("reply on the task of a plain answer").isEqualTo(200);
        assertThat(call(caller, "SendMessage", null, "task-streamed").status()).as("reply on the task of a streamed answer").isEqualTo(200);
        assertThat(call(caller, "SendMessage", null, "task-unknown").status()).isEqualTo(403);
    }
}
