package dev.acf.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.acf.api.name.AgentName;
import dev.acf.gateway.proxy.AgentPath;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SSE passes through unbuffered, in order, and a slow client holds the agent back instead of filling the gateway's memory. */
class StreamingTest {
    static final AgentName NAME = AgentName.parse("ans://v1.0.0.streamer.ops.example.net");
    static final int EVENTS = 1000;
    static final int EVENT_BYTES = 32 * 1024;

    private final AtomicInteger written = new AtomicInteger();
    private ServerSocket agentSocket;
    private Thread agentThread;
    private GatewayServer gateway;

    @BeforeEach
    void start() throws IOException {
        agentSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        agentThread = Thread.ofPlatform().daemon().start(this::serveOneStream);
        gateway = GatewayServer.builder()
                .lookup(new FixedLookup(AnsFixture.record(NAME, "http://127.0.0.1:" + agentSocket.getLocalPort() + "/a2a")))
                .build()
                .start();
    }

    @AfterEach
    void stop() throws IOException {
        gateway.close();
        agentSocket.close();
        agentThread.interrupt();
    }

    static String event(int i) {
        String data = i + ":" + String.valueOf((char) ('a' + i % 26)).repeat(EVENT_BYTES);
        return "id: " + i + "\nevent: status-update\ndata: " + data + "\n\n";
    }

    /** The agent: answers one request with EVENTS events, as fast as the socket takes them, one chunk each. */
    private void serveOneStream() {
        try (Socket s = agentSocket.accept()) {
            s.setSendBufferSize(8 * 1024);
            InputStream in = new BufferedInputStream(s.getInputStream());
            long contentLength = 0;
            for (String line = line(in); !line.isEmpty(); line = line(in)) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    contentLength = Long.parseLong(line.substring(15).trim());
                }
            }
            in.readNBytes((int) contentLength);
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nServer: sse-agent\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < EVENTS; i++) {
                byte[] e = event(i).getBytes(StandardCharsets.UTF_8);
                out.write((Integer.toHexString(e.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(e);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                written.incrementAndGet();
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            in.read();
        } catch (IOException e) {
            // the test ended or cut the stream
        }
    }

    @Test
    void thousandEventsArriveIntactAndInOrderThroughASlowConsumerWithBoundedBuffering() throws IOException {
        slowConsumerGetsEveryEventInOrderWhileTheAgentIsHeldBack();
    }

    @Test
    void streamListenersKeepOrderAndBackPressureOfASlowConsumer() throws IOException {
        gateway.close();
        com.example.streams.EventRewriter counter = new com.example.streams.EventRewriter(null, null);
        gateway = GatewayServer.builder()
                .lookup(new FixedLookup(AnsFixture.record(NAME, "http://127.0.0.1:" + agentSocket.getLocalPort() + "/a2a")))
                .filter(dev.acf.api.gateway.FilterStage.OBSERVABILITY, counter)
                .build()
                .start();
        slowConsumerGetsEveryEventInOrderWhileTheAgentIsHeldBack();
        await().atMost(Duration.ofSeconds(10)).until(() -> counter.completedBytes() >= 0);
        assertThat(counter.events()).isEqualTo(EVENTS);
        assertThat(counter.failures()).isEmpty();
    }

    private void slowConsumerGetsEveryEventInOrderWhileTheAgentIsHeldBack() throws IOException {
        Socket client = new Socket();
        client.setReceiveBufferSize(8 * 1024);
        client.connect(gateway.address());
        client.setSoTimeout(20_000);
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"SendStreamingMessage\",\"params\":{\"message\":{\"role\":\"ROLE_USER\","
                + "\"messageId\":\"m\",\"parts\":[{\"text\":\"watch\"}]}}}";
        client.getOutputStream().write(("POST " + AgentPath.of(NAME) + " HTTP/1.1\r\nHost: gw\r\nAccept: text/event-stream\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
        InputStream in = new BufferedInputStream(client.getInputStream(), 1024);
        assertThat(line(in)).isEqualTo("HTTP/1.1 200 OK");
        List<String> headers = new ArrayList<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            headers.add(line.toLowerCase(java.util.Locale.ROOT));
        }
        assertThat(headers).contains("content-type: text/event-stream", "transfer-encoding: chunked").noneMatch(h -> h.startsWith("server"));
        ChunkedEvents events = new ChunkedEvents(in);
        assertThat(events.next()).isEqualTo(event(0));

        // The client stops reading: the agent must be held back, not the gateway's heap filled.
        AtomicInteger last = new AtomicInteger(-1);
        await().pollInterval(Duration.ofMillis(400)).atMost(Duration.ofSeconds(20))
                .until(() -> written.get() == last.getAndSet(written.get()));
        long heldBack = EVENTS - written.get();
        assertThat(heldBack).as("events the agent could not write while the client was stalled").isGreaterThan(EVENTS / 2);

        for (int i = 1; i < EVENTS; i++) {
            assertThat(events.next()).as("event " + i).isEqualTo(event(i));
        }
        assertThat(events.next()).as("end of stream").isNull();
        client.close();
    }

    @Test
    void anEventStreamPassesThroughAnHttp2StreamInOrder() throws IOException {
        okhttp3.OkHttpClient h2 = new okhttp3.OkHttpClient.Builder()
                .protocols(List.of(okhttp3.Protocol.H2_PRIOR_KNOWLEDGE))
                .readTimeout(Duration.ofSeconds(20))
                .build();
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"message/stream\",\"params\":{\"message\":{\"role\":\"user\","
                + "\"messageId\":\"m\",\"parts\":[{\"kind\":\"text\",\"text\":\"watch\"}]}}}";
        okhttp3.Request request = new okhttp3.Request.Builder()
                .url(gateway.baseUri() + AgentPath.of(NAME))
                .header("Accept", "text/event-stream")
                .post(okhttp3.RequestBody.create(body, okhttp3.MediaType.get("application/json")))
                .build();
        try (okhttp3.Response response = h2.newCall(request).execute()) {
            assertThat(response.protocol()).isEqualTo(okhttp3.Protocol.H2_PRIOR_KNOWLEDGE);
            assertThat(response.header("content-type")).isEqualTo("text/event-stream");
            okio.BufferedSource source = response.body().source();
            for (int i = 0; i < EVENTS; i++) {
                StringBuilder event = new StringBuilder();
                for (String line = source.readUtf8LineStrict(); !line.isEmpty(); line = source.readUtf8LineStrict()) {
                    event.append(line).append('\n');
                }
                assertThat(event.append('\n').toString()).as("event " + i).isEqualTo(event(i));
            }
            assertThat(source.exhausted()).isTrue();
        } finally {
            h2.dispatcher().executorService().shutdown();
            h2.connectionPool().evictAll();
        }
    }

    /** Reads a chunked SSE body and splits it into events at blank lines. */
    private static final class ChunkedEvents {
        private final InputStream in;
        private final StringBuilder buffer = new StringBuilder();
        private boolean ended;

        ChunkedEvents(InputStream in) {
            this.in = in;
        }

        String next() throws IOException {
            while (true) {
                int end = buffer.indexOf("\n\n");
                if (end >= 0) {
                    String e = buffer.substring(0, end + 2);
                    buffer.delete(0, end + 2);
                    return e;
                }
                if (ended) {
                    return null;
                }
                int size = Integer.parseInt(line(in).trim(), 16);
                if (size == 0) {
                    line(in);
                    ended = true;
                    continue;
                }
                buffer.append(new String(in.readNBytes(size), StandardCharsets.UTF_8));
                line(in);
            }
        }
    }

    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
