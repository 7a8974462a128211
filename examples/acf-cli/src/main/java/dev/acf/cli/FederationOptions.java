package dev.acf.cli;

import dev.acf.ans.sync.DnsjavaLookup;
import dev.acf.ans.sync.ExportPolicy;
import dev.acf.ans.sync.Federation;
import dev.acf.ans.sync.Peer;
import dev.acf.api.error.AcfException;
import dev.acf.api.name.Domain;
import dev.acf.api.security.ClassificationLevel;
import dev.acf.api.sync.DnsLookup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * The federation options of {@code acf ans} (ANS-SYNC-1, ANS-SYNC-2): one group of options per
 * peer domain, each starting with {@code --peer DOMAIN[=ANS-URL]} and followed by what this ANS
 * exchanges with that peer, plus the settings shared by all peers.
 *
 * <pre>
 * --peer a.example.net=https://ans.a.example.net:8443 --pin 3f0c... --import-token-env FEED_TOKEN_A \
 * --peer c.example.net --export-token-file /etc/acf/c.token --export-tags partner --export-max-class public
 * </pre>
 *
 * Tokens come from environment variables or files only, so they never show in a process list.
 * {@link #federation} checks every value before the ANS starts; a bad one is a usage error (exit
 * 2) naming its option.
 */
final class FederationOptions {
    /** One peer domain: a group that starts at {@code --peer} and holds the options after it. */
    static final class PeerOptions {
        @Option(names = "--peer", required = true, paramLabel = "DOMAIN[=ANS-URL]",
                description = "a peer domain; the options after it, up to the next --peer, configure it. ANS-URL is the peer ANS's"
                        + " base URL (default: its DNS SRV record, _ans._tcp.DOMAIN)")
        String peer;

        @Option(names = "--pin", paramLabel = "FINGERPRINT",
                description = "pin the peer's signing key by the SHA-256 of its SubjectPublicKeyInfo, hex (the fp= of its --print-dns);"
                        + " needs DOMAIN=ANS-URL (default: the key its DNS TXT record pins) (repeatable, for a key rotation)")
        List<String> pins; // collections of a repeating group start null: picocli would share an initial list between groups

        @Option(names = "--import-token-env", paramLabel = "VAR", description = "import the peer's agents, presenting the token in this environment variable to its feed")
        String importTokenEnv;

        @Option(names = "--import-token-file", paramLabel = "FILE", description = "import the peer's agents, presenting the token in this file to its feed")
        Path importTokenFile;

        @Option(names = "--export-token-env", paramLabel = "VAR", description = "export agents to the peer, which presents the token in this environment variable")
        String exportTokenEnv;

        @Option(names = "--export-token-file", paramLabel = "FILE", description = "export agents to the peer, which presents the token in this file")
        Path exportTokenFile;

        @Option(names = "--export-names", split = ",", paramLabel = "GLOB",
                description = "export only agents whose host name or domain matches one of these globs, e.g. '*.partners.b.example.net' (default: all)")
        List<String> exportNames;

        @Option(names = "--export-tags", split = ",", paramLabel = "TAG", description = "export only agents with one of these skill tags (default: any)")
        List<String> exportTags;

        @Option(names = "--export-max-class", paramLabel = "LEVEL",
                description = "the most sensitive classification exported: public, internal, confidential or secret (default: internal)")
        ClassificationLevel exportMaxClass;

        List<String> pins() {
            return pins == null ? List.of() : pins;
        }

        List<String> exportNames() {
            return exportNames == null ? List.of() : exportNames;
        }

        List<String> exportTags() {
            return exportTags == null ? List.of() : exportTags;
        }
    }

    @ArgGroup(exclusive = false, multiplicity = "0..*", heading = "%nPeer domains (ANS-SYNC-1, ANS-SYNC-2), one group per --peer:%n")
    List<PeerOptions> peers = new ArrayList<>();

    @Option(names = "--dns-server", paramLabel = "HOST:PORT", converter = OptionConverters.DnsServer.class,
            description = "discover peers through this DNS server (default: the system's resolver)")
    InetSocketAddress dnsServer;

    @Option(names = "--poll-interval", paramLabel = "DURATION", converter = OptionConverters.PositiveDuration.class,
            description = "read each imported peer's feed this often when no change notification came, e.g. 30s (default), 5m")
    Duration pollInterval;

    @Option(names = "--include-peers", description = "semantic resolution includes peers' agents unless a request says \"includePeers\": false")
    boolean includePeers;

