package dev.acf.api.monitor;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One anomaly a gateway saw in a caller's traffic (GW-SEC-2, ANS-MON-2): a flag an operator
 * can act on, and, when the gateway's suspension policy says so, the reason the caller was
 * suspended. Immutable; JSON as the record's fields, {@code kind} and {@code action} in lower
 * case ({@code rate-spike}, {@code suspended}).
 *
 * <pre>{@code
 * AnomalyEvent e = new AnomalyEvent(UUID.randomUUID().toString(), clock.instant(), "ans://v1.0.0.alpha.ops.example.net",
 *         "ans://v1.0.0.rca.ops.example.net", AnomalyEvent.Kind.RATE_SPIKE, "anomaly.rate-spike",
 *         "412 calls in 10 s, 14.2x the baseline", AnomalyEvent.Action.SUSPENDED, "ans://v1.0.0.gateway.ops.example.net");
 * }</pre>
 *
 * @param id a unique id (a UUID), so that a report sent twice is stored once
 * @param time when the gateway saw it
 * @param caller the caller's subject: its ANS name, or the bearer token's subject
 * @param target the agent called, when known
 * @param kind what was seen
 * @param ruleId the id of the rule that fired, such as {@code anomaly.rate-spike}
 * @param detail a sentence for the operator, with the figures behind it
 * @param action what the gateway did about it
 * @param reporter who reported it: the gateway's ANS name, filled in by ANS from the report's signature
 */
public record AnomalyEvent(String id, Instant time, String caller, @Nullable String target, Kind kind, String ruleId, String detail,
        Action action, @Nullable String reporter) {

    /** The longest id, caller, target or rule id accepted. */
    public static final int MAX_NAME = 512;
    /** The longest detail kept; longer ones are cut. */
    public static final int MAX_DETAIL = 1024;

    /** Validates the fields and cuts an over-long detail. */
    public AnomalyEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(time, "time");
        checkName(id, "id");
        checkName(caller, "caller");
        checkName(ruleId, "ruleId");
        if (target != null) {
            checkName(target, "target");
        }
        if (reporter != null) {
            checkName(reporter, "reporter");
        }
        Objects.requireNonNull(detail, "detail");
        if (detail.length() > MAX_DETAIL) {
            detail = detail.substring(0, MAX_DETAIL);
        }
    }

    private static void checkName(@Nullable String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        if (value.length() > MAX_NAME) {
            throw new IllegalArgumentException(field + " is longer than " + MAX_NAME + " characters");
        }
    }

    /** Returns this event as reported by {@code reporter}. */
    public AnomalyEvent reportedBy(@Nullable String value) {
        return new AnomalyEvent(id, time, caller, target, kind, ruleId, detail, action, value);
    }

    /** Returns true when the gateway suspended the caller because of this anomaly. */
    public boolean suspended() {
        return action == Action.SUSPENDED;
    }

    /** What was seen. */
    public enum Kind {
        /** The caller's rate jumped far above its learned baseline. */
        RATE_SPIKE,
        /** A call to an agent outside the caller's learned target set (flag only). */
        NEW_TARGET,
        /** A call the permission policy denied: an edge never granted. */
        EDGE_NOT_GRANTED,
        /** A call with a revoked certificate. */
        REVOKED_CALLER,
        /** A call whose credential names no known caller (a certificate without an ANS name, an invalid token). */
        UNKNOWN_CALLER;

        /** Returns the id: the name in lower case with dashes, such as {@code rate-spike}. */
        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** Reads an id or a constant name. */
        @JsonCreator
        public static Kind of(String id) {
            return valueOf(id.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    /** What the gateway did. */
    public enum Action {
        /** Recorded only; the call was answered as it would have been. */
        FLAGGED,
        /** The caller is suspended: the gateway refuses it until an administrator lifts the suspension. */
        SUSPENDED;

        /** Returns the id, the name in lower case. */
        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Reads an id or a constant name. */
        @JsonCreator
        public static Action of(String id) {
            return valueOf(id.trim().toUpperCase(Locale.ROOT));
        }
    }
}
