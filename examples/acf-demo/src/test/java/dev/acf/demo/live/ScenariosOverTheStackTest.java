package dev.acf.demo.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acf.api.agent.AgentRecord;
import dev.acf.api.agent.AgentStatus;
import dev.acf.ans.graph.GraphEdge;
import dev.acf.api.monitor.AnomalyEvent;
import dev.acf.api.name.AgentName;
import dev.acf.api.verify.TrustProfile;
import dev.acf.api.resolve.ResolveResult;
import dev.acf.client.AcfClient;
import dev.acf.client.ResolveOptions;
import dev.acf.demo.agent.IntentRoute;
import dev.acf.demo.agent.Scenario;
import dev.acf.demo.agent.TraceEvent;
import dev.acf.demo.agent.TraceLog;
import dev.acf.demo.install.Installation;
import dev.acf.demo.install.InstallationOutcome;
import dev.acf.demo.network.FaultType;
import dev.acf.demo.repair.DiagnosisOutcome;
import dev.acf.demo.repair.FaultDiagnosis;
import dev.acf.demo.repair.Resolution;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Both scenarios over the real stack: one embedded ANS and gateway, the 13 agents of each zone
 * hosted as A2A agents with their own ANS certificates, shared by every run of the class (the
 * start-up, embedding model included, is what costs).
 */
@Tag("it")
class ScenariosOverTheStackTest {
    @TempDir
    static Path temp;

    static DemoStack stack;