    /**
     * Returns the federation these options describe, or null when no peer is given.
     *
     * @param env reads an environment variable (null when unset)
     * @throws CommandLine.ParameterException naming the option when a value is bad
     */
    Federation federation(CommandLine cmd, Function<String, String> env) {
        if (peers.isEmpty()) {
            if (dnsServer != null || pollInterval != null || includePeers) {
                throw new CommandLine.ParameterException(cmd, "--dns-server, --poll-interval and --include-peers need a --peer");
            }
            return null;
        }
        Federation.Builder federation = Federation.builder();
        Map<Domain, Map.Entry<URI, List<String>>> pinned = new LinkedHashMap<>();
        Set<Domain> seen = new HashSet<>();
        for (PeerOptions options : peers) {
            String head = options.peer.trim();
            int eq = head.indexOf('=');
            Domain domain = domain(cmd, head, eq < 0 ? head : head.substring(0, eq).trim());
            if (!seen.add(domain)) {
                throw new CommandLine.ParameterException(cmd, "--peer " + domain + " is given twice: give all of a peer's settings after one --peer");
            }
            URI ans = eq < 0 ? null : ansUrl(cmd, head, head.substring(eq + 1).trim());
            String importToken = token(cmd, env, domain, "import", options.importTokenEnv, options.importTokenFile);
            String exportToken = token(cmd, env, domain, "export", options.exportTokenEnv, options.exportTokenFile);
            if (exportToken == null && (!options.exportNames().isEmpty() || !options.exportTags().isEmpty() || options.exportMaxClass != null)) {
                throw new CommandLine.ParameterException(cmd, "--export-names, --export-tags and --export-max-class of --peer " + domain
                        + " need --export-token-env or --export-token-file");
            }
            List<String> pins = pins(cmd, domain, ans, options.pins());
            if (importToken == null && exportToken == null && pins.isEmpty()) {
                throw new CommandLine.ParameterException(cmd, "--peer " + domain + " neither imports (--import-token-env or --import-token-file),"
                        + " exports (--export-token-env or --export-token-file) nor pins a key (--pin)");
            }
            if (!pins.isEmpty()) {
                pinned.put(domain, Map.entry(ans, pins)); // a peer with pins only is a trusted origin of relayed changes
            }
            if (importToken != null || exportToken != null) {
                Peer.Builder peer = Peer.builder(domain.name());
                if (ans != null) {
                    peer.ans(ans);
                }
                if (importToken != null) {
                    peer.importWith(importToken);
                }
                if (exportToken != null) {
                    ExportPolicy.Builder policy = ExportPolicy.builder()
                            .names(options.exportNames().toArray(String[]::new)).tags(options.exportTags().toArray(String[]::new));
                    if (options.exportMaxClass != null) {
                        policy.maxClassification(options.exportMaxClass);
                    }
                    peer.exportTo(exportToken, policy.build());
                }
                federation.peer(peer.build());
            }
        }
        InetSocketAddress server = dnsServer;
        Supplier<DnsLookup> dns = () -> server != null ? DnsjavaLookup.of(server) : DnsjavaLookup.system();
        if (!pinned.isEmpty()) {
            federation.dns(new PinnedPeerDns(pinned, dns));
        } else if (server != null) {
            federation.dns(dns.get());
        }
        if (pollInterval != null) {
            federation.pollInterval(pollInterval);
        }
        try {
            return federation.includePeersByDefault(includePeers).build();
        } catch (AcfException e) {
            throw new CommandLine.ParameterException(cmd, "--peer: " + e.getMessage());
        }
    }

    private static Domain domain(CommandLine cmd, String option, String text) {
        try {
            return Domain.of(text);
        } catch (AcfException | IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, "--peer " + option + ": '" + text + "' is no domain name: " + e.getMessage());
        }
    }

    private static URI ansUrl(CommandLine cmd, String option, String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw new CommandLine.ParameterException(cmd, "--peer " + option + ": the peer's ANS URL must be an absolute http(s) URL,"
                + " e.g. a.example.net=https://ans.a.example.net:8443, was '" + text + "'");
    }

    private static List<String> pins(CommandLine cmd, Domain domain, URI ans, List<String> given) {
        List<String> pins = new ArrayList<>();
        for (String pin : given) {
            String fp = pin.replace(":", "").trim().toLowerCase(Locale.ROOT);
            if (!fp.matches("[0-9a-f]{64}")) {
                throw new CommandLine.ParameterException(cmd, "--pin of --peer " + domain
                        + " must be a SHA-256 fingerprint, 64 hex digits (the fp= that --print-dns prints), was '" + pin + "'");
            }
            pins.add(fp);
        }
        if (!pins.isEmpty() && ans == null) {
            throw new CommandLine.ParameterException(cmd, "--pin needs the peer's ANS URL: --peer " + domain + "=https://ans." + domain
                    + ":8443 (without a pin, the URL and key come from DNS)");
        }
        return pins;
    }

    /** Reads a token from its environment variable or file; null when neither option is given. */
    private static String token(CommandLine cmd, Function<String, String> env, Domain domain, String direction, String var, Path file) {
        String envOption = "--" + direction + "-token-env";
        String fileOption = "--" + direction + "-token-file";
        if (var != null && file != null) {
            throw new CommandLine.ParameterException(cmd, "give " + envOption + " or " + fileOption + " for --peer " + domain + ", not both");
        }
        String token;
        String source;
        if (var != null) {
            token = env.apply(var);
            source = envOption + " " + var;
            if (token == null || token.isBlank()) {
                throw new CommandLine.ParameterException(cmd, source + " (--peer " + domain + "): the environment variable is not set");
            }
        } else if (file != null) {
            source = fileOption + " " + file;
            try {
                token = Files.readString(file).strip();
            } catch (java.nio.file.NoSuchFileException e) {
                throw new CommandLine.ParameterException(cmd, source + " (--peer " + domain + "): no such file");
            } catch (IOException | RuntimeException e) {
                throw new CommandLine.ParameterException(cmd, source + " (--peer " + domain + "): cannot read it: " + e.getMessage());
            }
        } else {
            return null;
        }
        token = token.strip();
        if (token.length() < 16) {
            throw new CommandLine.ParameterException(cmd, source + " (--peer " + domain + "): a token needs at least 16 characters, got "
                    + token.length());
        }
        return token;
    }
}
