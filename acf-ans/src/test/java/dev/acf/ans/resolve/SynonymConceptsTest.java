package dev.acf.ans.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acf.api.agent.AgentRecord;
import dev.acf.api.agent.AgentStatus;
import dev.acf.api.resolve.ResolveQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynonymConceptsTest {
    private static final List<AgentRecord> AGENTS = List.of(
            agent("optics", "Optical fibre repair", "Repairs broken optical fiber to the home"),
            agent("login", "Subscriber authentication", "Checks authentication of broadband subscribers"),
            agent("modems", "PPPoE sessions", "Restarts pppoe sessions of home modems"),
            agent("weather", "Weather forecasts", "Rain and sunshine for the week ahead"));

    @TempDir
    Path dir;

    @Test
    void aSynonymFindsTheAgentThatUsesAnotherSpellingOfTheConcept() throws IOException {
        try (LuceneAgentIndex index = index(synonyms("fibre, fiber, ftth, optical line")).build()) {
            assertThat(labels(index, "ftth outage")).containsExactly("optics");
            assertThat(labels(index, "optical line")).containsExactly("optics");
        }
    }

    @Test
    void aOneWaySynonymExpandsOnlyItsLeftSide() throws IOException {
        try (LuceneAgentIndex index = index(synonyms("pppoe => pppoe, authentication")).build()) {
            assertThat(labels(index, "pppoe")).containsExactlyInAnyOrder("login", "modems");
            assertThat(labels(index, "authentication")).containsExactly("login");
        }
    }

    @Test
    void aOneWaySynonymWithoutItsLeftSideOnTheRightStillFindsTheWordItself() throws IOException {
        try (LuceneAgentIndex index = index(synonyms("pppoe => authentication")).build()) {
            assertThat(labels(index, "pppoe")).containsExactlyInAnyOrder("login", "modems");
        }
    }

    @Test
    void theCombinedFieldOfTheFirstStageFindsWhatTheExactQueryFinds() throws IOException {
        Path file = synonyms("fibre, fiber, ftth, optical line", "pppoe => pppoe, authentication");
        try (LuceneAgentIndex staged = index(file).lexicalCandidates(1).build();
                LuceneAgentIndex exact = index(file).lexicalCandidates(LuceneAgentIndex.ALL_LEXICAL_CANDIDATES).build()) {
            for (String intent : List.of("ftth", "pppoe", "optical line broken", "authentication of subscribers")) {
                assertThat(labels(staged, intent)).as(intent).isNotEmpty().containsExactlyElementsOf(labels(exact, intent));
            }
        }
    }

    @Test
    void anIndexBuiltWithOtherSynonymsIsEmptiedOnOpen() throws IOException {
        Path index = dir.resolve("index");
        try (LuceneAgentIndex first = LuceneAgentIndex.builder().lexicalOnly().directory(index).synonyms(synonyms("fibre, fiber")).build()) {
            first.upsertAll(AGENTS);
        }
        try (LuceneAgentIndex same = LuceneAgentIndex.builder().lexicalOnly().directory(index).synonyms(synonyms("fibre, fiber")).build()) {
            assertThat(same.size()).isEqualTo(AGENTS.size());
        }
        try (LuceneAgentIndex other = LuceneAgentIndex.builder().lexicalOnly().directory(index).synonyms(synonyms("fibre, fiber, ftth")).build()) {
            assertThat(other.size()).isZero();
        }
    }

    private LuceneAgentIndex.Builder index(Path synonyms) {
        return LuceneAgentIndex.builder().lexicalOnly().answerCacheSize(0).synonyms(synonyms).defaults(SearchOptions.defaults());
    }

    private static List<String> labels(LuceneAgentIndex index, String intent) {
        if (index.size() == 0) {
            index.upsertAll(AGENTS);
        }
        return LuceneAgentIndexTest.labels(index.search(ResolveQuery.of(intent, 5)));
    }

    private Path synonyms(String... lines) throws IOException {
        Path file = Files.createTempFile(dir, "synonyms", ".txt");
        Files.write(file, List.of(lines));
        return file;
    }

    private static AgentRecord agent(String id, String name, String description) {
        return LuceneAgentIndexTest.record(id, "example.net", "1.0.0", AgentStatus.ACTIVE, "JSONRPC", name, description, id + "-skill", id);
    }
}
