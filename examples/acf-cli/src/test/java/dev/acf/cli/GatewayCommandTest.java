package dev.acf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.acf.ans.AnsServer;
import dev.acf.ans.auth.BootstrapTokens;
import dev.acf.api.a2a.AgentCapabilities;
import dev.acf.api.a2a.AgentCard;
import dev.acf.api.a2a.AgentInterface;
import dev.acf.api.a2a.AgentSkill;
import dev.acf.api.agent.Endpoint;
import dev.acf.api.name.AgentName;
import dev.acf.api.security.Grant;
import dev.acf.api.security.GrantRequest;
import dev.acf.client.AcfClient;
import dev.acf.client.AgentIdentity;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code acf gateway} as an operator runs it: a child JVM with the gateway identity saved in
 * {@code --tls-dir}, in front of a real ANS and an agent that requires mutual TLS; with a grant
 * reader token, enforcing the ANS's grants as they change.
 */
class GatewayCommandTest {
    private static final Pattern LISTENING = Pattern.compile("Gateway listening at https://127\\.0\\.0\\.1:(\\d+)");
    private static final String TOKEN = "gateway-cli-bootstrap-0001";
    private static final String ADMIN = "gateway-cli-admin-token-0001";
    private static final String READER = "gateway-cli-grant-reader-0001";
    private static final AgentName GATEWAY = AgentName.parse("ans://v1.0.0.gateway.ops.example.net");
    private static final AgentName CALLER = AgentName.parse("ans://v1.0.0.noc.ops.example.net");
    private static final AgentName AGENT = AgentName.parse("ans://v1.0.0.rca.ops.example.net");

    @TempDir
    Path temp;

    private Process process;
    private AnsServer ans;
    private HttpsServer agent;
    private final AtomicReference<String> callerSeen = new AtomicReference<>();

