package dev.acf.api.testkit;

import dev.acf.api.a2a.AgentCapabilities;
import dev.acf.api.a2a.AgentCard;
import dev.acf.api.a2a.AgentInterface;
import dev.acf.api.a2a.AgentSkill;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.agent.Endpoint;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import java.time.Instant;
import java.util.List;

/**
 * Agent records for tests of ACF and of its extensions: valid, realistic, and different for
 * every name. Shipped in the {@code acf-api} test-jar with the compatibility kits.
 */
public final class SampleAgents {
    /** The domain every sample agent lies in. */
    public static final Domain DOMAIN = Domain.of("ops.example.net");

    private SampleAgents() {}

    /** Returns an active record for a versioned name under {@link #DOMAIN}. */
    public static AgentRecord record(String name) {
        return record(AgentName.parse(name));
    }

    /** Returns an active record for a versioned name under {@link #DOMAIN}, registered at a fixed instant. */
    public static AgentRecord record(AgentName name) {
        String label = name.agentLabel();
        String url = "https://" + label + ".agents.internal:9443/a2a";
        AgentCard card = AgentCard.builder(label + " agent", "Diagnoses " + label + " faults in home broadband networks.",
                        String.valueOf(name.version()))
                .supportedInterfaces(List.of(new AgentInterface(url, AgentInterface.JSONRPC, null, "1.0")))
                .capabilities(AgentCapabilities.none())
                .defaultInputModes(List.of("text/plain"))
                .defaultOutputModes(List.of("application/json"))
                .skills(List.of(AgentSkill.builder(label + "-diagnose", "Diagnose " + label, "Finds the root cause of " + label + " faults.")
                        .tags(List.of("diagnosis", label))
                        .examples(List.of("Why is the " + label + " down?"))
                        .build()))
                .build();
        Instant registered = Instant.parse("2026-11-01T08:00:00Z");
        return AgentRecord.builder()
                .name(name)
                .domain(DOMAIN)
                .agentCard(card)
                .endpoints(List.of(Endpoint.of(url, Endpoint.JSONRPC)))
                .registeredAt(registered)
                .build();
    }
}
