package dev.acf.ans;

import dev.acf.api.a2a.AgentCapabilities;
import dev.acf.api.a2a.AgentCard;
import dev.acf.api.a2a.AgentInterface;
import dev.acf.api.a2a.AgentSkill;
import dev.acf.api.agent.Endpoint;
import dev.acf.api.name.AgentName;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A few realistic agents of a telecom operator, in several sub-domains and transports, for
 * semantic resolution tests over the real registration path. Shared with the SDK tests.
 */
public final class TelecomAgents {
    /** Fixed and home networks; JSON-RPC. */
    public static final AgentName BROADBAND = AgentName.parse("ans://v1.0.0.home-broadband.access.ops.example.net");
    /** The radio network; JSON-RPC. */
    public static final AgentName WIRELESS = AgentName.parse("ans://v1.2.0.wireless-optimization.ran.ops.example.net");
    /** Billing; HTTP+JSON only. */
    public static final AgentName BILLING = AgentName.parse("ans://v2.0.0.billing.it.ops.example.net");
    /** Installation appointments; JSON-RPC. */
    public static final AgentName INSTALLATION = AgentName.parse("ans://v1.0.0.installation.access.ops.example.net");
    /** The draft's example intent. */
    public static final String DRAFT_INTENT = "Poor mobile signal and unstable broadband at home";

    private TelecomAgents() {}

    /** Returns the A2A card of one of the agents above. */
    public static AgentCard card(AgentName name) {
        String label = name.agentLabel();
        return switch (label) {
            case "home-broadband" -> card(name, "Home Broadband Agent",
                    "Diagnoses and repairs home broadband: unstable or slow fixed internet, Wi-Fi drops, optical network terminal and fiber line faults at the customer's home.",
                    "broadband-diagnose", "Diagnose home broadband", List.of("broadband", "wifi", "fiber"),
                    "My home internet keeps disconnecting every evening");
            case "wireless-optimization" -> card(name, "Wireless Network Optimization Agent",
                    "Optimizes the mobile radio network: poor mobile signal, weak coverage, dropped calls and slow 4G or 5G data around a location.",
                    "coverage-optimize", "Optimize mobile coverage", List.of("mobile", "coverage", "5g"),
                    "No mobile signal inside my apartment");
            case "billing" -> card(name, "Billing Agent",
                    "Explains bills, charges, refunds and payment plans for subscribers.",
                    "bill-explain", "Explain a bill", List.of("billing", "invoice"),
                    "Why is my invoice higher this month?");
            case "installation" -> card(name, "Installation Scheduling Agent",
                    "Books technician visits to install new broadband service at the customer's home.",
                    "install-book", "Book an installation", List.of("installation", "appointment"),
                    "When can a technician install my fiber?");
            default -> throw new IllegalArgumentException("no telecom agent " + name);
        };
    }

    /** Returns the endpoints of one of the agents above: billing speaks HTTP+JSON, the others JSON-RPC. */
    public static List<Endpoint> endpoints(AgentName name) {
        return List.of(Endpoint.of(url(name), transport(name)));
    }

    /** Returns the body of {@code POST /v1/agents} for one of the agents above. */
    public static Map<String, Object> registration(AgentName name, KeyPair key) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name.toString());
        body.put("agentCard", card(name));
        body.put("endpoints", endpoints(name));
        body.put("csr", TestCsr.pem(key, name));
        return body;
    }

    private static String transport(AgentName name) {
        return name.agentLabel().equals("billing") ? Endpoint.HTTP_JSON : Endpoint.JSONRPC;
    }

    private static String url(AgentName name) {
        return "https://" + name.agentLabel() + ".agents.internal:9443/a2a";
    }

    private static AgentCard card(AgentName name, String title, String description, String skillId, String skillName, List<String> tags,
            String example) {
        return AgentCard.builder(title, description, String.valueOf(name.version()))
                .supportedInterfaces(List.of(new AgentInterface(url(name), transport(name), null, "1.0")))
                .capabilities(AgentCapabilities.none())
                .defaultInputModes(List.of("text/plain"))
                .defaultOutputModes(List.of("application/json"))
                .skills(List.of(AgentSkill.builder(skillId, skillName, description).tags(tags).examples(List.of(example)).build()))
                .build();
    }
}
