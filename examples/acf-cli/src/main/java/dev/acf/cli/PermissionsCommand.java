package dev.acf.cli;

import dev.acf.api.error.ConfigurationException;
import dev.acf.api.security.Grant;
import dev.acf.api.security.GrantRequest;
import dev.acf.client.AcfClient;
import dev.acf.client.AgentIdentity;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code acf permissions}: agent-level permissions (ANS-SEC-1). An agent requests a grant for
 * itself ({@code request --dir}); an administrator creates ({@code request --admin-token}),
 * lists, approves, rejects and revokes grants; a grant reader token lists them too. Prints one line per grant.
 */
@Command(name = "permissions", mixinStandardHelpOptions = true,
        description = "Request, list, approve, reject and revoke permission grants.",
        subcommands = {PermissionsCommand.Request.class, PermissionsCommand.ListGrants.class, PermissionsCommand.Approve.class,
            PermissionsCommand.Reject.class, PermissionsCommand.Revoke.class})
final class PermissionsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static void print(CommandLine.Model.CommandSpec spec, List<Grant> grants) {
        PrintWriter out = spec.commandLine().getOut();
        for (Grant g : grants) {
            out.printf(Locale.ROOT, "%s v%d %-8s caller=%s target=%s methods=%s skills=%s%n", g.id(), g.version(), g.status(), describe(g.caller()),
                    g.target(), g.methods().isEmpty() ? "*" : String.join(",", g.methods()), g.skills().isEmpty() ? "*" : String.join(",", g.skills()));
        }
        out.flush();
    }

    private static String describe(Grant.Caller c) {
        StringBuilder b = new StringBuilder();
        if (c.name() != null) {
            b.append(c.name());
        }
        if (c.domain() != null) {
            b.append(b.isEmpty() ? "" : ",").append("domain:").append(c.domain());
        }
        if (c.role() != null) {
            b.append(b.isEmpty() ? "" : ",").append("role:").append(c.role());
        }
        return b.toString();
    }

    /** The token that reads grants: the administrator's or a grant reader's. */
    static final class Reader {
        @Option(names = "--admin-token", required = true, description = "the ANS administrator token")
        String admin;
        @Option(names = "--reader-token", required = true, description = "a grant reader token of the ANS (acf ans --grant-reader-token)")
        String reader;

        String token() {
            return admin != null ? admin : reader;
        }
    }

    /** The options of an administrator. */
    static final class Admin {
        @Option(names = "--admin-token", required = true, description = "the ANS administrator token")
        String token;
    }

    @Command(name = "request", mixinStandardHelpOptions = true,
            description = "As an agent (--dir): request a grant for itself, PENDING until approved. As an administrator (--admin-token): create one, ACTIVE at once.")
    static final class Request implements Callable<Integer> {
        @Mixin
        AnsConnection connection = new AnsConnection();
        @Option(names = "--dir", description = "the requesting agent's identity directory")
        Path dir;
        @Option(names = "--admin-token", description = "create the grant as an administrator")
        String adminToken;
        @Option(names = "--caller", description = "the caller name glob (default: the agent of --dir)")
        String caller;
        @Option(names = "--caller-domain", description = "callers of this domain")
        String callerDomain;
        @Option(names = "--caller-role", description = "callers holding this role")
        String callerRole;
        @Option(names = "--target", required = true, description = "the target agent name or glob")
        String target;
        @Option(names = "--method", description = "an A2A method glob that may be called (repeatable; default: all)")
        List<String> methods = List.of();
        @Option(names = "--skill", description = "a skill id glob that may be called; a gateway then lets through only messages naming one "
                + "(metadata skillId) (repeatable; default: all)")
        List<String> skills = List.of();
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (AcfClient ans = connection.client()) {
                Grant g;
                if (dir != null) {
                    AgentIdentity identity = AgentIdentity.load(dir);
                    String self = caller != null ? caller : identity.name().withoutVersion().toString();
                    g = ans.permissions().request(identity, GrantRequest.of(self, target, methods).forSkills(skills));
                } else if (adminToken != null) {
                    g = ans.permissions().create(new GrantRequest(null, new GrantRequest.CallerBody(caller, callerDomain, callerRole), target,
                            methods, skills, null, null), adminToken);
                } else {
                    throw new ConfigurationException("request needs --dir (an agent asks for itself) or --admin-token (an administrator grants)");
                }
                print(spec, List.of(g));
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List grants, optionally filtered.")
    static final class ListGrants implements Callable<Integer> {
        @Mixin
        AnsConnection connection = new AnsConnection();
        @Option(names = "--caller", description = "grants whose caller pattern covers this agent name")
        String caller;
        @Option(names = "--target", description = "grants whose target covers this agent name")
        String target;
        @Option(names = "--status", description = "PENDING, ACTIVE, REJECTED or REVOKED")
        Grant.Status status;
        @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
        Reader reader;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (AcfClient ans = connection.client()) {
                print(spec, ans.permissions().list(caller, target, status, reader.token()));
            }
            return 0;
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true, description = "Approve a pending grant.")
    static final class Approve implements Callable<Integer> {
        @Mixin
        AnsConnection connection = new AnsConnection();
        @Mixin
        Admin admin = new Admin();
        @Parameters(index = "0", description = "the grant id")
        String id;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (AcfClient ans = connection.client()) {
                print(spec, List.of(ans.permissions().approve(id, admin.token)));
            }
            return 0;
        }
    }

    @Command(name = "reject", mixinStandardHelpOptions = true, description = "Reject a pending grant.")
    static final class Reject implements Callable<Integer> {
        @Mixin
        AnsConnection connection = new AnsConnection();
        @Mixin
        Admin admin = new Admin();
        @Parameters(index = "0", description = "the grant id")
        String id;
        @Option(names = "--reason", defaultValue = "rejected", description = "why (default: ${DEFAULT-VALUE})")
        String reason = "rejected";
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (AcfClient ans = connection.client()) {
                print(spec, List.of(ans.permissions().reject(id, reason, admin.token)));
            }
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a grant (an administrator, or the target agent with --dir).")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        AnsConnection connection = new AnsConnection();
        @Parameters(index = "0", description = "the grant id")
        String id;
        @Option(names = "--admin-token", description = "revoke as an administrator")
        String adminToken;
        @Option(names = "--dir", description = "revoke as the target agent (or the requester) of this identity directory")
        Path dir;
        @Option(names = "--reason", defaultValue = "revoked", description = "why (default: ${DEFAULT-VALUE})")
        String reason = "revoked";
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (AcfClient ans = connection.client()) {
                Grant g;
                if (dir != null) {
                    g = ans.permissions().revoke(AgentIdentity.load(dir), id, reason);
                } else if (adminToken != null) {
                    g = ans.permissions().revoke(id, reason, adminToken);
                } else {
                    throw new ConfigurationException("revoke needs --admin-token or --dir");
                }
                print(spec, List.of(g));
            }
            return 0;
        }
    }
}
