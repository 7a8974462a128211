package dev.acf.cli;

import dev.acf.api.audit.AuditEvent;
import dev.acf.demo.agent.TraceLog;
import dev.acf.demo.live.AgentCall;
import dev.acf.demo.live.CrossDomainStack;
import dev.acf.demo.live.DemoRun;
import dev.acf.demo.live.ResolutionReport;
import dev.acf.demo.live.RunFiles;
import dev.acf.demo.repair.DiagnosisOutcome;
import dev.acf.demo.repair.FaultDiagnosis;
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
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * One {@code acf demo cross-domain} invocation: starts the two domains' stacks with their ANS
 * data in a temporary directory, runs the fault diagnosis with the network agents in the core
 * domain, echoes the trace, shows how the crossing calls passed both gateways, writes the output
 * directory, and stops or, with {@code --keep-running}, waits for SIGTERM or Ctrl-C.
 */
final class CrossDomainSession {
    private final PrintWriter out;
    private final DemoCommand.Options options;

    CrossDomainSession(CommandLine commandLine, DemoCommand.Options options) {
        this.out = commandLine.getOut();
        this.options = options;
    }

    /** Runs the demo; returns 0 when the fault was diagnosed, repaired and validated, 1 otherwise. */
    int run(FaultDiagnosis scenario, String title) throws InterruptedException {
        long t0 = System.nanoTime();
        DemoLogging.configure(options.verbose);
        Path outDir = (options.out != null ? options.out
                : Path.of("acf-demo-out", "cross-domain-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))))
                .toAbsolutePath().normalize();
        Path data = temporaryDirectory();
        say("ACF demo: " + title);
        say("Starting two domains, " + CrossDomainStack.HOME + " (home edge) and " + CrossDomainStack.CORE
                + " (core network), each with its own ANS and AI Gateway...");
        CrossDomainStack stack = CrossDomainStack.builder().dataDirectory(data).auditDirectory(outDir)
                .scenario(scenario, FaultDiagnosis.NETWORK_AGENTS).progress(line -> say("  " + line)).build();
        Thread cleanup = new Thread(() -> {
            stack.close();
            delete(data);
            if (options.keepRunning) {
                say(String.format(Locale.ROOT, "Stopped cleanly, %.1f s in all.", seconds(t0)));
            }
        }, "acf-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(cleanup);
        boolean waited = false;
        try {
            stack.start();
            say(String.format(Locale.ROOT, "Stack up in %.1f s. Running the scenario: home agents find network agents by intent"
                    + " in their own ANS (peers included) and call them through both gateways.", seconds(t0)));
            say("");
            TraceLog trace = new TraceLog(this::say);
            DemoRun<DiagnosisOutcome> run = stack.run(scenario, trace);
            ResolutionReport resolution = stack.checkResolution(scenario);
            List<Path> files = new ArrayList<>(RunFiles.write(outDir, run, trace.events(), resolution));
            say("");
            List<AgentCall> crossing = run.calls().stream()
                    .filter(c -> !stack.domainOf(c.caller()).equals(stack.domainOf(c.callee()))).toList();
            say(String.format(Locale.ROOT, "%d calls, %d of them from %s into %s through both gateways; scenario ran in %.1f s",
                    run.calls().size(), crossing.size(), CrossDomainStack.HOME, CrossDomainStack.CORE, run.took().toNanos() / 1e9));
            if (!crossing.isEmpty()) {
                AgentCall first = crossing.get(0);
                say("How the first of them was audited (" + first.caller() + " -> " + first.callee() + ", " + first.contextId() + "):");
                for (String domain : List.of(CrossDomainStack.HOME, CrossDomainStack.CORE)) {
                    stack.auditEvents(domain).stream().filter(e -> first.contextId().equals(e.contextId())).findFirst()
                            .ifPresent(e -> say("  gateway." + domain + ": " + describe(e)));
                }
            }
            say("Resolution check: " + resolution.summary());
            say("Output in " + outDir + ":");
            files.add(outDir.resolve("audit-home").resolve("audit.jsonl"));
            files.add(outDir.resolve("audit-core").resolve("audit.jsonl"));
            say("  " + String.join(" ", files.stream().map(p -> outDir.relativize(p).toString()).toList()));
            DiagnosisOutcome o = run.outcome();
            boolean ok = o.rootCauseCorrect() && o.repaired() && o.validationPassed() && !crossing.isEmpty();
            if (options.keepRunning) {
                for (String domain : List.of(CrossDomainStack.HOME, CrossDomainStack.CORE)) {
                    say("ANS " + domain + " " + stack.ansUri(domain));
                    say("GATEWAY " + domain + " " + stack.gatewayUri(domain));
                }
                say("The stack stays up until Ctrl-C (or SIGTERM).");
                waited = true;
                new CountDownLatch(1).await(); // until SIGTERM or Ctrl-C: the shutdown hook stops the stack
            }
            stack.close();
            say(String.format(Locale.ROOT, "%s; stopped cleanly, %.1f s in all.",
                    ok ? "Done" : "The scenario did NOT reach the expected outcome", seconds(t0)));
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

    private static String describe(AuditEvent e) {
        StringBuilder line = new StringBuilder("caller ").append(e.source()).append(", status ").append(e.status());
        String forwardedBy = e.attributes().get("forwardedBy");
        if (forwardedBy != null) {
            line.append(", forwarded by ").append(forwardedBy);
        }
        String next = e.attributes().get("nextHop");
        if (next != null) {
            line.append(", next hop ").append(next);
        }
        return line.toString();
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }

    private static double seconds(long from) {
        return (System.nanoTime() - from) / 1e9;
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("acf-demo-ans-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the ANS data: " + e.getMessage(), e);
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