    @AfterEach
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor();
        }
        if (agent != null) {
            agent.stop(0);
        }
        if (ans != null) {
            ans.close();
        }
    }

    @Test
    void gatewayWithAnIdentityDirectoryCallsAgentsOverMutualTlsAndAuditsEveryCall() throws Exception {
        ans = AnsServer.builder().domain("ops.example.net").dataDirectory(temp.resolve("ans"))
                .bootstrapToken(TOKEN, BootstrapTokens.Use.REUSABLE).build().start();
        AgentIdentity caller = registerAll();
        Path audit = temp.resolve("audit");
        process = acf(Map.of(), "gateway", "--ans", ans.baseUri().toString(), "--port", "0", "--tls-dir", temp.resolve("gateway-id").toString(),
                "--audit-dir", audit.toString());
        int port = listeningPort(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)));

        String answered = post(caller.sslContext(), port);
        SSLContext anonymous = SSLContext.getInstance("TLS");
        anonymous.init(null, caller.trustManagers(), null);
        String refused = post(anonymous, port);

        assertThat(answered).startsWith("HTTP/1.1 200").contains("\"result\"");
        assertThat(callerSeen.get()).isEqualTo(CALLER.toString());
        assertThat(refused).startsWith("HTTP/1.1 401").contains("unauthenticated");
        process.destroy(); // SIGTERM: the audit file is flushed on the way out
        assertThat(process.waitFor(15, TimeUnit.SECONDS)).as("exited within 15 s of SIGTERM").isTrue();
        List<String> events = Files.readAllLines(audit.resolve("audit.jsonl"));
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).contains("\"source\":\"" + CALLER + "\"", "\"destination\":\"" + AGENT + "\"", "\"status\":200");
        assertThat(events.get(1)).contains("\"source\":\"anonymous\"", "\"status\":401");
    }

    @Test
    void gatewayWithAGrantReaderTokenEnforcesTheAnsGrantsAndFollowsTheirChanges() throws Exception {
        ans = AnsServer.builder().domain("ops.example.net").dataDirectory(temp.resolve("ans"))
                .bootstrapToken(TOKEN, BootstrapTokens.Use.REUSABLE).adminToken(ADMIN).grantReaderToken(READER).build().start();
        AgentIdentity caller = registerAll();
        process = acf(Map.of("ACF_GRANT_READER", READER), "gateway", "--ans", ans.baseUri().toString(), "--port", "0",
                "--tls-dir", temp.resolve("gateway-id").toString(), "--audit-dir", temp.resolve("audit").toString(),
                "--grant-reader-token-env", "ACF_GRANT_READER");
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        int port = listeningPort(out);
        String enforcing = null;
        for (String line = out.readLine(); line != null && enforcing == null; line = out.readLine()) {
            enforcing = line.startsWith("Enforcing the grants") || line.startsWith("Grants of") ? line : null;
        }
        assertThat(enforcing).as("stderr: %s", stderr()).isNotNull().contains("0 active").contains("DENY");

        assertThat(post(caller.sslContext(), port)).as("no grant yet").startsWith("HTTP/1.1 403").contains("default-deny");

        Grant grant;
        try (AcfClient admin = AcfClient.builder().ans(ans.baseUri()).build()) {
            grant = admin.permissions().create(GrantRequest.of(CALLER.withoutVersion().toString(), AGENT.withoutVersion().toString(),
                    List.of()), ADMIN);
            assertThat(postUntil(caller.sslContext(), port, "HTTP/1.1 200")).as("granted, without a restart").contains("\"result\"");
            admin.permissions().revoke(grant.id(), "incident closed", ADMIN);
        }
        assertThat(postUntil(caller.sslContext(), port, "HTTP/1.1 403")).as("revoked").contains("default-deny");
    }

    /**
     * Registers the gateway (its identity saved under {@code gateway-id}), the caller and an
     * agent requiring mutual TLS that records who called it; returns the caller.
     */
    private AgentIdentity registerAll() throws IOException {
        try (AcfClient client = AcfClient.builder().ans(ans.baseUri()).build()) {
            register(client, AgentIdentity.generate(GATEWAY), "https://gateway.ops.example.net/a2a").save(temp.resolve("gateway-id"));
            AgentIdentity caller = register(client, AgentIdentity.generate(CALLER), "https://noc.ops.example.net/a2a");
            AgentIdentity agentIdentity = AgentIdentity.generate(AGENT);
            agent = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            register(client, agentIdentity, "https://127.0.0.1:" + agent.getAddress().getPort() + "/a2a");
            agent.setHttpsConfigurator(new HttpsConfigurator(agentIdentity.sslContext()) {
                @Override
                public void configure(HttpsParameters params) {
                    SSLParameters p = getSSLContext().getDefaultSSLParameters();
                    p.setNeedClientAuth(true);
                    params.setSSLParameters(p);
                }
            });
            agent.createContext("/a2a", exchange -> {
                callerSeen.set(exchange.getRequestHeaders().getFirst("acf-caller"));
                exchange.getRequestBody().readAllBytes();
                byte[] body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            agent.start();
            return caller;
        }
    }

    private int listeningPort(BufferedReader out) throws IOException {
        String line = out.readLine();
        assertThat(line).as("first line (stderr: %s)", stderr()).isNotNull().matches(LISTENING);
        Matcher listening = LISTENING.matcher(line);
        assertThat(listening.matches()).isTrue();
        return Integer.parseInt(listening.group(1));
    }

    /** Calls until the answer starts with the status line (a grant change reaches the gateway through the ANS events), at most 20 s. */
    private static String postUntil(SSLContext context, int port, String statusLine) {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> post(context, port), answer -> answer.startsWith(statusLine));
    }

    private static AgentIdentity register(AcfClient client, AgentIdentity identity, String endpoint) {
        AgentName name = identity.name();
        AgentCard card = AgentCard.builder(name.agentLabel() + " agent", "Answers questions.", String.valueOf(name.version()))
                .supportedInterfaces(List.of(new AgentInterface(endpoint, AgentInterface.JSONRPC, null, "1.0")))
                .capabilities(AgentCapabilities.none())
                .defaultInputModes(List.of("text/plain"))
                .defaultOutputModes(List.of("application/json"))
                .skills(List.of(AgentSkill.builder(name.agentLabel() + "-answer", "Answer", "Answers questions.").tags(List.of("test")).build()))
                .build();
        client.register(identity, card, List.of(Endpoint.of(endpoint, Endpoint.JSONRPC)), TOKEN);
        return identity;
    }

    /** Sends one A2A call to the agent through the gateway and returns the raw answer. */
    private static String post(SSLContext context, int port) throws IOException {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"SendMessage\",\"params\":{\"message\":{\"role\":\"ROLE_USER\","
                + "\"messageId\":\"m-1\",\"parts\":[{\"text\":\"status?\"}]}}}";
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("POST /agents/" + URLEncoder.encode(AGENT.toString(), StandardCharsets.UTF_8)
                    + " HTTP/1.1\r\nHost: gateway\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Starts {@code acf <args>} in a new JVM, stdout piped, stderr to a file. */
    private Process acf(Map<String, String> environment, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                AcfCommand.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(temp.resolve("stderr.txt").toFile());
        builder.environment().putAll(environment);
        return builder.start();
    }

    private String stderr() throws IOException {
        Path file = temp.resolve("stderr.txt");
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
