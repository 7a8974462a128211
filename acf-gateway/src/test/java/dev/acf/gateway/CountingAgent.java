package dev.acf.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One instance of an agent on a real socket (a JDK HTTP server): answers every JSON-RPC call 200
 * with its label, or as {@link #behaviour} says, and counts what it received, per call id.
 */
final class CountingAgent implements AutoCloseable {
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    /** What an instance does with one call before answering; returns the status to answer with. */
    @FunctionalInterface
    interface Behaviour {
        int answer(String body) throws Exception;
    }

    final String label;
    final AtomicInteger received = new AtomicInteger();
    final Map<String, AtomicInteger> byId = new ConcurrentHashMap<>();
    volatile Behaviour behaviour = body -> 200;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private HttpServer server;
    private final int port;

    CountingAgent(String label) throws IOException {
        this(label, 0);
    }

    CountingAgent(String label, int port) throws IOException {
        this.label = label;
        this.server = start(port);
        this.port = server.getAddress().getPort();
    }

    private HttpServer start(int at) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), at), 100);
        s.setExecutor(threads);
        s.createContext("/", this::handle);
        s.start();
        return s;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            received.incrementAndGet();
            Matcher m = ID.matcher(body);
            if (m.find()) {
                byId.computeIfAbsent(m.group(1), k -> new AtomicInteger()).incrementAndGet();
            }
            int status = behaviour.answer(body);
            byte[] out = ("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"instance\":\"" + label + "\"}}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(status, out.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(out);
            }
        } catch (Exception e) {
            exchange.close();
        }
    }

    String url() {
        return "http://127.0.0.1:" + port + "/a2a";
    }

    int port() {
        return port;
    }

    int received(String id) {
        AtomicInteger n = byId.get(id);
        return n == null ? 0 : n.get();
    }

    /** Stops listening and drops every connection at once, calls in progress included. */
    void kill() {
        server.stop(0);
    }

    /** Listens again on the same port. */
    void restart() throws IOException {
        server = start(port);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
