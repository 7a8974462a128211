package dev.acf.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acf.api.json.AcfJson;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One instance of a real A2A agent over HTTP/1.1 that speaks the session contract: a streaming
 * call gets a task whose events carry {@code acf.seq} 1 to {@link #LAST}, every fourth one a
 * checkpoint ({@code acf.checkpoint} with the sequence as its state), the last one the completed
 * status. A call carrying {@code acf.restore} continues the named task from the checkpoint's
 * sequence + 1, re-emitting what followed it. A fresh call can be held after given sequences until
 * the test releases it; {@link #kill()} closes everything abruptly (connection reset), as a dying
 * process would.
 */
final class ContractAgent implements AutoCloseable {
    /** The sequence of the final event. */
    static final int LAST = 14;

    /** A request the agent received. */
    record Received(Map<String, String> headers, JsonNode body) {}

    final BlockingQueue<Received> requests = new LinkedBlockingQueue<>();
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Map<Integer, CountDownLatch> holds = new ConcurrentHashMap<>();
    private final AtomicInteger tasks = new AtomicInteger();
    private final String label;

    /** Starts an instance that holds fresh streams after each of these sequences until released. */
    ContractAgent(String label, int... holdAfter) throws IOException {
        this.label = label;
        for (int h : holdAfter) {
            holds.put(h, new CountDownLatch(1));
        }
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("agent-" + label).start(this::accept);
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/a2a";
    }

    /** Lets held streams go past {@code sequence}. */
    void release(int sequence) {
        holds.get(sequence).countDown();
    }

    /** Closes the listener and every connection with a reset. */
    void kill() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket s : open) {
            try {
                s.setSoLinger(true, 0);
                s.close();
            } catch (IOException e) {
                // already gone
            }
        }
        holds.values().forEach(CountDownLatch::countDown);
    }

    @Override
    public void close() {
        kill();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                open.add(s);
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            String requestLine = line(in);
            if (requestLine.isEmpty()) {
                return;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = line(in); !line.isEmpty(); line = line(in)) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
            JsonNode rpc = AcfJson.readTree(body);
            requests.add(new Received(headers, rpc));
            OutputStream out = s.getOutputStream();
            String method = rpc.path("method").asText();
            if (!method.equals("SendStreamingMessage") && !method.equals("message/stream")) {
                byte[] error = "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32001,\"message\":\"task not found\"}}"
                        .getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " + error.length
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(error);
                out.flush();
                return;
            }
            stream(rpc, out);
        } catch (IOException | InterruptedException e) {
            // killed, or the gateway went away
        } finally {
            open.remove(s);
        }
    }

    private void stream(JsonNode rpc, OutputStream out) throws IOException, InterruptedException {
        JsonNode restore = rpc.path("params").path("message").path("metadata").path("acf.restore");
        boolean restoring = restore.isObject();
        String task = restoring ? restore.path("taskId").asText() : "task-" + label + "-" + tasks.incrementAndGet();
        String context = restoring ? restore.path("contextId").asText() : "ctx-" + label;
        int from = 1;
        if (restoring && restore.path("sequence").asInt() > 0) {
            String state = new String(Base64.getDecoder().decode(restore.path("state").asText()), StandardCharsets.UTF_8);
            from = Integer.parseInt(state) + 1;
        }
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        for (int seq = from; seq <= LAST; seq++) {
            String data = AcfJson.writeString(event(rpc.get("id"), task, context, seq));
            byte[] e = ("id: agent-" + seq + "\nevent: task-event\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
            out.write((Integer.toHexString(e.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(e);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            CountDownLatch hold = holds.get(seq);
            if (!restoring && hold != null && !hold.await(60, TimeUnit.SECONDS)) {
                return;
            }
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    static ObjectNode event(JsonNode id, String task, String context, int seq) {
        ObjectNode root = AcfJson.mapper().createObjectNode().put("jsonrpc", "2.0");
        root.set("id", id);
        ObjectNode result = root.putObject("result");
        ObjectNode event;
        if (seq == 1) {
            event = result.putObject("task").put("id", task).put("contextId", context);
            event.putObject("status").put("state", "TASK_STATE_WORKING");
        } else if (seq == LAST || seq % 4 == 0) {
            event = result.putObject("statusUpdate").put("taskId", task).put("contextId", context);
            event.putObject("status").put("state", seq == LAST ? "TASK_STATE_COMPLETED" : "TASK_STATE_WORKING");
        } else {
            event = result.putObject("artifactUpdate").put("taskId", task).put("contextId", context);
            event.putObject("artifact").put("artifactId", "a-" + seq).putArray("parts").addObject().put("text", "part " + seq);
        }
        ObjectNode metadata = event.putObject("metadata").put("acf.seq", seq);
        if (seq % 4 == 0 && seq != LAST) {
            metadata.putObject("acf.checkpoint").put("sequence", seq)
                    .put("state", Base64.getEncoder().encodeToString(Integer.toString(seq).getBytes(StandardCharsets.UTF_8)));
        }
        return root;
    }

    /** Whether the agent's event with this sequence is a checkpoint, which callers never see. */
    static boolean isCheckpoint(int seq) {
        return seq % 4 == 0 && seq != LAST;
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
}
