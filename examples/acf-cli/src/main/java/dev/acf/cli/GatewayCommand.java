package dev.acf.cli;

import dev.acf.api.name.AgentName;
import dev.acf.client.AcfClient;
import dev.acf.client.AgentIdentity;
import dev.acf.client.AutoRenewal;
import dev.acf.gateway.GatewayServer;
import dev.acf.gateway.filter.BearerTokens;
import dev.acf.gateway.proxy.UpstreamProtocols;
import dev.acf.gateway.tls.GatewayTls;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code acf gateway}: runs an AI Gateway in front of the agents of one ANS until SIGTERM or
 * Ctrl-C, printing its addresses once it listens. With {@code --tls-dir} the gateway is an ANS
 * agent with the identity saved there by {@code AgentIdentity.save} (key.pem, cert.pem,
 * ca.pem): it serves TLS 1.3 (h2 or HTTP/1.1 by ALPN) on {@code --port}, accepts client
 * certificates of the same CA only (callers without one may read the catalogue and cards),
 * calls https agents over mTLS checking their ANS names, refuses revoked certificates within a
 * second (ANS events, CRL fallback), and keeps the identity renewed in that directory. Every
 * call is audited as a JSON line in {@code --audit-dir}. Callers without a certificate may
 * authenticate with a bearer JWT ({@code --jwt-jwks} or {@code --jwt-public-key}, with
 * {@code --jwt-issuer} and {@code --jwt-audience}); {@code --metrics-port} serves
 * {@code GET /metrics} for Prometheus; {@code --upstream-h2c} calls plaintext agents over
 * HTTP/2 by prior knowledge (over TLS, h2 is chosen by ALPN unless {@code --no-upstream-h2}).
 */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = "Run an AI Gateway: agents are called at /agents/{url-encoded ANS name}, listed at /v1/catalog.")
