package dev.acf.cli;

import dev.acf.api.AcfVersion;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code acf info}: prints the ACF version, the Java runtime and the ACF modules on the
 * class path, so an operator can check an installation in one command.
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print the ACF version, the Java runtime and the modules present.")
final class InfoCommand implements Runnable {
    private static final List<String[]> MODULES = List.of(
            new String[] {"acf-api", "model, errors, JSON codec, extension points"},
            new String[] {"acf-ans", "Agent Name Service role"},
            new String[] {"acf-gateway", "AI Gateway role"},
            new String[] {"acf-client", "agent SDK"});

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("ACF %s on Java %s (%s)%n", AcfVersion.current(), Runtime.version(), System.getProperty("java.vendor"));
        out.println("Modules:");
        for (String[] module : MODULES) {
            out.printf("  %-12s %-8s %s%n", module[0], present(module[0]) ? "present" : "missing", module[1]);
        }
        out.flush();
    }

    /** A module is present when its Maven descriptor is on the class path (kept in acf.jar too). */
    private static boolean present(String artifactId) {
        String descriptor = "META-INF/maven/dev.acf/" + artifactId + "/pom.properties";
        return InfoCommand.class.getClassLoader().getResource(descriptor) != null;
    }
}
