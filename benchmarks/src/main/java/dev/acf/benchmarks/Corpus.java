package dev.acf.benchmarks;

import dev.acf.api.a2a.AgentCard;
import dev.acf.api.a2a.AgentInterface;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.agent.Endpoint;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import java.time.Instant;
import java.util.List;

/**
 * The agents and intents of a resolution benchmark, deterministic in the agent's number:
 * {@link SyntheticAgents} (skill templates) or {@link CatalogueCopies} (copies of real
 * catalogues' agents).
 */
interface Corpus {
    /** Returns agent number {@code i}, with the given certificate. */
    AgentRecord agent(int i, String certificatePem);

    /** Returns the versioned name of agent number {@code i}. */
    AgentName name(int i);

    /** Returns {@code count} distinct intents to resolve (fewer when the corpus has fewer). */
    List<String> intents(int count);

    /**
     * Returns the texts whose real vectors the index's vectors cluster around; empty when each
     * distinct text is embedded by the real model on first sight instead ({@link ClusteredEmbedder}).
     */
    List<String> templateTexts();

    /** Returns what its index directory's name ends with, so corpora never share an index: empty for the default. */
    String suffix();

    /**
     * Returns the record of a benchmark agent: the card completed with its one JSON-RPC
     * interface at {@code url}, registered at a fixed instant.
     */
    static AgentRecord record(AgentName name, Domain domain, AgentCard.Builder card, String url, String certificatePem) {
        return AgentRecord.builder()
                .name(name)
                .domain(domain)
                .agentCard(card.supportedInterfaces(List.of(new AgentInterface(url, AgentInterface.JSONRPC, null, "1.0"))).build())
                .endpoints(List.of(Endpoint.of(url, Endpoint.JSONRPC)))
                .certificate(certificatePem)
                .registeredAt(Instant.parse("2026-11-01T08:00:00Z"))
                .build();
    }
}
