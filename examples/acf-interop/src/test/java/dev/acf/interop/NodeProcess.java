package dev.acf.interop;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.jspecify.annotations.Nullable;

/**
 * A Node.js script of {@code js/} running as a child process: its standard output read line by
 * line, its standard error kept, its standard input open for the test to answer prompts. The
 * scripts need {@code node} on the PATH and {@code npm ci} run in {@code js/}; without them the
 * tests are skipped locally and fail in CI ({@code CI=true}, as {@code .ci/run} runs), where they
 * must run. {@link #close()} kills the process and is idempotent.
 */
final class NodeProcess implements AutoCloseable {
    /** The folder of the scripts, relative to the module (Surefire's working directory). */
    static final Path SCRIPTS = Path.of("js").toAbsolutePath();

    private final String name;
    private final Process process;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final StringBuffer out = new StringBuffer();
    private final StringBuffer err = new StringBuffer();
    private final List<Thread> readers = new ArrayList<>();

    private NodeProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        readers.add(Thread.ofVirtual().start(() -> pump(process.getInputStream(), out, stdout)));
        readers.add(Thread.ofVirtual().start(() -> pump(process.getErrorStream(), err, null)));
    }

    /**
     * Checks that Node.js and the installed SDKs are there: skips the test when not (locally),
     * fails it in CI.
     */
    static void requireNode() {
        Optional<Path> node = node();
        boolean installed = Files.isDirectory(SCRIPTS.resolve("node_modules/a2a-v1")) && Files.isDirectory(SCRIPTS.resolve("node_modules/a2a-v03"));
        @Nullable String missing = node.isEmpty() ? "node is not on the PATH"
                : !installed ? "the A2A JavaScript SDKs are not installed (run `npm ci` in " + SCRIPTS + ")" : null;
        if (missing == null) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI")) || Boolean.getBoolean("acf.interop.required")) {
            Assertions.fail("interoperability tests must run in CI, but " + missing + "; .ci/run installs them");
        }
        Assumptions.abort("skipped: " + missing);
    }

    /** Starts {@code node js/<script> args...} with extra environment variables. */
    static NodeProcess start(String script, List<String> args, java.util.Map<String, String> env) {
        requireNode();
        List<String> command = new ArrayList<>();
        command.add(node().orElseThrow().toString());
        command.add(SCRIPTS.resolve(script).toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(SCRIPTS.toFile());
        builder.environment().putAll(env);
        try {
            return new NodeProcess(script + " " + String.join(" ", args), builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Waits for the next standard output line starting with {@code prefix} and returns the rest of it. */
    String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            @Nullable String line = left <= 0 ? null : stdout.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line.substring(prefix.length()).trim();
            }
            if (line == null && !process.isAlive() && stdout.isEmpty()) {
                joinReaders();
                if (stdout.isEmpty()) {
                    throw new AssertionError(name + " exited with " + process.exitValue() + " before printing '" + prefix + "'");
                }
            }
            if (left <= 0) {
                throw new AssertionError(name + " printed no '" + prefix + "' line within " + timeout);
            }
        }
    }

    /** Writes one line to the process's standard input. */
    void send(String line) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + name, e);
        }
    }

    /** Waits for the process to exit and returns its exit code. */
    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not exit within " + timeout);
        }
        joinReaders();
        return process.exitValue();
    }

    /** Returns everything the process wrote, for a failure report. */
    String transcript() {
        return "===== node " + name + (process.isAlive() ? " (running)" : " (exit " + process.exitValue() + ")")
                + " =====\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void joinReaders() throws InterruptedException {
        for (Thread reader : readers) {
            reader.join(Duration.ofSeconds(5));
        }
    }

    private static void pump(InputStream stream, StringBuffer all, @Nullable BlockingQueue<String> lines) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                all.append(line).append('\n');
                if (lines != null) {
                    lines.add(line);
                }
            }
        } catch (IOException e) {
            all.append("(output cut: ").append(e).append(")\n");
        }
    }

    private static Optional<Path> node() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "node");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
