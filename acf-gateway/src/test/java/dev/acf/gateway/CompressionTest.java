package dev.acf.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.github.luben.zstd.ZstdInputStream;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.acf.api.name.AgentName;
import dev.acf.gateway.proxy.AgentPath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Responses and event streams are compressed as the client asks (GW-FWD-3), over HTTP/1.1 and HTTP/2, and decode to what an identity client gets. */
class CompressionTest {
    static final AgentName NAME = AgentName.parse("ans://v1.0.0.zipper.ops.example.net");
    static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"GetTask\",\"params\":{\"id\":\"t-1\"}}";
    static final MediaType JSON = MediaType.get("application/json");
    static final int EVENTS = 8;

    private final Semaphore nextEvent = new Semaphore(0);
    private final Map<String, String> received = new ConcurrentHashMap<>();
    private HttpServer agent;
    private GatewayServer gateway;
    private OkHttpClient http1;
    private OkHttpClient http2;

    static byte[] json() {
        StringBuilder s = new StringBuilder("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"parts\":[");
        for (int i = 0; i < 200; i++) {
            s.append(i == 0 ? "" : ",").append("{\"text\":\"part number ").append(i).append(" of a long answer\"}");
        }
        return s.append("]}}").toString().getBytes(StandardCharsets.UTF_8);
    }

