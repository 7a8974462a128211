package dev.acf.ans.resolve;

import dev.acf.api.agent.AgentRecord;
import dev.acf.api.agent.Capability;
import dev.acf.api.agent.Endpoint;
import dev.acf.api.json.AcfJson;
import dev.acf.api.name.Version;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.BytesRef;

/**
 * The Lucene schema of the agent index: one document per skill and one for the agent's own
 * text (Chinese text followed by its glossary rendering, so either language finds it), all carrying the agent key and the filter fields so that every filter is a Lucene
 * clause (and pre-filters the vector search). The agent document also stores the record.
 *
 * <pre>
 *  key (+doc values) | kind=agent|skill | skill (+doc values) | name desc tags examples (English) | all (English, the four together)
 *  words (typos) | zh (SmartCN)
 *  domain* transport* capability* status version(LongPoint) | vector (KNN, dot product) | record (agent doc)
 *  verified=yes (a skill document of a skill ANS verified, and the agent document of an agent with one: ANS-MON-3)
 * </pre>
 */
final class AgentDocuments {
    static final String KEY = "key";
    static final String KIND = "kind";
    static final String SKILL = "skill";
    static final String NAME = "name";
    static final String DESCRIPTION = "desc";
    static final String TAGS = "tags";
    static final String EXAMPLES = "examples";
    static final String WORDS = "words";
    /** Name, description, tags and examples in one English field: the cheap first stage of a lexical search. */
    static final String ALL = "all";
    static final String CHINESE = "zh";
    static final String DOMAIN = "domain";
    static final String TRANSPORT = "transport";
    static final String CAPABILITY = "capability";
    static final String STATUS = "status";
    static final String PROVIDER = "provider";
    static final String VERSION = "version";
    static final String VECTOR = "vector";
    static final String RECORD = "record";
    /** Marks the documents through which an agent matches with a verified skill (ANS-MON-3). */
    static final String VERIFIED = "verified";
    static final String VERIFIED_YES = "yes";
    static final String KIND_AGENT = "agent";
    static final String KIND_SKILL = "skill";
    /**
     * The version of this layout, stored beside the index: an index of another layout is
     * emptied on open and rebuilt from the registry store. 2: key and skill doc values; 3: the
     * combined English field; 4: synonym concept tokens in the English fields.
     */
    static final int LAYOUT = 4;

    /** Frequencies without positions: the first stage asks no phrases, and postings stay small. */
    private static final FieldType ALL_TYPE = allType();

    private AgentDocuments() {}

    private static FieldType allType() {
        FieldType type = new FieldType(TextField.TYPE_NOT_STORED);
        type.setIndexOptions(IndexOptions.DOCS_AND_FREQS);
        type.freeze();
        return type;
    }

    /** Returns the key of a record: its versioned name. */
    static String key(AgentRecord record) {
        return record.name().toString();
    }

    /** Returns a version as one sortable number, for range filters. */
    static long versionNumber(Version v) {
        return ((long) v.major() << 40) | ((long) v.minor() << 20) | v.patch();
    }

    /** Returns the texts to embed, in document order: the agent text first, then one per skill. */
    static List<String> embeddingTexts(AgentRecord record, ChineseGlossary glossary) {
        List<String> texts = new ArrayList<>();
        texts.add(english(record.agentCard().name() + ". " + record.agentCard().description(), glossary));
        for (Capability c : record.capabilities()) {
            // Name, description and example requests: tags and the agent's name blur a skill's vector.
            texts.add(english(c.name() + ". " + c.description() + " " + String.join(" ", c.examples()), glossary));
        }
        return texts;
    }

    /**
     * Returns the block of documents of one record: skills first, agent document last.
     *
     * @param vectors one per text of {@link #embeddingTexts}, or {@code null} for a lexical-only index
     */
    static List<Document> documents(AgentRecord record, List<float[]> vectors, ChineseGlossary glossary) {
        return documents(record, vectors, glossary, Set.of());
    }

