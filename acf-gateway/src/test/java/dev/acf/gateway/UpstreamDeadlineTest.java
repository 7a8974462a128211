package dev.acf.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acf.api.name.AgentName;
import dev.acf.gateway.proxy.AgentPath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The upstream answer deadline on pooled keep-alive connections: a call the agent never answers
 * gets 504 {@code upstream_timeout} in time, also on a connection that served calls before (whose
 * deadline timer was set for an earlier call), and the calls after it are served again.
 */
class UpstreamDeadlineTest {
    private static final AgentName NAME = AgentName.parse("ans://v1.0.0.alpha.ops.example.net");
    private static final String OK = "{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"result\":{}}";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** For each held call: how many calls its connection had served before it. */
    private final List<Integer> heldAfter = new CopyOnWriteArrayList<>();
    private ServerSocket agent;
    private GatewayServer gateway;

    @BeforeEach
    void start() throws IOException {
        agent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!agent.isClosed()) {
                try {
                    Socket s = agent.accept();
                    Thread.ofVirtual().start(() -> serve(s));
                } catch (IOException e) {
                    return;
                }
            }
        });
        String url = "http://127.0.0.1:" + agent.getLocalPort() + "/a2a";
        gateway = GatewayServer.builder().lookup(new FixedLookup(AnsFixture.record(NAME, url)))
                .limits(GatewayLimits.builder().upstreamResponseTimeout(Duration.ofMillis(700)).build())
                .build().start();
    }

    @AfterEach
    void stop() throws IOException {
        if (gateway != null) {
            gateway.close();
        }
        agent.close();
        http.close();
    }

    /** Answers each request at once, keeping the connection, unless its body says "never". */
    private void serve(Socket socket) {
        int served = 0;
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                int length = 0;
                for (String line : head.split("\r\n")) {
                    if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(15).trim());
                    }
                }
                String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                if (body.contains("never")) {
                    heldAfter.add(served);
                    // Holds the call: only the gateway's deadline ends it (by closing the connection).
                    while (in.read() >= 0) {
                        // drain until closed
                    }
                    return;
                }
                byte[] answer = OK.getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: " + answer.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(answer);
                out.flush();
                served++;
            }
        } catch (IOException e) {
            // the gateway closed the connection
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : 0;
            if (matched == 4) {
                return head.toString(StandardCharsets.US_ASCII);
            }
        }
        return null;
    }

    private HttpResponse<String> call(String text) throws IOException, InterruptedException {
        String rpc = "{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"method\":\"tasks/get\",\"params\":{\"id\":\"" + text + "\"}}";
        return http.send(HttpRequest.newBuilder(gateway.baseUri().resolve(AgentPath.of(NAME)))
                .POST(HttpRequest.BodyPublishers.ofString(rpc)).header("content-type", "application/json")
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aCallNeverAnsweredOnAReusedConnectionGets504AndTheNextCallsAreServed() throws Exception {
        assertThat(call("first").statusCode()).isEqualTo(200);
        assertThat(call("second").statusCode()).isEqualTo(200);

        HttpResponse<String> held = call("never");
        assertThat(held.statusCode()).isEqualTo(504);
        assertThat(held.body()).contains("upstream_timeout");
        assertThat(call("after").statusCode()).isEqualTo(200);
        assertThat(call("never again").statusCode()).isEqualTo(504);
        assertThat(call("last").statusCode()).isEqualTo(200);
        // Each held call went over a connection that had served calls before: its deadline was kept by that connection.
        assertThat(heldAfter).hasSize(2).allSatisfy(before -> assertThat(before).isPositive());
    }
}
