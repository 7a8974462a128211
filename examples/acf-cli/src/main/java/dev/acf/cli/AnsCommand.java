package dev.acf.cli;

import dev.acf.ans.AnsServer;
import dev.acf.ans.auth.BootstrapTokens;
import dev.acf.ans.register.ApprovalPolicy;
import dev.acf.ans.sync.DnsAnnouncement;
import dev.acf.ans.sync.Federation;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import dev.acf.api.resolve.Reranker;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code acf ans}: runs a standalone Agent Name Service until SIGTERM or Ctrl-C, printing its
 * base URL once it listens. {@code --peer} groups federate it with other domains' ANS
 * (ANS-SYNC-1, ANS-SYNC-2; see {@link FederationOptions}); {@code --print-dns} prints the DNS
 * records that announce it, and its gateway with {@code --gateway-url} and {@code --gateway-name}
 * (ANS-SYNC-3).
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

    @Option(names = "--grant-reader-token", paramLabel = "TOKEN",
            description = "a token that may list the permission grants and nothing else, for a gateway enforcing them"
                    + " (acf gateway --grant-reader-token-env) (repeatable)")
    List<String> grantReaderTokens = List.of();

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

    @Option(names = "--gateway-url", paramLabel = "URL",
            description = "with --print-dns: also announce this domain's gateway at URL (https), so that peer domains' gateways"
                    + " call its agents through it (ANS-SYNC-3); needs --gateway-name")
    URI gatewayUrl;

    @Option(names = "--gateway-name", paramLabel = "ANS-NAME",
            description = "with --gateway-url: the ANS name the gateway's certificate carries, e.g. ans://v1.0.0.gateway.ops.example.net")
    String gatewayName;

    @CommandLine.Mixin
    VocabularyOptions vocabulary;

    @CommandLine.Mixin
    RerankerOptions reranking;

    @CommandLine.Mixin
    FederationOptions federation;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Federation peers = federation.federation(spec.commandLine(), System::getenv);
        AgentName gateway = announcedGateway();
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
        grantReaderTokens.forEach(builder::grantReaderToken);
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
        builder.vocabulary(vocabulary.vocabulary());
        Reranker reranker = reranking.reranker(System::getenv);
        if (reranker != null) {
            builder.reranker(reranker);
        }
        if (peers != null) {
            builder.federation(peers);
        }
        AnsServer server = builder.build().start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "acf-ans-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.println("ANS for " + domain + " listening at " + server.baseUri());
        if (printDns != null) {
            URI api = printDns.isBlank() ? server.baseUri() : URI.create(printDns);
            DnsAnnouncement announcement = DnsAnnouncement.of(server.config().domain(), api, server.signer().publicJwks().getKeys(), null);
            if (gateway != null) {
                announcement = announcement.withGateway(gatewayUrl, gateway, server.service().ca().chain());
            }
            out.println(gateway == null ? "; DNS records announcing this ANS to peer domains:"
                    : "; DNS records announcing this ANS and its gateway " + gateway + " to peer domains:");
            announcement.zoneLines().forEach(out::println);
        }
        out.flush();
        stopped.await();
        return 0;
    }

    /** Checks the gateway announcement options; returns the gateway's name, or null when none is announced. */
    private AgentName announcedGateway() {
        CommandLine cmd = spec.commandLine();
        if (gatewayUrl == null && gatewayName == null) {
            return null;
        }
        if (gatewayUrl == null || gatewayName == null || printDns == null) {
            throw new CommandLine.ParameterException(cmd, "--gateway-url and --gateway-name go together, with --print-dns");
        }
        if (!"https".equalsIgnoreCase(gatewayUrl.getScheme()) || gatewayUrl.getHost() == null) {
            throw new CommandLine.ParameterException(cmd, "--gateway-url must be an absolute https URL, e.g. https://gw.ops.example.net:8443,"
                    + " was '" + gatewayUrl + "'");
        }
        if (!AgentName.isValid(gatewayName)) {
            throw new CommandLine.ParameterException(cmd, "--gateway-name must be an ANS name, e.g. ans://v1.0.0.gateway." + domain
                    + ", was '" + gatewayName + "'");
        }
        AgentName name = AgentName.parse(gatewayName);
        if (!Domain.of(domain).contains(name)) {
            throw new CommandLine.ParameterException(cmd, "--gateway-name " + name + " lies outside --domain " + domain);
        }
        return name;
    }
}