    /** Returns the block of documents of one record, the documents of its verified skills marked {@value #VERIFIED}. */
    static List<Document> documents(AgentRecord record, List<float[]> vectors, ChineseGlossary glossary, Set<String> verifiedSkills) {
        List<Document> docs = new ArrayList<>();
        List<Capability> caps = record.capabilities();
        String agentName = english(record.agentCard().name(), glossary);
        String agentDescription = english(record.agentCard().description(), glossary);
        for (int i = 0; i < caps.size(); i++) {
            Capability c = caps.get(i);
            Document d = common(record, KIND_SKILL, vectors.isEmpty() ? null : vectors.get(i + 1));
            d.add(new StringField(SKILL, c.id(), Field.Store.YES));
            d.add(new SortedDocValuesField(SKILL, new BytesRef(c.id())));
            if (verifiedSkills.contains(c.id())) {
                d.add(new StringField(VERIFIED, VERIFIED_YES, Field.Store.NO));
            }
            String skillName = english(c.name(), glossary);
            String skillDescription = english(c.description(), glossary);
            String examples = english(String.join(" ", c.examples()), glossary);
            text(d, NAME, agentName + " " + skillName);
            text(d, DESCRIPTION, agentDescription + " " + skillDescription);
            text(d, TAGS, tags(c.tags()));
            text(d, EXAMPLES, examples);
            all(d, agentName, agentDescription, skillName, skillDescription, tags(c.tags()), examples);
            docs.add(d);
        }
        Document agent = common(record, KIND_AGENT, vectors.isEmpty() ? null : vectors.get(0));
        if (caps.stream().anyMatch(c -> verifiedSkills.contains(c.id()))) {
            agent.add(new StringField(VERIFIED, VERIFIED_YES, Field.Store.NO));
        }
        Set<String> allTags = new LinkedHashSet<>();
        caps.forEach(c -> allTags.addAll(c.tags()));
        text(agent, NAME, agentName);
        text(agent, DESCRIPTION, agentDescription);
        text(agent, TAGS, tags(allTags));
        all(agent, agentName, agentDescription, tags(allTags));
        agent.add(new StoredField(RECORD, AcfJson.writeBytes(record)));
        docs.add(agent);
        return docs;
    }

    private static Document common(AgentRecord record, String kind, float @org.jspecify.annotations.Nullable [] vector) {
        Document d = new Document();
        d.add(new StringField(KEY, key(record), Field.Store.YES));
        // Doc values: a search groups its hits to agents without reading stored fields.
        d.add(new SortedDocValuesField(KEY, new BytesRef(key(record))));
        d.add(new StringField(KIND, kind, Field.Store.NO));
        d.add(new StringField(STATUS, record.status().name(), Field.Store.NO));
        d.add(new LongPoint(VERSION, versionNumber(record.version())));
        // Every enclosing domain, so a filter on "example.net" finds agents of "ops.example.net".
        String host = record.name().fqdn();
        for (int dot = -1; host.indexOf('.', dot + 1) > 0; dot = host.indexOf('.', dot + 1)) {
            d.add(new StringField(DOMAIN, host.substring(dot + 1), Field.Store.NO));
        }
        for (Endpoint e : record.endpoints()) {
            d.add(new StringField(TRANSPORT, e.transport(), Field.Store.NO));
        }
        for (Capability c : record.capabilities()) {
            d.add(new StringField(CAPABILITY, c.id(), Field.Store.NO));
            c.tags().forEach(t -> d.add(new StringField(CAPABILITY, t, Field.Store.NO)));
        }
        if (record.agentCard().provider() != null) {
            d.add(new StringField(PROVIDER, record.agentCard().provider().organization(), Field.Store.NO));
        }
        if (vector != null) {
            d.add(new KnnFloatVectorField(VECTOR, vector, VectorSimilarityFunction.DOT_PRODUCT));
        }
        return d;
    }

    /** Returns the text with the glossary's English renderings of its Chinese words appended, so English intents find it too. */
    private static String english(String text, ChineseGlossary glossary) {
        return ChineseGlossary.hasChinese(text) ? text + " " + glossary.translate(text) : text;
    }

    private static String tags(java.util.Collection<String> tags) {
        // "service-installation" is two words to the analyzer, and so is the tag.
        return String.join(" ", tags).replace('-', ' ').replace('_', ' ');
    }

    private static void text(Document d, String field, String value) {
        d.add(new TextField(field, value, Field.Store.NO));
    }

    private static void all(Document d, String... values) {
        String joined = String.join(" ", values);
        d.add(new TextField(WORDS, joined, Field.Store.NO));
        d.add(new Field(ALL, joined, ALL_TYPE));
        if (ChineseGlossary.hasChinese(joined)) {
            d.add(new TextField(CHINESE, joined, Field.Store.NO));
        }
    }
}
