package dev.acf.benchmarks;

import dev.acf.ans.AnsServer;
import dev.acf.ans.auth.BootstrapTokens;
import dev.acf.api.name.AgentName;
import dev.acf.client.AcfClient;
import dev.acf.client.AgentIdentity;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * PERF-4: what an idle client connection costs the gateway. Starts an ANS in this JVM (for the
 * gateway's and the client's certificates), the gateway in its own JVM ({@code acf.jar gateway}
 * with a plaintext and an mTLS listener), then opens {@code N} idle connections from this JVM,
 * spread over the source addresses 127.0.0.2 and up, first plaintext, then TLS with a client
 * certificate (handshake completed), and reads the gateway's live heap after a full GC and its
 * RSS at 0 and N connections. Prints per-connection figures, the classes that grew, and a JSON
 * last line.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.acf.benchmarks.IdleConnections \
 *     --jar examples/acf-cli/target/acf.jar --connections 19000 --sources 4
 * </pre>
 */
public final class IdleConnections {
    private static final String TOKEN = "idle-connections-bootstrap-0001";

    private IdleConnections() {}

    /** Runs the measurement; see the class comment for the options. */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int connections = Integer.parseInt(options.getOrDefault("connections", "19000"));
        int sources = Integer.parseInt(options.getOrDefault("sources", "4"));
        Path jar = Path.of(options.getOrDefault("jar", "examples/acf-cli/target/acf.jar"));
        List<String> modes = List.of(options.getOrDefault("modes", "plaintext,tls").split(","));
        // By default each connection makes one request first: an idle keep-alive connection, not one that never spoke.
        boolean request = !options.getOrDefault("request", "true").equals("false");
        List<String> jvmArgs = List.of(options.getOrDefault("gateway-jvm", "-Xms2g -Xmx2g -XX:+AlwaysPreTouch").split(" "));
        Path work = Files.createTempDirectory("acf-idle-");
        try (AnsServer ans = AnsServer.builder().domain(RegistrationPool.DOMAIN).dataDirectory(work.resolve("ans"))
                .bootstrapToken(TOKEN, BootstrapTokens.Use.REUSABLE).semanticResolution(false).build().start();
                AcfClient client = AcfClient.builder().ans(ans.baseUri()).build()) {
            AgentIdentity gatewayIdentity = certify(client, "ans://v1.0.0.gateway." + RegistrationPool.DOMAIN);
            AgentIdentity caller = certify(client, "ans://v1.0.0.idle-caller." + RegistrationPool.DOMAIN);
            gatewayIdentity.save(work.resolve("gateway-tls"));
            int plainPort = freePort();
            int tlsPort = freePort();
            List<String> gatewayArgs = List.of("--ans", ans.baseUri().toString(), "--host", "127.0.0.1", "--port", String.valueOf(tlsPort),
                    "--tls-dir", work.resolve("gateway-tls").toString(), "--require-client-cert", "--plaintext-port", String.valueOf(plainPort),
                    "--audit-dir", work.resolve("audit").toString(), "--max-connections", String.valueOf(connections + 1000),
                    "--idle-timeout", "1h");
            System.out.printf("gateway: java %s -jar %s gateway %s%n", String.join(" ", jvmArgs), jar, String.join(" ", gatewayArgs));
            Map<String, Map<String, Object>> results = new LinkedHashMap<>();
            try (GatewayProcess gateway = GatewayProcess.start(jar, jvmArgs, gatewayArgs, plainPort, work.resolve("gateway.log"))) {
                SSLContext tls = clientTls(caller, gatewayIdentity);
                for (String mode : modes) {
                    boolean secure = mode.equals("tls");
                    int port = secure ? tlsPort : plainPort;
                    // Warm up: classes loaded, pools and caches sized, handshake code compiled.
                    open(500, sources, port, secure ? tls : null, request).close();
                    settle(gateway, 0);
                    GatewayProcess.Reading before = gateway.read();
                    long slabBefore = slabBytes();
                    long started = System.nanoTime();
                    Opened open = open(connections, sources, port, secure ? tls : null, request);
                    try {
                        double seconds = (System.nanoTime() - started) / 1e9;
                        settle(gateway, connections);
                        GatewayProcess.Reading after = gateway.read();
                        long slabAfter = slabBytes();
                        results.put(mode, report(mode, connections, seconds, before, after, slabAfter - slabBefore));
                    } finally {
                        open.close();
                    }
                    settle(gateway, 0);
                }
            }
            System.out.println(json(connections, sources, results));
        }
    }

    private static Map<String, Object> report(String mode, int n, double seconds, GatewayProcess.Reading before, GatewayProcess.Reading after,
            long slab) {
        double heap = (after.heapBytes() - before.heapBytes()) / (double) n;
        double rss = (after.rssBytes() - before.rssBytes()) / (double) n;
        System.out.printf(Locale.ROOT, "%n%s: %,d idle connections opened in %.1f s%n", mode, n, seconds);
        System.out.printf(Locale.ROOT, "  live heap after full GC: %,d -> %,d bytes = %.0f bytes per connection%n", before.heapBytes(),
                after.heapBytes(), heap);
        System.out.printf(Locale.ROOT, "  RSS: %,d -> %,d bytes = %.0f bytes per connection (beyond the pre-touched heap)%n", before.rssBytes(),
                after.rssBytes(), rss);
        System.out.printf(Locale.ROOT, "  kernel slab (both ends of each loopback connection): %.0f bytes per connection%n", slab / (double) n);
        System.out.println("  heap growth by class (bytes and instances per connection):");
        List<String> grown = new ArrayList<>(after.bytesByClass().keySet());
        grown.sort(Comparator.comparingLong((String c) -> after.bytesByClass().get(c) - before.bytesByClass().getOrDefault(c, 0L)).reversed());
        for (String c : grown.subList(0, Math.min(25, grown.size()))) {
            long bytes = after.bytesByClass().get(c) - before.bytesByClass().getOrDefault(c, 0L);
            long instances = after.instancesByClass().get(c) - before.instancesByClass().getOrDefault(c, 0L);
            if (bytes / (double) n < 4) {
                break;
            }
            System.out.printf(Locale.ROOT, "    %8.1f B %6.2f x  %s%n", bytes / (double) n, instances / (double) n, c);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("heapBytesPerConnection", Math.round(heap));
        r.put("rssBytesPerConnection", Math.round(rss));
        r.put("kernelSlabBytesPerConnectionBothEnds", Math.round(slab / (double) n));
        r.put("openSeconds", Math.round(seconds * 10) / 10.0);
        return r;
    }

    private static String json(int n, int sources, Map<String, Map<String, Object>> results) {
        StringBuilder s = new StringBuilder("{\"connections\":" + n + ",\"sources\":" + sources);
        results.forEach((mode, r) -> {
            s.append(",\"").append(mode).append("\":{");
            List<String> fields = new ArrayList<>();
            r.forEach((k, v) -> fields.add("\"" + k + "\":" + v));
            s.append(String.join(",", fields)).append('}');
        });
        return s.append('}').toString();
    }

    /** Waits until the gateway holds about {@code expected} client sockets (its listeners and ANS link aside). */
    private static void settle(GatewayProcess gateway, int expected) throws IOException {
        long baseline = -1;
        for (int i = 0; i < 600; i++) {
            long sockets = gateway.openSockets();
            if (expected == 0 ? sockets == baseline : sockets >= expected) {
                return;
            }
            baseline = sockets;
            GatewayProcess.sleep(500);
        }
        throw new IllegalStateException("the gateway's sockets did not settle at " + expected);
    }

    /** Connections held open by this JVM. */
    private record Opened(List<Closeable> sockets) implements AutoCloseable {
        @Override
        public void close() {
            for (Closeable c : sockets) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }

    private static Opened open(int n, int sources, int port, SSLContext tls, boolean request) throws Exception {
        List<Closeable> sockets = Collections.synchronizedList(new ArrayList<>(n));
        Semaphore inFlight = new Semaphore(32);
        InetSocketAddress target = new InetSocketAddress("127.0.0.1", port);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                InetAddress source = InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (2 + i % sources)});
                inFlight.acquire();
                threads.submit(() -> {
                    try {
                        Socket socket = tls == null ? plain(source, target) : secure(tls, source, target);
                        sockets.add(socket);
                        if (request) {
                            exchange(socket);
                        }
                    } finally {
                        inFlight.release();
                    }
                    return null;
                });
            }
        }
        if (sockets.size() != n) {
            new Opened(sockets).close();
            throw new IllegalStateException("opened " + sockets.size() + " of " + n + " connections");
        }
        return new Opened(sockets);
    }

    private static Socket plain(InetAddress source, InetSocketAddress target) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(source, 0));
        socket.connect(target);
        return socket;
    }

    /** Sends one keep-alive request and reads its whole answer (a 404: no agent, no ANS call). */
    private static void exchange(Socket socket) throws IOException {
        socket.getOutputStream().write("GET /idle HTTP/1.1\r\nHost: gateway\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the gateway closed the connection");
            }
            head.append((char) b);
        }
        Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        in.readNBytes(length.find() ? Integer.parseInt(length.group(1)) : 0);
    }

    private static Socket secure(SSLContext tls, InetAddress source, InetSocketAddress target) throws IOException {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket();
        socket.bind(new InetSocketAddress(source, 0));
        socket.connect(target);
        socket.startHandshake();
        return socket;
    }

    private static SSLContext clientTls(AgentIdentity caller, AgentIdentity gateway) throws Exception {
        char[] password = "idle".toCharArray();
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(caller.keyStore(password), password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), gateway.trustManagers(), null);
        return context;
    }

    private static AgentIdentity certify(AcfClient client, String name) {
        AgentIdentity identity = AgentIdentity.generate(AgentName.parse(name));
        client.register(identity, RegistrationPool.CARD, RegistrationPool.ENDPOINTS, TOKEN);
        return identity;
    }

    private static long slabBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("Slab:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }
}
