package dev.acf.demo.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.AgentName;
import dev.acf.client.AgentIdentity;
import dev.acf.client.Registration;
import dev.acf.demo.agent.TraceLog;
import dev.acf.demo.network.FaultType;
import dev.acf.demo.repair.FaultDiagnosis;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jspecify.annotations.Nullable;

/**
 * The operator console (ANS-MON-1) in a real browser against the fault-diagnosis demo kept
 * running: headless Chromium driven by the script {@code js/console.mjs}.
 *
 * <p>Why Playwright ({@code playwright-core} from npm, pinned by {@code js/package-lock.json}) and
 * not Selenium: it drives Debian's own {@code /usr/bin/chromium} over the DevTools protocol, so no
 * matching chromedriver, no Selenium Manager and no browser download are involved (playwright-core
 * never downloads one); it waits for page conditions itself ({@code waitForFunction}, locators),
 * so the script needs no sleeps; and it runs under the Node.js that CI installs for the
 * interoperability tests already, adding no Java dependency. Selenium would need
 * {@code chromium-driver} in lock-step with the browser and a Java test dependency for the same
 * clicks.
 *
 * <p>Needs {@code node}, {@code npm ci} in {@code js/} and {@code /usr/bin/chromium}: without them
 * the test is skipped locally and fails in CI ({@code CI=true}), where {@code .ci/run} installs them.
 * Screenshots land in {@code target/console-browser/}.
 */
@Tag("it")
class ConsoleBrowserTest {
    static final Path SCRIPTS = Path.of("js").toAbsolutePath();
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path SHOTS = Path.of("target", "console-browser").toAbsolutePath();
    static final AgentName MARKUP_AGENT = AgentName.parse("ans://v1.0.0.firmware-audit.ops." + DemoStack.DOMAIN);
    static final String OPERATOR = "alice@noc";
    static final String MARKUP = "Audits the firmware of customer premises equipment <img src=x onerror=\"window.__acfXss='img'\">"
            + "<script>window.__acfXss='script'</script><b>bold</b>";

    @TempDir
    static Path temp;

    static DemoStack stack;
    static FaultDiagnosis scenario;

