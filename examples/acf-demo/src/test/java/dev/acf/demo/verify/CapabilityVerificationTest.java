package dev.acf.demo.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.acf.ans.AnsServer;
import dev.acf.ans.auth.BootstrapTokens;
import dev.acf.ans.verify.Verification;
import dev.acf.api.a2a.AgentCard;
import dev.acf.api.a2a.AgentInterface;
import dev.acf.api.a2a.AgentSkill;
import dev.acf.api.agent.Endpoint;
import dev.acf.api.audit.AuditEvent;
import dev.acf.api.audit.AuditSink;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import dev.acf.api.resolve.ResolveResult;
import dev.acf.api.security.Grant;
import dev.acf.api.security.GrantPolicy;
import dev.acf.api.security.GrantRequest;
import dev.acf.api.verify.ProbeIdentity;
import dev.acf.api.verify.TestResult;
import dev.acf.api.verify.TrustProfile;
import dev.acf.client.AcfClient;
import dev.acf.client.AgentIdentity;
import dev.acf.client.RemoteGrantPolicy;
import dev.acf.client.ResolveOptions;
import dev.acf.client.host.AgentHandler;
import dev.acf.client.host.AgentHost;
import dev.acf.gateway.GatewayServer;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Capability verification over real sockets (ANS-MON-3): an ANS, a gateway that is itself an
 * ANS agent (mutual TLS, default deny, audited) and three hosted agents whose cards declare skill
 * test cases. ANS's probe runs them through the gateway.
 */
@Tag("it")
class CapabilityVerificationTest {
    private static final String DOMAIN = "verify.example.net";
    private static final String TOKEN = "verify-bootstrap-token-0001";
    private static final String ADMIN = "verify-admin-token-0123456789";
    private static final AgentName GATEWAY = AgentName.parse("ans://v1.0.0.gateway." + DOMAIN);
    private static final AgentName DESK = AgentName.parse("ans://v1.0.0.desk." + DOMAIN);
    private static final AgentName CONVERTER = AgentName.parse("ans://v1.0.0.converter.tools." + DOMAIN);
    private static final AgentName LINE_TESTER = AgentName.parse("ans://v1.0.0.line-tester.tools." + DOMAIN);
    private static final AgentName TICKETS = AgentName.parse("ans://v1.0.0.tickets.tools." + DOMAIN);

    @TempDir
    Path dir;

    private final List<AutoCloseable> opened = new ArrayList<>();
    private final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
    private final VerificationAgents.TicketDesk tickets = new VerificationAgents.TicketDesk();
    private AnsServer ans;
    private AcfClient client;
    private AcfClient desk;
    private GatewayServer gateway;

    @BeforeEach
    void start() throws Exception {
        InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        ans = AnsServer.builder().domain(DOMAIN).dataDirectory(dir.resolve("ans")).embedderProvider("none").contentInspection(false)
                .bootstrapToken(TOKEN, BootstrapTokens.Use.REUSABLE).adminToken(ADMIN)
                .defaultPermission(DOMAIN, GrantPolicy.Decision.DENY, null).allowIpAddressSans(loopback)
                .verification(Verification.defaults().callsPerSecond(50)).build().start();
        opened.add(0, ans);
        client = AcfClient.builder().ans(ans.baseUri()).eventsToken(ADMIN).build();
        opened.add(0, client);
        AgentIdentity gatewayIdentity = register(AgentIdentity.generate(GATEWAY).requestIpAddresses(loopback));
        // The desk may discover every agent of the domain (default deny): its signed resolutions see them all.
        AgentIdentity deskIdentity = register(AgentIdentity.generate(DESK));
        client.permissions().create(GrantRequest.of(DESK.withoutVersion().toString(), "ans://*." + DOMAIN, List.of()), ADMIN);
        desk = AcfClient.builder().ans(ans.baseUri()).identity(deskIdentity).signedResolution(true).build();
        opened.add(0, desk);
        RemoteGrantPolicy grants = RemoteGrantPolicy.start(client, ADMIN, GrantPolicy.builder().defaultDecision(Domain.of(DOMAIN), GrantPolicy.Decision.DENY));
        opened.add(0, grants);
        AuditSink recorder = new AuditSink() {
            @Override
            public void accept(AuditEvent event) {
                audit.add(event);
            }

            @Override
            public void close() {}
        };
        gateway = GatewayServer.builder().lookup(client).identity(gatewayIdentity).auditSink(recorder).permissionPolicy(grants)
                .expose(CONVERTER).expose(LINE_TESTER).expose(TICKETS).build().start();
        opened.add(0, gateway);
        host(CONVERTER, VerificationAgents::signalConverterCard, VerificationAgents.signalConverter());
        host(LINE_TESTER, VerificationAgents::brokenLineTesterCard, VerificationAgents.brokenLineTester());
        host(TICKETS, VerificationAgents::ticketDeskCard, tickets);
    }

