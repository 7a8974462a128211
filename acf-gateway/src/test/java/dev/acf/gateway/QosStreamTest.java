package dev.acf.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.acf.api.gateway.QosClass;
import dev.acf.api.name.AgentName;
import dev.acf.gateway.proxy.AgentPath;
import dev.acf.gateway.qos.ClassLimits;
import dev.acf.gateway.qos.QosFilter;
import dev.acf.gateway.qos.QosSettings;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A streamed answer holds its QoS permit while it is set up, not for its whole life. */
class QosStreamTest {
    static final AgentName NAME = AgentName.parse("ans://v1.0.0.streamer.ops.example.net");

    private final CountDownLatch finish = new CountDownLatch(1);
    private ServerSocket agentSocket;
    private Thread agentThread;
    private GatewayServer gateway;

    @BeforeEach
    void start() throws IOException {
        agentSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        agentThread = Thread.ofPlatform().daemon().start(this::serveOneStream);
        gateway = GatewayServer.builder()
                .lookup(new FixedLookup(AnsFixture.record(NAME, "http://127.0.0.1:" + agentSocket.getLocalPort() + "/a2a")))
                .qos(QosSettings.defaults().toBuilder()
                        .limits(QosClass.BULK, new ClassLimits(1, 0, Duration.ofSeconds(1), Duration.ZERO, 1.0)).build())
                .qosPolicy(exchange -> QosClass.BULK)
                .build()
                .start();
    }

    @AfterEach
    void stop() throws IOException {
        finish.countDown();
        gateway.close();
        agentSocket.close();
        agentThread.interrupt();
    }

    /** The agent: one event at once, the end of the stream when the test says so. */
    private void serveOneStream() {
        try (Socket s = agentSocket.accept()) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            int length = 0;
            for (String line = line(in); !line.isEmpty(); line = line(in)) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            in.readNBytes(length);
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            chunk(out, "event: status-update\ndata: {\"n\":1}\n\n");
            finish.await(20, TimeUnit.SECONDS);
            chunk(out, "event: status-update\ndata: {\"n\":2}\n\n");
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException | InterruptedException e) {
            // The test is over.
        }
    }

    private static void chunk(OutputStream out, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(b.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(b);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private double bulkInFlight() {
        return gateway.metrics().registry().get(QosFilter.INFLIGHT).tag("class", "bulk").gauge().value();
    }

    @Test
    void anOpenStreamReleasesItsPermitOnceItsHeadArrived() throws IOException {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"SendStreamingMessage\",\"params\":{\"message\":{\"taskId\":\"t-1\"}}}";
        try (RawHttp client = RawHttp.connect(gateway.address())) {
            client.send("POST " + AgentPath.of(NAME) + " HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body);
            InputStream in = client.socket.getInputStream();
            StringBuilder seen = new StringBuilder();
            while (!seen.toString().contains("\"n\":1")) {
                int c = in.read();
                assertThat(c).as("the stream's first event arrives").isNotNegative();
                seen.append((char) c);
            }
            assertThat(seen.toString()).startsWith("HTTP/1.1 200");

            await().atMost(Duration.ofSeconds(10)).until(() -> bulkInFlight() == 0);
            finish.countDown();
            StringBuilder rest = new StringBuilder();
            while (!rest.toString().contains("\"n\":2")) {
                int c = in.read();
                assertThat(c).as("the stream goes on to its end").isNotNegative();
                rest.append((char) c);
            }
        }
        assertThat(bulkInFlight()).isZero();
        assertThat(gateway.metrics().registry().get(QosFilter.REJECTED).tag("class", "bulk").tag("reason", "queue_full")
                .counter().count()).isZero();
    }
}
