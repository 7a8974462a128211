package dev.acf.ans.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acf.api.a2a.AgentCapabilities;
import dev.acf.api.a2a.AgentCard;
import dev.acf.api.a2a.AgentInterface;
import dev.acf.api.a2a.AgentSkill;
import dev.acf.api.agent.AgentRecord;
import dev.acf.api.agent.AgentStatus;
import dev.acf.api.agent.Endpoint;
import dev.acf.api.name.AgentName;
import dev.acf.api.name.Domain;
import dev.acf.api.name.Version;
import dev.acf.api.resolve.ResolveFilters;
import dev.acf.api.resolve.ResolveQuery;
import dev.acf.api.resolve.ResolveResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuceneAgentIndexTest {
    private static final String INTENT = "fibre broadband line keeps dropping at home";

    @Test
    void draftExampleReturnsTheHomeBroadbandAndWirelessAgentsInTheTopThree() {
        List<ResolveResult> found = PublicSet.index().search(ResolveQuery.of("Poor mobile signal and unstable broadband at home", 3));

        assertThat(labels(found)).contains("home-broadband", "wireless-opt");
        assertThat(found).allSatisfy(r -> assertThat(r.score()).isBetween(0.0, 1.0));
        assertThat(found.get(0).skill()).isNotNull();
    }

    @Test
    void everyModeAnswersAndReportsTheMatchedSkill() {
        for (ResolutionMode mode : ResolutionMode.values()) {
            List<ResolveResult> found = PublicSet.index().search(ResolveQuery.of("Book a technician to install my fibre next week", 3),
                    SearchOptions.defaults().withMode(mode));
            assertThat(labels(found)).as(mode.name()).contains("install-maint-scheduling");
            ResolveResult hit = found.stream().filter(r -> r.name().agentLabel().equals("install-maint-scheduling")).findFirst().orElseThrow();
            assertThat(hit.skill()).as(mode.name()).isEqualTo("appointment-book");
        }
    }

    @Test
    void chineseIntentFindsEnglishAgents() {
        List<ResolveResult> found = PublicSet.index().search(ResolveQuery.of("家里宽带网速很慢，经常断网", 3));

        assertThat(labels(found)).containsAnyOf("home-broadband", "broadband-speed-test");
    }

    @Test
    void misspelledIntentStillFindsTheBroadbandAgent() {
        List<ResolveResult> found = PublicSet.index().search(ResolveQuery.of("brodband conection drops", 3));

        assertThat(labels(found)).contains("home-broadband");
    }

    @Test
    void agentDescribedInChineseIsFoundByAChineseIntent() {
        try (LuceneAgentIndex index = LuceneAgentIndex.builder().embedder(PublicSet.embedder()).build()) {
            index.upsertAll(PublicSet.agents());
            index.upsert(record("billing-cn", "bss.example.net", "1.0.0", AgentStatus.ACTIVE, Endpoint.JSONRPC,
                    "话费账单查询智能体", "查询手机话费账单和每月套餐扣费明细", "bill-detail", "话费账单"));

            List<ResolveResult> found = index.search(ResolveQuery.of("查询我的话费账单扣费明细", 3), SearchOptions.defaults().withMode(ResolutionMode.LEXICAL));

            assertThat(labels(found)).contains("billing-cn");
        }
    }

    @Test
    void eachFilterExcludesWhatItShould() {
        try (LuceneAgentIndex index = LuceneAgentIndex.builder().embedder(PublicSet.embedder()).build()) {
            index.upsertAll(List.of(
                    record("bb-a", "access.example.net", "1.0.0", AgentStatus.ACTIVE, Endpoint.JSONRPC, "Broadband Agent A", INTENT, "line-check", "broadband"),
                    record("bb-b", "care.example.net", "2.1.0", AgentStatus.ACTIVE, Endpoint.GRPC, "Broadband Agent B", INTENT, "line-test", "fibre"),
                    record("bb-c", "access.example.net", "3.0.0", AgentStatus.SUSPENDED, Endpoint.JSONRPC, "Broadband Agent C", INTENT, "line-fix", "broadband")));

            assertThat(labels(search(index, ResolveFilters.none()))).containsExactlyInAnyOrder("bb-a", "bb-b");
            assertThat(labels(search(index, filters(Set.of(Domain.of("care.example.net")), Set.of(), Set.of(), null, null, Set.of()))))
                    .containsExactly("bb-b");
            assertThat(labels(search(index, filters(Set.of(Domain.of("example.net")), Set.of(), Set.of(), null, null, Set.of()))))
                    .containsExactlyInAnyOrder("bb-a", "bb-b");
            assertThat(labels(search(index, filters(Set.of(), Set.of("grpc"), Set.of(), null, null, Set.of())))).containsExactly("bb-b");
            assertThat(labels(search(index, filters(Set.of(), Set.of(), Set.of("fibre"), null, null, Set.of())))).containsExactly("bb-b");
            assertThat(labels(search(index, filters(Set.of(), Set.of(), Set.of("line-check"), null, null, Set.of())))).containsExactly("bb-a");
            assertThat(labels(search(index, filters(Set.of(), Set.of(), Set.of(), Version.of(2, 0, 0), null, Set.of())))).containsExactly("bb-b");
            assertThat(labels(search(index, filters(Set.of(), Set.of(), Set.of(), null, Version.of(2, 1, 0), Set.of())))).containsExactly("bb-a");
            assertThat(labels(search(index, filters(Set.of(), Set.of(), Set.of(), null, null, Set.of(AgentStatus.SUSPENDED)))))
                    .containsExactly("bb-c");
        }
    }

    @Test
    void upsertAndRemoveChangeResultsAtOnce() {
        try (LuceneAgentIndex index = LuceneAgentIndex.builder().embedder(PublicSet.embedder()).build()) {
            AgentRecord first = record("bb-a", "access.example.net", "1.0.0", AgentStatus.ACTIVE, Endpoint.JSONRPC, "Broadband Agent", INTENT,
                    "line-check", "broadband");
            index.upsert(first);
            assertThat(labels(search(index, ResolveFilters.none()))).containsExactly("bb-a");

            index.upsert(first.toBuilder().status(AgentStatus.SUSPENDED).build());
            assertThat(search(index, ResolveFilters.none())).isEmpty();
            assertThat(index.size()).isEqualTo(1);

            index.upsert(first);
            index.remove(first.name());
            assertThat(search(index, ResolveFilters.none())).isEmpty();
            assertThat(index.size()).isZero();
        }
    }

    @Test
    void repeatedIntentSeesAgentsAddedSinceItsCachedAnswer() {
        try (LuceneAgentIndex index = LuceneAgentIndex.builder().lexicalOnly().build()) {
            index.upsert(record("bb-a", "access.example.net", "1.0.0", AgentStatus.ACTIVE, Endpoint.JSONRPC, "Broadband Agent", INTENT, "s", "broadband"));
            assertThat(labels(search(index, ResolveFilters.none()))).containsExactly("bb-a");
            assertThat(labels(search(index, ResolveFilters.none()))).containsExactly("bb-a");

            index.upsert(record("bb-b", "access.example.net", "1.0.0", AgentStatus.ACTIVE, Endpoint.JSONRPC, "Broadband Agent B", INTENT, "s", "broadband"));

            assertThat(labels(search(index, ResolveFilters.none()))).containsExactlyInAnyOrder("bb-a", "bb-b");
        }
    }

    @Test
    void typoCorrectionFollowsTheVocabularyOfTheCurrentIndex() {
        try (LuceneAgentIndex index = LuceneAgentIndex.builder().lexicalOnly().build()) {
            index.upsert(record("bb-a", "access.example.net", "1.0.0", AgentStatus.ACTIVE, Endpoint.JSONRPC, "Broadband Agent",
                    "Repairs broadband lines", "s", "broadband"));
            assertThat(labels(index.search(ResolveQuery.of("brodband", 5)))).containsExactly("bb-a");

            // Once an agent uses the word, it is no longer a typo: it matches that agent, not the corrected one.
            index.upsert(record("br-o", "access.example.net", "1.0.0", AgentStatus.ACTIVE, Endpoint.JSONRPC, "Brodband Outfitters",
                    "Sells brodband furniture", "s", "furniture"));

            assertThat(labels(index.search(ResolveQuery.of("brodband", 5)))).containsExactly("br-o");
        }
    }

    @Test
    void removingAVersionlessNameRemovesEveryVersion() {
        try (LuceneAgentIndex index = LuceneAgentIndex.builder().lexicalOnly().build()) {
            index.upsert(record("bb-a", "access.example.net", "1.0.0", AgentStatus.ACTIVE, Endpoint.JSONRPC, "Broadband Agent", INTENT, "s", "t"));
            index.upsert(record("bb-a", "access.example.net", "1.1.0", AgentStatus.ACTIVE, Endpoint.JSONRPC, "Broadband Agent", INTENT, "s", "t"));
            assertThat(index.size()).isEqualTo(2);

            index.remove(AgentName.parse("ans://bb-a.access.example.net"));

            assertThat(index.size()).isZero();
        }
    }

    @Test
    void perSkillVectorsAreStoredAndTheReopenedIndexAnswersTheSame(@TempDir Path dir) throws Exception {
        List<AgentRecord> agents = PublicSet.agents();
        ResolveQuery query = ResolveQuery.of("Poor mobile signal and unstable broadband at home", 5);
        List<ResolveResult> before;
        try (LuceneAgentIndex index = LuceneAgentIndex.builder().directory(dir).embedder(PublicSet.embedder()).build()) {
            index.upsertAll(agents);
            before = index.search(query);
        }
        int skills = agents.stream().mapToInt(a -> a.capabilities().size()).sum();
        try (var directory = FSDirectory.open(dir); DirectoryReader reader = DirectoryReader.open(directory)) {
            int vectors = 0;
            for (LeafReaderContext leaf : reader.leaves()) {
                FloatVectorValues values = leaf.reader().getFloatVectorValues(AgentDocuments.VECTOR);
                vectors += values == null ? 0 : values.size();
                if (values != null && values.size() > 0) {
                    assertThat(values.dimension()).isEqualTo(MiniLmEmbedder.DIMENSION);
                }
            }
            assertThat(vectors).isEqualTo(skills + agents.size());
        }

        try (LuceneAgentIndex reopened = LuceneAgentIndex.builder().directory(dir).embedder(PublicSet.embedder()).build()) {
            assertThat(reopened.size()).isEqualTo(agents.size());
            assertThat(reopened.search(query)).isEqualTo(before);
        }
    }

    @Test
    void indexBuiltWithAnotherModelIsEmptiedOnOpen(@TempDir Path dir) {
        try (LuceneAgentIndex index = LuceneAgentIndex.builder().directory(dir).lexicalOnly().build()) {
            index.upsert(record("bb-a", "access.example.net", "1.0.0", AgentStatus.ACTIVE, Endpoint.JSONRPC, "Broadband Agent", INTENT, "s", "t"));
        }
        try (LuceneAgentIndex index = LuceneAgentIndex.builder().directory(dir).embedder(PublicSet.embedder()).build()) {
            assertThat(index.size()).isZero();
        }
    }

    @Test
    void indexBuiltWithAnotherGlossaryIsEmptiedOnOpen(@TempDir Path dir) throws Exception {
        // Chinese agent texts are indexed through the glossary: with another one their documents are stale.
        Path glossary = java.nio.file.Files.writeString(dir.resolve("glossary.tsv"), "宽带\tbroadband\n");
        Path indexDir = dir.resolve("index");
        AgentRecord agent = record("bb-a", "access.example.net", "1.0.0", AgentStatus.ACTIVE, Endpoint.JSONRPC, "Broadband Agent", INTENT, "s", "t");
        try (LuceneAgentIndex index = LuceneAgentIndex.builder().directory(indexDir).lexicalOnly().glossary(glossary).build()) {
            index.upsert(agent);
        }
        try (LuceneAgentIndex index = LuceneAgentIndex.builder().directory(indexDir).lexicalOnly().glossary(glossary).build()) {
            assertThat(index.size()).isEqualTo(1);
        }
        java.nio.file.Files.writeString(glossary, "宽带\tbroadband; home internet\n");
        try (LuceneAgentIndex index = LuceneAgentIndex.builder().directory(indexDir).lexicalOnly().glossary(glossary).build()) {
            assertThat(index.size()).isZero();
        }
    }

    @Test
    void indexWithFloatVectorsIsEmptiedWhenOpenedWithTheDefaultSevenBitVectors(@TempDir Path dir) {
        AgentRecord agent = record("bb-a", "access.example.net", "1.0.0", AgentStatus.ACTIVE, Endpoint.JSONRPC, "Broadband Agent", INTENT, "s", "t");
        try (LuceneAgentIndex index = LuceneAgentIndex.builder().directory(dir).embedder(PublicSet.embedder()).quantizedVectors(false).build()) {
            index.upsert(agent);
        }
        try (LuceneAgentIndex index = LuceneAgentIndex.builder().directory(dir).embedder(PublicSet.embedder()).build()) {
            assertThat(index.size()).isZero();
            index.upsert(agent);
            assertThat(labels(index.search(ResolveQuery.of(INTENT, 5)))).containsExactly("bb-a");
        }
        try (LuceneAgentIndex index = LuceneAgentIndex.builder().directory(dir).embedder(PublicSet.embedder()).build()) {
            assertThat(index.size()).isEqualTo(1);
        }
    }

    @Test
    void sevenBitVectorSearchScoresItsNeighboursWithTheFloatVectors() {
        List<AgentRecord> agents = List.of(
                record("bb-a", "access.example.net", "1.0.0", AgentStatus.ACTIVE, Endpoint.JSONRPC, "Broadband Agent", INTENT, "s", "t"),
                record("bill-a", "bss.example.net", "1.0.0", AgentStatus.ACTIVE, Endpoint.JSONRPC, "Billing Agent",
                        "explains charges on a monthly mobile bill", "s", "billing"),
                record("ran-a", "ran.example.net", "1.0.0", AgentStatus.ACTIVE, Endpoint.JSONRPC, "Radio Agent",
                        "tunes cell parameters when a radio site underperforms", "s", "radio"));
        SearchOptions vector = SearchOptions.defaults().withMode(ResolutionMode.VECTOR);
        ResolveQuery query = ResolveQuery.of("my home internet connection is unstable", 5);
        try (LuceneAgentIndex floats = LuceneAgentIndex.builder().embedder(PublicSet.embedder()).quantizedVectors(false).build();
                LuceneAgentIndex sevenBit = LuceneAgentIndex.builder().embedder(PublicSet.embedder()).build()) {
            floats.upsertAll(agents);
            sevenBit.upsertAll(agents);

            assertThat(sevenBit.search(query, vector)).isEqualTo(floats.search(query, vector));
        }
    }

    @Test
    void aMultiNeedIntentEmbedsEachClauseOnceAndNotTheWholeIntentYetCoversEveryNeed() {
        RecordingEmbedder additive = new RecordingEmbedder(true);
        try (LuceneAgentIndex index = LuceneAgentIndex.builder().embedder(additive).answerCacheSize(0).build()) {
            index.upsertAll(twoNeedAgents());
            for (ResolutionMode mode : List.of(ResolutionMode.VECTOR, ResolutionMode.HYBRID)) {
                additive.embedded.clear();
                List<ResolveResult> found = index.search(ResolveQuery.of(TWO_NEEDS, 2), SearchOptions.defaults().withMode(mode));

                assertThat(additive.embedded).as(mode.name()).containsExactlyInAnyOrder("Poor mobile signal", "unstable broadband at home");
                assertThat(labels(found)).as(mode.name()).containsExactlyInAnyOrder("ran-a", "bb-a");
            }
            additive.embedded.clear();
            index.search(ResolveQuery.of(INTENT, 2), SearchOptions.defaults().withMode(ResolutionMode.VECTOR));
            assertThat(additive.embedded).containsExactly(INTENT);
        }
    }

    @Test
    void anEmbedderThatIsNotAdditiveEmbedsTheWholeMultiNeedIntentToo() {
        RecordingEmbedder plain = new RecordingEmbedder(false);
        try (LuceneAgentIndex index = LuceneAgentIndex.builder().embedder(plain).answerCacheSize(0).build()) {
            index.upsertAll(twoNeedAgents());
            List<ResolveResult> found = index.search(ResolveQuery.of(TWO_NEEDS, 2), SearchOptions.defaults().withMode(ResolutionMode.VECTOR));

            assertThat(plain.embedded).containsExactlyInAnyOrder(TWO_NEEDS, "Poor mobile signal", "unstable broadband at home");
            assertThat(labels(found)).containsExactlyInAnyOrder("ran-a", "bb-a");
        }
    }

    private static final String TWO_NEEDS = "Poor mobile signal and unstable broadband at home";

    private static List<AgentRecord> twoNeedAgents() {
        return List.of(
                record("bb-a", "access.example.net", "1.0.0", AgentStatus.ACTIVE, Endpoint.JSONRPC, "Broadband Agent", INTENT, "s", "broadband"),
                record("bill-a", "bss.example.net", "1.0.0", AgentStatus.ACTIVE, Endpoint.JSONRPC, "Billing Agent",
                        "explains charges on a monthly mobile bill", "s", "billing"),
                record("ran-a", "ran.example.net", "1.0.0", AgentStatus.ACTIVE, Endpoint.JSONRPC, "Radio Agent",
                        "fixes weak mobile signal and poor cell coverage", "s", "radio"));
    }

    /** The real model, recording the query texts it is asked to embed (index texts go through embedAll). */
    private static final class RecordingEmbedder implements dev.acf.api.resolve.Embedder {
        final List<String> embedded = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        private final boolean additive;

        RecordingEmbedder(boolean additive) {
            this.additive = additive;
        }

        @Override
        public String modelId() {
            return PublicSet.embedder().modelId();
        }

        @Override
        public int dimension() {
            return PublicSet.embedder().dimension();
        }

        @Override
        public boolean additive() {
            return additive;
        }

        @Override
        public float[] embed(String text) {
            embedded.add(text);
            return PublicSet.embedder().embed(text);
        }

        @Override
        public List<float[]> embedAll(List<String> texts) {
            return PublicSet.embedder().embedAll(texts);
        }
    }

    private static List<ResolveResult> search(LuceneAgentIndex index, ResolveFilters filters) {
        return index.search(new ResolveQuery(INTENT, 10, filters));
    }

    private static ResolveFilters filters(Set<Domain> domains, Set<String> transports, Set<String> caps, Version min, Version max,
            Set<AgentStatus> statuses) {
        return new ResolveFilters(domains, transports, caps, min, max, statuses);
    }

    static List<String> labels(List<ResolveResult> results) {
        return results.stream().map(r -> r.name().agentLabel()).toList();
    }

    static AgentRecord record(String id, String domain, String version, AgentStatus status, String transport, String name,
            String description, String skill, String tag) {
        AgentName agentName = AgentName.of(id + "." + domain, Version.parse(version));
        String url = "https://" + agentName.fqdn() + "/a2a";
        AgentCard card = AgentCard.builder(name, description, version)
                .supportedInterfaces(List.of(new AgentInterface(url, transport, null, "1.0")))
                .capabilities(AgentCapabilities.none())
                .skills(List.of(AgentSkill.builder(skill, name + " skill", description).tags(List.of(tag)).build()))
                .build();
        return AgentRecord.builder().name(agentName).domain(Domain.of(domain)).status(status).agentCard(card)
                .endpoints(List.of(Endpoint.of(url, transport))).registeredAt(Instant.parse("2026-01-01T00:00:00Z")).build();
    }
}
