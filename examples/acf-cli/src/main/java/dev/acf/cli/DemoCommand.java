package dev.acf.cli;

import dev.acf.demo.install.Installation;
import dev.acf.demo.install.InstallationOutcome;
import dev.acf.demo.network.FaultType;
import dev.acf.demo.repair.DiagnosisOutcome;
import dev.acf.demo.repair.FaultDiagnosis;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code acf demo}: the draft's two use cases end to end on the real stack (EX-1, EX-2, EX-3):
 * an embedded ANS and gateway start, the scenario's 13 agents register and serve A2A over TLS,
 * the scenario runs with every callee found by semantic resolution and called through the
 * gateway, and the trace, interaction graph and audit log land in an output directory.
 *
 * <pre>{@code
 * java -jar examples/acf-cli/target/acf.jar demo fault-diagnosis --fault WIFI_INTERFERENCE --seed 3
 * java -jar examples/acf-cli/target/acf.jar demo installation --keep-running
 * java -jar examples/acf-cli/target/acf.jar demo cross-domain --fault FIBER_CUT
 * }</pre>
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run one of the draft's two broadband use cases end to end: embedded ANS and gateway, 13 real A2A agents.",
        subcommands = {DemoCommand.FaultDiagnosisDemo.class, DemoCommand.InstallationDemo.class, DemoCommand.CrossDomainDemo.class})
final class DemoCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The options both scenarios take. */
    static final class Options {
        @Option(names = "--seed", defaultValue = "4", description = "the seed of the simulated network; the same seed gives the same run (default: ${DEFAULT-VALUE})")
        long seed = 4;

        @Option(names = "--out", paramLabel = "DIR", description = "where the trace, graph and audit log are written (default: ./acf-demo-out/<scenario>-<time>)")
        Path out;

        @Option(names = "--keep-running", description = "stay up after the scenario, so you can explore the live ANS and gateway; stop with Ctrl-C or SIGTERM")
        boolean keepRunning;

        @Option(names = "--verbose", description = "show the components' log lines (warnings and up otherwise)")
        boolean verbose;
    }

    /** {@code acf demo fault-diagnosis}. */
    @Command(name = "fault-diagnosis", mixinStandardHelpOptions = true,
            description = "Case 2: a customer complains, the agents find the root cause (re-collecting data when it is"
                    + " insufficient), repair remotely or dispatch an engineer, validate, monitor and survey.")
    static final class FaultDiagnosisDemo implements Callable<Integer> {
        @Option(names = "--fault", defaultValue = "FIBER_CUT", paramLabel = "TYPE",
                description = "the fault to inject: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
        FaultType fault = FaultType.FIBER_CUT;

        @Mixin
        Options options = new Options();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            FaultDiagnosis scenario = FaultDiagnosis.prepare(fault, options.seed);
            String title = "home broadband fault diagnosis: fault " + fault + " (" + fault.label() + "), seed " + options.seed;
            return new DemoSession(spec.commandLine(), options, "fault-diagnosis").run(scenario, title, outcome -> {
                DiagnosisOutcome o = (DiagnosisOutcome) outcome;
                return o.rootCauseCorrect() && o.repaired() && o.validationPassed();
            });
        }
    }

    /** {@code acf demo installation}. */
    @Command(name = "installation", mixinStandardHelpOptions = true,
            description = "Case 1: a new customer asks for broadband; the agents plan, allocate, configure every network"
                    + " domain, validate in a closed loop, activate, monitor and survey.")
    static final class InstallationDemo implements Callable<Integer> {
        @Mixin
        Options options = new Options();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            Installation scenario = Installation.prepare(options.seed);
            String title = "home broadband service installation, seed " + options.seed;
            return new DemoSession(spec.commandLine(), options, "installation").run(scenario, title, outcome -> {
                InstallationOutcome o = (InstallationOutcome) outcome;
                return o.validationPassed() && o.orderCompleted();
            });
        }
    }

    /** {@code acf demo cross-domain}. */
    @Command(name = "cross-domain", mixinStandardHelpOptions = true,
            description = "Case 2 across two domains: the RAN and core network agents live in a core network domain with its own"
                    + " ANS and gateway; home edge agents find them by intent through the federated ANS and call them through"
                    + " both gateways.")
    static final class CrossDomainDemo implements Callable<Integer> {
        @Option(names = "--fault", defaultValue = "FIBER_CUT", paramLabel = "TYPE",
                description = "the fault to inject: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
        FaultType fault = FaultType.FIBER_CUT;

        @Mixin
        Options options = new Options();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            FaultDiagnosis scenario = FaultDiagnosis.prepare(fault, options.seed);
            String title = "home broadband fault diagnosis across two domains: fault " + fault + " (" + fault.label() + "), seed "
                    + options.seed;
            return new CrossDomainSession(spec.commandLine(), options).run(scenario, title);
        }
    }
}