    @BeforeAll
    static void start() {
        stack = DemoStack.builder().dataDirectory(temp.resolve("ans")).auditDirectory(temp.resolve("audit"))
                .scenario(FaultDiagnosis.prepare(FaultType.FIBER_CUT, 1)).scenario(Installation.prepare(1)).verifyCapabilities(true)
                .progress(System.out::println).build().start();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theAgentsDeclaringSkillTestsWereProbedThroughTheGatewayAndPassedOutsideAnyRun() {
        Map<String, TrustProfile> byLabel = new java.util.HashMap<>();
        stack.trustProfiles().forEach((name, profile) -> byLabel.put(name.agentLabel(), profile));

        assertThat(byLabel).containsOnlyKeys("knowledge-qa", "complaint-intent");
        assertThat(byLabel.get("knowledge-qa").verifiedSkills()).containsExactly("fix-recommendation");
        assertThat(byLabel.get("complaint-intent").verifiedSkills()).containsExactly("classify-complaint");
        assertThat(byLabel.values()).allSatisfy(p -> {
            assertThat(p.failedSkills()).isEmpty();
            assertThat(p.passRate()).isEqualTo(1.0);
        });
    }

    @Test
    void aCallerWithoutAGrantIsRefusedAuditedAndShownAsAnAnomalousUngrantedEdge() {
        UngrantedCall refused = stack.tryUngrantedCall();

        assertThat(refused.refusal()).startsWith("permission_denied");
        assertThat(refused.anomaly().kind()).isEqualTo(AnomalyEvent.Kind.EDGE_NOT_GRANTED);
        assertThat(refused.anomaly().caller()).isEqualTo(DemoStack.UNGRANTED.toString());
        assertThat(stack.auditEvents()).anyMatch(e -> DemoStack.UNGRANTED.toString().equals(e.source()) && e.status() == 403);
        GraphEdge edge = stack.graph(Duration.ofMinutes(5)).edges().stream()
                .filter(e -> e.caller().equals(DemoStack.UNGRANTED.toString())).findFirst().orElseThrow();
        assertThat(edge.callee()).isEqualTo(refused.anomaly().target());
        assertThat(AgentName.parse(edge.callee()).withoutVersion()).isEqualTo(refused.callee().withoutVersion());
        assertThat(edge.granted()).isFalse();
        assertThat(edge.errors()).isPositive();
        assertThat(edge.anomalies()).extracting(a -> a.kind()).contains(AnomalyEvent.Kind.EDGE_NOT_GRANTED);
    }

    static Stream<Scenario<?>> scenarios() {
        return Stream.of(FaultDiagnosis.prepare(FaultType.FIBER_CUT, 1), Installation.prepare(1));
    }

    @ParameterizedTest
    @EnumSource(FaultType.class)
    void faultDiagnosisFindsTheRootCauseAndRepairsOrDispatchesThroughTheGateway(FaultType type) {
        FaultDiagnosis scenario = FaultDiagnosis.prepare(type, 7);
        TraceLog log = new TraceLog();

        DemoRun<DiagnosisOutcome> run = stack.run(scenario, log);

        DiagnosisOutcome outcome = run.outcome();
        assertThat(outcome.rootCause()).as(log.render()).isEqualTo(type);
        assertThat(outcome.settled()).isTrue();
        assertThat(outcome.location()).isEqualTo(scenario.fault().location());
        assertThat(outcome.impactScope()).containsExactlyInAnyOrderElementsOf(scenario.fault().affected());
        assertThat(outcome.resolution()).isEqualTo(type.remotelyRepairable() ? Resolution.REMOTE_REPAIR : Resolution.DISPATCH);
        assertThat(outcome.repaired()).isTrue();
        assertThat(outcome.validationPassed()).as(log.render()).isTrue();
        assertThat(outcome.phasesCompleted()).containsExactly(1, 2, 3, 4, 5, 6);
        assertEveryCallWentThroughTheGatewayToTheAgentResolutionChose(scenario, run, log);
        assertTheCallsAppearInTheAnsGraph(run);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 7})
    void installationConfiguresValidatesAndCompletesTheOrderThroughTheGateway(long seed) {
        Installation scenario = Installation.prepare(seed);
        TraceLog log = new TraceLog();

        DemoRun<InstallationOutcome> run = stack.run(scenario, log);

        InstallationOutcome outcome = run.outcome();
        assertThat(outcome.validationPassed()).as(log.render()).isTrue();
        assertThat(outcome.orderCompleted()).isTrue();
        assertThat(outcome.configuredDomains()).contains("access", "ip-edge", "home-network");
        assertThat(outcome.phasesCompleted()).containsExactly(1, 2, 3, 4, 5, 6);
        assertEveryCallWentThroughTheGatewayToTheAgentResolutionChose(scenario, run, log);
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void eachZoneHasItsThirteenAgentsRegisteredWithCertificates(Scenario<?> scenario) {
        List<AgentName> hosted = stack.agents(scenario.zone());
        assertThat(hosted).hasSize(13);
        try (AcfClient client = AcfClient.builder().ans(stack.ansUri()).build()) {
            for (AgentName name : hosted) {
                Optional<AgentRecord> record = client.resolve(name);
                assertThat(record).as(name.toString()).hasValueSatisfying(r -> {
                    assertThat(r.status()).isEqualTo(AgentStatus.ACTIVE);
                    assertThat(r.certificate()).isNotNull();
                });
            }
            ResolveOptions inZone = ResolveOptions.defaults().limit(50).filters(new ZoneNames(scenario.zone(), DemoStack.DOMAIN).zoneFilter());
            assertThat(client.resolve("broadband customer network service agent", inZone))
                    .as("the demo denies discovery without a grant: an anonymous caller finds nothing").isEmpty();
            List<ResolveResult> zone = stack.deskClient().resolve("broadband customer network service agent", inZone);
            assertThat(zone).extracting(ResolveResult::name).containsExactlyInAnyOrderElementsOf(hosted);
        }
    }

    @Test
    void explorerCredentialsReachTheGatewayAtItsAddressWithHostNameVerification() throws Exception {
        ExplorerCredentials credentials = stack.writeExplorerCredentials(temp.resolve("explorer"));
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("caller", KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder()
                        .decode(Files.readString(credentials.key()).replaceAll("-----[A-Z ]+-----", "")))), new char[0],
                x509.generateCertificates(new ByteArrayInputStream(Files.readAllBytes(credentials.certificate()))).toArray(Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry("root", List.copyOf(x509.generateCertificates(new ByteArrayInputStream(Files.readAllBytes(credentials.caBundle()))))
                .getLast());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(anchors);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);

        assertThat(stack.gatewayUri().getHost()).isEqualTo("127.0.0.1");
        try (HttpClient http = HttpClient.newBuilder().sslContext(tls).build()) { // verifies the host name: 127.0.0.1 must be certified
            HttpResponse<String> catalogue = http.send(HttpRequest.newBuilder(URI.create(stack.gatewayUri() + "/v1/catalog")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(catalogue.statusCode()).isEqualTo(200);
            assertThat(catalogue.body()).contains(".install.broadband.example.net", ".repair.broadband.example.net");
        }
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void semanticResolutionSendsEveryIntentToTheAgentMeantToAnswerIt(Scenario<?> scenario) {
        ResolutionReport report = stack.checkResolution(scenario);

        System.out.println(scenario.zone() + ": " + report.summary());
        report.entries().forEach(e -> System.out.printf("  %-5s %.2f %-24s (next %.2f %s) %s%n", e.correct() ? "ok" : "MISS",
                e.score(), e.resolved(), e.runnerUpScore(), e.runnerUp(), e.route().intent()));
        assertThat(report.misses()).isEmpty();
    }

    /** Every caller-callee pair of the run is an edge of the ANS's interaction graph, with at least the run's calls. */
    private static void assertTheCallsAppearInTheAnsGraph(DemoRun<?> run) {
        java.util.Map<String, Long> pairs = run.audit().stream().collect(java.util.stream.Collectors.groupingBy(
                e -> e.source() + " -> " + e.destination(), java.util.stream.Collectors.counting()));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> {
            java.util.Map<String, Long> graph = new java.util.HashMap<>();
            stack.graph(java.time.Duration.ofHours(1)).edges().forEach(e -> graph.put(e.caller() + " -> " + e.callee(), e.calls()));
            pairs.forEach((pair, calls) -> assertThat(graph.getOrDefault(pair, 0L)).as(pair).isGreaterThanOrEqualTo(calls));
        });
    }

    private static void assertEveryCallWentThroughTheGatewayToTheAgentResolutionChose(Scenario<?> scenario, DemoRun<?> run, TraceLog log) {
        assertThat(run.calls()).isNotEmpty();
        assertThat(run.callsMissingFromAudit()).as("calls the gateway did not audit").isEmpty();
        assertThat(run.audit()).allSatisfy(event -> assertThat(event.status()).isEqualTo(200));
        List<TraceEvent> traced = log.events().stream().filter(e -> e.kind() == TraceEvent.Kind.CALL).toList();
        assertThat(traced).hasSameSizeAs(run.calls());
        for (int i = 0; i < traced.size(); i++) {
            AgentCall call = run.calls().get(i);
            TraceEvent event = traced.get(i);
            assertThat(event.attributes()).containsEntry("via", "gateway").containsEntry("ctx", call.contextId());
            if (call.resolved()) {
                assertThat(call.candidates()).first().satisfies(best -> {
                    assertThat(best.agentId()).isEqualTo(call.callee());
                    assertThat(best.score()).isPositive();
                });
                assertThat(event.attributes()).containsKey("score");
                assertThat(scenario.intents()).as("the intent %s of %s", call.intent(), call.caller())
                        .contains(new IntentRoute(call.caller(), call.intent(), call.callee()));
            } else {
                assertThat(event.attributes()).containsKey("ans");
            }
        }
    }
}
