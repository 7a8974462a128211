package dev.acf.client.host;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.acf.api.a2a.AgentCard;
import dev.acf.api.a2a.AgentCapabilities;
import dev.acf.api.a2a.AgentInterface;
import dev.acf.api.a2a.AgentSkill;
import dev.acf.api.agent.Endpoint;
import dev.acf.api.error.ConfigurationException;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.PermissionDeniedException;
import dev.acf.api.name.AgentName;
import dev.acf.client.AcfClient;
import dev.acf.client.AgentIdentity;
import dev.acf.client.AutoRenewal;
import dev.acf.client.Registration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one agent (CLI-1): its A2A JSON-RPC endpoint (v1.0 methods and their v0.3 aliases,
 * answered in the caller's version; SSE for streams, resumable with {@code Last-Event-ID}) and
 * its Agent Card at {@code /.well-known/agent-card.json}, over TLS with the agent's ANS
 * certificate. Callers must present a certificate of the same ANS CA (the gateway does), unless
 * {@link Builder#clientCertificateRequired} is turned off. When given an {@link AcfClient} the host
 * registers the agent at start (if its identity is not certified yet) with the endpoint it
 * actually serves, and keeps the certificate renewed; the TLS server presents each renewed
 * certificate from the next handshake on.
 *
 * <p>Streams follow the gateway's session contract (GW-SESS-2, CLI-4, {@code sessions.md}): every
 * event carries its number ({@code acf.seq}), handlers checkpoint long tasks
 * ({@link TaskContext#checkpoint(byte[])}), and a gateway named in {@link Builder#trustedGateways}
 * hands a task whose instance died to another host of the same agent, where
 * {@link TaskContext#restored()} returns the last checkpoint.
 *
 * <p>The server is the JDK's {@code com.sun.net.httpserver.HttpsServer} with one virtual thread
 * per exchange: no dependency, blocking handlers, and enough for an agent's traffic, which the
 * gateway in front of it pools. Thread-safe; {@link #close()} ends open streams, stops the
 * server and the renewals, and is idempotent.
 *
 * <pre>{@code
 * AgentIdentity identity = AgentIdentity.generate(AgentName.parse("ans://v1.0.0.echo.ops.example.net"));
 * try (AcfClient ans = AcfClient.builder().ans(URI.create("https://ans.ops.example.net")).build();
 *      AgentHost host = AgentHost.builder()
 *              .identity(identity)
 *              .card(card)
 *              .handler((ctx, message) -> ctx.reply("you said: " + TaskContext.text(message)))
 *              .register(ans, System.getenv("ACF_BOOTSTRAP_TOKEN"))   // registers, then renews
 *              .build()
 *              .start()) {
 *     URI endpoint = host.endpoint();   // https://127.0.0.1:<port>/a2a, as registered in ANS
 *     ...
 * }
 * }</pre>
 */
public final class AgentHost implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentHost.class);
    /** The path of the Agent Card. */
    public static final String CARD_PATH = "/.well-known/agent-card.json";

    private final Builder config;
    private final AgentIdentity identity;
    private final TaskStore store;
    private @Nullable HttpsServer server;
    private @Nullable ExecutorService executor;
    private @Nullable TaskRuns runs;
    private @Nullable AutoRenewal renewal;
    private @Nullable URI endpoint;
    private @Nullable AgentCard card;
    private boolean started;
    private boolean closed;

    private AgentHost(Builder config, AgentIdentity identity) {
        this.config = config;
        this.identity = identity;
        this.store = config.taskStore != null ? config.taskStore : new InMemoryTaskStore();
    }

    /** Returns a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds the port, registers the agent when needed (with the endpoint now known), starts
     * serving and the renewals; returns this.
     *
     * @throws UncheckedIOException when the port cannot be bound
     * @throws IllegalStateException when the identity is not certified and no registration was configured,
     *     or the host was started or closed already
     * @throws PermissionDeniedException when the registration waits for an approval that did not come in time
     */
    public synchronized AgentHost start() {
        if (started || closed) {
            throw new IllegalStateException("agent host already started or closed");
        }
        started = true;
        try {
            HttpsServer https = HttpsServer.create(new InetSocketAddress(config.host, config.port), 0);
            server = https;
            int port = https.getAddress().getPort();
            URI served = config.publicEndpoint != null ? config.publicEndpoint
                    : URI.create("https://" + hostForUri(config.host) + ":" + port + config.path);
            endpoint = served;
            AgentCard withEndpoint = withInterfaces(config.card, served.toString());
            card = withEndpoint;
            if (!identity.isCertified()) {
                register(withEndpoint, served);
            }
            if (config.ans != null) {
                renewal = config.ans.keepRenewed(identity);
            }
            https.setHttpsConfigurator(new Configurator(identity, config.clientCertificateRequired));
            ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("acf-host-", 0).factory());
            executor = threads;
            https.setExecutor(threads);
            TaskRuns taskRuns = new TaskRuns(config.handler, store, config.maxEventsPerTask, config.maxTasksFollowed);
            runs = taskRuns;
            JsonRpcEndpoint rpc = new JsonRpcEndpoint(taskRuns, store, config.maxBodyBytes, config.keepAlive.toMillis(), this::peer);
            CardDocument cardDocument = new CardDocument(withEndpoint);
            https.createContext("/", exchange -> route(exchange, rpc, cardDocument));
            https.start();
            LOG.info("agent {} serving at {}", identity.name(), served);
            return this;
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot bind the agent endpoint at " + config.host + ":" + config.port, e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void register(AgentCard withEndpoint, URI served) {
        AcfClient ans = config.ans;
        if (ans == null || config.bootstrapToken == null) {
            throw new IllegalStateException("agent " + identity.name() + " has no certificate: give the host an ANS client and "
                    + "a bootstrap token (builder.register(ans, token)), or register the identity first");
        }
        Registration registration = ans.register(identity, withEndpoint, List.of(new Endpoint(served, Endpoint.JSONRPC)),
                config.bootstrapToken);
        if (registration instanceof Registration.Pending pending) {
            LOG.info("registration of {} waits for approval (request {})", identity.name(), pending.requestId());
            ans.awaitApproval(identity, config.approvalTimeout).orElseThrow(() -> new PermissionDeniedException(ErrorCode.PERMISSION_DENIED,
                    "the registration of " + identity.name() + " was not approved within " + config.approvalTimeout));
        }
    }

    private void route(HttpExchange exchange, JsonRpcEndpoint rpc, CardDocument cardDocument) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.equals(config.path)) {
            rpc.handle(exchange);
        } else if (path.equals(CARD_PATH)) {
            cardDocument.handle(exchange);
        } else {
            try (exchange) {
                exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    /** The peer: a trusted gateway (naming the caller in {@code ACF-Caller}) or the caller itself, by its client certificate. */
    private Peer peer(HttpExchange exchange) {
        if (!(exchange instanceof HttpsExchange https)) {
            return Peer.ANONYMOUS;
        }
        AgentName peer;
        try {
            Certificate[] chain = https.getSSLSession().getPeerCertificates();
            peer = chain.length > 0 && chain[0] instanceof X509Certificate leaf ? nameIn(leaf) : null;
        } catch (SSLPeerUnverifiedException e) {
            return Peer.ANONYMOUS;
        }
        boolean gateway = peer != null && config.trustedGateways.stream().anyMatch(g -> g.fqdn().equals(peer.fqdn()));
        String forwarded = exchange.getRequestHeaders().getFirst("ACF-Caller");
        AgentName caller = gateway && forwarded != null && AgentName.isValid(forwarded) ? AgentName.parse(forwarded) : peer;
        return new Peer(caller, peer, gateway);
    }

    private static @Nullable AgentName nameIn(X509Certificate certificate) {
        try {
            var sans = certificate.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (Integer.valueOf(6).equals(san.get(0)) && san.get(1) instanceof String uri && AgentName.isValid(uri)) {
                        return AgentName.parse(uri);
                    }
                }
            }
        } catch (java.security.cert.CertificateParsingException e) {
            LOG.debug("unreadable client certificate names: {}", e.toString());
        }
        return null;
    }

    /** The card as served and registered: the configured one, its interfaces replaced by this endpoint in both versions. */
    private static AgentCard withInterfaces(AgentCard card, String url) {
        List<AgentInterface> interfaces = new ArrayList<>();
        interfaces.add(new AgentInterface(url, AgentInterface.JSONRPC, null, "1.0"));
        interfaces.add(new AgentInterface(url, AgentInterface.JSONRPC, null, "0.3"));
        return new AgentCard(card.name(), card.description(), interfaces, card.provider(), card.version(), card.documentationUrl(),
                card.capabilities(), card.securitySchemes(), card.securityRequirements(), card.defaultInputModes(),
                card.defaultOutputModes(), card.skills(), card.signatures(), card.iconUrl());
    }

    private static String hostForUri(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** Returns the URL of the JSON-RPC endpoint, as registered in ANS and named in the card. */
    public synchronized URI endpoint() {
        if (endpoint == null) {
            throw new IllegalStateException("agent host not started");
        }
        return endpoint;
    }

    /** Returns the bound address. */
    public synchronized InetSocketAddress address() {
        if (server == null) {
            throw new IllegalStateException("agent host not started");
        }
        return server.getAddress();
    }

    /** Returns the card as served: the configured card with this endpoint as its interfaces. */
    public synchronized AgentCard card() {
        if (card == null) {
            throw new IllegalStateException("agent host not started");
        }
        return card;
    }

    /** Returns the agent's identity. */
    public AgentIdentity identity() {
        return identity;
    }

    /** Returns the task store. */
    public TaskStore taskStore() {
        return store;
    }

    /** Ends open streams, interrupts running handlers, stops serving and renewing. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (renewal != null) {
            renewal.close();
        }
        if (runs != null) {
            runs.close();
        }
        if (server != null) {
            server.stop(0);
        }
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "AgentHost[" + identity.name() + (endpoint == null ? "" : " at " + endpoint) + "]";
    }

    /** TLS for every connection: the identity's current certificate; client certificates of the ANS CA. */
    private static final class Configurator extends HttpsConfigurator {
        private final boolean required;

        Configurator(AgentIdentity identity, boolean required) {
            super(identity.sslContext());
            this.required = required;
        }

        @Override
        public void configure(HttpsParameters params) {
            SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
            parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            if (required) {
                parameters.setNeedClientAuth(true);
            } else {
                parameters.setWantClientAuth(true);
            }
            params.setSSLParameters(parameters);
        }
    }

    /**
     * Configures an {@link AgentHost}; not thread-safe. Required: {@link #identity},
     * {@link #card}, {@link #handler}.
     */
    public static final class Builder {
        private @Nullable AgentIdentity identity;
        private @Nullable AgentCard card;
        private @Nullable AgentHandler handler;
        private @Nullable TaskStore taskStore;
        private @Nullable AcfClient ans;
        private @Nullable String bootstrapToken;
        private @Nullable URI publicEndpoint;
        private String host = "127.0.0.1";
        private int port;
        private String path = "/a2a";
        private boolean clientCertificateRequired = true;
        private Set<AgentName> trustedGateways = Set.of();
        private Duration approvalTimeout = Duration.ofMinutes(5);
        private Duration keepAlive = Duration.ofSeconds(15);
        private int maxBodyBytes = 4 * 1024 * 1024;
        private int maxEventsPerTask = 10_000;
        private int maxTasksFollowed = 1_000;

        private Builder() {}

        /** Sets the agent's identity (required): certified already, or registered at start by {@link #register}. */
        public Builder identity(AgentIdentity value) {
            this.identity = Objects.requireNonNull(value, "identity");
            return this;
        }

        /** Sets the Agent Card (required); its interfaces are replaced by the endpoint served. */
        public Builder card(AgentCard value) {
            this.card = Objects.requireNonNull(value, "card");
            return this;
        }

        /**
         * Sets a card from a description and skills: named and versioned after the identity, text
         * in and out, streaming. Call after {@link #identity}.
         */
        public Builder card(String description, AgentSkill... skills) {
            if (identity == null) {
                throw new IllegalStateException("set the identity before card(description, skills)");
            }
            AgentName name = identity.name();
            this.card = AgentCard.builder(name.agentLabel(), description, String.valueOf(name.version()))
                    .supportedInterfaces(List.of(new AgentInterface("https://" + name.fqdn() + path, AgentInterface.JSONRPC, null, "1.0")))
                    .capabilities(new AgentCapabilities(true, false, List.of(), false))
                    .defaultInputModes(List.of("text/plain"))
                    .defaultOutputModes(List.of("text/plain"))
                    .skills(List.of(skills))
                    .build();
            return this;
        }

        /** Sets the agent's logic (required). */
        public Builder handler(AgentHandler value) {
            this.handler = Objects.requireNonNull(value, "handler");
            return this;
        }

        /** Replaces the in-memory task store. */
        public Builder taskStore(TaskStore value) {
            this.taskStore = Objects.requireNonNull(value, "taskStore");
            return this;
        }

        /**
         * Registers the agent with this ANS at start when its identity has no certificate yet,
         * using the bootstrap token, and keeps the certificate renewed until the host closes.
         */
        public Builder register(AcfClient value, String token) {
            this.ans = Objects.requireNonNull(value, "ans");
            this.bootstrapToken = Objects.requireNonNull(token, "token");
            return this;
        }

        /** Keeps the (already certified) identity renewed through this ANS client until the host closes. */
        public Builder renewWith(AcfClient value) {
            this.ans = Objects.requireNonNull(value, "ans");
            return this;
        }

        /** Sets how long a registration that needs approval is waited for (default 5 min). */
        public Builder approvalTimeout(Duration value) {
            this.approvalTimeout = Objects.requireNonNull(value, "approvalTimeout");
            return this;
        }

        /** Sets the address to bind (default {@code 127.0.0.1}). */
        public Builder host(String value) {
            this.host = Objects.requireNonNull(value, "host");
            return this;
        }

        /** Sets the port (default 0: any free port). */
        public Builder port(int value) {
            if (value < 0 || value > 65_535) {
                throw new IllegalArgumentException("port must be 0-65535, was " + value);
            }
            this.port = value;
            return this;
        }

        /** Sets the path of the JSON-RPC endpoint (default {@code /a2a}). */
        public Builder path(String value) {
            Objects.requireNonNull(value, "path");
            if (!value.startsWith("/") || value.equals(CARD_PATH)) {
                throw new IllegalArgumentException("the endpoint path must start with / and not be the card's, was '" + value + "'");
            }
            this.path = value;
            return this;
        }

        /** Sets the URL to register and name in the card, when callers reach the agent by another address (NAT, proxy). */
        public Builder publicEndpoint(URI value) {
            this.publicEndpoint = Objects.requireNonNull(value, "publicEndpoint");
            return this;
        }

        /** Sets whether callers must present a client certificate of the ANS CA (default true); else it is only asked for. */
        public Builder clientCertificateRequired(boolean value) {
            this.clientCertificateRequired = value;
            return this;
        }

        /**
         * Names the gateways whose {@code ACF-Caller} header names the caller in
         * {@link TaskContext#caller()}, and which may hand over a task whose instance died
         * ({@code acf.restore}, {@link TaskContext#restored()}); from any other peer both are
         * ignored (a hand-over with a warning in the log). A gateway is recognised by the host
         * name of its client certificate, whatever the version.
         */
        public Builder trustedGateways(AgentName... names) {
            this.trustedGateways = Set.of(names);
            return this;
        }

        /** Sets how often a quiet stream gets a keep-alive comment (default 15 s). */
        public Builder keepAliveInterval(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("keep-alive interval must be positive, was " + value);
            }
            this.keepAlive = value;
            return this;
        }

        /** Sets the largest request body (default 4 MiB). */
        public Builder maxBodyBytes(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("max body bytes must be positive, was " + value);
            }
            this.maxBodyBytes = value;
            return this;
        }

        /** Sets how many events of one task are kept for resumption (default 10,000). */
        public Builder maxEventsPerTask(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("max events per task must be positive, was " + value);
            }
            this.maxEventsPerTask = value;
            return this;
        }

        /**
         * Builds the host; nothing is bound until {@link AgentHost#start()}.
         *
         * @throws ConfigurationException when the identity, card or handler is missing
         */
        public AgentHost build() {
            List<String> missing = new ArrayList<>();
            if (identity == null) {
                missing.add("identity");
            }
            if (card == null) {
                missing.add("card");
            }
            if (handler == null) {
                missing.add("handler");
            }
            if (!missing.isEmpty() || identity == null) {
                throw new ConfigurationException("an agent host needs " + missing.stream().collect(Collectors.joining(", ")));
            }
            return new AgentHost(this, identity);
        }
    }
}
