package dev.acf.gateway;

import dev.acf.api.gateway.SseEvent;
import dev.acf.api.gateway.SseParser;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A streaming call over a bare socket: POST, then the body's events one by one; closing it is a client that vanished. */
final class SseCall implements AutoCloseable {
    final int status;
    final Map<String, String> headers = new LinkedHashMap<>();
    private final Socket socket;
    private final InputStream in;
    private final ArrayDeque<SseEvent> parsed = new ArrayDeque<>();
    private final SseParser parser = new SseParser(1 << 20, parsed::add);
    private final boolean chunked;
    private long remaining;
    private boolean ended;
    private boolean completed;

    private SseCall(InetSocketAddress gateway, String path, String body, Map<String, String> extra) throws IOException {
        socket = new Socket(gateway.getAddress(), gateway.getPort());
        socket.setSoTimeout(30_000);
        StringBuilder request = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: gw\r\nAccept: text/event-stream\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n");
        extra.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
        socket.getOutputStream().write((request + "\r\n" + body).getBytes(StandardCharsets.UTF_8));
        in = new BufferedInputStream(socket.getInputStream());
        String statusLine = line();
        status = Integer.parseInt(statusLine.split(" ")[1]);
        for (String line = line(); !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        chunked = "chunked".equalsIgnoreCase(headers.get("transfer-encoding"));
        remaining = Long.parseLong(headers.getOrDefault("content-length", "-1"));
    }

    static SseCall post(InetSocketAddress gateway, String path, String body, Map<String, String> headers) throws IOException {
        return new SseCall(gateway, path, body, headers);
    }

    /** Returns the next event, or null when the body ended. */
    @Nullable SseEvent next() throws IOException {
        while (parsed.isEmpty()) {
            byte[] piece = piece();
            if (piece == null) {
                return null;
            }
            parser.feed(piece);
        }
        return parsed.poll();
    }

    /** Returns whether the body ended with its last chunk (rather than the connection being cut). */
    boolean completed() {
        return completed;
    }

    /** Returns the whole body as text (an answer that is not a stream). */
    String text() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] piece = piece(); piece != null; piece = piece()) {
            all.writeBytes(piece);
        }
        return all.toString(StandardCharsets.UTF_8);
    }

    private byte @Nullable [] piece() throws IOException {
        if (ended) {
            return null;
        }
        if (!chunked) {
            if (remaining < 0) {
                byte[] rest = in.readAllBytes();
                ended = true;
                return rest;
            }
            byte[] rest = in.readNBytes((int) remaining);
            ended = true;
            return rest;
        }
        String size = line();
        if (size.isEmpty()) {
            ended = true;
            return null;
        }
        int n = Integer.parseInt(size.trim(), 16);
        if (n == 0) {
            line();
            ended = true;
            completed = true;
            return null;
        }
        byte[] piece = in.readNBytes(n);
        line();
        return piece;
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
