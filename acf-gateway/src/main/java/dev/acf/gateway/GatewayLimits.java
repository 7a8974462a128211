package dev.acf.gateway;

import java.time.Duration;
import java.util.Objects;

/**
 * Every bound the gateway enforces (REL-5), with edge-proxy defaults in the spirit of Envoy's
 * edge recommendations. Immutable; build a variant with {@link #builder()} or
 * {@link #toBuilder()}.
 *
 * <pre>{@code
 * GatewayLimits limits = GatewayLimits.defaults().toBuilder().maxBodyBytes(256 * 1024).build();
 * }</pre>
 *
 * @param maxConnections open client connections; further connections are closed at once
 * @param maxInFlight requests processed at the same time; more are answered 503 {@code unavailable}
 * @param maxInitialLineBytes length of the request line; longer is answered 400
 * @param maxHeaderBytes size of the request header block; larger is answered 431
 * @param maxBodyBytes size of a request body; larger is answered 413
 * @param maxResponseAggregationBytes upstream responses up to this size reach filters whole; larger ones, and
 *     every event stream, are streamed through with an empty {@code Body} in the pipeline
 * @param requestReadTimeout time from a request's first byte to its last; slower clients (slowloris) get 408
 * @param idleTimeout time a keep-alive connection may sit idle between requests
 * @param upstreamConnectTimeout time to open a connection to an agent
 * @param upstreamResponseTimeout time for an agent to answer with its response head; then 504
 * @param streamIdleTimeout time a streamed response (SSE) may go without progress in either direction
 * @param maxConnectionsPerUpstream pooled connections per agent address
 * @param drainTimeout how long {@code close()} waits for in-flight requests to finish
 * @param maxConcurrentStreams HTTP/2 streams one connection may have open at once (advertised in SETTINGS)
 * @param maxHttp2ConnectionsPerUpstream HTTP/2 connections per agent address (each multiplexes many calls)
 * @param maxStreamsPerUpstreamConnection concurrent calls on one upstream HTTP/2 connection; the agent's own
 *     {@code SETTINGS_MAX_CONCURRENT_STREAMS} lowers it
 */