final class GatewayCommand implements Callable<Integer> {
    @Option(names = "--ans", required = true, description = "the base URL of the ANS that resolves agent names, e.g. http://127.0.0.1:8400")
    URI ans = URI.create("http://127.0.0.1:8400");

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "the listen address (default: ${DEFAULT-VALUE})")
    String host = "127.0.0.1";

    @Option(names = "--port", defaultValue = "8443", description = "the TLS port, 0 for any (default: ${DEFAULT-VALUE})")
    int port = 8443;

    @Option(names = "--tls-dir", description = "the gateway's ANS identity (key.pem, cert.pem, ca.pem, as AgentIdentity.save writes them); renewals are saved there")
    Path tlsDir;

    @Option(names = "--require-client-cert", description = "refuse TLS handshakes without a client certificate (default: such callers may read the catalogue and cards only)")
    boolean requireClientCert;

    @Option(names = "--plaintext-port", description = "also (or only) serve plain HTTP on this port, 0 for any")
    Integer plaintextPort;

    @Option(names = "--audit-dir", description = "where audit.jsonl is written, one JSON event per call (default: gateway-audit next to --tls-dir, else ./gateway-audit)")
    Path auditDir;

    @Option(names = "--expose", paramLabel = "NAME", description = "an ANS name to list in the catalogue; once any is given, only those are routed (repeatable)")
    List<String> expose = List.of();

    @Option(names = "--public-url", description = "the address callers use (behind a load balancer), for rewritten agent cards")
    URI publicUrl;

    @Option(names = "--jwt-jwks", paramLabel = "FILE|URL", description = "verify bearer JWTs of callers without a certificate with this JWKS (a file, or an http(s) URL fetched and cached)")
    String jwtJwks;

    @Option(names = "--jwt-public-key", paramLabel = "PEM", description = "verify bearer JWTs with this RSA or EC public key (-----BEGIN PUBLIC KEY-----) instead of a JWKS")
    Path jwtPublicKey;

    @Option(names = "--jwt-issuer", description = "the exact iss bearer JWTs must carry (required with --jwt-jwks or --jwt-public-key)")
    String jwtIssuer;

    @Option(names = "--jwt-audience", description = "the aud bearer JWTs must carry: this gateway's name at the issuer (required with --jwt-jwks or --jwt-public-key)")
    String jwtAudience;

    @Option(names = "--metrics-port", description = "serve GET /metrics (Prometheus text format) on this admin port of --host, 0 for any")
    Integer metricsPort;

    @Option(names = "--metrics-on-plaintext-port", description = "also serve GET /metrics on --plaintext-port (not audited)")
    boolean metricsOnPlaintextPort;

    @Option(names = "--upstream-h2c", description = "call plaintext (http) agents over HTTP/2 by prior knowledge")
    boolean upstreamH2c;

    @Option(names = "--no-upstream-h2", description = "do not offer h2 by ALPN to https agents (HTTP/1.1 only)")
    boolean noUpstreamH2;

    @Option(names = "--bare", description = "run no built-in filter (no JSON-RPC validation, tracing, metrics or audit): to measure the bare proxy; not with --tls-dir or bearer JWTs")
    boolean bare;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (tlsDir == null && plaintextPort == null) {
            throw new IllegalArgumentException("give --tls-dir (TLS on --port) or --plaintext-port, or both");
        }
        Path audit = auditDir != null ? auditDir
                : tlsDir != null ? tlsDir.toAbsolutePath().resolveSibling("gateway-audit") : Path.of("gateway-audit");
        AgentIdentity identity = tlsDir == null ? null : loadIdentity(tlsDir);
        AcfClient lookup = AcfClient.builder().ans(ans).build();
        GatewayServer gateway;
        AutoRenewal renewal = null;
        try {
            GatewayServer.Builder builder = GatewayServer.builder().lookup(lookup).host(host);
            if (bare) {
                builder.builtIns(false);
            } else {
                builder.auditDirectory(audit);
            }
            expose.forEach(name -> builder.expose(AgentName.parse(name)));
            if (publicUrl != null) {
                builder.publicBaseUri(publicUrl);
            }
            if (plaintextPort != null) {
                builder.port(plaintextPort);
            }
            BearerTokens tokens = bearerTokens();
            if (tokens != null) {
                builder.bearerTokens(tokens);
            }
            if (metricsPort != null) {
                builder.metricsPort(metricsPort);
            }
            builder.metricsOnPlaintextPort(metricsOnPlaintextPort)
                    .upstreamProtocols(new UpstreamProtocols(!noUpstreamH2, upstreamH2c));
            if (identity != null) {
                builder.identity(identity).tlsPort(port)
                        .clientAuth(requireClientCert ? GatewayTls.ClientAuth.REQUIRE : GatewayTls.ClientAuth.OPTIONAL);
                // The listener reads the identity at every handshake: a renewal saved here needs no restart.
                renewal = lookup.keepRenewed(identity);
            }
            gateway = builder.build().start();
        } catch (RuntimeException e) {
            if (renewal != null) {
                renewal.close();
            }
            lookup.close();
            throw e;
        }
        AutoRenewal renewing = renewal;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            if (renewing != null) {
                renewing.close();
            }
            lookup.close();
            stopped.countDown();
        }, "acf-gateway-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        gateway.tlsAddress().ifPresent(a -> out.println("Gateway listening at https://" + a.getHostString() + ":" + a.getPort()));
        gateway.plaintextAddress().ifPresent(a -> out.println("Gateway listening at http://" + a.getHostString() + ":" + a.getPort()));
        gateway.metricsAddress().ifPresent(a -> out.println("Metrics at http://" + a.getHostString() + ":" + a.getPort() + "/metrics"));
        if (identity != null) {
            out.println("Identity " + identity.name() + ", renewed in " + tlsDir);
        }
        out.println("Resolving agents through " + ans);
        out.println(bare ? "No built-in filters (--bare): nothing is audited" : "Audit events in " + audit.resolve("audit.jsonl"));
        out.flush();
        stopped.await();
        return 0;
    }

    /** Returns the bearer JWT rules of the options, or null when none are given. */
    BearerTokens bearerTokens() {
        if (jwtJwks == null && jwtPublicKey == null) {
            if (jwtIssuer != null || jwtAudience != null) {
                throw new IllegalArgumentException("--jwt-issuer and --jwt-audience need --jwt-jwks or --jwt-public-key");
            }
            return null;
        }
        if (jwtJwks != null && jwtPublicKey != null) {
            throw new IllegalArgumentException("give --jwt-jwks or --jwt-public-key, not both");
        }
        if (jwtIssuer == null || jwtAudience == null) {
            throw new IllegalArgumentException("bearer JWTs need --jwt-issuer and --jwt-audience");
        }
        BearerTokens.Builder b = BearerTokens.builder().issuer(jwtIssuer).audience(jwtAudience);
        if (jwtPublicKey != null) {
            b.publicKey(jwtPublicKey);
        } else if (jwtJwks.startsWith("http://") || jwtJwks.startsWith("https://")) {
            b.jwks(URI.create(jwtJwks));
        } else {
            b.jwks(Path.of(jwtJwks));
        }
        return b.build();
    }

    private static AgentIdentity loadIdentity(Path dir) {
        try {
            return AgentIdentity.load(dir);
        } catch (java.io.UncheckedIOException e) {
            throw new IllegalArgumentException("no gateway identity in " + dir
                    + " (expected key.pem, cert.pem and ca.pem as AgentIdentity.save writes them): " + e.getMessage(), e);
        }
    }
}
