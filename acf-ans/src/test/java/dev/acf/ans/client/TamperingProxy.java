package dev.acf.ans.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import dev.acf.api.json.AcfJson;
import org.jspecify.annotations.Nullable;

/**
 * A man in the middle between an SDK and a real ANS: forwards every request, and while armed
 * flips one byte of the body of each agent resolution answer (exact or semantic), keeping its
 * signature header. With {@link #rewriteQuery} set it asks the ANS another intent than the SDK did.
 */
final class TamperingProxy implements AutoCloseable {
    private static final List<String> KEPT_HEADERS = List.of("Content-Type", "ACF-Signature", "ACF-Request-Id");

    final AtomicInteger tampered = new AtomicInteger();
    volatile boolean armed;
    volatile @Nullable String rewriteQuery;
    private final HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI upstream;

    TamperingProxy(URI upstream) throws IOException {
        this.upstream = upstream;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::forward);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = upstream + exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            byte[] requestBody = exchange.getRequestBody().readAllBytes();
            boolean semantic = exchange.getRequestMethod().equals("POST") && exchange.getRequestURI().getRawPath().equals("/v1/resolve");
            String rewrite = rewriteQuery;
            if (semantic && rewrite != null) {
                ObjectNode json = (ObjectNode) AcfJson.readTree(requestBody);
                json.put("query", rewrite);
                requestBody = AcfJson.writeBytes(json);
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target))
                    .method(exchange.getRequestMethod(), requestBody.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(requestBody));
            for (String name : List.of("Content-Type", "Authorization")) {
                String value = exchange.getRequestHeaders().getFirst(name);
                if (value != null) {
                    request.header(name, value);
                }
            }
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            byte[] body = response.body();
            boolean exact = exchange.getRequestMethod().equals("GET") && exchange.getRequestURI().getRawPath().startsWith("/v1/agents/");
            if (armed && (exact || semantic)) {
                body = flipOneByte(body);
                tampered.incrementAndGet();
            }
            for (String name : KEPT_HEADERS) {
                response.headers().firstValue(name).ifPresent(v -> exchange.getResponseHeaders().add(name, v));
            }
            exchange.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(502, -1);
        }
    }

    /** Redirects the agent's first endpoint to another port: one byte, still valid JSON. */
    private static byte[] flipOneByte(byte[] body) {
        byte[] copy = body.clone();
        int at = new String(copy, StandardCharsets.UTF_8).indexOf(":9443/");
        if (at < 0) {
            throw new IllegalStateException("no endpoint port to tamper with in " + new String(body, StandardCharsets.UTF_8));
        }
        copy[at + 1] = '8'; // :9443 -> :8443
        return copy;
    }

    @Override
    public void close() {
        server.stop(0);
        http.close();
    }
}
