package dev.acf.cli;

import dev.acf.api.AcfVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code acf} launcher: the entry point of {@code acf.jar}. Sub-commands start the
 * ACF roles and run the examples.
 *
 * <pre>{@code
 * java -jar examples/acf-cli/target/acf.jar --help
 * }</pre>
 */
@Command(
        name = "acf",
        mixinStandardHelpOptions = true,
        versionProvider = AcfCommand.Version.class,
        description = "Agent Communication Framework: AI Gateway and Agent Name Service.",
        subcommands = {InfoCommand.class, NameCommand.class, AnsCommand.class, GatewayCommand.class, RegisterCommand.class,
            RenewCommand.class, RevokeCommand.class, PermissionsCommand.class, EvalResolutionCommand.class, EvalInjectionCommand.class,
            DemoCommand.class,
            CommandLine.HelpCommand.class})
public final class AcfCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the launcher with the given arguments and exits with its status. */
    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** Builds the command line, so tests can run it in-process. */
    public static CommandLine newCommandLine() {
        CommandLine cli = new CommandLine(new AcfCommand()).setCaseInsensitiveEnumValuesAllowed(true);
        // Bad settings are the user's to fix: say what is wrong, not where in the code.
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof dev.acf.api.error.AcfException || e instanceof IllegalArgumentException) {
                commandLine.getErr().println("error: " + e.getMessage());
                commandLine.getErr().flush();
                return CommandLine.ExitCode.SOFTWARE;
            }
            if (e instanceof java.io.UncheckedIOException io) {
                commandLine.getErr().println("error: " + io.getMessage() + " (" + io.getCause() + ")");
                commandLine.getErr().flush();
                return CommandLine.ExitCode.SOFTWARE;
            }
            throw e;
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Supplies {@code --version} from the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "acf " + AcfVersion.current(),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
            };
        }
    }
}