    static String event(int i) {
        return "id: " + i + "\nevent: status-update\ndata: {\"state\":\"working\",\"step\":" + i + ",\"note\":\"" + "w".repeat(300) + "\"}\n\n";
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(bytes);
        }
        return out.toByteArray();
    }

    @BeforeEach
    void start() throws IOException {
        agent = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        agent.createContext("/", this::answer);
        agent.start();
        gateway = GatewayServer.builder()
                .lookup(new FixedLookup(AnsFixture.record(NAME, "http://127.0.0.1:" + agent.getAddress().getPort() + "/a2a")))
                .build()
                .start();
        http1 = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(20)).build();
        http2 = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(20)).protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE)).build();
    }

    @AfterEach
    void stop() {
        for (OkHttpClient c : List.of(http1, http2)) {
            c.dispatcher().executorService().shutdown();
            c.connectionPool().evictAll();
        }
        gateway.close();
        agent.stop(0);
    }

    /** The agent: answers by the test's {@code x-case} header. */
    private void answer(HttpExchange exchange) throws IOException {
        byte[] request = exchange.getRequestBody().readAllBytes();
        received.put("body", new String(request, StandardCharsets.UTF_8));
        received.put("accept-encoding", String.valueOf(exchange.getRequestHeaders().getFirst("Accept-Encoding")));
        String which = String.valueOf(exchange.getRequestHeaders().getFirst("x-case"));
        byte[] body = switch (which) {
            case "small" -> "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}".getBytes(StandardCharsets.UTF_8);
            case "png" -> json();
            case "encoded" -> gzip(json());
            default -> json();
        };
        switch (which) {
            case "png" -> exchange.getResponseHeaders().set("Content-Type", "image/png");
            case "encoded" -> {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            }
            case "sse" -> {
                stream(exchange);
                return;
            }
            default -> exchange.getResponseHeaders().set("Content-Type", "application/json");
        }
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Sends the first event at once, each later one only when the test saw the one before. */
    private void stream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < EVENTS; i++) {
                if (i > 0 && !nextEvent.tryAcquire(20, TimeUnit.SECONDS)) {
                    return;
                }
                out.write(event(i).getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Response call(String protocol, String which, @org.jspecify.annotations.Nullable String acceptEncoding) throws IOException {
        Request.Builder request = new Request.Builder().url(gateway.baseUri() + AgentPath.of(NAME).toString())
                .post(RequestBody.create(CALL, JSON)).header("x-case", which);
        // Set explicitly, the header also stops OkHttp from decoding the body itself.
        request.header("Accept-Encoding", acceptEncoding == null ? "identity" : acceptEncoding);
        Response response = (protocol.equals("h2") ? http2 : http1).newCall(request.build()).execute();
        assertThat(response.code()).isEqualTo(200);
        assertThat(response.protocol()).isEqualTo(protocol.equals("h2") ? Protocol.H2_PRIOR_KNOWLEDGE : Protocol.HTTP_1_1);
        return response;
    }

    private static InputStream decoding(String coding, InputStream in) throws IOException {
        return coding.equals("gzip") ? new GZIPInputStream(in) : new ZstdInputStream(in);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"http/1.1, gzip", "http/1.1, zstd", "h2, gzip", "h2, zstd"})
    void aWholeJsonAnswerIsCompressedAndDecodesToWhatAnIdentityClientGets(String protocol, String coding) throws IOException {
        byte[] identity;
        try (Response plain = call(protocol, "json", null)) {
            assertThat(plain.header("content-encoding")).isNull();
            assertThat(plain.header("vary")).containsIgnoringCase("accept-encoding");
            identity = plain.body().bytes();
        }
        try (Response compressed = call(protocol, "json", coding + ", br;q=0.1")) {
            assertThat(compressed.header("content-encoding")).isEqualTo(coding);
            assertThat(compressed.header("vary")).containsIgnoringCase("accept-encoding");
            byte[] wire = compressed.body().bytes();
            assertThat(wire.length).isLessThan(identity.length / 3);
            if (compressed.header("content-length") != null) {
                assertThat(compressed.header("content-length")).isEqualTo(String.valueOf(wire.length));
            }
            try (InputStream in = decoding(coding, new java.io.ByteArrayInputStream(wire))) {
                assertThat(in.readAllBytes()).isEqualTo(identity).isEqualTo(json());
            }
        }
        assertThat(received.get("accept-encoding")).isEqualTo("null");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"http/1.1, gzip", "http/1.1, zstd", "h2, gzip", "h2, zstd"})
    void anEventStreamIsCompressedAndEachEventArrivesBeforeTheAgentSendsTheNext(String protocol, String coding) {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try (Response response = call(protocol, "sse", "gzip;q=0.8, zstd;q=" + (coding.equals("zstd") ? "1" : "0.5"))) {
                assertThat(response.header("content-encoding")).isEqualTo(coding);
                assertThat(response.header("content-type")).startsWith("text/event-stream");
                InputStream in = decoding(coding, response.body().byteStream());
                StringBuilder all = new StringBuilder();
                for (int i = 0; i < EVENTS; i++) {
                    // The agent sends event i + 1 only after this read: a held-back event would hang here.
                    String event = readEvent(in);
                    assertThat(event).isEqualTo(event(i));
                    all.append(event);
                    nextEvent.release();
                }
                assertThat(in.read()).isEqualTo(-1);
            }
        });
    }

    /** Reads one byte at a time up to an event's blank line: nothing beyond it is asked of the stream. */
    private static String readEvent(InputStream in) throws IOException {
        ByteArrayOutputStream event = new ByteArrayOutputStream();
        int previous = -1;
        for (int b = in.read(); b != -1; b = in.read()) {
            event.write(b);
            if (b == '\n' && previous == '\n') {
                break;
            }
            previous = b;
        }
        return event.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anIdentityClientGetsTheEventStreamAsTheAgentSentIt() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try (Response response = call("http/1.1", "sse", "gzip;q=0, zstd;q=0")) {
                assertThat(response.header("content-encoding")).isNull();
                InputStream in = response.body().byteStream();
                for (int i = 0; i < EVENTS; i++) {
                    assertThat(readEvent(in)).isEqualTo(event(i));
                    nextEvent.release();
                }
            }
        });
    }

    @Test
    void smallAndImageBodiesAreNotCompressed() throws IOException {
        try (Response small = call("http/1.1", "small", "gzip, zstd")) {
            assertThat(small.header("content-encoding")).isNull();
            assertThat(small.body().string()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}");
        }
        try (Response png = call("http/1.1", "png", "gzip, zstd")) {
            assertThat(png.header("content-encoding")).isNull();
            assertThat(png.header("vary")).isNull();
            assertThat(png.body().bytes()).isEqualTo(json());
        }
    }

    @Test
    void aBodyTheAgentEncodedPassesThroughUntouched() throws IOException {
        for (String protocol : List.of("http/1.1", "h2")) {
            try (Response encoded = call(protocol, "encoded", "zstd, gzip")) {
                assertThat(encoded.headers("content-encoding")).containsExactly("gzip");
                assertThat(encoded.body().bytes()).isEqualTo(gzip(json()));
            }
        }
    }

    @Test
    void aGzipRequestBodyReachesTheAgentDecoded() throws IOException {
        Request request = new Request.Builder().url(gateway.baseUri() + AgentPath.of(NAME).toString())
                .post(RequestBody.create(gzip(CALL.getBytes(StandardCharsets.UTF_8)), JSON)).header("Content-Encoding", "gzip").build();
        try (Response response = http1.newCall(request).execute()) {
            assertThat(response.code()).isEqualTo(200);
        }
        assertThat(received.get("body")).isEqualTo(CALL);
    }

    @Test
    void aRequestBodyThatExpandsBeyondTheBodyLimitIsRefused() throws IOException {
        // About 1 KiB on the wire, 2 MiB decoded: over the default 1 MiB body limit.
        byte[] bomb = gzip(("{\"pad\":\"" + "0".repeat(2 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8));
        Request request = new Request.Builder().url(gateway.baseUri() + AgentPath.of(NAME).toString())
                .post(RequestBody.create(bomb, JSON)).header("Content-Encoding", "gzip").build();
        try (Response response = http1.newCall(request).execute()) {
            assertThat(response.code()).isEqualTo(413);
            assertThat(response.body().string()).contains("payload_too_large");
        }
        assertThat(received).doesNotContainKey("body");
    }
}
