package dev.acf.ans.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.acf.ans.resolve.ResolutionEvaluation.LabelledQuery;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.json.AcfJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class EvaluationFilesTest {
    private static final Logger LOG = LoggerFactory.getLogger(EvaluationFilesTest.class);

    /** Catalogues written elsewhere need not use DNS labels as ids, nor give every optional field. */
    @Test
    void anyCatalogueIdNamesADistinctAgentThatItsQueriesFind(@TempDir Path dir) throws Exception {
        String longId = "roaming-" + "x".repeat(70);
        List<Map<String, Object>> agents = List.of(
                agent("Home_Broadband", "access.example.net", "Fixes home broadband faults", "broadband line faults and outages"),
                agent("home broadband", "Customer Care", "Sells new broadband plans", "upgrade to a faster plan"),
                agent("计费助手", null, "Explains bills and charges", "why is my bill so high"),
                agent(longId, "bss.example.net", "Roaming packs for travel abroad", "activate roaming before my trip"),
                agent("v2", "ran.example.net", "Mobile signal coverage checks", "no signal on my phone at home"),
                Map.of("id", "bare", "skills", List.of(Map.of("description", "Books engineer visits for repairs"))));
        Files.writeString(dir.resolve("agents.json"), AcfJson.writeString(agents));
        Files.writeString(dir.resolve("queries.jsonl"), String.join("\n",
                "{\"id\":\"q1\",\"query\":\"broadband line faults and outages\",\"relevant\":[\"Home_Broadband\"]}",
                "{\"id\":\"q2\",\"query\":\"upgrade to a faster plan\",\"relevant\":\"home broadband\"}",
                "{\"id\":\"q3\",\"query\":\"why is my bill so high\",\"relevant\":[\"计费助手\"]}",
                "{\"id\":\"q4\",\"query\":\"activate roaming before my trip\",\"relevant\":[\"" + longId + "\"]}",
                "{\"id\":\"q5\",\"query\":\"no signal on my phone at home\",\"relevant\":[\"v2\"]}",
                "{\"id\":\"q6\",\"query\":\"book an engineer visit for a repair\",\"relevant\":[\"bare\"]}"));

        List<AgentRecord> records = EvaluationFiles.readAgents(dir.resolve("agents.json"));
        var queries = EvaluationFiles.readQueries(dir.resolve("queries.jsonl"));

        assertThat(records).extracting(r -> r.name().agentLabel()).doesNotHaveDuplicates()
                .allMatch(label -> label.length() <= 63 && label.matches("[a-z0-9][a-z0-9-]*[a-z0-9]"));
        assertThat(EvaluationFiles.label("home-broadband")).as("a valid label stays as it is").isEqualTo("home-broadband");
        assertThat(EvaluationFiles.label("Home_Broadband")).matches("home-broadband-[0-9a-f]{8}");
        assertThat(records.get(1).domain().name()).isEqualTo(EvaluationFiles.DEFAULT_DOMAIN);
        assertThat(records.get(5).agentCard().name()).isEqualTo("bare");
        assertThat(records.get(5).agentCard().skills().get(0).id()).isEqualTo("skill-1");
        assertThat(EvaluationFiles.labelProblems(records, queries)).isEmpty();
        try (LuceneAgentIndex index = LuceneAgentIndex.builder().lexicalOnly().build()) {
            index.upsertAll(records);
            var report = ResolutionEvaluation.run(index, queries, SearchOptions.defaults(), LOG::debug);

            assertThat(report.recallAt1()).isEqualTo(1.0);
        }
    }

    @Test
    void aCatalogueWrappedInAnObjectAndQueriesInOneArrayReadAsTheUsualFiles(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("agents.json"), AcfJson.writeString(Map.of("agents", List.of(
                agent("billing", "bss.example.net", "Explains bills", "why is my bill high")))));
        Files.writeString(dir.resolve("queries.json"), "[{\"id\":\"q1\",\"query\":\"my bill\",\"relevant\":\"billing\",\"kind\":\"single\"},"
                + " {\"id\":\"q2\",\"query\":\"charges\",\"relevant\":[\"billing\"]}]");

        assertThat(EvaluationFiles.readAgents(dir.resolve("agents.json"))).extracting(r -> r.name().agentLabel()).containsExactly("billing");
        assertThat(EvaluationFiles.readQueries(dir.resolve("queries.json")))
                .extracting(LabelledQuery::id, LabelledQuery::relevant)
                .containsExactly(tuple("q1", Set.of("billing")), tuple("q2", Set.of("billing")));
    }

    /** Returns one agent entry of an agents file, with one skill whose example is {@code example}. */
    static Map<String, Object> agent(String id, @Nullable String domain, String description, String example) {
        Map<String, Object> agent = new LinkedHashMap<>();
        agent.put("id", id);
        agent.put("name", description);
        if (domain != null) {
            agent.put("domain", domain);
        }
        agent.put("description", description + ".");
        agent.put("skills", List.of(Map.of("id", "main", "name", description, "description", description + ".", "examples", List.of(example))));
        return agent;
    }

    @Test
    void labelsNamingUnknownAgentsOrNoneAreProblems() {
        var queries = List.of(
                new LabelledQuery("q1", "x", Set.of("intent-recognition"), "single"),
                new LabelledQuery("q2", "y", Set.of("intent-recognition", "no-such-agent"), "multi"),
                new LabelledQuery("q3", "z", Set.of(), "single"),
                new LabelledQuery("q1", "w", Set.of("intent-recognition"), "single"));

        assertThat(EvaluationFiles.labelProblems(PublicSet.agents(), queries)).containsExactly(
                "query q2 names the agent 'no-such-agent', which the catalogue lacks",
                "query q3 names no relevant agent",
                "query q1 appears more than once");
        assertThat(EvaluationFiles.labelProblems(PublicSet.agents(), EvaluationFiles.readQueries(PublicSet.queriesFile())))
                .isEmpty();
    }

    @Test
    void agentsBecomeActiveRecordsNamedAfterIdAndDomain() {
        var records = PublicSet.agents();

        assertThat(records).hasSize(100);
        assertThat(records.get(0).name().toString()).isEqualTo("ans://v1.0.0.intent-recognition.orchestration.example.net");
        assertThat(records.get(0).capabilities()).extracting(c -> c.id()).containsExactly("intent-classify", "slot-extract");
    }
}
