package dev.acf.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.streams.EventRewriter;
import dev.acf.api.gateway.FilterStage;
import dev.acf.api.name.AgentName;
import dev.acf.gateway.proxy.AgentPath;
import java.io.BufferedInputStream;
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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Stream listeners written against acf-api alone see, rewrite and drop the events of a proxied event stream. */
class StreamListenerTest {
    static final AgentName NAME = AgentName.parse("ans://v1.0.0.hooked.ops.example.net");
    static final int EVENTS = 10;

    private final HttpClient http = HttpClient.newHttpClient();
    private ServerSocket agentSocket;
    private Thread agentThread;
    private GatewayServer gateway;

    @AfterEach
    void stop() throws IOException {
        if (gateway != null) {
            gateway.close();
        }
        http.close();
        agentSocket.close();
        agentThread.interrupt();
    }

    /** The agent's stream: CRLF line ends, a keep-alive comment, multi-line data. */
    static String upstreamStream() {
        StringBuilder s = new StringBuilder(": hello\r\n\r\n");
        for (int i = 0; i < EVENTS; i++) {
            s.append("id: ").append(i).append("\r\nevent: status-update\r\ndata: {\"n\":").append(i).append(",\r\ndata: \"text\":\"caf\u00e9\"}\r\n\r\n");
        }
        return s.toString();
    }

    static String expectedEvent(int i, String data) {
        return "id: " + i + "\nevent: status-update\n" + data.lines().map(l -> "data: " + l + "\n").reduce("", String::concat) + "\n";
    }

    /** Serves one response with this content type and body, cut into 7-byte chunks so lines and CRLFs split across them. */
    private void startAgent(String contentType, byte[] body) throws IOException {
        agentSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        agentThread = Thread.ofPlatform().daemon().start(() -> {
            try (Socket s = agentSocket.accept()) {
                InputStream in = new BufferedInputStream(s.getInputStream());
                long contentLength = 0;
                for (String line = StreamingTest.line(in); !line.isEmpty(); line = StreamingTest.line(in)) {
                    if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                        contentLength = Long.parseLong(line.substring(15).trim());
                    }
                }
                in.readNBytes((int) contentLength);
                OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nTransfer-Encoding: chunked\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                for (int at = 0; at < body.length; at += 7) {
                    byte[] piece = Arrays.copyOfRange(body, at, Math.min(body.length, at + 7));
                    out.write((Integer.toHexString(piece.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(piece);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                in.read();
            } catch (IOException e) {
                // the test ended
            }
        });
    }

    private HttpResponse<byte[]> stream() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(gateway.baseUri().resolve(AgentPath.of(NAME)))
                .header("content-type", "application/json")
                .header("accept", "text/event-stream")
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"SendStreamingMessage\",\"params\":"
                        + "{\"message\":{\"role\":\"ROLE_USER\",\"messageId\":\"m\",\"parts\":[{\"text\":\"watch\"}]}}}"))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aThirdPartyListenerCountsRewritesAndDropsEventsAndTheClientGetsExactlyTheResult() throws Exception {
        startAgent("text/event-stream", upstreamStream().getBytes(StandardCharsets.UTF_8));
        EventRewriter rewriter = new EventRewriter("3", "5");
        EventRewriter outer = new EventRewriter(null, null);
        gateway = GatewayServer.builder()
                .lookup(new FixedLookup(AnsFixture.record(NAME, "http://127.0.0.1:" + agentSocket.getLocalPort() + "/a2a")))
                .filter(FilterStage.SECURITY, outer)
                .filter(FilterStage.OBSERVABILITY, rewriter)
                .build()
                .start();

        HttpResponse<byte[]> response = stream();

        StringBuilder expected = new StringBuilder(": hello\n");
        for (int i = 0; i < EVENTS; i++) {
            if (i != 5) {
                expected.append(expectedEvent(i, i == 3 ? "{\"redacted\":true}" : "{\"n\":" + i + ",\n\"text\":\"caf\u00e9\"}"));
            }
        }
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(expected.toString());
        assertThat(rewriter.events()).isEqualTo(EVENTS);
        assertThat(rewriter.seenData().get(0)).isEqualTo("{\"n\":0,\n\"text\":\"caf\u00e9\"}");
        // The filter nearer the agent goes first: the outer one sees its rewrite and never the dropped event.
        assertThat(outer.seenIds()).containsExactly("0", "1", "2", "3", "4", "6", "7", "8", "9");
        assertThat(outer.seenData().get(3)).isEqualTo("{\"redacted\":true}");
        await().atMost(Duration.ofSeconds(10)).until(() -> rewriter.completedBytes() >= 0 && outer.completedBytes() >= 0);
        assertThat(rewriter.completedBytes()).isEqualTo(response.body().length);
        assertThat(outer.completedBytes()).isEqualTo(response.body().length);
        assertThat(rewriter.failures()).isEmpty();
    }

    @Test
    void anEventOverTheLimitCutsTheStreamAndListenersLearnWhy() throws Exception {
        startAgent("text/event-stream", ("id: 1\ndata: small\n\nid: 2\ndata: " + "x".repeat(4096) + "\n\n").getBytes(StandardCharsets.UTF_8));
        EventRewriter rewriter = new EventRewriter(null, null);
        gateway = GatewayServer.builder()
                .lookup(new FixedLookup(AnsFixture.record(NAME, "http://127.0.0.1:" + agentSocket.getLocalPort() + "/a2a")))
                .limits(GatewayLimits.builder().maxResponseAggregationBytes(1024).build())
                .filter(FilterStage.OBSERVABILITY, rewriter)
                .build()
                .start();

        try {
            stream();
        } catch (IOException cut) {
            // the client sees the connection end inside the chunked body
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> !rewriter.failures().isEmpty());
        assertThat(rewriter.seenIds()).containsExactly("1");
        assertThat(rewriter.failures().get(0)).hasMessageContaining("1024 bytes");
    }

    @Test
    void aBodyThatIsNotAnEventStreamReachesOnChunkUnchanged() throws Exception {
        byte[] body = new byte[5000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        startAgent("application/octet-stream", body);
        EventRewriter rewriter = new EventRewriter(null, null);
        gateway = GatewayServer.builder()
                .lookup(new FixedLookup(AnsFixture.record(NAME, "http://127.0.0.1:" + agentSocket.getLocalPort() + "/a2a")))
                .limits(GatewayLimits.builder().maxResponseAggregationBytes(1024).build())
                .filter(FilterStage.OBSERVABILITY, rewriter)
                .build()
                .start();

        HttpResponse<byte[]> response = stream();

        assertThat(response.body()).isEqualTo(body);
        await().atMost(Duration.ofSeconds(10)).until(() -> rewriter.completedBytes() >= 0);
        assertThat(rewriter.completedBytes()).isEqualTo(body.length);
        assertThat(rewriter.chunkBytes()).isEqualTo(body.length);
        assertThat(rewriter.events()).isZero();
        assertThat(List.of(rewriter.failures().size())).containsExactly(0);
    }
}
