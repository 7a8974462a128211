package dev.acf.cli;

import dev.acf.api.name.AgentName;
import dev.acf.client.AcfClient;
import dev.acf.client.AgentIdentity;
import dev.acf.gateway.GatewayServer;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code acf gateway}: runs an AI Gateway in front of the agents of one ANS until SIGTERM or
 * Ctrl-C, printing its addresses once it listens. With {@code --tls-dir} it serves TLS 1.3 (h2 or HTTP/1.1 by ALPN) on
 * {@code --port} with the identity saved there by {@code AgentIdentity.save} (key.pem,
 * cert.pem, ca.pem), asks callers for a client certificate from the same CA, and presents
 * that identity to https agents.
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

    @Option(names = "--tls-dir", description = "the gateway's identity directory (key.pem, cert.pem, ca.pem), as AgentIdentity.save writes it")
    Path tlsDir;

    @Option(names = "--plaintext-port", description = "also (or only) serve plain HTTP on this port, 0 for any")
    Integer plaintextPort;

    @Option(names = "--expose", paramLabel = "NAME", description = "an ANS name to list in the catalogue; once any is given, only those are routed (repeatable)")
    List<String> expose = List.of();

    @Option(names = "--public-url", description = "the address callers use (behind a load balancer), for rewritten agent cards")
    URI publicUrl;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException, SSLException {
        if (tlsDir == null && plaintextPort == null) {
            throw new IllegalArgumentException("give --tls-dir (TLS on --port) or --plaintext-port, or both");
        }
        AcfClient lookup = AcfClient.builder().ans(ans).build();
        GatewayServer.Builder builder = GatewayServer.builder().lookup(lookup).host(host);
        expose.forEach(name -> builder.expose(AgentName.parse(name)));
        if (publicUrl != null) {
            builder.publicBaseUri(publicUrl);
        }
        if (plaintextPort != null) {
            builder.port(plaintextPort);
        }
        if (tlsDir != null) {
            AgentIdentity identity;
            try {
                identity = AgentIdentity.load(tlsDir);
            } catch (java.io.UncheckedIOException e) {
                throw new IllegalArgumentException("no gateway identity in " + tlsDir
                        + " (expected key.pem, cert.pem and ca.pem as AgentIdentity.save writes them): " + e.getMessage(), e);
            }
            builder.tls(listenerContext(identity)).tlsPort(port).upstreamTls(upstreamContext(identity));
        }
        GatewayServer gateway = builder.build().start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            lookup.close();
            stopped.countDown();
        }, "acf-gateway-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        gateway.tlsAddress().ifPresent(a -> out.println("Gateway listening at https://" + a.getHostString() + ":" + a.getPort()));
        gateway.plaintextAddress().ifPresent(a -> out.println("Gateway listening at http://" + a.getHostString() + ":" + a.getPort()));
        out.println("Resolving agents through " + ans);
        out.flush();
        stopped.await();
        return 0;
    }

    // A static snapshot of the identity: renewals need a restart until the gateway's own TLS assembly follows them.
    private static SslContext listenerContext(AgentIdentity identity) throws SSLException {
        return SslContextBuilder.forServer(identity.privateKey(), identity.chain())
                .trustManager(identity.caChain())
                .clientAuth(ClientAuth.OPTIONAL)
                .protocols("TLSv1.3")
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
                .build();
    }

    private static SslContext upstreamContext(AgentIdentity identity) throws SSLException {
        // ANS certificates name the agent in a SAN URI, not its host: the chain is verified here,
        // the name check against the called agent is the gateway TLS layer's job.
        return SslContextBuilder.forClient()
                .keyManager(identity.privateKey(), identity.chain())
                .trustManager(identity.caChain())
                .endpointIdentificationAlgorithm(null)
                .build();
    }
}
