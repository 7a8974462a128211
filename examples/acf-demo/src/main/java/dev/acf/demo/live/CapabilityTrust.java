package dev.acf.demo.live;

import dev.acf.ans.AnsServer;
import dev.acf.ans.verify.Verifier;
import dev.acf.api.error.ErrorCode;
import dev.acf.api.error.UnavailableException;
import dev.acf.api.name.AgentName;
import dev.acf.api.verify.TrustProfile;
import dev.acf.demo.verify.DemoSkillTests;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Capability verification on the demo stack (ANS-MON-3): points the ANS's verifier at the demo
 * gateway and waits for the first trust profiles of the hosted agents that declare skill test
 * cases, so a scenario run that follows does not share its agents with the probe's calls.
 */
final class CapabilityTrust {
    private CapabilityTrust() {}

    /**
     * Connects the verifier to {@code gateway}, waits for its first sweep, which verifies the
     * hosted agents that declare test cases, and returns their profiles in the zones' order
     * (unmodifiable).
     *
     * @param idle an agent without test cases: verifying it changes nothing and, the verifier
     *     working on one thread in order, marks the point where its earlier work is done
     * @throws UnavailableException when the verification does not end within {@code wait}
     */
    static Map<AgentName, TrustProfile> verify(AnsServer ans, URI gateway, Collection<ZoneAgents> zones, AgentName idle, Duration wait) {
        List<AgentName> declaring = new ArrayList<>();
        for (ZoneAgents zone : zones) {
            zone.hosts().forEach((id, host) -> {
                if (!DemoSkillTests.of(id).isEmpty()) {
                    declaring.add(host.identity().name());
                }
            });
        }
        Verifier verifier = ans.verifier();
        verifier.connect(gateway);
        long deadline = System.nanoTime() + wait.toNanos();
        Map<AgentName, TrustProfile> profiles = new LinkedHashMap<>();
        try {
            // The first no-op runs after the sweep, which queues the agents to verify; the second after they are verified.
            verifier.verify(idle).get(left(deadline), TimeUnit.NANOSECONDS);
            verifier.verify(idle).get(left(deadline), TimeUnit.NANOSECONDS);
            for (AgentName name : declaring) {
                TrustProfile swept = verifier.trust().profile(name);
                profiles.put(name, swept.lastVerified() != null ? swept : verifier.verify(name).get(left(deadline), TimeUnit.NANOSECONDS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException(ErrorCode.UNAVAILABLE, "interrupted while verifying the demo agents' skills");
        } catch (ExecutionException | TimeoutException e) {
            throw new UnavailableException(ErrorCode.UNAVAILABLE, "the capability verification of " + declaring + " did not end within "
                    + wait + ": " + e);
        }
        return Collections.unmodifiableMap(profiles);
    }

    /** Returns one line for people: each agent's label with its verified skills, and the first failure's detail. */
    static String describe(Map<AgentName, TrustProfile> profiles) {
        if (profiles.isEmpty()) {
            return "no agent declares skill test cases";
        }
        List<String> lines = new ArrayList<>();
        profiles.forEach((name, profile) -> lines.add(name.agentLabel() + " verified " + profile.verifiedSkills()
                + (profile.failedSkills().isEmpty() ? "" : ", failed " + profile.failedSkills() + " ("
                + profile.results().stream().filter(r -> !r.passed()).map(r -> String.valueOf(r.detail())).findFirst().orElse("") + ")")));
        return String.join("; ", lines);
    }

    private static long left(long deadline) {
        return Math.max(1, deadline - System.nanoTime());
    }
}
