package dev.acf.cli;

import dev.acf.api.error.InvalidNameException;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.LegacyAgentName;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code acf name}: parses ANS agent names (v2, or v1 mapped to v2) and prints their parts,
 * or the precise reason a name is refused. Exits 0 when every name is valid, 2 otherwise.
 */
@Command(name = "name", mixinStandardHelpOptions = true,
        description = "Check ANS agent names and show their canonical form, version and host name.")
final class NameCommand implements Callable<Integer> {
    /** The exit status when a name is invalid. */
    static final int INVALID = 2;

    @Parameters(arity = "1..*", paramLabel = "NAME", description = "names such as ans://v1.2.0.rca.broadband.ops.example.net")
    List<String> names = List.of();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int status = 0;
        for (String text : names) {
            try {
                AgentName name = AgentName.parse(text);
                out.println(name);
                out.println("  version:  " + (name.hasVersion() ? name.version() : "(none: newest compatible)"));
                out.println("  host:     " + name.fqdn());
                out.println("  agent:    " + name.agentLabel());
                if (!text.regionMatches(true, 0, AgentName.SCHEME + "://", 0, AgentName.SCHEME.length() + 3)) {
                    LegacyAgentName legacy = LegacyAgentName.parse(text);
                    out.println("  from v1:  protocol " + legacy.protocol()
                            + (legacy.extension() == null ? "" : ", extension " + legacy.extension()));
                }
            } catch (InvalidNameException e) {
                err.println("invalid: " + e.getMessage());
                status = INVALID;
            }
        }
        out.flush();
        err.flush();
        return status;
    }
}