public record GatewayLimits(int maxConnections, int maxInFlight, int maxInitialLineBytes, int maxHeaderBytes,
        int maxBodyBytes, int maxResponseAggregationBytes, Duration requestReadTimeout, Duration idleTimeout,
        Duration upstreamConnectTimeout, Duration upstreamResponseTimeout, Duration streamIdleTimeout,
        int maxConnectionsPerUpstream, Duration drainTimeout, int maxConcurrentStreams, int maxHttp2ConnectionsPerUpstream,
        int maxStreamsPerUpstreamConnection) {

    private static final GatewayLimits DEFAULTS = new GatewayLimits(10_000, 1024, 8 * 1024, 16 * 1024, 1024 * 1024,
            1024 * 1024, Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(30),
            Duration.ofMinutes(10), 64, Duration.ofSeconds(30), 100, 2, 100);

    /** Requires positive sizes and durations. */
    public GatewayLimits {
        positive("maxConnections", maxConnections);
        positive("maxInFlight", maxInFlight);
        positive("maxInitialLineBytes", maxInitialLineBytes);
        positive("maxHeaderBytes", maxHeaderBytes);
        positive("maxBodyBytes", maxBodyBytes);
        positive("maxResponseAggregationBytes", maxResponseAggregationBytes);
        positive("requestReadTimeout", requestReadTimeout);
        positive("idleTimeout", idleTimeout);
        positive("upstreamConnectTimeout", upstreamConnectTimeout);
        positive("upstreamResponseTimeout", upstreamResponseTimeout);
        positive("streamIdleTimeout", streamIdleTimeout);
        positive("maxConnectionsPerUpstream", maxConnectionsPerUpstream);
        positive("maxConcurrentStreams", maxConcurrentStreams);
        positive("maxHttp2ConnectionsPerUpstream", maxHttp2ConnectionsPerUpstream);
        positive("maxStreamsPerUpstreamConnection", maxStreamsPerUpstreamConnection);
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("drainTimeout must not be negative, was " + drainTimeout);
        }
    }

    /** Returns the defaults: 10,000 connections, 100 streams each, 16 KiB headers, 1 MiB bodies, 10 s to send a request, 60 s idle. */
    public static GatewayLimits defaults() {
        return DEFAULTS;
    }

    /** Returns a builder starting from the defaults. */
    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    /** Returns a builder starting from these limits. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    private static void positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    /** Builds {@link GatewayLimits}; not thread-safe. Each setter replaces one limit. */
    public static final class Builder {
        private int maxConnections;
        private int maxInFlight;
        private int maxInitialLineBytes;
        private int maxHeaderBytes;
        private int maxBodyBytes;
        private int maxResponseAggregationBytes;
        private Duration requestReadTimeout;
        private Duration idleTimeout;
        private Duration upstreamConnectTimeout;
        private Duration upstreamResponseTimeout;
        private Duration streamIdleTimeout;
        private int maxConnectionsPerUpstream;
        private Duration drainTimeout;
        private int maxConcurrentStreams;
        private int maxHttp2ConnectionsPerUpstream;
        private int maxStreamsPerUpstreamConnection;

        private Builder(GatewayLimits from) {
            maxConnections = from.maxConnections;
            maxInFlight = from.maxInFlight;
            maxInitialLineBytes = from.maxInitialLineBytes;
            maxHeaderBytes = from.maxHeaderBytes;
            maxBodyBytes = from.maxBodyBytes;
            maxResponseAggregationBytes = from.maxResponseAggregationBytes;
            requestReadTimeout = from.requestReadTimeout;
            idleTimeout = from.idleTimeout;
            upstreamConnectTimeout = from.upstreamConnectTimeout;
            upstreamResponseTimeout = from.upstreamResponseTimeout;
            streamIdleTimeout = from.streamIdleTimeout;
            maxConnectionsPerUpstream = from.maxConnectionsPerUpstream;
            drainTimeout = from.drainTimeout;
            maxConcurrentStreams = from.maxConcurrentStreams;
            maxHttp2ConnectionsPerUpstream = from.maxHttp2ConnectionsPerUpstream;
            maxStreamsPerUpstreamConnection = from.maxStreamsPerUpstreamConnection;
        }

        /** Sets {@link GatewayLimits#maxConnections()}. */
        public Builder maxConnections(int value) {
            maxConnections = value;
            return this;
        }

        /** Sets {@link GatewayLimits#maxInFlight()}. */
        public Builder maxInFlight(int value) {
            maxInFlight = value;
            return this;
        }

        /** Sets {@link GatewayLimits#maxInitialLineBytes()}. */
        public Builder maxInitialLineBytes(int value) {
            maxInitialLineBytes = value;
            return this;
        }

        /** Sets {@link GatewayLimits#maxHeaderBytes()}. */
        public Builder maxHeaderBytes(int value) {
            maxHeaderBytes = value;
            return this;
        }

        /** Sets {@link GatewayLimits#maxBodyBytes()}. */
        public Builder maxBodyBytes(int value) {
            maxBodyBytes = value;
            return this;
        }

        /** Sets {@link GatewayLimits#maxResponseAggregationBytes()}. */
        public Builder maxResponseAggregationBytes(int value) {
            maxResponseAggregationBytes = value;
            return this;
        }

        /** Sets {@link GatewayLimits#requestReadTimeout()}. */
        public Builder requestReadTimeout(Duration value) {
            requestReadTimeout = value;
            return this;
        }

        /** Sets {@link GatewayLimits#idleTimeout()}. */
        public Builder idleTimeout(Duration value) {
            idleTimeout = value;
            return this;
        }

        /** Sets {@link GatewayLimits#upstreamConnectTimeout()}. */
        public Builder upstreamConnectTimeout(Duration value) {
            upstreamConnectTimeout = value;
            return this;
        }

        /** Sets {@link GatewayLimits#upstreamResponseTimeout()}. */
        public Builder upstreamResponseTimeout(Duration value) {
            upstreamResponseTimeout = value;
            return this;
        }

        /** Sets {@link GatewayLimits#streamIdleTimeout()}. */
        public Builder streamIdleTimeout(Duration value) {
            streamIdleTimeout = value;
            return this;
        }

        /** Sets {@link GatewayLimits#maxConnectionsPerUpstream()}. */
        public Builder maxConnectionsPerUpstream(int value) {
            maxConnectionsPerUpstream = value;
            return this;
        }

        /** Sets {@link GatewayLimits#drainTimeout()}. */
        public Builder drainTimeout(Duration value) {
            drainTimeout = value;
            return this;
        }

        /** Sets {@link GatewayLimits#maxConcurrentStreams()}. */
        public Builder maxConcurrentStreams(int value) {
            maxConcurrentStreams = value;
            return this;
        }

        /** Sets {@link GatewayLimits#maxHttp2ConnectionsPerUpstream()}. */
        public Builder maxHttp2ConnectionsPerUpstream(int value) {
            maxHttp2ConnectionsPerUpstream = value;
            return this;
        }

        /** Sets {@link GatewayLimits#maxStreamsPerUpstreamConnection()}. */
        public Builder maxStreamsPerUpstreamConnection(int value) {
            maxStreamsPerUpstreamConnection = value;
            return this;
        }

        /** Returns the limits; validates them. */
        public GatewayLimits build() {
            return new GatewayLimits(maxConnections, maxInFlight, maxInitialLineBytes, maxHeaderBytes, maxBodyBytes,
                    maxResponseAggregationBytes, requestReadTimeout, idleTimeout, upstreamConnectTimeout,
                    upstreamResponseTimeout, streamIdleTimeout, maxConnectionsPerUpstream, drainTimeout, maxConcurrentStreams,
                    maxHttp2ConnectionsPerUpstream, maxStreamsPerUpstreamConnection);
        }
    }
}
