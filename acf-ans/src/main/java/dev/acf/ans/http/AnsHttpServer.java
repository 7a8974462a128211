package dev.acf.ans.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acf.ans.AnsService;
import dev.acf.ans.events.AgentEvents;
import dev.acf.ans.sync.ChangeFeed;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP binding of an ANS (SPEC 3.6) on Jetty: virtual threads per request, bounded
 * header and body sizes, idle timeouts against slow clients, JSON errors everywhere.
 * Started and stopped by {@link dev.acf.ans.AnsServer}; not thread-safe to start twice.
 */
public final class AnsHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AnsHttpServer.class);

    /** Limits of the HTTP listener. */
    public record Limits(int maxBodyBytes, int maxHeaderBytes, Duration idleTimeout) {
        /** Defaults: 1 MiB bodies, 16 KiB headers, 30 s idle. */
        public static Limits defaults() {
            return new Limits(1 << 20, 16 * 1024, Duration.ofSeconds(30));
        }
    }

    private final Server server;
    private final ServerConnector connector;
    private final AnsHandler handler;
    private final AgentEvents events;

    /**
     * Creates the server; call {@link #start()}.
     *
     * @param signer signs answers clients act on, or {@code null} to send them unsigned
     * @param jwks the public signing keys, for {@code /.well-known/ans}
     * @param rotateKey makes a new signing key current and returns its key id
     */
    public AnsHttpServer(AnsService service, @Nullable ResponseSigner signer, Supplier<JsonNode> jwks, Supplier<String> rotateKey,
            InetSocketAddress bind, Limits limits) {
        Objects.requireNonNull(service, "service");
        this.events = service.events();
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("acf-ans-http");
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(limits.maxHeaderBytes());
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // Names travel URL-encoded in the path (ans%3A%2F%2F...): allow encoded slashes, the
        // routes decode each segment themselves.
        http.setUriCompliance(UriCompliance.DEFAULT.with("acf-names", UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR));
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(bind.getHostString());
        connector.setPort(bind.getPort());
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        // On close, idle keep-alive connections go at once; requests in flight still drain.
        connector.setShutdownIdleTimeout(50);
        server.addConnector(connector);
        server.setErrorHandler(new JsonErrorHandler());
        AnsRoutes routes = new AnsRoutes(service, jwks, rotateKey, () -> baseUri().toString());
        handler = new AnsHandler(routes, signer, service, limits.maxBodyBytes());
        server.setHandler(handler);
        server.setStopTimeout(5_000);
    }

    /**
     * Serves {@code GET /v1/sync/changes} and {@code GET /v1/sync/stream} (ANS-SYNC-2) from this
     * feed; without a call those paths answer 404. Call before or after {@link #start()}.
     */
    public AnsHttpServer serveSync(ChangeFeed feed) {
        handler.serveSync(new SyncRoutes(Objects.requireNonNull(feed, "feed"), events));
        return this;
    }

    /** Starts listening. */
    public AnsHttpServer start() {
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the ANS HTTP server on " + connector.getHost() + ":" + connector.getPort(), e);
        }
        return this;
    }

    /** Returns the base URI, {@code http://host:port}. */
    public URI baseUri() {
        String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + connector.getLocalPort());
    }

    /**
     * Stops accepting, lets in-flight requests finish (up to 5 s, after which their connections
     * are closed), and releases the port; idempotent.
     */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (TimeoutException e) {
            // Jetty has gone on to close the connections still busy and to release the port: the
            // server is stopped, as the grace period promises, so this is no failure to stop.
            LOG.warn("requests still running {} ms after the ANS began to stop were cut off", server.getStopTimeout());
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the ANS HTTP server", e);
        }
    }
}
