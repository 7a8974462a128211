package dev.acf.cli;

import dev.acf.demo.agent.Scenario;
import dev.acf.demo.agent.TraceLog;
import dev.acf.demo.live.ConsoleAccess;
import dev.acf.demo.live.DemoRun;
import dev.acf.demo.live.DemoStack;
import dev.acf.demo.live.ExplorerCredentials;
import dev.acf.demo.live.ResolutionReport;
import dev.acf.demo.live.RunFiles;
import dev.acf.demo.live.UngrantedCall;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * One {@code acf demo} invocation: starts the stack with its ANS data in a temporary
 * directory, runs the scenario with the trace echoed as it happens, writes the output
 * directory, and either stops or, with {@code --keep-running}, hands out a caller's credentials
 * and waits for SIGTERM or Ctrl-C. The temporary directory is deleted on the way out.
 */
final class DemoSession {
    private final PrintWriter out;
    private final DemoCommand.Options options;
    private final String scenarioName;

    DemoSession(CommandLine commandLine, DemoCommand.Options options, String scenarioName) {
        this.out = commandLine.getOut();
        this.options = options;
        this.scenarioName = scenarioName;
    }

    /** Runs the demo; returns 0 when the scenario reached the outcome {@code expected} accepts, 1 otherwise. */
    <O> int run(Scenario<O> scenario, String title, Predicate<Object> expected) throws InterruptedException {
        long t0 = System.nanoTime();
        DemoLogging.configure(options.verbose);
        Path outDir = (options.out != null ? options.out
                : Path.of("acf-demo-out", scenarioName + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))))
                .toAbsolutePath().normalize();
        Path data = temporaryDirectory();
        say("ACF demo: " + title);
        say("Starting an embedded ANS, the AI Gateway and the scenario's 13 agents...");
        DemoStack stack = DemoStack.builder().dataDirectory(data).auditDirectory(outDir).scenario(scenario)
                // Kept running, the stack shows the operator console real trust profiles (ANS-MON-3).
                .verifyCapabilities(options.keepRunning)
                .progress(line -> say("  " + line)).build();
        Thread cleanup = new Thread(() -> {
            if (options.keepRunning) {
                say("Stopping the agents, the gateway and the ANS...");
            }
            stack.close();
            delete(data);
            if (options.keepRunning) {
                say(String.format(Locale.ROOT, "Stopped cleanly, %.1f s in all.", seconds(t0, System.nanoTime())));
            }
        }, "acf-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(cleanup);
        boolean waited = false;
        try {
            stack.start();
            long started = System.nanoTime();
            say(String.format(Locale.ROOT, "Stack up in %.1f s. Running the scenario: every callee is found by semantic"
                    + " resolution in ANS and called through the gateway.", seconds(t0, started)));
            say("");
            TraceLog trace = new TraceLog(this::say);
            DemoRun<O> run = stack.run(scenario, trace);
            ResolutionReport resolution = stack.checkResolution(scenario);
            List<Path> files = new ArrayList<>(RunFiles.write(outDir, run, trace.events(), resolution));
            files.add(outDir.resolve("audit.jsonl"));
            say("");
            say(String.format(Locale.ROOT, "%d calls through the gateway (%d chosen by semantic resolution, %d by ANS name),"
                            + " %d of them audited; scenario ran in %.1f s", run.calls().size(), run.resolvedCalls(),
                    run.calls().size() - run.resolvedCalls(), run.calls().size() - run.callsMissingFromAudit().size(),
                    run.took().toNanos() / 1e9));
            say("Resolution check: " + resolution.summary());
            say("Output in " + outDir + ":");
            say("  " + String.join(" ", files.stream().map(p -> p.getFileName().toString()).toList()));
            boolean ok = expected.test(run.outcome());
            if (options.keepRunning) {
                ExplorerCredentials credentials = stack.writeExplorerCredentials(outDir);
                ConsoleAccess console = stack.openConsole(outDir);
                UngrantedCall refused = stack.tryUngrantedCall();
                explore(stack, credentials, console, refused);
                waited = true;
                new CountDownLatch(1).await(); // until SIGTERM or Ctrl-C: the shutdown hook stops the stack
            }
            stack.close();
            say(String.format(Locale.ROOT, "%s; stopped cleanly, %.1f s in all.",
                    ok ? "Done" : "The scenario did NOT reach the expected outcome", seconds(t0, System.nanoTime())));
            return ok ? 0 : 1;
        } finally {
            if (!waited) {
                stack.close();
                delete(data);
                try {
                    Runtime.getRuntime().removeShutdownHook(cleanup);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs anyway
                }
            }
        }
    }

    private void explore(DemoStack stack, ExplorerCredentials credentials, ConsoleAccess console, UngrantedCall refused) {
        say("");
        say("ANS " + stack.ansUri());
        say("GATEWAY " + stack.gatewayUri());
        say("CONSOLE " + console.console());
        say("");
        say("The operator console shows the live interaction graph, agent details, the approval queue (the registration of "
                + DemoStack.PARTNER + " waits there), the anomalies with the operator's actions on an agent (suspend, resume, revoke)"
                + " and resolution. Log in with the administrator token in " + console.adminToken() + ":");
        say("  curl -H \"Authorization: Bearer $(cat " + console.adminToken() + ")\" " + stack.ansUri() + "/v1/graph");
        say("");
        say("An anomaly to look at: " + refused.caller() + ", certified but granted nothing, tried to call " + refused.callee()
                + "; the gateway refused it (" + refused.refusal() + ") and reported " + refused.anomaly().kind().id() + ".");
        say("");
        say("The stack stays up until Ctrl-C (or SIGTERM). " + credentials.name() + " may call every agent:");
        say("  cd " + credentials.key().getParent());
        say("  curl --cert caller.pem --key caller.key --cacert ca.pem " + stack.gatewayUri() + "/v1/catalog");
        say("  curl " + stack.ansUri() + "/.well-known/ans");
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }

    private static double seconds(long from, long to) {
        return (to - from) / 1e9;
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("acf-demo-ans-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the ANS: " + e.getMessage(), e);
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