    @BeforeAll
    static void start() {
        requireTools();
        scenario = FaultDiagnosis.prepare(FaultType.FIBER_CUT, 4);
        stack = DemoStack.builder().dataDirectory(temp.resolve("ans")).scenario(scenario).verifyCapabilities(true).progress(System.out::println).build().start();
        stack.run(scenario, new TraceLog());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void consoleShowsTheLiveGraphTrustAndAnomaliesActsOnAnAgentApprovesARegistrationAndEscapesAgentText() throws Exception {
        ConsoleAccess access = stack.openConsole(temp.resolve("out"));
        UngrantedCall refused = stack.tryUngrantedCall();
        String caller = DemoStack.UNGRANTED.toString();
        String callerPath = "/v1/agents/" + URLEncoder.encode(caller, StandardCharsets.UTF_8);
        String serial = serialOf(AcfJson.readTree(get(callerPath).body()).path("agent").path("certificate").asText());
        Registration markup = stack.registerExtra(AgentIdentity.generate(MARKUP_AGENT), MARKUP);
        assertThat(markup).isInstanceOf(Registration.Registered.class);
        List<AgentName> agents = stack.agents(scenario.zone());
        assertThat(agents).hasSize(13);
        AgentName clicked = agents.stream().filter(n -> n.agentLabel().equals("knowledge-qa")).findFirst().orElseThrow();
        JsonNode apiGraph = AcfJson.readTree(get("/v1/graph?window=5m").body());
        Files.createDirectories(SHOTS);

        JsonNode result = runScript(Map.of(
                "CONSOLE_URL", access.console().toString(),
                "ADMIN_TOKEN", stack.adminToken(),
                "OPERATOR", OPERATOR,
                "ANOMALY_CALLER", caller,
                "CLICK_AGENT", clicked.toString(),
                "PENDING_NAME", DemoStack.PARTNER.toString(),
                "XSS_INTENT", "audit the firmware of customer premises equipment",
                "XSS_NAME", MARKUP_AGENT.toString(),
                "EXPECT_NODES", "13",
                "SCREENSHOT_DIR", SHOTS.toString()));

        // A wrong token: refused with the 401 named, nothing kept.
        assertThat(result.path("wrongToken").path("message").asText()).contains("refused", "401");
        assertThat(result.path("wrongToken").path("appVisible").asBoolean()).isFalse();
        assertThat(result.path("wrongToken").path("stored").isNull()).isTrue();
        assertThat(result.path("cookies").asInt()).as("the token never lands in a cookie").isZero();

        // The graph: the zone's 13 agents and exactly the edges GET /v1/graph reports.
        Set<String> nodes = new HashSet<>(result.path("graph").path("nodes").findValuesAsText("name"));
        assertThat(nodes).containsAll(agents.stream().map(AgentName::toString).toList());
        assertThat(pairs(result.path("graph").path("edges"))).isNotEmpty().containsAll(pairs(apiGraph.path("edges")));
        Set<String> zoneNames = new HashSet<>(agents.stream().map(AgentName::toString).toList());
        assertThat(pairs(result.path("graph").path("edges"))).as("the scenario's calls are edges between its agents")
                .anyMatch(p -> zoneNames.contains(p.get(0)) && zoneNames.contains(p.get(1)));

        // The refused call is an edge of the graph: not granted, highlighted as anomalous.
        assertThat(result.path("graph").path("edges")).anySatisfy(e -> {
            assertThat(e.path("caller").asText()).isEqualTo(caller);
            assertThat(e.path("callee").asText()).isEqualTo(refused.anomaly().target());
            assertThat(e.path("granted").asText()).isEqualTo("false");
            assertThat(e.path("anomalous").asBoolean()).isTrue();
            assertThat(e.path("level").asText()).isEqualTo("anomaly");
        });

        // Clicking an agent: its record, certificate and trust profile.
        JsonNode details = result.path("details");
        assertThat(details.path("name").asText()).isEqualTo(clicked.toString());
        assertThat(details.path("record").path("status").asText()).isEqualTo("ACTIVE");
        assertThat(details.path("certificate").path("status").asText()).isEqualTo("good");
        assertThat(details.path("certificate").path("expires").asText()).containsPattern("\\(in \\d+ (h|days)\\)");

        // Approving from the page reached the ANS.
        assertThat(result.path("approval").path("message").asText()).startsWith("Approved registration " + DemoStack.PARTNER);
        assertThat(result.path("approval").path("stillQueued").asInt()).isZero();
        JsonNode partner = AcfJson.readTree(get("/v1/agents/" + URLEncoder.encode(DemoStack.PARTNER.toString(), StandardCharsets.UTF_8)).body());
        assertThat(partner.path("agent").path("status").asText()).isEqualTo("ACTIVE");
        JsonNode approved = AcfJson.readTree(get("/v1/admin/requests?status=APPROVED").body());
        assertThat(approved.path("requests").findValuesAsText("id")).contains(access.pendingRequest());

        // Markup in an agent's card is shown as text, never run.
        assertThat(result.path("xss").path("description").asText()).isEqualTo(MARKUP);
        assertThat(result.path("xss").path("injectedElements").asInt()).isZero();
        assertThat(result.path("xss").path("fired").isNull()).isTrue();
        assertThat(result.path("pageErrors")).isEmpty();
        for (JsonNode line : result.path("console")) {
            assertThat(line.asText()).as("no Content-Security-Policy violation").doesNotContain("Content Security Policy");
        }
        assertThat(SHOTS.resolve("console.png")).isNotEmptyFile();

        // The clicked agent's trust profile (ANS-MON-3): verified by the probe through the gateway.
        assertThat(details.path("trustVisible").asBoolean()).isTrue();
        assertThat(details.path("trust").path("verified skills").asText()).as("trust profile %s", details.path("trust"))
                .isEqualTo("fix-recommendation");
        assertThat(details.path("trust").path("pass rate").asText()).isEqualTo("100%");
        assertThat(details.path("trust").path("last verified").asText()).isNotEqualTo("never");
        assertThat(details.path("trustResults")).hasSize(2).allSatisfy(row -> {
            assertThat(row.get(0).asText()).isEqualTo("fix-recommendation");
            assertThat(row.get(2).asText()).isEqualTo("pass");
        });

        // The anomaly is listed; clicking it selects its edge and its caller.
        JsonNode anomaly = result.path("anomaly");
        assertThat(anomaly.path("listed")).anySatisfy(a -> {
            assertThat(a.path("caller").asText()).isEqualTo(caller);
            assertThat(a.path("kind").asText()).isEqualTo("edge-not-granted");
        });
        assertThat(anomaly.path("edge").path("caller").asText()).isEqualTo(caller);
        assertThat(anomaly.path("edge").path("callee").asText()).isEqualTo(refused.anomaly().target());
        assertThat(anomaly.path("edge").path("anomalous").asBoolean()).isTrue();
        assertThat(anomaly.path("selectedNode").asText()).isEqualTo(caller);

        // Suspended from the page: the node turns SUSPENDED, and the ANS holds the suspension in the operator's name.
        JsonNode suspend = result.path("suspend");
        assertThat(suspend.path("prompt").asText()).startsWith("Suspend " + caller);
        assertThat(suspend.path("message").asText()).isEqualTo("Suspended " + caller);
        assertThat(suspend.path("node").asText()).isEqualTo("SUSPENDED");
        assertThat(suspend.path("graph").path("status").asText()).isEqualTo("SUSPENDED");
        assertThat(suspend.path("api").path("suspensions")).singleElement().satisfies(s -> {
            assertThat(s.path("caller").asText()).isEqualTo(caller);
            assertThat(s.path("by").asText()).isEqualTo("admin:" + OPERATOR);
            assertThat(s.path("reason").asText()).isEqualTo("calls agents it was never granted");
        });
        // Resumed: active again, no suspension left.
        assertThat(result.path("resume").path("message").asText()).isEqualTo("Resumed " + caller);
        assertThat(result.path("resume").path("node").asText()).isEqualTo("ACTIVE");
        assertThat(result.path("resume").path("api").path("suspensions")).isEmpty();
        assertThat(get("/v1/admin/suspensions").body()).asString(StandardCharsets.UTF_8).doesNotContain(caller);

        // Revoked from the page, with a reason: the registry and the CA say so.
        JsonNode revoke = result.path("revoke");
        assertThat(revoke.path("disabledWithoutReason").asBoolean()).as("no revocation without a reason").isTrue();
        assertThat(revoke.path("message").asText()).startsWith("Revoked the certificate of " + caller);
        assertThat(revoke.path("node").asText()).isEqualTo("REVOKED");
        assertThat(revoke.path("revokeHidden").asBoolean()).isTrue();
        HttpResponse<byte[]> gone = send(callerPath);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(AcfJson.readTree(gone.body()).path("error").path("code").asText()).isEqualTo("agent_not_found");
        JsonNode status = AcfJson.readTree(get("/v1/ca/status/" + serial).body());
        assertThat(status.path("status").asText()).isEqualTo("revoked");
        assertThat(status.path("reason").asText()).isEqualTo("keyCompromise");
    }

    private static String serialOf(String pem) throws java.security.cert.CertificateException {
        var certificate = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        return certificate.getSerialNumber().toString(16);
    }

    private static Set<List<String>> pairs(JsonNode edges) {
        Set<List<String>> out = new HashSet<>();
        for (JsonNode e : edges) {
            out.add(List.of(e.path("caller").asText(), e.path("callee").asText()));
        }
        return out;
    }

    private static HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = send(path);
        assertThat(response.statusCode()).as("GET %s: %s", path, new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return response;
    }

    private static HttpResponse<byte[]> send(String path) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(stack.ansUri().resolve(path))
                    .header("Authorization", "Bearer " + stack.adminToken()).build(), HttpResponse.BodyHandlers.ofByteArray());
        }
    }

    private static JsonNode runScript(Map<String, String> env) throws IOException, InterruptedException {
        Path log = temp.resolve("console-mjs.log");
        List<String> command = new ArrayList<>(List.of(String.valueOf(node()), SCRIPTS.resolve("console.mjs").toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(SCRIPTS.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            Assertions.fail("console.mjs did not finish within 3 minutes:\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        System.out.println(output);
        String line = output.lines().filter(l -> l.startsWith("RESULT ")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("console.mjs printed no RESULT line:\n" + output));
        JsonNode result = AcfJson.readTree(line.substring("RESULT ".length()).getBytes(StandardCharsets.UTF_8));
        assertThat(result.path("error").isMissingNode()).as("the browser script failed: %s\n%s", result.path("error").asText(), output).isTrue();
        assertThat(process.exitValue()).isZero();
        return result;
    }

    /** Skips locally, fails in CI, when Node.js, the installed playwright-core or Chromium is missing. */
    private static void requireTools() {
        String missing = node() == null ? "node is not on the PATH"
                : !Files.isDirectory(SCRIPTS.resolve("node_modules/playwright-core")) ? "playwright-core is not installed (run `npm ci` in " + SCRIPTS + ")"
                : !Files.isExecutable(CHROMIUM) ? CHROMIUM + " is missing (apt-get install chromium)" : null;
        if (missing == null) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail("the console browser test must run in CI, but " + missing + "; .ci/run installs it");
        }
        Assumptions.abort("skipped: " + missing);
    }

    private static @Nullable Path node() {
        String path = System.getenv("PATH");
        for (String dir : path == null ? new String[0] : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "node");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
