package dev.acf.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.acf.api.name.AgentName;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes what a caller sends the gateway over TCP (REL-5): request heads, bodies and pipelined
 * requests through the real server (Netty's HTTP/1.1 decoder, the request limits, agent paths,
 * JSON-RPC validation, the filter chain and the proxy to a live agent). Whatever the bytes, the
 * gateway answers without a 5xx or a stack trace, or closes the connection, and does so promptly
 * once the caller has finished sending.
 */
class GatewayHttpFuzzTest {
    private static final AgentName NAME = AgentName.parse("ans://v1.0.0.probe.ops.example.net");
    /**
     * Longer than a fuzzing run needs to instrument Netty's classes on their first use on a busy
     * machine, shorter than the gateway's idle timeout (60 s): a connection still open after this,
     * though the caller has finished sending, is a hang.
     */
    private static final int PROMPT_MILLIS = 30_000;
    private static final Pattern STATUS = Pattern.compile("(?m)^HTTP/\\d\\.\\d (\\d{3})");

    private static MockWebServer agent;
    private static GatewayServer gateway;
    private static InetSocketAddress address;
    private static final String SSRF_DETECTOR = "com.code_intelligence.jazzer.sanitizers.ServerSideRequestForgery";

    @BeforeAll
    static void start() throws IOException {
        agent = new MockWebServer();
        agent.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().addHeader("Content-Type", "application/json")
                        .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}").build();
            }
        });
        agent.start();
        gateway = GatewayServer.builder()
                .lookup(new FixedLookup(AnsFixture.record(NAME, "http://127.0.0.1:" + agent.getPort() + "/a2a")))
                .build()
                .start();
        address = gateway.address();
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (agent != null) {
            agent.close();
        }
    }

    @FuzzTest
    void anyBytesGetAnAnswerBelow500OrACloseNeverAHang(byte[] request) throws IOException {
        allowLoopback();
        String answer = exchange(request);
        Matcher status = STATUS.matcher(answer);
        while (status.find()) {
            assertThat(Integer.parseInt(status.group(1))).as("status for %s%nanswer:%n%s", printable(request), answer).isLessThan(500);
        }
        assertThat(answer).as("a stack trace in the answer").doesNotContain("\tat ").doesNotContain("Exception:");
    }

    /**
     * Tells Jazzer's request-forgery detector, when its hooks are in place, that this test
     * connects to the gateway, and the gateway to its agent, on the loopback interface; any other
     * destination is still a finding. Called for every input: the hooks arrive only once fuzzing
     * starts, after the first inputs; without them (the normal build) there is nothing to tell.
     */
    @SuppressWarnings("resource") // the policy stays for the whole run
    private static void allowLoopback() {
        try {
            Class.forName(SSRF_DETECTOR);
        } catch (ClassNotFoundException noHooks) {
            return;
        }
        BugDetectors.allowNetworkConnections((host, port) -> host.equals("localhost") || host.startsWith("127."));
    }

    private static String exchange(byte[] request) throws IOException {
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout(PROMPT_MILLIS);
            socket.setSoLinger(true, 0);
            try {
                socket.getOutputStream().write(request);
                socket.shutdownOutput();
            } catch (IOException closedEarly) {
                // The gateway may refuse and close before reading everything: that is an answer too.
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    answer.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the gateway neither answered nor closed within " + PROMPT_MILLIS + " ms of "
                        + printable(request) + "; so far: " + answer.toString(StandardCharsets.ISO_8859_1), e);
            } catch (IOException reset) {
                // A reset after the answer (or instead of one) is a close, not a failure.
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static String printable(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            int c = b & 0xff;
            out.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return out.toString();
    }
}
