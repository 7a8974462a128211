package dev.acf.api.audit;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One structured record of an interaction or an operation (GW-AUD-1, ANS-LIFE-4): who
 * (source), with whom (destination), what (type, method), when, and how it went.
 * Immutable and thread-safe; build it with {@link #builder(String)}.
 *
 * <pre>{@code
 * sink.accept(AuditEvent.builder("a2a.call").source(caller).destination(target)
 *         .method("SendMessage").status(200).latencyMicros(830).build());
 * }</pre>
 *
 * @param type what happened, dotted lower case, such as {@code a2a.call} or {@code agent.revoked}
 * @param time when it happened
 * @param requestId the id of the request, when there is one
 * @param source the caller (an ANS name or another subject)
 * @param destination the agent called or acted on
 * @param method the A2A method or API operation
 * @param taskId the A2A task id
 * @param contextId the A2A context id
 * @param status the HTTP status, or 0 when there is none
 * @param outcome {@code ok}, or the error code id of the failure
 * @param latencyMicros how long it took, in microseconds
 * @param bytesIn request bytes received
 * @param bytesOut response bytes sent
 * @param attributes further details (rule ids, payload where policy permits)
 */
public record AuditEvent(String type, Instant time, @Nullable String requestId, @Nullable String source,
        @Nullable String destination, @Nullable String method, @Nullable String taskId, @Nullable String contextId,
        int status, String outcome, long latencyMicros, long bytesIn, long bytesOut, Map<String, String> attributes) {

    /** Requires type, time and outcome; copies the attributes. */
    public AuditEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(outcome, "outcome");
        attributes = Map.copyOf(attributes);
    }

    /** Starts an event of a type, timed now, with outcome {@code ok}. */
    public static Builder builder(String type) {
        return new Builder(type);
    }

    /** Builds an {@link AuditEvent}; not thread-safe. */
    public static final class Builder {
        private final String type;
        private Instant time = Instant.now();
        private @Nullable String requestId;
        private @Nullable String source;
        private @Nullable String destination;
        private @Nullable String method;
        private @Nullable String taskId;
        private @Nullable String contextId;
        private int status;
        private String outcome = "ok";
        private long latencyMicros;
        private long bytesIn;
        private long bytesOut;
        private final java.util.LinkedHashMap<String, String> attributes = new java.util.LinkedHashMap<>();

        private Builder(String type) {
            this.type = Objects.requireNonNull(type, "type");
        }

        /** Sets when it happened (default: when the builder was made). */
        public Builder time(Instant value) { this.time = value; return this; }
        /** Sets the request id. */
        public Builder requestId(@Nullable String value) { this.requestId = value; return this; }
        /** Sets the caller. */
        public Builder source(@Nullable String value) { this.source = value; return this; }
        /** Sets the agent called or acted on. */
        public Builder destination(@Nullable String value) { this.destination = value; return this; }
        /** Sets the A2A method or operation. */
        public Builder method(@Nullable String value) { this.method = value; return this; }
        /** Sets the A2A task id. */
        public Builder taskId(@Nullable String value) { this.taskId = value; return this; }
        /** Sets the A2A context id. */
        public Builder contextId(@Nullable String value) { this.contextId = value; return this; }
        /** Sets the HTTP status. */
        public Builder status(int value) { this.status = value; return this; }
        /** Sets the outcome: {@code ok} or an error code id. */
        public Builder outcome(String value) { this.outcome = value; return this; }
        /** Sets the latency in microseconds. */
        public Builder latencyMicros(long value) { this.latencyMicros = value; return this; }
        /** Sets the request bytes. */
        public Builder bytesIn(long value) { this.bytesIn = value; return this; }
        /** Sets the response bytes. */
        public Builder bytesOut(long value) { this.bytesOut = value; return this; }
        /** Adds one attribute. */
        public Builder attribute(String key, String value) { this.attributes.put(key, value); return this; }

        /** Returns the event. */
        public AuditEvent build() {
            return new AuditEvent(type, time, requestId, source, destination, method, taskId, contextId, status, outcome,
                    latencyMicros, bytesIn, bytesOut, attributes);
        }
    }
}
