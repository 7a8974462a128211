package dev.acf.cli;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code acf} in a child JVM, as an operator starts it: environment variables set, stdout
 * collected line by line on a thread of its own (so a test waits for a line without blocking on
 * the pipe), stderr in a file. Closing stops it with SIGTERM.
 */
final class AcfProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("ANS for \\S+ listening at (http://\\S+)");

    private final Process process;
    private final Path stderr;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private AcfProcess(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "acf-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code acf <args>} with these extra environment variables; {@code name} names its stderr file in {@code dir}. */
    static AcfProcess start(Path dir, String name, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                AcfCommand.class.getName()));
        command.addAll(List.of(args));
        Path stderr = dir.resolve(name + ".stderr.txt");
        // Run in the test's directory, so that nothing the JVM may write there (a crash log) lands in the source tree.
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectError(stderr.toFile());
        builder.environment().putAll(env);
        return new AcfProcess(builder.start(), stderr);
    }

    /** Waits for the ANS's "listening at" line and returns its base URI. */
    URI ansBaseUri() {
        Matcher m = LISTENING.matcher(awaitLine(LISTENING));
        if (!m.matches()) {
            throw new AssertionError("unreachable");
        }
        return URI.create(m.group(1));
    }

    /** Waits (up to 60 s) for a line of stdout matching the pattern; fails at once with stderr when the process ends first. */
    String awaitLine(Pattern pattern) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (find(pattern).isEmpty() && !process.isAlive()) {
                throw new AssertionError("acf exited with " + process.exitValue() + " before printing /" + pattern + "/; stdout "
                        + lines + ", stderr: " + stderr());
            }
            return find(pattern).isPresent();
        });
        return find(pattern).orElseThrow();
    }

    /** Returns the lines printed so far. */
    List<String> lines() {
        return List.copyOf(lines);
    }

    private Optional<String> find(Pattern pattern) {
        return lines.stream().filter(l -> pattern.matcher(l).matches()).findFirst();
    }

    /** Returns what the process wrote to stderr so far. */
    String stderr() {
        try {
            return Files.exists(stderr) ? Files.readString(stderr) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(15, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
