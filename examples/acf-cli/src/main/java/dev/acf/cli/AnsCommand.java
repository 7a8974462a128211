package dev.acf.cli;

import dev.acf.ans.AnsServer;
import dev.acf.ans.auth.BootstrapTokens;
import dev.acf.ans.register.ApprovalPolicy;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code acf ans}: runs a standalone Agent Name Service until SIGTERM or Ctrl-C, printing its
 * base URL once it listens.
 */
@Command(name = "ans", mixinStandardHelpOptions = true,
        description = "Run an Agent Name Service for one domain, with its data under one directory.")
final class AnsCommand implements Callable<Integer> {
    @Option(names = "--domain", required = true, description = "the domain this ANS is authoritative for, e.g. ops.example.net")
    String domain = "";

    @Option(names = "--data", required = true, description = "the data directory (registry, CA keys, queue)")
    Path data = Path.of("ans-data");

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "the listen address (default: ${DEFAULT-VALUE})")
    String host = "127.0.0.1";

    @Option(names = "--port", defaultValue = "8400", description = "the listen port, 0 for any (default: ${DEFAULT-VALUE})")
    int port = 8400;

    @Option(names = "--bootstrap-token", description = "a reusable bootstrap token that opens registration (repeatable)")
    List<String> bootstrapTokens = List.of();

    @Option(names = "--one-time-token", description = "a bootstrap token that works once (repeatable)")
    List<String> oneTimeTokens = List.of();

    @Option(names = "--admin-token", description = "the administrator token; administration is off without one")
    String adminToken;

    @Option(names = "--approval", description = "hold registrations until an administrator approves them")
    boolean approval;

    @Option(names = "--validity", defaultValue = "PT24H", description = "validity of issued certificates, ISO-8601 (default: ${DEFAULT-VALUE})")
    Duration validity = Duration.ofHours(24);

    @Option(names = "--no-inspect-queries", description = "do not inspect resolution queries for prompt injection (ANS-SEC-2; on by default)")
    boolean noInspectQueries;

    @Option(names = "--store", description = "registry store provider: embedded (default) or jdbc")
    String store;

    @Option(names = "--store-setting", paramLabel = "KEY=VALUE",
            description = "a registry store setting, e.g. jdbcUrl=jdbc:postgresql://db:5432/acf, username=acf, poolSize=8 (repeatable)")
    Map<String, String> storeSettings = new LinkedHashMap<>();

    @Option(names = "--store-password-env", paramLabel = "VAR",
            description = "read the registry store password from this environment variable (keeps it off the command line)")
    String storePasswordEnv;

    @Option(names = "--print-dns", arity = "0..1", paramLabel = "PUBLIC-URL", fallbackValue = "",
            description = "print the DNS SRV and TXT records that let peer domains find this ANS and pin its key (ANS-SYNC-1),"
                    + " for the API at PUBLIC-URL (default: the listen address)")
    String printDns;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        AnsServer.Builder builder = AnsServer.builder()
                .domain(domain)
                .dataDirectory(data)
                .host(host)
                .port(port)
                .certificateValidity(validity)
                .approvalPolicy(approval ? ApprovalPolicy.APPROVAL : ApprovalPolicy.AUTO);
        bootstrapTokens.forEach(t -> builder.bootstrapToken(t, BootstrapTokens.Use.REUSABLE));
        oneTimeTokens.forEach(t -> builder.bootstrapToken(t, BootstrapTokens.Use.ONE_TIME));
        if (adminToken != null) {
            builder.adminToken(adminToken);
        }
        if (store != null) {
            builder.registryStoreProvider(store);
        }
        storeSettings.forEach(builder::registryStoreSetting);
        if (storePasswordEnv != null) {
            String password = System.getenv(storePasswordEnv);
            if (password == null) {
                throw new IllegalArgumentException("environment variable " + storePasswordEnv + " is not set");
            }
            builder.registryStoreSetting("password", password);
        }
        builder.contentInspection(!noInspectQueries);
        AnsServer server = builder.build().start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "acf-ans-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.println("ANS for " + domain + " listening at " + server.baseUri());
        if (printDns != null) {
            java.net.URI api = printDns.isBlank() ? server.baseUri() : java.net.URI.create(printDns);
            out.println("; DNS records announcing this ANS to peer domains:");
            dev.acf.ans.sync.DnsAnnouncement.of(server.config().domain(), api, server.signer().publicJwks().getKeys(), null)
                    .zoneLines().forEach(out::println);
        }
        out.flush();
        stopped.await();
        return 0;
    }
}
