package dev.acf.api.security;

import java.util.Objects;

/**
 * A permission policy's answer, with the rule that decided it so a denial can say why
 * (403 with the rule id) and be audited.
 *
 * @param allowed whether the action may proceed
 * @param ruleId the id of the deciding rule or grant, such as {@code default-deny}
 * @param reason a message for people
 */
public record AccessDecision(boolean allowed, String ruleId, String reason) {

    /** Requires a rule id and a reason. */
    public AccessDecision {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(reason, "reason");
    }

    /** An allowing decision. */
    public static AccessDecision allow(String ruleId) {
        return new AccessDecision(true, ruleId, "allowed by " + ruleId);
    }

    /** A denying decision. */
    public static AccessDecision deny(String ruleId, String reason) {
        return new AccessDecision(false, ruleId, reason);
    }
}