    private AgentIdentity register(AgentIdentity identity) {
        String endpoint = "https://" + identity.name().fqdn() + "/a2a";
        client.register(identity, AgentCard.builder(identity.name().agentLabel(), "A caller of the domain.", "1.0.0")
                .supportedInterfaces(List.of(new AgentInterface(endpoint, AgentInterface.JSONRPC, null, "1.0")))
                .skills(List.of(AgentSkill.builder("call", "call", "Calls agents.").build())).build(),
                List.of(Endpoint.of(endpoint, Endpoint.JSONRPC)), TOKEN);
        return identity;
    }

    private void host(AgentName name, Function<AgentInterface, AgentCard> card, AgentHandler handler) {
        AgentHost host = AgentHost.builder().identity(AgentIdentity.generate(name))
                .card(card.apply(new AgentInterface("https://" + name.fqdn() + "/a2a", AgentInterface.JSONRPC, null, "1.0")))
                .handler(handler).trustedGateways(GATEWAY).register(client, TOKEN).build().start();
        opened.add(0, host);
    }

    @AfterEach
    void stop() {
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Exception e) {
                // best effort: the next resource still closes
            }
        }
    }

    private TrustProfile verified(AgentName agent) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> client.trust(agent), p -> p.lastVerified() != null);
    }

    @Test
    void theProbeVerifiesTheHonestSkillCatchesTheBrokenOneAndNeverSendsAWriteWithoutDryRun() {
        ans.verifier().connect(gateway.baseUri());

        TrustProfile converter = verified(CONVERTER);
        TrustProfile lineTester = verified(LINE_TESTER);
        TrustProfile ticketDesk = verified(TICKETS);

        assertThat(converter.verifiedSkills()).containsExactly(VerificationAgents.DBM_CONVERT);
        assertThat(converter.passRate()).isEqualTo(1.0);
        assertThat(converter.results()).extracting(TestResult::testCase).containsExactly("dbm-2mw", "dbm-1mw");
        assertThat(converter.p50Ms()).isPositive();
        assertThat(lineTester.verifiedSkills()).isEmpty();
        assertThat(lineTester.failedSkills()).containsExactly(VerificationAgents.LINE_TEST);
        assertThat(lineTester.results().get(0).detail()).contains("attenuation");
        // The write skill's test case is never sent; the dry-run one is, and the desk changes nothing.
        assertThat(ticketDesk.results()).extracting(TestResult::testCase).containsExactly("cancel-1");
        assertThat(ticketDesk.verifiedSkills()).containsExactly(VerificationAgents.TICKET_CANCEL);
        assertThat(tickets.opened()).isZero();
        assertThat(tickets.cancelled()).isZero();
        assertThat(tickets.dryRuns()).isEqualTo(1);

        // Resolution: verifiedOnly leaves the broken agent out; every result carries its trust summary.
        ResolveOptions options = ResolveOptions.defaults().limit(10);
        List<ResolveResult> all = desk.resolve("line test attenuation and power level conversion", options);
        List<ResolveResult> onlyVerified = desk.resolve("line test attenuation and power level conversion", options.verifiedOnly(true));
        assertThat(all).extracting(ResolveResult::name).contains(LINE_TESTER, CONVERTER);
        assertThat(all).filteredOn(r -> r.name().equals(LINE_TESTER)).first()
                .satisfies(r -> assertThat(r.trust().failedSkills()).containsExactly(VerificationAgents.LINE_TEST));
        assertThat(onlyVerified).extracting(ResolveResult::name).contains(CONVERTER).doesNotContain(LINE_TESTER);

        // The gateway audited the probe's calls as probe calls, the dry run as a dry run, and nothing else as a probe.
        AgentName probe = ans.verifier().probeName();
        List<AuditEvent> probeCalls = audit.stream().filter(e -> probe.toString().equals(e.source()) && e.type().equals("a2a.call")
                && e.status() == 200).toList();
        assertThat(probeCalls).hasSize(4).allSatisfy(e -> assertThat(e.attributes()).containsEntry(ProbeIdentity.AUDIT_ATTRIBUTE, "true"));
        assertThat(probeCalls).filteredOn(e -> TICKETS.toString().equals(e.destination())).singleElement()
                .satisfies(e -> assertThat(e.attributes()).containsEntry("dryRun", "true"));
        assertThat(audit).filteredOn(e -> probe.toString().equals(e.source()) && e.type().equals("a2a.call"))
                .allSatisfy(e -> assertThat(e.attributes()).containsEntry(ProbeIdentity.AUDIT_ATTRIBUTE, "true"));
        assertThat(audit).filteredOn(e -> !probe.toString().equals(e.source()))
                .allSatisfy(e -> assertThat(e.attributes()).doesNotContainKey(ProbeIdentity.AUDIT_ATTRIBUTE));

        // ANS made the probe exactly one grant per agent, for exactly its probeable skills.
        List<Grant> probeGrants = ans.service().permissions().list(null, null, Grant.Status.ACTIVE).stream()
                .filter(g -> probe.withoutVersion().toString().equals(g.caller().name())).toList();
        assertThat(probeGrants).extracting(Grant::skills).containsExactlyInAnyOrder(List.of(VerificationAgents.DBM_CONVERT),
                List.of(VerificationAgents.LINE_TEST), List.of(VerificationAgents.TICKET_CANCEL));
    }
}
