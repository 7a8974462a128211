package dev.acf.benchmarks;

import dev.acf.ans.resolve.EvaluationFiles;
import dev.acf.api.a2a.AgentCard;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * A benchmark corpus made of real catalogues: agent {@code i} is a copy of agent {@code i mod n}
 * of the labelled catalogues in the {@code eval-resolution} format found under a directory
 * (by default the ones under {@code acf-ans/src/test/resources/resolution}), under a name and
 * endpoint of its own; the intents are those catalogues' labelled queries, English and Chinese,
 * in a fixed shuffled order. So each word is as common among the skills as in the catalogues
 * people wrote, and each real skill has a cluster of copies, as the templates of {@link
 * SyntheticAgents} do. Thread-safe once built.
 */
final class CatalogueCopies implements Corpus {
    static final Domain DOMAIN = Domain.of("copies.example.net");

    private final List<AgentRecord> originals;
    private final List<String> queries;

    /** Reads every {@code agents.json} and {@code queries.jsonl} under {@code root}. */
    CatalogueCopies(Path root) {
        List<Path> agentFiles;
        List<Path> queryFiles;
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> all = files.filter(Files::isRegularFile).sorted().toList();
            agentFiles = all.stream().filter(p -> p.getFileName().toString().equals("agents.json")).toList();
            queryFiles = all.stream().filter(p -> p.getFileName().toString().equals("queries.jsonl")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the catalogues under " + root + ": " + e.getMessage(), e);
        }
        if (agentFiles.isEmpty() || queryFiles.isEmpty()) {
            throw new IllegalArgumentException("no agents.json and queries.jsonl under " + root.toAbsolutePath()
                    + " (run from the repository's root, or set acf.bench.catalogues)");
        }
        List<AgentRecord> agents = new ArrayList<>();
        agentFiles.forEach(f -> agents.addAll(EvaluationFiles.readAgents(f)));
        LinkedHashSet<String> texts = new LinkedHashSet<>();
        queryFiles.forEach(f -> EvaluationFiles.readQueries(f).forEach(q -> texts.add(q.text())));
        List<String> shuffled = new ArrayList<>(texts);
        Collections.shuffle(shuffled, new Random(42));
        this.originals = List.copyOf(agents);
        this.queries = List.copyOf(shuffled);
    }

    /** Returns how many real agents the copies cycle through. */
    int originals() {
        return originals.size();
    }

    @Override
    public AgentRecord agent(int i, String certificatePem) {
        AgentRecord original = originals.get(i % originals.size());
        AgentCard card = original.agentCard();
        String url = "https://c" + i + ".agents.internal:9443/a2a";
        AgentCard.Builder copy = AgentCard.builder(card.name(), card.description(), card.version())
                .provider(card.provider())
                .capabilities(card.capabilities())
                .defaultInputModes(card.defaultInputModes())
                .defaultOutputModes(card.defaultOutputModes())
                .skills(card.skills());
        return Corpus.record(name(i), DOMAIN, copy, url, certificatePem);
    }

    @Override
    public AgentName name(int i) {
        return AgentName.parse("ans://v1.0.0.c" + i + ".copy." + DOMAIN.name());
    }

    @Override
    public List<String> intents(int count) {
        return queries.subList(0, Math.min(count, queries.size()));
    }

    @Override
    public List<String> templateTexts() {
        return List.of();
    }

    @Override
    public String suffix() {
        return "-catalogues";
    }
}
