package dev.acf.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A gateway in its own JVM ({@code acf.jar gateway}) and what its memory looks like from outside:
 * the live heap after a full GC (the total of {@code jcmd GC.class_histogram}, which collects
 * first), per class, and the resident set ({@code VmRSS}).
 */
final class GatewayProcess implements AutoCloseable {
    private final Process process;
    private final Path jcmd;

    /** A heap and RSS reading: the live bytes per class and in all, and the resident set in bytes. */
    record Reading(long heapBytes, long rssBytes, Map<String, Long> bytesByClass, Map<String, Long> instancesByClass) {}

    private GatewayProcess(Process process, Path jcmd) {
        this.process = process;
        this.jcmd = jcmd;
    }

    /** Starts {@code java <jvmArgs> -jar <jar> gateway <args>} and waits until {@code port} accepts connections. */
    static GatewayProcess start(Path jar, List<String> jvmArgs, List<String> args, int port, Path log) throws IOException {
        Path javaHome = Path.of(System.getProperty("java.home"));
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin/java").toString());
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(jar.toString());
        command.add("gateway");
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        GatewayProcess gateway = new GatewayProcess(p, javaHome.resolve("bin/jcmd"));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("the gateway exited: " + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return gateway;
            } catch (IOException notYet) {
                sleep(200);
            }
        }
        gateway.close();
        throw new IllegalStateException("the gateway did not listen on " + port + " within 60 s: " + Files.readString(log));
    }

    long pid() {
        return process.pid();
    }

    /** Returns the live heap (after the full GC the histogram runs first) and the resident set. */
    Reading read() throws IOException {
        // Twice: the first collection may leave objects whose finalization or cleaning frees more.
        histogram();
        String histogram = histogram();
        Map<String, Long> bytes = new HashMap<>();
        Map<String, Long> instances = new HashMap<>();
        long total = 0;
        for (String line : histogram.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":")) {
                long n = Long.parseLong(f[1]);
                long b = Long.parseLong(f[2]);
                bytes.merge(f[3], b, Long::sum);
                instances.merge(f[3], n, Long::sum);
            } else if (f.length >= 3 && f[0].equals("Total")) {
                total = Long.parseLong(f[2]);
            }
        }
        return new Reading(total, rss(), bytes, instances);
    }

    private String histogram() throws IOException {
        Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(process.pid()), "GC.class_histogram").redirectErrorStream(true).start();
        try (InputStream in = p.getInputStream()) {
            String out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException("jcmd failed: " + out);
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private long rss() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS for " + process.pid());
    }

    /** Returns the number of sockets the gateway process has open (its fd table). */
    long openSockets() throws IOException {
        try (var fds = Files.list(Path.of("/proc/" + process.pid() + "/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith("socket:");
                } catch (IOException gone) {
                    return false;
                }
            }).count();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
