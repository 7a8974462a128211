package dev.acf.api.monitor;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A caller every gateway refuses (403 {@code caller_suspended}) until an administrator lifts the
 * suspension at ANS (ANS-MON-2, GW-SEC-2). Immutable.
 *
 * @param caller the caller's subject: its ANS name, or a bearer token's subject
 * @param ruleId the rule that suspended it: an anomaly rule such as {@code anomaly.rate-spike}, or {@code admin}
 * @param reason a sentence for the operator
 * @param since when it began
 * @param by who suspended it: a gateway's ANS name, or {@code admin}
 * @param anomalyId the anomaly that caused it, when one did
 */
public record Suspension(String caller, String ruleId, String reason, Instant since, String by, @Nullable String anomalyId) {

    /** The rule id of suspensions an administrator made by hand. */
    public static final String ADMIN_RULE = "admin";

    /** Requires every field but the anomaly id. */
    public Suspension {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(by, "by");
    }

    /** Returns the suspension an anomaly with action {@code suspended} stands for. */
    public static Suspension of(AnomalyEvent anomaly) {
        return new Suspension(anomaly.caller(), anomaly.ruleId(), anomaly.detail(), anomaly.time(),
                anomaly.reporter() == null ? "gateway" : anomaly.reporter(), anomaly.id());
    }
}
