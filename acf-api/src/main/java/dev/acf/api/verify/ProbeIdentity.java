package dev.acf.api.verify;

import dev.acf.api.error.InvalidNameException;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The reserved identity of the capability-verification probe of a domain (ANS-MON-3):
 * {@code ans://v1.0.0.probe.ans.<domain>}. ANS issues its certificate itself and refuses
 * registrations of the name; gateways mark its calls {@code probe} in their audit. The probe
 * tells an agent that a call is a dry run with the {@value #DRY_RUN_HEADER} header and the
 * {@value #DRY_RUN_METADATA} message metadata key. Stateless.
 */
public final class ProbeIdentity {
    /** The request header of a dry-run probe call, value {@code 1}. */
    public static final String DRY_RUN_HEADER = "acf-dry-run";
    /** The message metadata key of a dry-run probe call, value {@code true}. */
    public static final String DRY_RUN_METADATA = "acfDryRun";
    /** The audit attribute gateways set on probe calls, value {@code true}. */
    public static final String AUDIT_ATTRIBUTE = "probe";
    private static final String LABELS = "probe.ans.";

    private ProbeIdentity() {}

    /** Returns the probe's versioned name in a domain. */
    public static AgentName nameFor(Domain domain) {
        return AgentName.parse("ans://v1.0.0." + LABELS + domain.name());
    }

    /** Returns true when the name is a probe name: its host starts with {@code probe.ans.}. */
    public static boolean isProbe(AgentName name) {
        return name.fqdn().toLowerCase(Locale.ROOT).startsWith(LABELS);
    }

    /** Returns true when a caller subject (an ANS name, or anything else) is a probe name. */
    public static boolean isProbe(@Nullable String subject) {
        // Most subjects are not ANS names at all (a user, a client id): no parse, no exception for them.
        if (subject == null || !mentionsProbeLabels(subject)) {
            return false;
        }
        AgentName name;
        try {
            name = AgentName.parse(subject);
        } catch (InvalidNameException e) {
            return false;
        }
        return isProbe(name);
    }

    private static boolean mentionsProbeLabels(String subject) {
        for (int i = 0; i + LABELS.length() <= subject.length(); i++) {
            if (subject.regionMatches(true, i, LABELS, 0, LABELS.length())) {
                return true;
            }
        }
        return false;
    }
}
