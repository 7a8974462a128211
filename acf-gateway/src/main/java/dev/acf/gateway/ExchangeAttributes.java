package dev.acf.gateway;

/**
 * The keys under which the gateway puts values into {@link dev.acf.api.gateway.Exchange#attributes()}
 * before the filter chain runs, for filters that need them (authentication, audit, routing).
 * Values are set once per request by the gateway core; filters read them with
 * {@code exchange.attribute(KEY, Type.class)}.
 *
 * <pre>{@code
 * Optional<AgentName> target = exchange.attribute(ExchangeAttributes.TARGET, AgentName.class);
 * }</pre>
 */
public final class ExchangeAttributes {
    /** The TLS peer's certificate chain, leaf first, as {@code java.security.cert.X509Certificate[]}; absent without a client certificate. */
    public static final String PEER_CERTIFICATES = "acf.peerCertificates";
    /**
     * The addressed agent as {@link dev.acf.api.name.AgentName}: resolved through ANS (versioned) when
     * the caller presented a certificate or the gateway does not authenticate, else as named in the
     * path (possibly without version).
     */
    public static final String TARGET = "acf.target";
    /** The A2A / JSON-RPC method of the request body as {@link String}, when the body is JSON-RPC. */
    public static final String A2A_METHOD = "acf.a2aMethod";
    /** The A2A task id the request refers to, as {@link String}, when present. */
    public static final String TASK_ID = "acf.taskId";
    /** The A2A context id the request refers to, as {@link String}, when present. */
    public static final String CONTEXT_ID = "acf.contextId";
    /**
     * The skill the call names in its A2A metadata ({@code skillId} or {@code skill} of
     * {@code params.metadata} or {@code params.message.metadata}), as {@link String}, when it names one.
     */
    public static final String SKILL = "acf.skill";
    /** {@link System#nanoTime()} when the gateway received the request's head, as {@link Long}. */
    public static final String START_NANOS = "acf.startNanos";
    /**
     * The gateway that forwarded the request and vouched for the caller, as {@link String} (its
     * subject); set by {@link dev.acf.gateway.hierarchy.HopFilter} when the caller is the original one it named.
     */
    public static final String FORWARDED_BY = "acf.forwardedBy";
    /**
     * The gateways the request passed before this one, first first, as {@link String} (the
     * {@code acf-via} value); set by {@link dev.acf.gateway.hierarchy.HopFilter} on forwarded requests.
     */
    public static final String VIA = "acf.via";
    /**
     * The next gateway a request is forwarded to, as {@link String} (its ANS name, else its base
     * URI); set by {@link dev.acf.gateway.hierarchy.HopFilter} on requests it forwards.
     */
    public static final String NEXT_HOP = "acf.nextHop";

    private ExchangeAttributes() {}
}
